"""Seeded random choices and the date arithmetic the world is built with."""

import random
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")

#: The world's history ends here, so that the same seed writes the same files on any day.
END = date(2026, 6, 30)
MONTH_LETTERS = "ABCDEFGHJKLM"


class Weighted(Generic[T]):
    """Items drawn in proportion to their weights."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]):
        pairs = [(item, weight) for item, weight in zip(items, weights, strict=True) if weight > 0]
        if not pairs:
            raise ValueError("nothing to choose from")
        self.items = [item for item, _weight in pairs]
        self.cumulative = list(accumulate(weight for _item, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect_right(self.cumulative, rng.random() * self.total)]

    def __len__(self) -> int:
        return len(self.items)


def days(count: float) -> timedelta:
    return timedelta(days=int(count))


def between(rng: random.Random, start: date, end: date) -> date:
    """A day in [start, end]."""
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def business_days_apart(first: date, second: date) -> int:
    """Weekdays from the earlier date to the later one (the 3310.4 rule counts business days)."""
    start, end = sorted((first, second))
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return count


def expiration_code(year: int, month: int) -> str:
    """The FFL expiration code: last digit of the year and a month letter (I skipped)."""
    return f"{year % 10}{MONTH_LETTERS[month - 1]}"


def decode_expiration(code: str) -> tuple[int, int]:
    """(year, month) of an expiration code on a 2026 licence list (digits 5-9 are 2025-2029)."""
    digit, letter = int(code[0]), code[1]
    year = 2020 + digit if digit >= 5 else 2030 + digit
    return year, MONTH_LETTERS.index(letter) + 1

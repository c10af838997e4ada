"""Bootstrap intervals for the policy comparison: how sure a difference between two periods is.

Percentile bootstrap with a fixed seed (a page shows the same interval each time it is read). To keep a
page within a second in pure Python, a group of more than CAP values is first cut to CAP values drawn
at random: its interval is then wider than the full data would give, never narrower, so a difference
that clears it is real by this test. The statistics are medians and 90th percentiles (of days), shares
(of 0/1 values) and means (of monthly counts).
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

REPLICATES = 400
CAP = 1500
SEED = 1968
LEVEL = 0.95


@dataclass(frozen=True)
class Estimate:
    value: float | None
    low: float | None
    high: float | None
    n: int


def median(values: Sequence[float]) -> float:
    return quantile(values, 0.5)


def p90(values: Sequence[float]) -> float:
    return quantile(values, 0.9)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def quantile(values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (as PostgreSQL's percentile_cont)."""
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _sample(values: Sequence[float], rng: random.Random) -> list[float]:
    values = list(values)
    return rng.sample(values, CAP) if len(values) > CAP else values


def _replicates(values: list[float], statistic: Callable, rng: random.Random) -> list[float]:
    n = len(values)
    return [statistic(rng.choices(values, k=n)) for _ in range(REPLICATES)]


def _bounds(replicates: list[float]) -> tuple[float, float]:
    tail = (1 - LEVEL) / 2
    return quantile(replicates, tail), quantile(replicates, 1 - tail)


def estimate(values: Sequence[float], statistic: Callable, *, seed: int = SEED) -> Estimate:
    """The statistic of `values` with its bootstrap interval (None throughout for no values)."""
    if not values:
        return Estimate(None, None, None, 0)
    rng = random.Random(seed)
    low, high = _bounds(_replicates(_sample(values, rng), statistic, rng))
    return Estimate(statistic(values), low, high, len(values))


def difference(before: Sequence[float], after: Sequence[float], statistic: Callable, *, seed: int = SEED) -> Estimate:
    """after − before, with the interval of the difference (each group resampled on its own)."""
    if not before or not after:
        return Estimate(None, None, None, min(len(before), len(after)))
    rng = random.Random(seed)
    one = _replicates(_sample(before, rng), statistic, rng)
    two = _replicates(_sample(after, rng), statistic, rng)
    low, high = _bounds([b - a for a, b in zip(one, two, strict=True)])
    return Estimate(statistic(after) - statistic(before), low, high, min(len(before), len(after)))

"""Guns and their serial numbers: background guns by a scrambled counter, story guns at random, all distinct."""

import random
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from traza.core.values import serial_key
from traza.demo.world.reference import Make, Model

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
DIGITS = "0123456789"
#: Serial layouts: L a letter, D a digit. The first character tells background guns (first half of its
#: alphabet) from story guns (second half), so a partial serial of a story gun can never match a
#: background gun, and partial serials are never unreadable in their first character.
TEMPLATES = {
    "Ruger": "DDD-DDDDD",
    "Smith & Wesson": "LLLDDDD",
    "Glock": "LLLDDD",
    "SIG Sauer": "DDLDDDDDD",
    "Romarm": "LLDDDD-DD",
    "Zastava": "LDDDDDDD",
    "Hi-Point": "LDDDDDDD",
    "Taurus": "LLLDDDDDD",
    "Taurus International": "LLLDDDDDD",
    "FN Herstal": "DDDDDDDDD",
    "FN America": "DDDDDDDDD",
    "Palmetto State Armory": "LLDDDDDDD",
    "Anderson Manufacturing": "LDDDDDDD",
}
DEFAULT_TEMPLATE = "LLDDDDDD"
SCRAMBLE = 1_000_003


@dataclass(eq=False)
class Gun:
    """One firearm: what is stamped on it and the US importer that brought it in, if any."""

    serial: str
    make: Make
    model: Model
    importer: Make | None = None

    @property
    def key(self) -> str:
        return serial_key(self.serial)


def _alphabet(kind: str, position: int, *, story: bool) -> str:
    characters = LETTERS if kind == "L" else DIGITS
    if position:
        return characters
    half = len(characters) // 2
    return characters[half:] if story else characters[:half]


class Serials:
    """Hands out serial numbers: background ones by a scrambled counter, story ones at random, all distinct."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.counters: dict[str, int] = defaultdict(int)
        self.story: set[str] = set()
        self.shapes: dict[tuple[int, str], list[str]] = defaultdict(list)

    @staticmethod
    def template(make: Make) -> str:
        return TEMPLATES.get(make.name, DEFAULT_TEMPLATE)

    def background(self, make: Make) -> str:
        template = self.template(make)
        alphabets, capacity = _layout(template)
        index = self.counters[template]
        self.counters[template] += 1
        value = (index * SCRAMBLE + 7919) % capacity
        characters = []
        for alphabet in reversed(alphabets):
            value, digit = divmod(value, len(alphabet))
            characters.append(alphabet[digit])
        characters.reverse()
        return _fill(template, characters)

    def new(self, make: Make) -> str:
        """A serial of a story gun, never handed out before."""
        template = self.template(make)
        kinds = [c for c in template if c in "LD"]
        while True:
            characters = [self.rng.choice(_alphabet(kind, i, story=True)) for i, kind in enumerate(kinds)]
            serial = _fill(template, characters)
            if serial_key(serial) not in self.story:
                self._keep(serial_key(serial))
                return serial

    def sibling(self, serial: str) -> tuple[str, int]:
        """Another story serial differing from `serial` in one character; and that character's position."""
        while True:
            position = self.rng.randrange(1, len(serial))
            if serial[position] == "-":
                continue
            alphabet = LETTERS if serial[position].isalpha() else DIGITS
            other = serial[:position] + self.rng.choice(alphabet) + serial[position + 1 :]
            if serial_key(other) not in self.story:
                self._keep(serial_key(other))
                return other, position

    def partial(self, serial: str, *, positions: list[int] | None = None) -> str | None:
        """The serial with one or two unreadable characters (`?`), if only this gun's serial then fits it."""
        candidates = [i for i, c in enumerate(serial) if i and c != "-"]
        for _attempt in range(8):
            chosen = positions or self.rng.sample(candidates, k=min(len(candidates), self.rng.choice((1, 1, 2))))
            written = "".join("?" if i in chosen else c for i, c in enumerate(serial))
            if positions is not None or self._unique(serial_key(written), serial_key(serial)):
                return written
        return None

    def _keep(self, key: str) -> None:
        self.story.add(key)
        self.shapes[(len(key), key[0])].append(key)

    def _unique(self, pattern: str, own: str) -> bool:
        """No other story serial fits the pattern (background serials never do: their first character differs)."""
        for key in self.shapes[(len(pattern), pattern[0])]:
            if key != own and all(p in ("?", k) for p, k in zip(pattern, key, strict=True)):
                return False
        return True


@cache
def _layout(template: str) -> tuple[list[str], int]:
    """The alphabets of a background serial's characters, and how many serials the template holds."""
    alphabets = [_alphabet(kind, i, story=False) for i, kind in enumerate(c for c in template if c in "LD")]
    capacity = 1
    for alphabet in alphabets:
        capacity *= len(alphabet)
    return alphabets, capacity


def _fill(template: str, characters: list[str]) -> str:
    it = iter(characters)
    return "".join(next(it) if c in "LD" else c for c in template)

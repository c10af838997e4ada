"""How makes, calibres and licensees are written: by makers, dealers and officers, each their own way."""

import random
import re
from functools import cache

from traza.demo.world.licensee import Licensee
from traza.demo.world.reference import Make, calibers, resolves_to, spellings
from traza.demo.world.sampling import Weighted


@cache
def _spelling_chooser(make_name: str) -> Weighted[str]:
    texts = spellings()[make_name]
    return Weighted(texts, [6.0] + [4.0 / max(1, len(texts) - 1)] * (len(texts) - 1))


@cache
def _caliber_chooser(caliber: str) -> Weighted[str]:
    texts = calibers()[caliber]
    return Weighted(texts, [3.0] + [1.0] * (len(texts) - 1))


def spell(rng: random.Random, make: Make) -> str:
    """The make as someone writes it: mostly its name, sometimes an alias."""
    return _spelling_chooser(make.name).pick(rng)


CORPORATE = re.compile(r"\b(INC|LLC|L\.L\.C|CO|CORP|CORPORATION|COMPANY|LTD|LP|SA|S\.A|DOO|GMBH|GES|SPA|AG|CIA)\b")


@cache
def _stamp_chooser(make_name: str) -> Weighted[str]:
    texts = [t for t in spellings()[make_name] if not CORPORATE.search(t) and "(" not in t]
    texts = texts or [spellings()[make_name][0]]
    return Weighted(texts, [7.0] + [3.0 / max(1, len(texts) - 1)] * (len(texts) - 1))


def stamp(rng: random.Random, make: Make) -> str:
    """The make as an officer reads it off the gun: the brand, not the company's legal name."""
    return _stamp_chooser(make.name).pick(rng)


def spell_caliber(rng: random.Random, caliber: str) -> str:
    return "" if caliber == "MULTI" and rng.random() < 0.5 else _caliber_chooser(caliber).pick(rng)


@cache
def legal_name(keeper: Licensee, make: Make) -> str:
    """How a maker writes its own guns: its licence name when the catalog knows it as this make."""
    if resolves_to(keeper.name) == make.name:
        return keeper.name
    return spellings()[make.name][0]


def holder_name(licensee: Licensee) -> str:
    return (licensee.business or licensee.name).strip()

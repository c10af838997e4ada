"""Synthetic people: buyers on Form 4473, possessors of seized guns, officers. No real person is meant.

A person the world follows across records (a straw buyer, a member of a family) has a `uid`, the truth
that people resolution should find; their records are written with the variants of variants.py.
"""

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from traza.demo.world.reference import names

SPANISH_PLACES_OF_BIRTH = ("CHIHUAHUA, MEXICO", "SINALOA, MEXICO", "SONORA, MEXICO", "JALISCO, MEXICO", "MEXICO")


@dataclass
class Person:
    """A person as a record names them."""

    last: str
    first: str
    middle: str
    born: date
    sex: str
    hispanic: bool
    street: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    id_number: str = ""
    place_of_birth: str = ""
    suffix: str = ""
    unit: str = ""
    #: Who they truly are, for a person the world follows across records (0: someone seen once).
    uid: int = 0
    #: Where they lived before `moved_on`, if they moved: (street, unit, city, zip).
    former: tuple[str, str, str, str] | None = None
    moved_on: date | None = None


def relative(rng: random.Random, someone: Person, *, born: date, first: str, sex: str, suffix: str = "") -> Person:
    """Someone of `someone`'s household: the same surname and address, their own birth date, name and ID."""
    kin = replace(someone, first=first, born=born, sex=sex, suffix=suffix, middle="", uid=0, former=None, moved_on=None)
    kin.id_number = f"{rng.randint(10_000_000, 99_999_999)}"
    return kin


def _given(rng: random.Random, hispanic: bool, sex: str) -> str:
    group = "hispanic" if hispanic else "anglo"
    return rng.choice(names()[f"{group}_{'male' if sex == 'M' else 'female'}"])


def person(rng: random.Random, *, hispanic: bool, on: date, ages: tuple[int, int], male_share: float = 0.85) -> Person:
    """Someone of an age in `ages` on the day `on`."""
    sex = "M" if rng.random() < male_share else "F"
    surnames = names()["hispanic_surname" if hispanic else "anglo_surname"]
    born = on - timedelta(days=rng.randint(ages[0] * 365 + 10, ages[1] * 365 + 300))
    middle = _given(rng, hispanic, sex) if rng.random() < 0.4 else ""
    return Person(
        last=rng.choice(surnames),
        first=_given(rng, hispanic, sex),
        middle=middle,
        born=born,
        sex=sex,
        hispanic=hispanic,
    )


def buyer(
    rng: random.Random,
    *,
    state: str,
    city: str,
    zip_code: str,
    hispanic_share: float,
    on: date,
    ages: tuple[int, int] = (21, 74),
) -> Person:
    """A retail buyer living near the dealer, with a state ID."""
    someone = person(rng, hispanic=rng.random() < hispanic_share, on=on, ages=ages)
    someone.street = f"{rng.randint(100, 19999)} {rng.choice(names()['us_street'])}"
    someone.city, someone.state, someone.zip = city, state, zip_code[:5]
    someone.id_number = f"{rng.randint(10_000_000, 99_999_999)}"
    if someone.hispanic and rng.random() < 0.15:
        someone.place_of_birth = rng.choice(SPANISH_PLACES_OF_BIRTH)
    else:
        someone.place_of_birth = f"{city}, {state}"
    return someone


def mexican(rng: random.Random, *, on: date, ages: tuple[int, int] = (17, 48)) -> Person:
    """A Mexican national with two surnames, as a Mexican case file writes them."""
    someone = person(rng, hispanic=True, on=on, ages=ages, male_share=0.92)
    second = rng.choice(names()["hispanic_surname"])
    someone.last = f"{someone.last} {second}"
    return someone


def officer_name(rng: random.Random, *, ranks: tuple[str, ...]) -> str:
    """An officer's name as written on the request: Mexican (no rank given) or American, with a rank."""
    sex = "M" if rng.random() < 0.75 else "F"
    if not ranks:
        surnames = names()["hispanic_surname"]
        return f"{_given(rng, True, sex).title()} {rng.choice(surnames).title()} {rng.choice(surnames).title()}"
    hispanic = rng.random() < 0.3
    surname = rng.choice(names()["hispanic_surname" if hispanic else "anglo_surname"]).title()
    return f"{rng.choice(ranks)} {_given(rng, hispanic, sex).title()} {surname}"

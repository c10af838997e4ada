"""The real-world tables the demo world is drawn from: makes, their licences and output, dealers, places.

Everything here is read from CSV files: the catalog's own (makes, AFMER production, places) and the
demo's (traza/demo/data: the ATF FFL list sample, source-state shares, agencies, models, names).
"""

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from traza.core.values import name_key

DEMO_DATA = Path(__file__).resolve().parent.parent / "data"
CATALOG_DATA = Path(__file__).resolve().parents[2] / "catalog" / "data"
HANDGUNS = {"pistol", "revolver", "derringer"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


@dataclass(frozen=True)
class Make:
    """A make of the catalog (makes.csv): who makes or imports it, and how it is written."""

    name: str
    country: str
    kind: str
    marked: bool
    ceased: int | None
    aliases: tuple[str, ...]
    licences: tuple[str, ...]
    importers: tuple[str, ...]

    @property
    def foreign(self) -> bool:
        return self.country != "US"


@dataclass(frozen=True)
class Model:
    """A model of a make as the demo sells it: its calibre as books write it, type, weight, story tags."""

    make: str
    name: str
    caliber: str
    firearm_type: str
    weight: float
    tags: tuple[str, ...]

    @property
    def handgun(self) -> bool:
        return self.firearm_type in HANDGUNS


@dataclass(frozen=True)
class Place:
    """A place where guns are recovered: a Mexican municipality or a US county, with a city's coordinates."""

    country: str
    state: str
    municipality: str
    city: str
    weight: float
    latitude: float
    longitude: float


@cache
def makes() -> dict[str, Make]:
    found = {}
    for row in _rows(CATALOG_DATA / "makes.csv"):
        found[row["name"]] = Make(
            name=row["name"],
            country=row["country"],
            kind=row["kind"],
            marked=row["marked"].strip() in ("1", "Y", "y", "true"),
            ceased=int(row["ceased_year"]) if row["ceased_year"].strip() else None,
            aliases=_split(row["aliases"]),
            licences=_split(row["licences"]),
            importers=_split(row["importers"]),
        )
    return found


@cache
def _owners() -> dict[str, frozenset[str]]:
    """Each name key of the catalog's makes → the makes written that way."""
    owners: dict[str, set[str]] = defaultdict(set)
    for make in makes().values():
        for text in (make.name, *make.aliases):
            owners[name_key(text)].add(make.name)
    return {key: frozenset(found) for key, found in owners.items()}


@cache
def spellings() -> dict[str, tuple[str, ...]]:
    """For each make, the ways of writing it that the catalog resolves to that make and to no other."""
    result = {}
    for make in makes().values():
        texts = [make.name.upper()] + [alias.upper() for alias in make.aliases if alias.upper() != make.name.upper()]
        result[make.name] = tuple(t for t in texts if resolves_to(t) == make.name)
    return result


def resolves_to(text: str) -> str | None:
    """The make a written name resolves to, when exactly one make owns it."""
    owners = _owners().get(name_key(text), frozenset())
    return next(iter(owners)) if len(owners) == 1 else None


@cache
def afmer() -> dict[str, dict[str, str]]:
    """AFMER 2023 rows by RDS key (the first row of a repeated key)."""
    found: dict[str, dict[str, str]] = {}
    for row in _rows(CATALOG_DATA / "afmer_2023.csv"):
        found.setdefault(row["rds_key"], row)
    return found


def afmer_output(row: dict[str, str]) -> int:
    return sum(int(row[column] or 0) for column in ("pistols", "revolvers", "rifles", "shotguns", "misc"))


@cache
def state_prefixes() -> dict[str, str]:
    """The commonest ATF region + district of each state's licences, from AFMER."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in afmer().values():
        counts[row["premise_state"]][row["rds_key"][:3]] += 1
    prefixes = {state: max(sorted(found), key=lambda p: found[p]) for state, found in counts.items()}
    prefixes.setdefault("DC", prefixes["MD"])
    return prefixes


@cache
def models() -> dict[str, tuple[Model, ...]]:
    found: dict[str, list[Model]] = defaultdict(list)
    for row in _rows(DEMO_DATA / "models.csv"):
        found[row["make"]].append(
            Model(
                make=row["make"],
                name=row["model"],
                caliber=row["caliber"],
                firearm_type=row["firearm_type"],
                weight=float(row["weight"]),
                tags=tuple(row["tags"].split()),
            )
        )
    return {make: tuple(items) for make, items in found.items()}


@cache
def calibers() -> dict[str, tuple[str, ...]]:
    """Each calibre the demo uses and the ways books and officers write it (all of one calibre group)."""
    return {row["caliber"]: _split(row["variants"]) for row in _rows(DEMO_DATA / "calibers.csv")}


@cache
def places() -> tuple[Place, ...]:
    return tuple(
        Place(
            country=row["country"],
            state=row["state"],
            municipality=row["municipality"],
            city=row["city"],
            weight=float(row["weight"]),
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
        )
        for row in _rows(DEMO_DATA / "places.csv")
    )


@cache
def us_cities() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """(city, county FIPS, ZIP) by state, for the synthetic licensees."""
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in _rows(DEMO_DATA / "us_cities.csv"):
        found[row["state"]].append((row["city"], row["county"], row["zip"]))
    return {state: tuple(items) for state, items in found.items()}


@cache
def names() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = defaultdict(list)
    for row in _rows(DEMO_DATA / "names.csv"):
        found[row["list"]].append(row["value"])
    return {name: tuple(items) for name, items in found.items()}


@cache
def source_states() -> tuple[dict[str, str], ...]:
    return tuple(_rows(DEMO_DATA / "source_states.csv"))


def agencies() -> list[dict[str, str]]:
    return _rows(DEMO_DATA / "agencies.csv")


def ffl_sample() -> list[dict[str, str]]:
    return _rows(DEMO_DATA / "ffl-list-sample-2026-05.csv")

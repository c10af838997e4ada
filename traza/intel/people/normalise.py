"""Raw names, addresses and id numbers as written on records, turned into the fields resolution compares.

Pure functions, memoised per distinct text: a million purchase records repeat a few thousand names and
streets. Everything comes out upper case, without accents or punctuation, so that "García-López",
"GARCIA LOPEZ" and "Garcia  Lopez" compare equal. Nicknames and diminutives (Pepe, Bill, Lupe…) become
the given name they stand for, from the table in data/nicknames.txt beside this module.
"""

import re
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

SURNAME_PARTICLES = frozenset({"DE", "DEL", "LA", "LAS", "LOS", "DA", "DAS", "DO", "DOS", "DI", "VAN", "VON", "SAN"})
SURNAME_JOINERS = frozenset({"Y", "E"})
SUFFIXES = {
    "JR": "JR",
    "JUNIOR": "JR",
    "SR": "SR",
    "SENIOR": "SR",
    "II": "II",
    "III": "III",
    "IV": "IV",
    "2ND": "II",
    "3RD": "III",
}
STREET_WORDS = {
    "STREET": "ST",
    "STR": "ST",
    "AVENUE": "AVE",
    "AV": "AVE",
    "AVENIDA": "AVE",
    "ROAD": "RD",
    "DRIVE": "DR",
    "BOULEVARD": "BLVD",
    "BOUL": "BLVD",
    "LANE": "LN",
    "COURT": "CT",
    "PLACE": "PL",
    "CIRCLE": "CIR",
    "HIGHWAY": "HWY",
    "PARKWAY": "PKWY",
    "TERRACE": "TER",
    "TRAIL": "TRL",
    "CALLE": "CALLE",
    "NORTH": "N",
    "SOUTH": "S",
    "EAST": "E",
    "WEST": "W",
    "NORTHEAST": "NE",
    "NORTHWEST": "NW",
    "SOUTHEAST": "SE",
    "SOUTHWEST": "SW",
}
UNIT_WORDS = frozenset(
    {"APT", "APARTMENT", "UNIT", "STE", "SUITE", "NO", "NUM", "INT", "INTERIOR", "DEPTO", "DEPT", "LOT", "RM", "ROOM"}
)
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")
_NOT_DIGIT = re.compile(r"[^0-9]+")


def clean(text: str | None) -> str:
    """Upper case ASCII letters and digits, words separated by one space ("Ñúñez-O'Brien" → "NUNEZ O BRIEN")."""
    if not text:
        return ""
    return _NOT_ALNUM.sub(" ", anyascii(text).upper().replace("'", "")).strip()


def _load_nicknames() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in (Path(__file__).parent / "data" / "nicknames.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, *nicknames = line.split()
        for nickname in nicknames:
            table[nickname] = canonical
    return table


NICKNAMES = _load_nicknames()


def canonical_given_name(name: str) -> str:
    """The given name a nickname or diminutive stands for ("PEPE" → "JOSE"); any other name unchanged."""
    return NICKNAMES.get(name, name)


def _join_particles(words: list[str], particles: frozenset[str]) -> list[str]:
    """Glue particles to the word they introduce: DE LA CRUZ → DELACRUZ, MARIA DE LOS ANGELES → MARIA DELOSANGELES."""
    groups: list[str] = []
    pending = ""
    for word in words:
        if word in particles:
            pending += word
            continue
        groups.append(pending + word)
        pending = ""
    if pending:
        groups.append(pending)
    return groups


@lru_cache(maxsize=65536)
def surnames(text: str) -> tuple[str, str, str]:
    """(last name, second last name, suffix) from a last-name field: "García-López" → ("GARCIA", "LOPEZ", "")."""
    words = clean(text).split()
    suffix = ""
    if len(words) > 1 and words[-1] in SUFFIXES:
        suffix = SUFFIXES[words.pop()]
    groups = [group for group in _join_particles(words, SURNAME_PARTICLES) if group not in SURNAME_JOINERS]
    if not groups:
        return "", "", suffix
    return groups[0], "".join(groups[1:]), suffix


@lru_cache(maxsize=65536)
def given_names(first: str, middle: str) -> tuple[str, str, str]:
    """(first name, middle names, suffix) with nicknames made canonical: ("Pepe Luis", "") → ("JOSE", "LUIS", "")."""
    words = clean(f"{first} {middle}").split()
    suffix = ""
    if len(words) > 1 and words[-1] in SUFFIXES:
        suffix = SUFFIXES[words.pop()]
    groups = [canonical_given_name(group) for group in _join_particles(words, SURNAME_PARTICLES)]
    if not groups:
        return "", "", suffix
    return groups[0], " ".join(groups[1:]), suffix


def suffix(text: str) -> str:
    """A generational suffix as written ("Jr.", "SENIOR", "3rd") → JR, SR, III; anything else → ""."""
    return SUFFIXES.get(clean(text).replace(" ", ""), "")


@lru_cache(maxsize=1 << 20)
def street_address(text: str) -> tuple[str, str]:
    """(street, unit): "123 North Main Street, Apt. 4-B" → ("123 N MAIN ST", "4B"); "#12" is a unit too."""
    words = clean(text.replace("#", " UNIT ") if text else "").split()
    street: list[str] = []
    unit: list[str] = []
    target = street
    for word in words:
        if word in UNIT_WORDS:
            target = unit
            continue
        target.append(word if target is unit else STREET_WORDS.get(word, word))
    return " ".join(street), "".join(unit)


def zip_code(text: str) -> str:
    """The five-digit ZIP code of a US postal code ("78520-1234" → "78520"); other codes cleaned."""
    digits = _NOT_DIGIT.sub("", text or "")
    if len(digits) in (5, 9):
        return digits[:5]
    return clean(text).replace(" ", "")[:10]


def id_number(text: str) -> str:
    """An identity document number as letters and digits only ("d-123 456.7" → "D1234567")."""
    return clean(text).replace(" ", "")


_SOUNDEX_CODES = {
    **dict.fromkeys("BFPV", "1"),
    **dict.fromkeys("CGJKQSXZ", "2"),
    **dict.fromkeys("DT", "3"),
    "L": "4",
    **dict.fromkeys("MN", "5"),
    "R": "6",
}


@lru_cache(maxsize=65536)
def soundex(name: str) -> str:
    """American Soundex of a cleaned name ("HERNANDEZ" → "H655"), for blocking on names that sound alike."""
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return ""
    code = letters[0]
    previous = _SOUNDEX_CODES.get(letters[0], "")
    for letter in letters[1:]:
        digit = _SOUNDEX_CODES.get(letter, "")
        if digit and digit != previous:
            code += digit
        if letter not in "HW":
            previous = digit
    return (code + "000")[:4]

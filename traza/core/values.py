"""Parsing and normalising the values that arrive in files, forms and API calls.

Every importer, form and serializer goes through these helpers so that a serial number, a
name or a date means the same thing whichever channel brought it.
"""

import functools
import re
import unicodedata
from datetime import date, datetime

_SERIAL_DROP = str.maketrans("", "", " -./_\t")
_SERIAL_CONFUSABLE = str.maketrans({"O": "0", "I": "1"})
_SERIAL_ALLOWED = re.compile(r"^[A-Z0-9?]*$")
# The same two steps on ASCII bytes, where translate is a table lookup (a book's million serials go this way).
_SERIAL_BYTES = bytes.maketrans(b"OI", b"01")
_SERIAL_BYTES_DROP = b" -./_\t"
_SERIAL_KEY_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\n"

_TRUE = {"y", "yes", "true", "1", "si", "sí", "s", "t"}
_FALSE = {"n", "no", "false", "0", "f"}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLASH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")

_CORPORATE_WORDS = {
    "INC",
    "INCORPORATED",
    "LLC",
    "LP",
    "LTD",
    "LIMITED",
    "CO",
    "CORP",
    "CORPORATION",
    "COMPANY",
    "CIA",
    "SA",
    "DE",
    "CV",
    "SAPI",
    "GMBH",
    "AG",
    "SPA",
    "SRL",
    "AS",
    "THE",
    "PLC",
    "KG",
}
_NON_ALNUM = re.compile(r"[^A-Z0-9]+")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def serial_key(text: str) -> str:
    """The serial as Traza compares it: upper case, no spaces or dashes, O read as 0 and I as 1."""
    if text.isascii():
        return text.upper().encode().translate(_SERIAL_BYTES, _SERIAL_BYTES_DROP).decode()
    return text.upper().translate(_SERIAL_DROP).translate(_SERIAL_CONFUSABLE)


def serial_keys(serials: list[str], *, max_length: int = 60) -> list[str] | None:
    """The keys of many serials at once (a block of a book), when every one is plainly valid: ASCII, on one line,
    not empty, within `max_length`, a key of letters and digits only. None when any is not: read those one by one.
    """
    if not serials:
        return []
    joined = "\n".join(serials)
    if not joined.isascii() or joined.count("\n") != len(serials) - 1 or max(map(len, serials)) > max_length:
        return None
    keys = joined.upper().encode().translate(_SERIAL_BYTES, _SERIAL_BYTES_DROP)
    if keys.translate(None, _SERIAL_KEY_BYTES):  # a character no key may hold
        return None
    split = keys.decode().split("\n")
    return split if all(split) else None


def serial_is_valid(key: str, *, partial: bool = False) -> bool:
    """A normalised serial holds only letters and digits (and `?` for unreadable ones when partial)."""
    if not key or not _SERIAL_ALLOWED.match(key):
        return False
    return partial or "?" not in key


@functools.lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """A company or make name reduced for comparison: `Smith & Wesson, Inc.` → `SMITH AND WESSON`.

    Remembered per text: the engine compares the same few makers' names across every record of a batch.
    """
    upper = strip_accents(text).upper().replace("&", " AND ").replace("'S", "S").replace(".", "")
    words = _NON_ALNUM.sub(" ", upper).split()
    kept = [w for w in words if w not in _CORPORATE_WORDS]
    return " ".join(kept or words)


def text_key(text: str) -> str:
    """A free-text value reduced for comparison: upper case, no accents, single spaces."""
    return " ".join(strip_accents(text).upper().split())


def parse_bool(text: str) -> bool:
    """Read Y/N, yes/no, true/false, 1/0, sí/no; raise ValueError on anything else."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(text)


def parse_date(text: str, *, dayfirst: bool = False) -> date:
    """Read an ISO date, or DD/MM/YYYY when the file is day-first; raise ValueError otherwise.

    Slash dates are refused without `dayfirst`: 05/03/2024 is 5 March in Mexico and 3 May in
    the US, and a silent guess would put a wrong date in a case file.
    """
    value = text.strip()
    if " " in value or "T" in value:
        value = value.replace("T", " ").split(" ", 1)[0]
    if _ISO_DATE.match(value):
        return date.fromisoformat(value)
    match = _SLASH_DATE.match(value)
    if not match or not dayfirst:
        raise ValueError(text)
    day, month, year = (int(part) for part in match.groups())
    return date(year, month, day)


def parse_datetime_or_date(value) -> date:
    """Dates that come from spreadsheets arrive as datetime objects."""
    if isinstance(value, datetime):
        return value.date()
    return value

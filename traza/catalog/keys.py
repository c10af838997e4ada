"""How free text is reduced before it is compared with a catalog.

The loader stores aliases under these keys and the lookup index computes the same keys on the
text it is given, so a value resolves exactly when its key matches a stored one.
"""

import re

from traza.core.values import strip_accents

_CAL_WORD = re.compile(r"(?<![A-Z])CAL(?:IBRE|IBER|IBRO)?(?![A-Z])\.?")
_SEPARATORS = re.compile(r"[\s\-_/'\"()]+")
_MILLIMETRES = re.compile(r"(?<=\d)MM")
_PLUS_P = re.compile(r"\+P\+?$")
_LONE_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")
_OFFENCE_STOP_WORDS = frozenset(
    {"DE", "DEL", "LA", "LAS", "EL", "LOS", "Y", "E", "EN", "AL", "A", "POR", "CON", "PARA"}
)


def caliber_key(text: str) -> str:
    """A calibre as written reduced for comparison: `Cal. 7,62 x 39 mm` → `7.62X39`, `.38 SPL` → `38SPL`.

    Upper case without accents; the words CAL/CALIBRE/CALIBER dropped; `×`, ` X ` and `x` alike;
    a comma read as a decimal point; spaces, dashes and brackets dropped; `mm` after a number
    dropped; a trailing `+P` dropped; and a dot kept only between two digits (`.223` → `223`).
    """
    key = strip_accents(text).upper().replace("×", "X").replace(",", ".")
    key = _CAL_WORD.sub(" ", key)
    key = _SEPARATORS.sub("", key)
    key = _MILLIMETRES.sub("", key)
    key = _PLUS_P.sub("", key)
    return _LONE_DOT.sub("", key)


def place_key(text: str) -> str:
    """A country or region as written reduced to its letters and digits: `EE. UU.` → `EEUU`, `MX-SIN` → `MXSIN`."""
    return _NON_ALNUM.sub("", strip_accents(text).upper())


def offence_key(text: str) -> str:
    """An offence name reduced for comparison: accents, punctuation and Spanish linking words dropped.

    `Portación de arma de fuego, sin licencia` → `PORTACION ARMA FUEGO SIN LICENCIA`.
    """
    words = _NON_ALNUM.sub(" ", strip_accents(text).upper()).split()
    return " ".join(word for word in words if word not in _OFFENCE_STOP_WORDS)

"""How free text is reduced before it is compared with a catalog.

The loader stores aliases under these keys and the lookup index computes the same keys on the
text it is given, so a value resolves exactly when its key matches a stored one.
"""

import functools
import re

from anyascii import anyascii

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


# ----- makes

# Legal forms, dropped wherever they stand: `Pietro Beretta S.p.A.`, `Česká zbrojovka a.s.`, `Arsenal AD`.
_LEGAL_WORDS = frozenset(
    "INC INCORPORATED LLC LLP LP LTD LTDA LIMITED CO CORP CORPORATION COMPANY CIA CIE SA SAS SARL SRL SL SAPI "
    "CV SPA SNC GMBH GESMBH AG KG AS KFT ZRT RT NV BV AB OY OYJ PLC PTY JSC OJSC PJSC CJSC OAO ZAO PAO OOO AO "
    "DOO DD AD EAD SRO SPZOO SACV SAPICV SRLCV SCV".split()
)
# Linking words of company names in the languages guns are marked in: `Fábrica de Armas`, `Heckler und Koch`.
_LINKING_WORDS = frozenset("AND Y UND THE OF DE DEL DA DI DO DOS DAS".split())
_ABBREVIATIONS = {
    "INTL": "INTERNATIONAL",
    "INTERNATL": "INTERNATIONAL",
    "MFG": "MANUFACTURING",
    "MFGR": "MANUFACTURING",
    "MFR": "MANUFACTURING",
    "MANUF": "MANUFACTURING",
    "MANUFACTURER": "MANUFACTURING",
    "MANUFACTURERS": "MANUFACTURING",
    "IND": "INDUSTRIES",
    "INDS": "INDUSTRIES",
    "INDUSTRY": "INDUSTRIES",
    "INDUSTRIAL": "INDUSTRIES",
    "IMP": "IMPORTS",
    "IMPORT": "IMPORTS",
    "IMPORTERS": "IMPORTS",
    "IMPORTING": "IMPORTS",
    "US": "USA",
    "AMER": "AMERICA",
    "DEFENCE": "DEFENSE",
    "ARMOURY": "ARMORY",
    "FIREARM": "FIREARMS",
    "CTR": "CENTER",
    "DIST": "DISTRIBUTORS",
    "DISTRIBUTING": "DISTRIBUTORS",
    "SPORTS": "SPORTING",
}
# Legal forms written in several words, joined before the words are read: `Ges.m.b.H.`, `Sp. z o.o.`, `spol. s r.o.`.
_LEGAL_PHRASES = re.compile(
    r"\bGES\.?\s*M\.?\s*B\.?\s*H\b\.?|\bSP\.?\s*Z\s*O\.?\s*O\b\.?|\bSPOL\.?\s*S\s*R\.?\s*O\b\.?"
)
_POSSESSIVE = re.compile(r"(?<=[A-Z])'S\b")


@functools.lru_cache(maxsize=65_536)
def make_key(text: str) -> str:
    """A make, an importer or a licensee's name reduced for comparison with the catalog.

    Transliterated to Latin letters (`ИЖМАШ` → `IZHMASH`) without accents, upper case; `&`, AND,
    UND and the Spanish Y read alike and dropped with the other linking words (`Smith y Wesson` →
    `SMITH WESSON`); legal forms dropped (INC, LLC, S.A. de C.V., GmbH, S.p.A., a.s., Sp. z o.o.,
    JSC…); abbreviations spelled out (INTL → INTERNATIONAL, MFG → MANUFACTURING, INDS →
    INDUSTRIES); initials joined (`H & K`, `H.K.` → `HK`). The catalog's names and aliases and the
    text looked up go through this same function.
    """
    upper = anyascii(text).upper().replace("&", " AND ").replace("+", " AND ")
    upper = _POSSESSIVE.sub("S", _LEGAL_PHRASES.sub(" ", upper)).replace("'", "").replace(".", " ")
    words = [word for word in _NON_ALNUM.sub(" ", upper).split() if word not in _LINKING_WORDS]
    words = [_ABBREVIATIONS.get(word, word) for word in _joined_initials(words)]
    kept = [word for word in words if word not in _LEGAL_WORDS]
    return " ".join(kept or words)


def _joined_initials(words: list[str]) -> list[str]:
    """Runs of single letters read as one word: `S W` → `SW`, `U S A` → `USA`, `S P A` → `SPA`."""
    joined: list[str] = []
    initials = False
    for word in words:
        single = len(word) == 1 and word.isalpha()
        if single and initials:
            joined[-1] += word
        else:
            joined.append(word)
        initials = single or (initials and single)
    return joined


_MODEL_DROP = re.compile(r"[\s\-_./]+")


def model_key(text: str) -> str:
    """A model as written reduced for comparison: `AK-47` = `AK47` = `ak 47`, `PT 92` = `PT-92` = `PT92`."""
    return _MODEL_DROP.sub("", anyascii(text).upper())

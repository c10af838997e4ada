"""The reference catalogs held in memory, for resolving free text row by row.

Importers and the tracing engine resolve millions of values (a make read off a gun, a calibre
from a dealer's book, a state written three ways) against the catalogs. `CatalogIndex.load()`
reads every catalog in a few queries; every method after that is a dictionary look-up. An index
is a snapshot: load a new one to see catalog changes.
"""

import difflib
import functools
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from traza.catalog.keys import caliber_key, make_key, offence_key, place_key
from traza.catalog.models import (
    Caliber,
    CaliberAlias,
    Country,
    CrimeCode,
    CrimeCodeAlias,
    FirearmType,
    Make,
    MakeAlias,
    MakeLicence,
    Municipality,
    Region,
)
from traza.core.values import text_key

__all__ = ["NO_MATCH", "Basis", "CatalogIndex", "Match", "caliber_key", "firearm_type"]

_MEMO_LIMIT = 100_000
_MISSING = object()


class Basis:
    """How a text was matched to a catalog entry, from the surest to the least sure."""

    EXACT = "exact"
    ALIAS = "alias"
    TOKENS = "tokens"
    LICENCE = "licence"
    FUZZY = "fuzzy"
    IMPORTER_BOOK = "importer-book"


class Match(NamedTuple):
    """A catalog entry a text resolved to (`id` None when it resolved to none), how, and how surely (0 to 1)."""

    id: int | None
    basis: str = ""
    confidence: float = 0.0


NO_MATCH = Match(None)


class _Make(NamedTuple):
    name: str
    country: str
    marked: bool
    ceased_year: int | None


class CatalogIndex:
    """Every catalog as dictionaries keyed the way free text is compared."""

    def __init__(self) -> None:
        self._make_memo: dict[str, Match] = {}
        self._caliber_memo: dict[str, int | None] = {}
        self._load_makes()
        self._load_calibers()
        self._load_crime_codes()
        self._load_places()

    @classmethod
    def load(cls) -> "CatalogIndex":
        return cls()

    # ----- makes

    def _load_makes(self) -> None:
        rows = Make.objects.values_list("id", "name", "country_id", "marked", "ceased_year")
        self._makes = {make_id: _Make(*facts) for make_id, *facts in rows}
        aliases = MakeAlias.objects.order_by("-source", "id").values_list("name", "make_id")
        self._make_keys = {make_key(name): make_id for name, make_id in aliases}
        for make_id, make in self._makes.items():
            self._make_keys.setdefault(make_key(make.name), make_id)
        licences = MakeLicence.objects.order_by("-primary", "id").values_list("make_id", "rds_key")
        self._licences = {make_id: tuple(keys) for make_id, keys in _grouped(licences).items()}
        importers = Make.importers.through.objects.values_list("from_make_id", "to_make_id")
        self._importers = {make_id: frozenset(ids) for make_id, ids in _grouped(importers).items()}
        self._makes_of_licence = self._index_licence_makes()

    def _index_licence_makes(self) -> dict[str, frozenset[int]]:
        """Each licence → the makes it holds, and the makes those makes import."""
        pairs = [(rds_key, make_id) for make_id, keys in self._licences.items() for rds_key in keys]
        for make_id, importer_ids in self._importers.items():
            pairs += [(rds_key, make_id) for importer_id in importer_ids for rds_key in self.make_licences(importer_id)]
        return {rds_key: frozenset(ids) for rds_key, ids in _grouped(pairs).items()}

    def match_make(self, text: str) -> Match:
        """The make a marking, a legal name or an importer's name resolves to, with the basis and confidence."""
        found = self._make_memo.get(text)
        if found is None:
            found = _remember(self._make_memo, text, self._match_make(text))
        return found

    def _match_make(self, text: str) -> Match:
        key = make_key(text)
        make_id = self._make_keys.get(key)
        if make_id is None:
            return NO_MATCH
        if key == make_key(self._makes[make_id].name):
            return Match(make_id, Basis.EXACT, 1.0)
        return Match(make_id, Basis.ALIAS, 1.0)

    def make_id(self, text: str) -> int | None:
        return self.match_make(text).id

    def suggest_makes(self, text: str, limit: int = 3) -> list[str]:
        """The canonical names of the makes whose names or aliases are nearest to `text`."""
        keys = difflib.get_close_matches(make_key(text), self._make_keys.keys(), n=limit * 4, cutoff=0.6)
        names = dict.fromkeys(self.make_name(self._make_keys[key]) for key in keys)
        return list(names)[:limit]

    def make_name(self, make_id: int) -> str:
        return self._makes[make_id].name

    def make_is_foreign(self, make_id: int) -> bool:
        return self._makes[make_id].country != "US"

    def make_is_marked(self, make_id: int) -> bool:
        return self._makes[make_id].marked

    def make_ceased_year(self, make_id: int) -> int | None:
        return self._makes[make_id].ceased_year

    def make_importers(self, make_id: int) -> frozenset[int]:
        return self._importers.get(make_id, frozenset())

    def make_licences(self, make_id: int) -> tuple[str, ...]:
        return self._licences.get(make_id, ())

    def makes_of_licence(self, rds_key: str) -> frozenset[int]:
        """The makes a licence manufactures under or imports."""
        return self._makes_of_licence.get(rds_key, frozenset())

    # ----- calibres and offences

    def _load_calibers(self) -> None:
        self._caliber_groups = {}
        self._caliber_keys = dict(CaliberAlias.objects.values_list("key", "caliber_id"))
        for caliber_id, name, group in Caliber.objects.values_list("id", "name", "group"):
            self._caliber_groups[caliber_id] = group
            self._caliber_keys.setdefault(caliber_key(name), caliber_id)

    def caliber_id(self, text: str) -> int | None:
        found = self._caliber_memo.get(text, _MISSING)
        if found is _MISSING:
            found = _remember(self._caliber_memo, text, self._caliber_keys.get(caliber_key(text)))
        return found

    def caliber_group(self, caliber_id: int) -> str:
        return self._caliber_groups[caliber_id]

    def _load_crime_codes(self) -> None:
        self._crime_keys = dict(CrimeCodeAlias.objects.values_list("key", "crime_code_id"))
        codes = CrimeCode.objects.values_list("code", "name_es", "name_en")
        self._crime_codes = set()
        for code, *names in codes:
            self._crime_codes.add(code)
            for name in names:
                self._crime_keys.setdefault(offence_key(name), code)

    def crime_code(self, text: str) -> str | None:
        """The NCIC code given as a code (`0911`, or `911` from a spreadsheet) or as an offence name."""
        value = text.strip()
        if value.isdigit():
            code = value.zfill(4)
            return code if code in self._crime_codes else None
        return self._crime_keys.get(offence_key(value))

    # ----- places

    def _load_places(self) -> None:
        self._countries = {}
        for code, alpha3, *names, aliases in Country.objects.values_list(
            "code", "alpha3", "name_en", "name_es", "aliases"
        ):
            for text in (code, alpha3, *names, *aliases):
                self._countries.setdefault(place_key(text), code)
        self._regions = {}
        rows = Region.objects.values_list("code", "country_id", "postal_code", "statistical_code", "name", "aliases")
        for code, country, *texts, aliases in rows:
            for text in (code, *texts, *aliases):
                if text:
                    self._regions.setdefault((country, place_key(text)), code)
        self._municipalities = {}
        self._municipality_regions = {}
        for pk, country, code, region in Municipality.objects.values_list("id", "country_id", "code", "region_id"):
            self._municipalities[(country, code)] = pk
            self._municipality_regions[pk] = region

    def country_code(self, text: str) -> str | None:
        """The ISO 3166-1 alpha-2 code of a country written as a code, an alpha-3 code or a name."""
        return self._countries.get(place_key(text))

    def region_code(self, country: str, text: str) -> str | None:
        """The ISO 3166-2 code of a state written as that code, a US postal code, its 2-digit code or its name."""
        country_code = self.country_code(country) or country.strip().upper()
        value = text.strip()
        if value.isdigit():
            value = value.zfill(2)
        return self._regions.get((country_code, place_key(value)))

    def municipality_id(self, country: str, code: str) -> int | None:
        """A municipality by its INEGI CVEGEO or a county by its 5-digit FIPS code."""
        value = code.strip()
        if value.isdigit():
            value = value.zfill(5)
        return self._municipalities.get((country.strip().upper(), value))

    def municipality_region(self, municipality_id: int) -> str:
        return self._municipality_regions[municipality_id]


def _grouped(pairs: Iterable[tuple]) -> dict:
    """(key, value) pairs → {key: [values in order]}."""
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


def _remember(memo: dict, text: str, value):
    """Files repeat the same few spellings millions of times: remember each text's answer, within bounds."""
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[text] = value
    return value


_FIREARM_TYPES = {
    FirearmType.PISTOL: ("PISTOL", "PISTOLA", "PISTOLA SEMIAUTOMATICA", "SEMI AUTOMATIC PISTOL"),
    FirearmType.REVOLVER: ("REVOLVER",),
    FirearmType.RIFLE: ("RIFLE", "FUSIL", "CARABINA", "CARBINE", "FUSIL DE ASALTO", "RIFLE DE ASALTO", "ASSAULT RIFLE"),
    FirearmType.SHOTGUN: ("SHOTGUN", "ESCOPETA", "ESCOPETA RECORTADA"),
    FirearmType.MACHINE_GUN: (
        "MACHINE GUN",
        "MACHINEGUN",
        "SUBMACHINE GUN",
        "AMETRALLADORA",
        "SUBAMETRALLADORA",
        "METRALLETA",
        "PISTOLA AMETRALLADORA",
    ),
    FirearmType.DERRINGER: ("DERRINGER", "DERRINGUER"),
    FirearmType.RECEIVER_FRAME: ("RECEIVER FRAME", "RECEIVER", "FRAME", "RECEPTOR", "ARMAZON", "CAJON DE MECANISMOS"),
    FirearmType.COMBINATION: ("COMBINATION", "COMBINATION GUN", "COMBINADA", "ARMA COMBINADA"),
    FirearmType.OTHER: ("OTHER", "OTRO", "OTRA"),
}
_FIREARM_TYPE_KEYS = {text: kind.value for kind, texts in _FIREARM_TYPES.items() for text in texts}


@functools.lru_cache(maxsize=4096)
def firearm_type(text: str) -> str | None:
    """The FirearmType value for a type written in English or Spanish (`Pistola`, `revólver`, `fusil` → rifle)."""
    return _FIREARM_TYPE_KEYS.get(text_key(text.replace("_", " ").replace("-", " ")))

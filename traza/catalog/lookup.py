"""The reference catalogs held in memory, for resolving free text row by row.

Importers and the tracing engine resolve millions of values (a make read off a gun, a calibre
from a dealer's book, a state written three ways) against the catalogs. `CatalogIndex.load()`
reads every catalog in a few queries; every method after that is a dictionary look-up. An index
is a snapshot: load a new one to see catalog changes.
"""

import functools
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection

from traza.catalog.keys import caliber_key, make_key, model_key, offence_key, place_key
from traza.catalog.matching import ALIAS_CONFIDENCE, EXACT_CONFIDENCE, MakeMatcher
from traza.catalog.models import (
    Caliber,
    CaliberAlias,
    CatalogStamp,
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
from traza.industry.models import Licensee

__all__ = ["NO_MATCH", "Basis", "CatalogIndex", "Match", "caliber_key", "firearm_type", "make_key", "model_key"]

MEMO_LIMIT = 100_000
_MISSING = object()


class Basis:
    """How a text was matched to a catalog entry, from the surest to the least sure."""

    EXACT = "exact"
    ALIAS = "alias"
    TOKENS = "tokens"
    LICENCE = "licence"
    FUZZY = "fuzzy"
    IMPORTER_BOOK = "importer-book"
    AMBIGUOUS = "ambiguous"


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
        self.memo_limit = MEMO_LIMIT
        self._make_memo: dict[str, Match] = {}
        self._caliber_memo: dict[str, Match] = {}
        self._load_shared()

    @classmethod
    def load(cls) -> "CatalogIndex":
        return cls()

    # ----- makes

    def _load_shared(self) -> None:
        """Every catalog, shared by the indexes of one process while the catalog tables are unchanged.

        Some 16,000 makes come from licence lists, and places number thousands, so building an index
        costs far more than reading the catalog stamp, the one row that tells whether any of those tables
        changed since the last index was built; the memos of matched texts stay each index's own.
        """
        stamp = _catalog_stamp()
        shared = _SHARED.get(stamp) if stamp else None
        if shared is None:
            self._read_makes()
            self._load_calibers()
            self._load_crime_codes()
            self._load_places()
            shared = {name: value for name, value in vars(self).items() if name not in _OWN}
            _SHARED.clear()
            if stamp:
                _SHARED[stamp] = shared
        vars(self).update(shared)

    def _read_makes(self) -> None:
        rows = list(Make.objects.values_list("id", "name", "country_id", "marked", "ceased_year", "source"))
        self._makes = {
            make_id: _Make(name, country, marked, ceased_year)
            for make_id, name, country, marked, ceased_year, _source in rows
        }
        curated = {make_id for make_id, _n, _c, marked, _y, source in rows if source == Make.Source.CATALOG and marked}
        licences = list(MakeLicence.objects.order_by("-primary", "id").values_list("make_id", "rds_key", "name"))
        self._licences = {make_id: tuple(keys) for make_id, keys in _grouped(row[:2] for row in licences).items()}
        importers = Make.importers.through.objects.values_list("from_make_id", "to_make_id")
        self._importers = {make_id: frozenset(ids) for make_id, ids in _grouped(importers).items()}
        self._makes_of_licence = self._index_licence_makes()
        self._matcher = MakeMatcher(
            names={make_id: make.name for make_id, make in self._makes.items()},
            curated=curated,
            aliases=MakeAlias.objects.order_by("-source", "id").values_list("name", "make_id"),
            licence_names=_licence_names(licences),
            importers=self._importers,
        )

    def _index_licence_makes(self) -> dict[str, frozenset[int]]:
        """Each licence → the makes it holds, and the makes those makes import."""
        pairs = [(rds_key, make_id) for make_id, keys in self._licences.items() for rds_key in keys]
        for make_id, importer_ids in self._importers.items():
            pairs += [(rds_key, make_id) for importer_id in importer_ids for rds_key in self.make_licences(importer_id)]
        return {rds_key: frozenset(ids) for rds_key, ids in _grouped(pairs).items()}

    def match_make(self, text: str) -> Match:
        """The make a marking, a legal name or an importer's name resolves to, with the basis and confidence.

        See `traza.catalog.matching` for the bases. Each distinct text is matched once per index
        (within `MEMO_LIMIT` texts), so a file that repeats a few spellings millions of times costs
        a dictionary look-up a row.
        """
        found = self._make_memo.get(text)
        if found is None:
            make_id, basis, confidence = self._matcher.match(text)
            answer = Match(make_id, basis, confidence) if make_id else NO_MATCH
            found = _remember(self._make_memo, text, answer, self.memo_limit)
        return found

    def make_id(self, text: str) -> int | None:
        return self.match_make(text).id

    def suggest_makes(self, text: str, limit: int = 3) -> list[str]:
        """The canonical names of the curated makes whose names or aliases are nearest to `text`."""
        return [self.make_name(make_id) for make_id in self._matcher.nearest(text, limit=limit)]

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
        self._caliber_name_keys = {}
        for caliber_id, name, group in Caliber.objects.values_list("id", "name", "group"):
            self._caliber_groups[caliber_id] = group
            self._caliber_name_keys[caliber_id] = caliber_key(name)
            self._caliber_keys.setdefault(caliber_key(name), caliber_id)

    def match_caliber(self, text: str) -> Match:
        """The calibre a text names (`Cal. 7,62 x 39 mm`, `.38 SPL`), exactly (its name) or by an alias."""
        found = self._caliber_memo.get(text)
        if found is None:
            key = caliber_key(text)
            caliber_id = self._caliber_keys.get(key)
            if caliber_id is None:
                answer = NO_MATCH
            elif key == self._caliber_name_keys[caliber_id]:
                answer = Match(caliber_id, Basis.EXACT, EXACT_CONFIDENCE)
            else:
                answer = Match(caliber_id, Basis.ALIAS, ALIAS_CONFIDENCE)
            found = _remember(self._caliber_memo, text, answer, self.memo_limit)
        return found

    def caliber_id(self, text: str) -> int | None:
        return self.match_caliber(text).id

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
        if value.isdecimal():
            code = value.zfill(4)
            return code if code in self._crime_codes else None
        return self._crime_keys.get(offence_key(value))

    # ----- places

    def _load_places(self) -> None:
        self._countries: dict[str, str] = {}
        for code, alpha3, *names, aliases in Country.objects.values_list(
            "code", "alpha3", "name_en", "name_es", "aliases"
        ):
            for text in (code, alpha3, *names, *aliases):
                self._countries.setdefault(place_key(text), code)
        self._regions: dict[tuple[str, str], str] = {}
        rows = Region.objects.values_list(
            "code", "country_id", "postal_code", "statistical_code", "name", "name_es", "aliases"
        )
        for code, country, *texts, aliases in rows:
            for text in (code, *texts, *aliases):
                if text:
                    self._regions.setdefault((country, place_key(text)), code)
        self._municipalities = {}
        self._municipality_regions = {}
        self._municipality_names = defaultdict(list)
        self._municipality_labels = {}
        municipalities = Municipality.objects.order_by("id").values_list(
            "id", "country_id", "code", "region_id", "name"
        )
        for pk, country, code, region, name in municipalities:
            self._municipalities[(country, code)] = pk
            self._municipality_regions[pk] = region
            self._municipality_labels[pk] = f"{name} ({region}, {code})"
            self._municipality_names[(country, place_key(name))].append(pk)

    def country_code(self, text: str) -> str | None:
        """The ISO 3166-1 alpha-2 code of a country written as a code, an alpha-3 code or a name."""
        return self._countries.get(place_key(text))

    def region_code(self, country: str, text: str) -> str | None:
        """The ISO 3166-2 code of a state written as that code, a US postal code, its 2-digit code or its name."""
        country_code = self.country_code(country) or country.strip().upper()
        value = text.strip()
        if value.isdecimal():
            value = value.zfill(2)
        return self._regions.get((country_code, place_key(value)))

    def municipality_id(self, country: str, code: str) -> int | None:
        """A municipality by its INEGI CVEGEO or a county by its 5-digit FIPS code."""
        value = code.strip()
        if value.isdecimal():
            value = value.zfill(5)
        return self._municipalities.get((country.strip().upper(), value))

    def municipality_region(self, municipality_id: int) -> str:
        return self._municipality_regions[municipality_id]

    def municipality_label(self, municipality_id: int) -> str:
        """How a person tells municipalities of one name apart: `Guadalupe (MX-NLE, 19026)`."""
        return self._municipality_labels[municipality_id]

    def municipalities_named(self, country: str, name: str, *, region: str = "") -> tuple[int, ...]:
        """Every municipality (county) of a country with that name, accents and case ignored, in a state if given.

        `Culiacán` and `CULIACAN` are one; `Guadalupe` is a dozen in Mexico: callers say the name is
        ambiguous and list these candidates.
        """
        country_code = self.country_code(country) or country.strip().upper()
        found = self._municipality_names.get((country_code, place_key(name)), [])
        region_code = self.region_code(country_code, region) if region.strip() else None
        return tuple(pk for pk in found if region_code is None or self._municipality_regions[pk] == region_code)

    def match_municipality(self, country: str, text: str, *, region: str = "") -> Match:
        """A municipality by its code or its name; `Basis.AMBIGUOUS` (no id) when the name is several's."""
        by_code = self.municipality_id(country, text)
        if by_code is not None:
            return Match(by_code, Basis.EXACT, EXACT_CONFIDENCE)
        found = self.municipalities_named(country, text, region=region)
        if len(found) == 1:
            return Match(found[0], Basis.EXACT, EXACT_CONFIDENCE)
        return Match(None, Basis.AMBIGUOUS) if found else NO_MATCH


_SHARED: dict[str, dict] = {}
_OWN = frozenset({"memo_limit", "_make_memo", "_caliber_memo"})


def _catalog_stamp() -> str | None:
    """The catalog stamp's token: any change to a table the index reads changes it (see `CatalogStamp`)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {CatalogStamp._meta.db_table} WHERE id = 1")  # noqa: S608 - the model's table
        row = cursor.fetchone()
    return row[0] if row else None


def _licence_names(licences: list[tuple[int, str, str]]) -> list[tuple[str, int]]:
    """(licence name or business name, the make answering for that licence): the licence's primary holder.

    Names come from the catalog's licence rows and from the FFL list's rows of manufacturers and
    importers (types 07, 08, 10 and 11) for the licences makes hold.
    """
    holder: dict[str, int] = {}
    names = []
    for make_id, rds_key, name in licences:
        holder.setdefault(rds_key, make_id)
        if name:
            names.append((name, holder[rds_key]))
    held = MakeLicence.objects.values("rds_key")
    rows = Licensee.objects.filter(rds_key__in=held, lic_type__in=Licensee.MAKER_OR_IMPORTER_TYPES)
    for rds_key, *texts in rows.values_list("rds_key", "license_name", "business_name"):
        names += [(text, holder[rds_key]) for text in texts if text]
    return names


def _grouped(pairs: Iterable[tuple]) -> dict:
    """(key, value) pairs → {key: [values in order]}."""
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


def _remember(memo: dict, text: str, value, limit: int):
    """Files repeat the same few spellings millions of times: remember each text's answer, within bounds."""
    if len(memo) >= limit:
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

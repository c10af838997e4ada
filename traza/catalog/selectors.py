"""Reads on the reference catalogs, shared by the catalog pages and the catalog API.

Searches ignore case and accents (`culiacan` finds Culiacán) and look at every name a thing
goes by: a make's aliases, a calibre's group and aliases, an offence's Mexican names. The
catalogs are small (a few thousand rows at most), so the texts are compared in Python and the
matches fetched by id: a search costs two queries, whatever it matches.
"""

from collections.abc import Iterable

from django.db.models import Case, F, Prefetch, QuerySet, When

from traza.catalog.keys import caliber_key
from traza.catalog.lookup import CatalogIndex
from traza.catalog.models import (
    Caliber,
    CaliberAlias,
    CrimeCode,
    CrimeCodeAlias,
    Make,
    MakeAlias,
    MakeLicence,
    Municipality,
    Region,
)
from traza.core.values import text_key
from traza.industry.models import Licensee


def _ids(wanted: str, rows: Iterable[tuple]) -> set:
    """The ids (first of each row) of the rows with a text that holds `wanted` (already reduced by text_key)."""
    return {pk for pk, *texts in rows if any(wanted in text_key(text) for text in texts if text)}


def makes_matching(q: str = "", *, catalog: CatalogIndex | None = None) -> QuerySet[Make]:
    """Makes by name or alias (`S&W` finds Smith & Wesson), with their country, aliases, licences and importers.

    The catalog's own makes come first, then those known only from licence lists. A text that holds
    no name nor alias still finds the make the matcher resolves it to (`NORINCO/JIANSHE`, `BERRETA`).
    """
    curated_first = Case(When(source=Make.Source.CATALOG, then=0), default=1)
    queryset = (
        Make.objects.order_by(curated_first, "name")
        .select_related("country")
        .prefetch_related(
            Prefetch("aliases", queryset=MakeAlias.objects.exclude(name=F("make__name")).order_by("name")),
            Prefetch("licences", queryset=MakeLicence.objects.order_by("-primary", "rds_key")),
            Prefetch("importers", queryset=Make.objects.order_by("name")),
        )
    )
    wanted = text_key(q)
    if not wanted:
        return queryset
    ids = _ids(wanted, Make.objects.values_list("id", "name"))
    ids |= _ids(wanted, MakeAlias.objects.values_list("make_id", "name"))
    if not ids:
        found = (catalog or CatalogIndex.load()).make_id(q)
        ids = {found} if found is not None else ids
    return queryset.filter(pk__in=ids)


def calibers_matching(q: str = "") -> QuerySet[Caliber]:
    """Calibres by name, group or alias (`9mm`, `9x19` and `9 mm Luger` alike), with their aliases."""
    queryset = Caliber.objects.prefetch_related(Prefetch("aliases", queryset=CaliberAlias.objects.order_by("key")))
    wanted = text_key(q)
    if not wanted:
        return queryset
    ids = _ids(wanted, Caliber.objects.values_list("id", "name", "group"))
    key = caliber_key(q)
    if key:
        ids |= {pk for pk, alias in CaliberAlias.objects.values_list("caliber_id", "key") if alias.startswith(key)}
    return queryset.filter(pk__in=ids)


def crime_codes_matching(q: str = "") -> QuerySet[CrimeCode]:
    """NCIC offence codes by code (`911` finds 0911), English or Spanish name, or a Mexican offence name."""
    queryset = CrimeCode.objects.prefetch_related(Prefetch("aliases", queryset=CrimeCodeAlias.objects.order_by("name")))
    wanted = text_key(q)
    if not wanted:
        return queryset
    rows = list(CrimeCode.objects.values_list("code", "name_en", "name_es", "category"))
    ids = _ids(wanted, rows) | {code for code, *_names in rows if _code_matches(q, code)}
    ids |= _ids(wanted, CrimeCodeAlias.objects.values_list("crime_code_id", "name"))
    return queryset.filter(pk__in=ids)


def _code_matches(q: str, code: str) -> bool:
    value = q.strip()
    return value.isdigit() and (code.startswith(value) or code == value.zfill(4))


def regions_of(country: str = "") -> QuerySet[Region]:
    """The states of a country (ISO 3166-1 alpha-2 code), or of every country."""
    queryset = Region.objects.order_by("country_id", "name")
    code = country.strip().upper()
    return queryset.filter(country_id=code) if code else queryset


def municipalities_matching(*, region: str = "", q: str = "") -> QuerySet[Municipality]:
    """Municipalities (counties in the US) of a state by name or by the start of their code."""
    queryset = Municipality.objects.order_by("region_id", "name")
    code = region.strip().upper()
    if code:
        queryset = queryset.filter(region_id=code)
    wanted = text_key(q)
    if not wanted:
        return queryset
    rows = list(queryset.values_list("id", "name", "code"))
    value = q.strip()
    ids = _ids(wanted, [(pk, name) for pk, name, _code in rows])
    if value.isdigit():
        ids |= {pk for pk, _name, number in rows if number.startswith(value)}
    return queryset.filter(pk__in=ids)


def licensee_names(rds_keys: Iterable[str]) -> dict[str, str]:
    """The names of the licensees Traza holds with these RDS keys, in one query."""
    keys = {key for key in rds_keys if key}
    if not keys:
        return {}
    rows = Licensee.objects.filter(rds_key__in=keys).values_list("rds_key", "business_name", "license_name")
    return {rds: business or licence for rds, business, licence in rows}

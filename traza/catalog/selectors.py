"""Reads on the reference catalogs, shared by the catalog pages and the catalog API.

Searches ignore case and accents (`culiacan` finds Culiacán) and look at every name a thing
goes by: a make's aliases, a calibre's group and aliases, an offence's Mexican names. The
catalogs are small (a few thousand rows at most), so the texts are compared in Python and the
matches fetched by id: a search costs two queries, whatever it matches.
"""

from collections.abc import Iterable

from django.db.models import Case, F, Prefetch, QuerySet, Sum, When
from django.utils.translation import gettext_lazy as _

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
    PublishedTraceCount,
    Region,
    region_name,
)
from traza.core.typing import Text
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
    return value.isdecimal() and (code.startswith(value) or code == value.zfill(4))


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
    if value.isdecimal():
        ids |= {pk for pk, _name, number in rows if number.startswith(value)}
    return queryset.filter(pk__in=ids)


def licensee_names(rds_keys: Iterable[str]) -> dict[str, str]:
    """The names of the licensees Traza holds with these RDS keys, in one query."""
    keys = {key for key in rds_keys if key}
    if not keys:
        return {}
    rows = Licensee.objects.filter(rds_key__in=keys).values_list("rds_key", "business_name", "license_name")
    return {rds: business or licence for rds, business, licence in rows}


# ----- ATF's published source × recovery table
#
# Context beside Traza's own figures: ATF's counts of US and territories recoveries whose source state
# ATF identified, one table a year (2013 is not in the table). Never added to Traza's counts.

#: The names of the ATF jurisdictions kept under one region that stand for more than that region.
COMBINED_NAMES = {"US-GU": _("Guam and the Northern Mariana Islands")}


def published_years() -> list[int]:
    """The years ATF's source × recovery table is loaded for, oldest first."""
    return list(PublishedTraceCount.objects.order_by("year").values_list("year", flat=True).distinct())


def published_source_shares(*, year: int | None = None, recovery_region: str = "") -> list[dict]:
    """Where the firearms ATF traced in a year were first sold: one dict per source region, largest first.

    Each dict: `region` (code), `name`, `firearms` (traced firearms first sold there and recovered in
    the US or its territories that year, or in `recovery_region` when given) and `share` (of that
    year's total, 0 to 1). Only traces with a known source state count: ATF's table leaves out the
    others. The latest year by default; an empty list for a year not in the table.
    """
    rows = _published(year)
    if recovery_region:
        rows = rows.filter(recovery_region_id=recovery_region.strip().upper())
    totals = list(rows.values_list("source_region_id").annotate(firearms=Sum("firearms")).order_by("-firearms"))
    return _with_shares([{"region": code, "firearms": firearms} for code, firearms in totals], ("region",))


def published_flows(*, year: int | None = None, top: int = 20, interstate: bool = False) -> list[dict]:
    """ATF's largest source → recovery flows of a year (the latest by default), largest first.

    Each dict: `source` and `recovery` (region codes), `source_name`, `recovery_name`, `firearms` and
    `share` (of all the year's traced firearms with a known source state, US recoveries only).
    `interstate` leaves out the guns recovered in the state they were sold in.
    """
    rows = _published(year)
    total = rows.aggregate(total=Sum("firearms"))["total"] or 0
    if interstate:
        rows = rows.exclude(source_region_id=F("recovery_region_id"))
    found = rows.order_by("-firearms", "source_region_id", "recovery_region_id")[: max(top, 0)]
    flows = [
        {"source": row.source_region_id, "recovery": row.recovery_region_id, "firearms": row.firearms} for row in found
    ]
    return _with_shares(flows, ("source", "recovery"), total=total)


def _published(year: int | None) -> QuerySet[PublishedTraceCount]:
    if year is None:
        year = PublishedTraceCount.objects.order_by("-year").values_list("year", flat=True).first()
        if year is None:  # nothing published yet
            return PublishedTraceCount.objects.none()
    return PublishedTraceCount.objects.filter(year=year)


def _with_shares(rows: list[dict], code_keys: tuple[str, ...], *, total: int | None = None) -> list[dict]:
    """Add each row's share of `total` (of the rows' sum when None) and the names of its regions."""
    total = sum(row["firearms"] for row in rows) if total is None else total
    regions = Region.objects.filter(country_id="US").values_list("code", "name", "name_es")
    names: dict[str, Text] = {code: region_name(name, name_es) for code, name, name_es in regions}
    names |= COMBINED_NAMES
    for row in rows:
        row["share"] = row["firearms"] / total if total else 0.0
        for key in code_keys:
            row["name" if key == "region" else f"{key}_name"] = str(names.get(row[key], row[key]))
    return rows

"""What leads are computed from, read set-based: every traced gun with its resolved buyer, in one query.

A traced gun counts when its trace stands (not a draft, cancelled, rejected or a duplicate of another trace)
and the engine found its purchase record; its buyer is the `Person` that record's `PersonRecord` resolved to.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import cast

from django.db import connection
from django.db.models import Count

from traza.core.bulk import batches
from traza.intel.models import Person, PersonRecord
from traza.tracing.models import Indicator, Trace

#: Traces that are not (or no longer) a recovered gun of their own.
NOT_COUNTED = (Trace.Status.DRAFT, Trace.Status.CANCELLED, Trace.Status.REJECTED, Trace.Status.DUPLICATE)
SHORT_TTC_DAYS = 3 * 365
STRONG_TTC_DAYS = 365


@dataclass(frozen=True, slots=True)
class TracedGun:
    """One standing trace whose purchase record resolved to a person, with what its indicators need."""

    trace_id: int
    buyer_id: int
    recovered_on: date
    sold_on: date | None
    country: str
    region: str
    seizure: str
    dealer: str
    ttc: int | None  # days from the sale to the recovery
    abroad: bool  # sold by a US dealer, recovered in another country (`cross_border`)
    far: bool  # recovered in the US, in another state than its dealer's
    not_the_buyer: bool  # taken from someone other than its buyer
    multiple_sale: bool

    @property
    def short(self) -> bool:
        return self.ttc is not None and self.ttc <= SHORT_TTC_DAYS

    @property
    def strong(self) -> bool:
        return self.ttc is not None and self.ttc <= STRONG_TTC_DAYS


TRACED_GUNS_SQL = """
SELECT t.id, buyer.person_id, holder.person_id, t.recovery_date, COALESCE(t.sale_date, buyer.seen_on),
       t.recovery_country, COALESCE(t.recovery_region_id, ''), CASE WHEN t.seizure_ref = '' THEN ''
       ELSE {seizure} END, t.retail_licensee_rds, COALESCE(dealer.premise_state, ''),
       COALESCE(region.postal_code, ''),
       CASE WHEN npp.id IS NULL THEN 0 ELSE 1 END, CASE WHEN ms.id IS NULL THEN 0 ELSE 1 END
FROM tracing_trace t
JOIN intel_personrecord buyer ON buyer.source = %s AND buyer.source_id = t.purchase_id
LEFT JOIN intel_personrecord holder ON holder.source = %s AND holder.source_id = t.id
LEFT JOIN industry_licensee dealer ON dealer.rds_key = t.retail_licensee_rds
LEFT JOIN catalog_region region ON region.code = t.recovery_region_id
LEFT JOIN tracing_traceindicator npp ON npp.trace_id = t.id AND npp.code = %s
LEFT JOIN tracing_traceindicator ms ON ms.trace_id = t.id AND ms.code = %s
WHERE t.purchase_id IS NOT NULL AND buyer.person_id IS NOT NULL AND t.status NOT IN ({excluded})
"""


def traced_guns() -> list[TracedGun]:
    """Every standing trace with a resolved buyer (one query, streamed)."""
    concat = "CAST(t.agency_id AS TEXT) || '|' || t.seizure_ref"
    sql = TRACED_GUNS_SQL.format(seizure=concat, excluded=", ".join(["%s"] * len(NOT_COUNTED)))
    params = [
        PersonRecord.Source.PURCHASE,
        PersonRecord.Source.POSSESSOR,
        Indicator.PURCHASER_NOT_POSSESSOR,
        Indicator.MULTIPLE_SALE,
        *NOT_COUNTED,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_gun(row) for row in _rows(cursor)]


def _rows(cursor, size: int = 20_000):
    while chunk := cursor.fetchmany(size):
        yield from chunk


def _gun(row: tuple) -> TracedGun:
    trace_id, buyer, holder, recovered, sold, country, region, seizure, dealer, dealer_state, state, npp, ms = row
    recovered, sold = cast(date, _day(recovered)), _day(sold)
    far = country == "US" and bool(state and dealer_state) and state != dealer_state
    # Resolution says whether the possessor is the buyer when it knows the possessor; else the engine's indicator.
    other = holder != buyer if holder is not None else bool(npp)
    ttc = (recovered - sold).days if sold else None
    return TracedGun(
        trace_id, buyer, recovered, sold, country, region, seizure, dealer, ttc, country != "US", far, other, bool(ms)
    )


def _day(value) -> date | None:
    """A date read through a raw cursor (SQLite gives text back where an expression made it)."""
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


def multiple_sale_reports() -> dict[int, int]:
    """How many multiple-sale reports name each resolved person."""
    rows = (
        PersonRecord.objects.filter(source=PersonRecord.Source.MULTIPLE_SALE, person__isnull=False)
        .values("person_id")
        .annotate(count=Count("id"))
        .values_list("person_id", "count")
    )
    return dict(rows)


def purchase_days(person_ids: list[int]) -> dict[int, list[date]]:
    """The days each of these people bought a gun (every purchase record of theirs, traced or not)."""
    days: dict[int, list[date]] = defaultdict(list)
    for part in batches(person_ids, 5000):
        records = PersonRecord.objects.filter(
            source=PersonRecord.Source.PURCHASE, person_id__any=list(part), seen_on__isnull=False
        )
        for person, day in records.values_list("person_id", "seen_on"):
            days[person].append(cast(date, day))
    return days


def person_keys(person_ids: set[int]) -> dict[int, str]:
    keys: dict[int, str] = {}
    ids = sorted(person_ids)
    for part in batches(ids, 5000):
        keys.update(Person.objects.filter(id__any=list(part)).values_list("id", "key"))
    return keys

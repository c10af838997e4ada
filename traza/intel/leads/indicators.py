"""The trace indicators that need other traces to see: `repeat_purchaser` and `repeat_dealer`.

- `repeat_purchaser`: the trace's buyer, resolved across spellings, is in other standing traces (as the
  buyer or the possessor); strong from REPEAT_STRONG traces on.
- `repeat_dealer`: the trace's retail dealer had REPEAT_DEALER_TRACES short time-to-crime traces or more
  recovered in the trace's year of recovery (ATF's figure for its Demand Letter 2 programme: 25 in a
  calendar year); strong from twice that.

Written set-based after each recompute: rows the data no longer supports are removed, new ones added.
"""

from collections import defaultdict

from traza.core.bulk import batches, insert_rows
from traza.intel.leads.dealers import Dealer
from traza.intel.leads.inputs import NOT_COUNTED, TracedGun
from traza.intel.models import PersonRecord
from traza.tracing.models import Indicator, Trace, TraceIndicator

REPEAT_STRONG = 3
REPEAT_DEALER_TRACES = 25
CODES = (Indicator.REPEAT_PURCHASER, Indicator.REPEAT_DEALER)


def repeat_purchasers(guns: list[TracedGun]) -> dict[int, bool]:
    """trace id → strong, for traces whose buyer is in other standing traces."""
    traces: dict[int, set[int]] = defaultdict(set)
    for gun in guns:
        traces[gun.buyer_id].add(gun.trace_id)
    buyers = PersonRecord.objects.filter(source=PersonRecord.Source.PURCHASE).values("person_id")
    standing = Trace.objects.exclude(status__in=NOT_COUNTED).values("id")
    possessors = PersonRecord.objects.filter(
        source=PersonRecord.Source.POSSESSOR, person_id__in=buyers, source_id__in=standing
    )
    for person, trace_id in possessors.values_list("person_id", "source_id"):
        if person in traces:
            traces[person].add(trace_id)
    return {gun.trace_id: len(traces[gun.buyer_id]) >= REPEAT_STRONG for gun in guns if len(traces[gun.buyer_id]) > 1}


def repeat_dealers(dealers: dict[str, Dealer]) -> dict[int, bool]:
    """trace id → strong, for standing traces of a dealer in a year it had many short time-to-crime traces."""
    years = {
        (rds, year): count >= 2 * REPEAT_DEALER_TRACES
        for rds, dealer in dealers.items()
        for year, count in dealer.by_year.items()
        if count >= REPEAT_DEALER_TRACES
    }
    if not years:
        return {}
    traces = (
        Trace.objects.exclude(status__in=NOT_COUNTED)
        .filter(retail_licensee_rds__in=sorted({rds for rds, _year in years}))
        .values_list("id", "retail_licensee_rds", "recovery_date")
    )
    return {pk: years[(rds, day.year)] for pk, rds, day in traces if (rds, day.year) in years}


def indicators_sync(wanted: dict[str, dict[int, bool]]) -> tuple[int, int]:
    """Make the rows of these codes exactly `wanted` (code → trace id → strong); return (added, removed)."""
    present = {
        (trace_id, code): (pk, strong)
        for pk, trace_id, code, strong in TraceIndicator.objects.filter(code__in=CODES).values_list(
            "id", "trace_id", "code", "strong"
        )
    }
    rows = {(trace_id, code): strong for code, traces in wanted.items() for trace_id, strong in traces.items()}
    stale = [pk for key, (pk, strong) in present.items() if rows.get(key) != strong]
    for part in batches(stale, 5000):
        TraceIndicator.objects.filter(id__any=list(part)).delete()
    kept = {key for key, (_pk, strong) in present.items() if rows.get(key) == strong}
    new = [
        (trace_id, code, strong) for (trace_id, code), strong in sorted(rows.items()) if (trace_id, code) not in kept
    ]
    insert_rows(TraceIndicator._meta.db_table, ("trace_id", "code", "strong"), new)
    return len(new), len(stale)

"""The trace engine: from a seized gun's serial and make to its maker, dealers and first buyer.

Traces are resolved in batches with a fixed number of queries per batch, whatever the number
of hops: every A&D record of every serial in the batch is read at once, and the chains are
walked in memory. Resolving a trace again is always safe: the result is computed afresh from
the records Traza holds now, so a trace that waited for a licensee goes on when its records
arrive.
"""

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import transaction

from traza.catalog.lookup import CatalogIndex
from traza.core.bulk import batches
from traza.intel.suspects import suspects_match
from traza.intel.tasks import intel_refresh_soon
from traza.international.services import international_requests_open
from traza.notifications.triggers import traces_finished_notify
from traza.stats.refresh import facts_refresh_traces
from traza.tracing.engine.evidence import Evidence
from traza.tracing.engine.outcome import (
    NOTE_BRIDGED,
    NOTE_PARTIAL_AMBIGUOUS,
    NOTE_PARTIAL_NONE,
    NOTE_PARTIAL_SERIAL,
    Status,
)
from traza.tracing.engine.walker import Walker
from traza.tracing.engine.writing import write_outcomes
from traza.tracing.models import Trace

__all__ = [
    "NOTE_BRIDGED",
    "NOTE_PARTIAL_AMBIGUOUS",
    "NOTE_PARTIAL_NONE",
    "NOTE_PARTIAL_SERIAL",
    "resolve",
    "traces_waiting_on",
]

BATCH = 5000
SKIPPED = {Status.CANCELLED, Status.DRAFT}
TRACE_FIELDS = (
    "id",
    "status",
    "serial_key",
    "serial_obliterated",
    "manufacturer",
    "make_id",
    "make_basis",
    "make_confidence",
    "importer",
    "importer_make_id",
    "caliber_ref_id",
    "firearm_type",
    "country_of_origin",
    "recovery_date",
    "recovery_country",
    "recovery_region_id",
    "possessor_last_name",
    "possessor_first_name",
    "completed_at",
    "priority",
)


def resolve(trace_ids: Iterable[int]) -> int:
    """Resolve these traces (any number), batch by batch; return how many were resolved."""
    ids = sorted(set(trace_ids))
    catalog = CatalogIndex.load()
    done = 0
    for part in batches(ids, BATCH):
        done += _resolve_batch(part, catalog)
    return done


def _resolve_batch(ids: Sequence[int], catalog: CatalogIndex) -> int:
    traces = [t for t in Trace.objects.filter(id__any=ids).values(*TRACE_FIELDS) if t["status"] not in SKIPPED]
    if not traces:
        return 0
    with _collector_paused():
        _resolve_and_write(traces, catalog)
    return len(traces)


def _resolve_and_write(traces: list[dict], catalog: CatalogIndex) -> None:
    walker = Walker(Evidence(traces, catalog))
    outcomes = {t["id"]: walker.resolve(t) for t in traces}
    with transaction.atomic():
        write_outcomes(traces, outcomes)
        international_requests_open(trace_ids=list(outcomes))
        facts_refresh_traces(list(outcomes))
        suspects_match(traces=traces, outcomes=outcomes)
        traces_finished_notify(traces=traces, outcomes=outcomes)
        intel_refresh_soon()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a batch is read, walked and written: it builds hundreds of thousands
    of small dicts and tuples (records, steps, rows), none in a cycle, and each pass would walk them all again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def traces_waiting_on(licensee_rds: Iterable[str]) -> list[int]:
    """Traces whose chain stopped at one of these licensees: new records of theirs may move them on.

    A duplicate stops where its first trace stops, and moves on with it.
    """
    keys = list(licensee_rds)
    waiting: set[int] = set()
    for part in batches(keys):
        waiting.update(
            Trace.objects.filter(stopped_at_rds__in=part)
            .exclude(status__in=[Status.CANCELLED, Status.DRAFT])
            .values_list("id", flat=True)
        )
    return sorted(waiting)

"""The trace engine: from a seized gun's serial and make to its maker, dealers and first buyer.

Traces are resolved in batches with a fixed number of queries per batch, whatever the number
of hops: every A&D record of every serial in the batch is read at once, and the chains are
walked in memory. Resolving a trace again is always safe: the result is computed afresh from
the records Traza holds now, so a trace that waited for a licensee goes on when its records
arrive.
"""

import gc
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.db import connection, connections, transaction

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
    Outcome,
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
    """Resolve these traces (any number), batch by batch; return how many were resolved.

    A batch holds every trace of each of its guns (see `_gun_batches`), so no two batches read or write
    the same gun. On PostgreSQL, outside a transaction, the next batch is therefore read and walked (in
    Python, on a connection of its own) while the database writes the last one: the two halves of the
    work take about as long each, and a batch never waits for the one before it to commit.
    """
    ids = sorted(set(trace_ids))
    if not ids:
        return 0
    catalog = CatalogIndex.load()
    parts = _gun_batches(ids)
    with _collector_paused():
        if len(parts) > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block:
            return _resolve_overlapped(parts, catalog)
        return sum(_write(_read_and_walk(part, catalog)) for part in parts)


def _gun_batches(ids: Sequence[int]) -> list[list[int]]:
    """The traces in batches of about BATCH, every trace of one serial in the same batch, in order of serial.

    What a batch reads of other traces (the first trace of a recovery, the queries open on a gun, a
    licensee's answer that it has no record of a gun) is of its own guns only. Traces without a serial
    share nothing and go wherever there is room.
    """
    if len(ids) <= BATCH:  # one batch (a submission, a small upload): no need to read the serials
        return [list(ids)]
    keyed: list[tuple[str, int]] = []
    for part in batches(ids, BATCH):
        keyed += Trace.objects.filter(id__any=part).order_by().values_list("serial_key", "id")
    keyed.sort(key=lambda row: (row[0] or f"#{row[1]:020d}", row[1]))
    parts: list[list[int]] = [[]]
    previous = None
    for serial, trace_id in keyed:
        if len(parts[-1]) >= BATCH and (not serial or serial != previous):
            parts.append([])
        parts[-1].append(trace_id)
        previous = serial
    return [part for part in parts if part]


def _resolve_overlapped(parts: list[list[int]], catalog: CatalogIndex) -> int:
    """Write each batch while a second thread reads and walks the next one (see `resolve`)."""
    done = 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        (timeout,) = cursor.fetchone()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="traza-resolve") as reader:
        try:
            reader.submit(_statement_timeout, timeout).result()  # an import's bound holds for its reads too
            pending = reader.submit(_read_and_walk, parts[0], catalog)
            for following in [*parts[1:], None]:
                walked = pending.result()
                if following is not None:
                    pending = reader.submit(_read_and_walk, following, catalog)
                done += _write(walked)
        finally:
            reader.submit(connections.close_all).result()  # the reader thread's own connection
    return done


def _statement_timeout(timeout: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [timeout])


Walked = tuple[list[dict], dict[int, Outcome]]


def _read_and_walk(ids: Sequence[int], catalog: CatalogIndex) -> Walked:
    traces = [
        t for t in Trace.objects.filter(id__any=ids).order_by().values(*TRACE_FIELDS) if t["status"] not in SKIPPED
    ]
    if not traces:
        return [], {}
    walker = Walker(Evidence(traces, catalog))
    return traces, {t["id"]: walker.resolve(t) for t in traces}


def _write(walked: Walked) -> int:
    traces, outcomes = walked
    if not traces:
        return 0
    with transaction.atomic():
        write_outcomes(traces, outcomes)
        international_requests_open(trace_ids=list(outcomes))
        facts_refresh_traces(list(outcomes))
        suspects_match(traces=traces, outcomes=outcomes)
        traces_finished_notify(traces=traces, outcomes=outcomes)
        intel_refresh_soon()
    return len(traces)


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

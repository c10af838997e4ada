"""The engine's batches: every trace of a gun in one batch, and batches read while others write resolve alike."""

import pytest
from django.db import connection, transaction

from traza.industry.models import LicenseeQuery
from traza.tracing import engine
from traza.tracing.models import Trace, TraceIndicator, TraceStep
from traza.tracing.tests.world import (
    DEALER,
    LICENSEE_NAMES,
    PAPER_DEALER,
    RUGER,
    SMITH,
    WHOLESALER,
    chain,
    purchase,
)

Status = Trace.Status
NAMES = {licence: name for licence, (name, _state, _type) in LICENSEE_NAMES.items()}


def hops(*licences: str) -> list[tuple[str, str]]:
    return [(licence, NAMES[licence]) for licence in licences]


def test_every_trace_of_one_serial_is_in_the_same_batch(world, submit, monkeypatch):
    serials = ["RG-1", "RG-2", "RG-1", "", "RG-3", "RG-1", "", "RG-2", ""]
    traces = [
        submit(serial_number=serial, serial_obliterated="N" if serial else "Y", manufacturer="RUGER")
        for serial in serials
    ]
    monkeypatch.setattr(engine, "BATCH", 2)

    parts = engine._gun_batches([t.pk for t in traces])

    assert sorted(pk for part in parts for pk in part) == sorted(t.pk for t in traces)
    batch_of = {pk: index for index, part in enumerate(parts) for pk in part}
    keys = {t.serial_key for t in traces if t.serial_key}
    assert len(keys) == 3
    for key in keys:
        assert len({batch_of[t.pk] for t in traces if t.serial_key == key}) == 1, key
    assert max(len(part) for part in parts) <= 2 - 1 + 3  # it outgrows BATCH only to keep a serial (3 at most) whole
    assert len(parts) >= 4


def gun_world(world, submit, agency_b) -> list[int]:
    """Traces of guns that share what the engine reads across traces: the first trace of one recovery, an open
    query to a licensee without electronic records, a purchaser; with their serials written the way officers do."""
    world(
        "dispositions",
        [
            *chain("RG-100", NAMES[RUGER], hops(RUGER, WHOLESALER, DEALER), ref="4473-100"),
            *chain("RG-200", NAMES[RUGER], hops(RUGER, WHOLESALER, PAPER_DEALER))[:2],
            *chain("SW-300", NAMES[SMITH], hops(SMITH, DEALER), ref="4473-300"),
            *chain("SW-400", NAMES[SMITH], hops(SMITH, WHOLESALER, DEALER), ending="", ref=""),
        ],
    )
    world("purchases", [purchase(DEALER, "4473-100", "GARCIA", "JUAN"), purchase(DEALER, "4473-300", "PEREZ", "ANA")])
    traces = [
        submit(serial_number="rg 100", manufacturer="RUGER"),
        submit(serial_number="RG-200", manufacturer="Sturm Ruger"),
        submit(serial_number="SW300", manufacturer="S&W"),
        submit(serial_number="RG100", manufacturer="ruger", agency=agency_b),  # same recovery, another agency
        submit(serial_number="RG 200", manufacturer="RUGER", recovery_date="2023-02-11"),  # recovered again
        submit(serial_number="SW-400", manufacturer="SMITH & WESSON"),
        submit(serial_number="", serial_obliterated="Y", manufacturer="RUGER"),
        submit(serial_number="RG-1?0", serial_obliterated="partial", manufacturer="RUGER"),
        submit(serial_number="RG-100", manufacturer="RUGER", recovery_date="2024-07-30"),
        submit(serial_number="SW 300", manufacturer="SMITH AND WESSON", agency=agency_b),
    ]
    return [t.pk for t in traces]


def results(ids: list[int]) -> dict:
    """What the engine wrote of these traces, without the ids of the queries it opened."""
    traces = Trace.objects.filter(id__in=ids).order_by("id")
    result = ("status", "status_reason", "duplicate_of_id", "retail_licensee_rds", "stopped_at_rds", "purchase_id")
    queries = LicenseeQuery.objects.filter(trace_id__in=ids).order_by("trace_id", "licensee_rds")
    return {
        "traces": list(traces.values_list("id", *result)),
        "steps": list(
            TraceStep.objects.filter(trace_id__in=ids)
            .order_by("trace_id", "position")
            .values_list("trace_id", "position", "role", "licensee_rds", "disposition_id", "purchase_id")
        ),
        "indicators": sorted(TraceIndicator.objects.filter(trace_id__in=ids).values_list("trace_id", "code", "strong")),
        "queries": list(queries.values_list("trace_id", "licensee_rds", "status")),
    }


def unresolve(ids: list[int]) -> None:
    """Back to submitted, as an import leaves its traces before the engine runs."""
    TraceStep.objects.filter(trace_id__in=ids).delete()
    TraceIndicator.objects.filter(trace_id__in=ids).delete()
    LicenseeQuery.objects.filter(trace_id__in=ids).delete()
    Trace.objects.filter(id__in=ids).update(
        status=Status.SUBMITTED,
        status_reason="",
        duplicate_of=None,
        retail_licensee_rds="",
        stopped_at_rds="",
        purchase=None,
        completed_at=None,
    )


@pytest.mark.django_db(transaction=True)
def test_batches_read_while_others_are_written_resolve_as_batches_one_after_another(
    world, submit, agency_b, monkeypatch
):
    ids = gun_world(world, submit, agency_b)
    one_by_one = results(ids)  # each trace resolved as it was submitted
    statuses = {status for _id, status, *_rest in one_by_one["traces"]}
    assert {Status.COMPLETED_PURCHASER, Status.DUPLICATE, Status.IN_PROGRESS, Status.NOT_TRACED} <= statuses
    overlapped = []
    monkeypatch.setattr(engine, "_resolve_overlapped", counted(engine._resolve_overlapped, overlapped))
    monkeypatch.setattr(engine, "BATCH", 2)

    unresolve(ids)
    assert engine.resolve(ids) == len(ids)
    assert results(ids) == one_by_one
    assert len(overlapped) == (1 if connection.vendor == "postgresql" else 0)

    unresolve(ids)
    with transaction.atomic():  # inside a transaction, one batch after another on one connection
        assert engine.resolve(ids) == len(ids)
    assert results(ids) == one_by_one
    assert len(overlapped) == (1 if connection.vendor == "postgresql" else 0)

    assert engine.resolve(ids) == len(ids)  # resolved again as they are: nothing changes
    assert results(ids) == one_by_one


def counted(function, calls: list):
    def call(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    return call


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="batches overlap on PostgreSQL only")
def test_the_thread_that_reads_ahead_runs_under_the_callers_statement_timeout(world, submit, agency_b, monkeypatch):
    ids = gun_world(world, submit, agency_b)
    seen = []
    read_and_walk = engine._read_and_walk

    def reading(*args):
        with connection.cursor() as cursor:  # the reading thread's own connection
            cursor.execute("SHOW statement_timeout")
            seen.append(cursor.fetchone()[0])
        return read_and_walk(*args)

    monkeypatch.setattr(engine, "_read_and_walk", reading)
    monkeypatch.setattr(engine, "BATCH", 2)
    with connection.cursor() as cursor:  # as an import bounds its statements (imports/pipeline/bounds.py)
        cursor.execute("SELECT set_config('statement_timeout', '77s', false)")
    try:
        assert engine.resolve(ids) == len(ids)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    assert len(seen) > 1 and set(seen) == {"77s"}

"""Writing a batch's outcomes: steps, indicators, licensee queries and results, in bulk."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from traza.core.bulk import insert_rows, update_rows
from traza.industry.models import LicenseeQuery
from traza.tracing.engine.evidence import gun_key
from traza.tracing.engine.outcome import Outcome
from traza.tracing.models import Trace, TraceIndicator, TraceStep


def write_outcomes(traces: list[dict], outcomes: dict[int, Outcome]) -> None:
    now = timezone.now()
    ids = list(outcomes)
    TraceStep.objects.filter(trace_id__any=ids).delete()
    TraceIndicator.objects.filter(trace_id__any=ids).delete()
    queries = _sync_queries(traces, outcomes, now)
    insert_rows(
        TraceStep._meta.db_table,
        ("trace_id", *TraceStep.WRITTEN),
        _step_rows(outcomes, queries),
    )
    insert_rows(
        TraceIndicator._meta.db_table,
        ("trace_id", "code", "strong"),
        [(trace_id, code, strong) for trace_id, o in outcomes.items() for code, strong in sorted(o.indicators.items())],
    )
    update_rows(Trace._meta.db_table, "id", RESULT_COLUMNS, [_result_row(t, outcomes[t["id"]], now) for t in traces])


RESULT_COLUMNS = (
    "status",
    "status_reason",
    "resolution_note",
    "duplicate_of_id",
    "first_licensee_rds",
    "retail_licensee_rds",
    "stopped_at_rds",
    "sale_date",
    "purchase_id",
    "resolved_at",
    "completed_at",
    "make_id",
    "make_basis",
    "make_confidence",
    "country_of_origin",
)


def _result_row(trace: dict, outcome: Outcome, now) -> tuple:
    final = outcome.status in Trace.FINAL
    unchanged = trace["status"] == outcome.status and trace["completed_at"] is not None
    completed = (trace["completed_at"] if unchanged else now) if final else None
    make = outcome.make or (trace["make_id"], trace["make_basis"], trace["make_confidence"])
    return (
        trace["id"],
        outcome.status,
        outcome.reason,
        outcome.note,
        outcome.duplicate_of,
        outcome.first_licensee,
        outcome.retail_licensee,
        outcome.stopped_at,
        outcome.sale_date,
        outcome.purchase["id"] if outcome.purchase else None,
        now,
        completed,
        *make,
        trace["country_of_origin"] or outcome.country,
    )


def _step_rows(outcomes: dict[int, Outcome], queries: dict[tuple[int, str], int]) -> list[tuple]:
    rows = []
    for trace_id, outcome in outcomes.items():
        for position, step in enumerate(outcome.steps):
            record = step.record or {}
            rows.append(
                (
                    trace_id,
                    position,
                    step.role,
                    step.licensee,
                    record.get("id"),
                    step.purchase,
                    step.theft,
                    queries.get((trace_id, step.licensee)) if step.awaiting else None,
                    record.get("acquisition_date"),
                    record.get("disposition_date"),
                    record.get("disposition_type", ""),
                    step.make_confidence,
                )
            )
    return rows


def _sync_queries(traces: list[dict], outcomes: dict[int, Outcome], now) -> dict[tuple[int, str], int]:
    """Open the queries the batch now waits on; close those it no longer needs. Return their ids.

    A licensee is asked once about one gun: every trace of that gun waiting on it (a duplicate, the
    same gun recovered again) shares the open query, whichever trace opened it.
    """
    guns = {t["id"]: _gun(t, outcomes[t["id"]]) for t in traces}
    wanted = {(tid, rds): reason for tid, o in outcomes.items() for rds, reason in o.queries}
    wanted_by_gun = {(guns[tid], rds) for tid, rds in wanted}
    open_queries = LicenseeQuery.objects.filter(status=LicenseeQuery.Status.OPEN).filter(
        Q(trace_id__any=list(outcomes))
        | Q(trace__serial_key__any=sorted({gun[0] for gun in guns.values()}), licensee_rds__in={r for _t, r in wanted})
    )
    own: dict[tuple[int, str], int] = {}
    shared: dict[tuple[tuple, str], int] = {}
    for q in open_queries.values(
        "id", "trace_id", "licensee_rds", "trace__serial_key", "trace__make_id", "trace__manufacturer"
    ):
        gun = gun_key(
            {
                "serial_key": q["trace__serial_key"],
                "make_id": q["trace__make_id"],
                "manufacturer": q["trace__manufacturer"],
            }
        )
        if q["trace_id"] in outcomes:
            own[(q["trace_id"], q["licensee_rds"])] = q["id"]
        shared.setdefault((gun, q["licensee_rds"]), q["id"])
    stale = [
        qid for (tid, rds), qid in own.items() if (tid, rds) not in wanted and (guns.get(tid), rds) not in wanted_by_gun
    ]
    _close(
        stale, [qid for (tid, _rds), qid in own.items() if qid in stale and outcomes[tid].status in Trace.FINAL], now
    )
    due = now + timedelta(hours=settings.TRAZA_QUERY_DUE_HOURS)
    new = {}
    for (tid, rds), reason in sorted(wanted.items()):
        if (tid, rds) not in own and (guns[tid], rds) not in shared and (guns[tid], rds) not in new:
            new[(guns[tid], rds)] = LicenseeQuery(
                trace_id=tid, licensee_rds=rds, reason=reason, created_at=now, due_at=due
            )
    LicenseeQuery.objects.bulk_create(list(new.values()))
    shared.update({key: query.pk for key, query in new.items()})
    return {(tid, rds): own.get((tid, rds)) or shared[(guns[tid], rds)] for tid, rds in wanted}


def _gun(trace: dict, outcome: Outcome) -> tuple:
    """The gun a trace is of, with the make the engine found for it."""
    return gun_key({**trace, "make_id": outcome.make.id}) if outcome.make else gun_key(trace)


def _close(stale: list[int], answered: list[int], now) -> None:
    """Queries no trace waits on any more: answered when their trace ended, else closed."""
    if not stale:
        return
    LicenseeQuery.objects.filter(id__in=answered).update(status=LicenseeQuery.Status.ANSWERED, closed_at=now)
    LicenseeQuery.objects.filter(id__in=stale).exclude(id__in=answered).update(
        status=LicenseeQuery.Status.CLOSED, closed_at=now
    )

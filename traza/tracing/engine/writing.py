"""Writing a batch's outcomes: steps, indicators, licensee queries and results, in bulk."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from traza.core.bulk import insert_rows, update_rows
from traza.industry.models import LicenseeQuery
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
        (
            "trace_id",
            "position",
            "role",
            "licensee_rds",
            "disposition_id",
            "purchase_id",
            "theft_id",
            "query_id",
            "received_date",
            "disposed_date",
            "disposition_type",
            "make_confidence",
        ),
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
            asker = outcome.duplicate_of or trace_id
            rows.append(
                (
                    trace_id,
                    position,
                    step.role,
                    step.licensee,
                    record.get("id"),
                    step.purchase,
                    step.theft,
                    queries.get((asker, step.licensee)) if step.awaiting else None,
                    record.get("acquisition_date"),
                    record.get("disposition_date"),
                    record.get("disposition_type", ""),
                    step.make_confidence,
                )
            )
    return rows


def _sync_queries(traces: list[dict], outcomes: dict[int, Outcome], now) -> dict[tuple[int, str], int]:
    """Open the queries the batch now waits on; close those it no longer needs. Return their ids.

    A duplicate asks nothing itself: its awaiting steps show its first trace's queries.
    """
    wanted = {(tid, rds): reason for tid, o in outcomes.items() if not o.duplicate_of for rds, reason in o.queries}
    firsts = {o.duplicate_of for o in outcomes.values() if o.duplicate_of}
    open_queries = {
        (q["trace_id"], q["licensee_rds"]): q["id"]
        for q in LicenseeQuery.objects.filter(
            trace_id__any=sorted(set(outcomes) | firsts), status=LicenseeQuery.Status.OPEN
        ).values("id", "trace_id", "licensee_rds")
    }
    stale = [qid for (tid, rds), qid in open_queries.items() if tid in outcomes and (tid, rds) not in wanted]
    if stale:
        answered = [
            qid for (tid, _rds), qid in open_queries.items() if qid in stale and outcomes[tid].status in Trace.FINAL
        ]
        LicenseeQuery.objects.filter(id__in=answered).update(status=LicenseeQuery.Status.ANSWERED, closed_at=now)
        LicenseeQuery.objects.filter(id__in=stale).exclude(id__in=answered).update(
            status=LicenseeQuery.Status.CLOSED, closed_at=now
        )
    due = now + timedelta(hours=settings.TRAZA_QUERY_DUE_HOURS)
    created = LicenseeQuery.objects.bulk_create(
        [
            LicenseeQuery(trace_id=tid, licensee_rds=rds, reason=reason, created_at=now, due_at=due)
            for (tid, rds), reason in wanted.items()
            if (tid, rds) not in open_queries
        ]
    )
    ids = {key: qid for key, qid in open_queries.items() if key in wanted or key[0] not in outcomes}
    ids.update({(q.trace_id, q.licensee_rds): q.pk for q in created})
    return ids

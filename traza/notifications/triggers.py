"""What tells users that something happened: the engine's batches, licensees' answers, overdue queries.

Each trigger is set-based: one batch of traces or a sweep of queries writes its notifications in
one insert, whatever the number.
"""

from typing import cast

from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from traza.industry.models import LicenseeQuery
from traza.notifications.models import Kind, Notification
from traza.notifications.services import Item, notify_many
from traza.tracing.models import Trace, format_trace_number

OVERDUE_PREFIX = "query:"


def traces_finished_notify(*, traces: list[dict], outcomes: dict) -> int:
    """Tell each submitter which of their traces in this batch reached a final status now (not those already final).

    One notification per submitter and batch: the trace when it is one, how many when a file brought several.
    """
    finished = [t["id"] for t in traces if t["status"] not in Trace.FINAL and outcomes[t["id"]].status in Trace.FINAL]
    if not finished:
        return 0
    mine: dict[int, list[dict]] = {}
    for row in Trace.objects.filter(id__any=finished, submitted_by__isnull=False).values(
        "id", "created_at", "submitted_by_id"
    ):
        mine.setdefault(row["submitted_by_id"], []).append(cast(dict, row))
    items = [_finished_item(user_id, rows, outcomes) for user_id, rows in mine.items()]
    return notify_many(kind=Kind.TRACE_FINISHED, items=items)


def _finished_item(user_id: int, rows: list[dict], outcomes: dict) -> Item:
    if len(rows) > 1:
        return Item(user_id, {"count": len(rows)}, reverse("trace-list"))
    number = format_trace_number(rows[0]["created_at"].year, rows[0]["id"])
    params = {"trace": number, "status": outcomes[rows[0]["id"]].status}
    return Item(user_id, params, reverse("trace-detail", args=[number]))


def query_answered_notify(*, query: LicenseeQuery) -> int:
    """Tell the submitter of the query's trace that the licensee answered."""
    trace = Trace.objects.only("id", "created_at", "submitted_by_id").get(pk=query.trace_id)
    item = Item(trace.submitted_by_id, {"trace": trace.number}, reverse("trace-detail", args=[trace.number]))
    return notify_many(kind=Kind.QUERY_ANSWERED, items=[item])


def queries_overdue_notify() -> int:
    """Tell the submitters of traces whose licensee query is overdue, once per query. Run by the worker's sweep."""
    subject = Concat(Value(OVERDUE_PREFIX), Cast(OuterRef("id"), CharField()), output_field=CharField())
    told = Notification.objects.filter(kind=Kind.QUERY_OVERDUE, subject=subject)
    overdue = (
        LicenseeQuery.objects.filter(status=LicenseeQuery.Status.OPEN, due_at__lt=timezone.now())
        .filter(trace__submitted_by__isnull=False)
        .exclude(Exists(told))
        .values("id", "trace_id", "trace__created_at", "trace__submitted_by_id")
    )
    items = []
    for query in overdue:
        number = format_trace_number(query["trace__created_at"].year, query["trace_id"])
        url = reverse("trace-detail", args=[number])
        items.append(Item(query["trace__submitted_by_id"], {"trace": number}, url, f"{OVERDUE_PREFIX}{query['id']}"))
    return notify_many(kind=Kind.QUERY_OVERDUE, items=items) if items else 0

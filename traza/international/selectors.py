"""Reads on international trace requests that a person triggers, and the answers the engine reads.

The country coordinator and the tracing centre's analysts work the requests of their own country's
agencies; anything else is simply not found (404). The trace's own agency sees its request on the
trace's page, through the trace it may read.
"""

from collections.abc import Iterable
from typing import NamedTuple, cast

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_noop

from traza.agencies.models import Agency, User
from traza.agencies.roles import COORDINATORS, QUERY_WORKERS, has_role
from traza.international.models import InternationalRequest
from traza.tracing.models import Trace

# Who works international requests: the country coordinator, and the analysts of its tracing centres.
REQUEST_WORKERS = COORDINATORS | QUERY_WORKERS

NOTE_EXPORT_ANSWER = gettext_noop(
    "Lawfully exported: the foreign authority's answer to the international trace request names the party."
)
NOTE_NO_RECORD_ANSWER = gettext_noop(
    "The foreign authority answered the international trace request: it holds no record of this firearm."
)


class ForeignAnswer(NamedTuple):
    """The result a foreign authority's answer gives a trace: the engine keeps it whenever it resolves it again."""

    status: str
    reason: str
    note: str


ANSWERED_RESULTS: dict[str, ForeignAnswer] = {
    InternationalRequest.Answer.EXPORT: ForeignAnswer(
        Trace.Status.TRACED_FOREIGN, Trace.Reason.EXPORTED, NOTE_EXPORT_ANSWER
    ),
    InternationalRequest.Answer.NO_RECORD: ForeignAnswer(
        Trace.Status.NOT_TRACED, Trace.Reason.NO_RECORD, NOTE_NO_RECORD_ANSWER
    ),
}


def requests_workable_by(user: User) -> QuerySet[InternationalRequest]:
    """The requests `user` may read and answer: those of traces of their own country's agencies."""
    if not has_role(user, REQUEST_WORKERS) or user.agency_id is None:
        return InternationalRequest.objects.none()
    return InternationalRequest.objects.filter(trace__agency__country_id=cast(Agency, user.agency).country_id)


def request_list(*, user: User) -> QuerySet[InternationalRequest]:
    """The requests `user` works, unanswered first, then by due time; with what a row shows."""
    return (
        requests_workable_by(user)
        .select_related("trace__agency", "trace__make", "country")
        .order_by(F("answered_at").asc(nulls_first=True), "due_at", "id")
    )


def request_detail(*, user: User, pk: int) -> InternationalRequest:
    """One request `user` works, with its trace and answer; Http404 for any other."""
    requests = requests_workable_by(user).select_related(
        "trace__agency",
        "trace__make__country",
        "trace__caliber_ref",
        "trace__recovery_region",
        "trace__recovery_municipality",
        "country",
        "export_country",
        "answered_by",
    )
    return get_object_or_404(requests, pk=pk)


def request_of_trace(trace: Trace) -> InternationalRequest | None:
    """The international request of a trace the viewer already reads (for the trace's page), or None."""
    return InternationalRequest.objects.filter(trace_id=trace.pk).select_related("country", "export_country").first()


def answers_for(trace_ids: Iterable[int]) -> dict[int, ForeignAnswer]:
    """The result each of these traces takes from a foreign authority's answer, by trace id (answered ones only).

    One query for a whole batch of the engine's traces.
    """
    rows = InternationalRequest.objects.filter(
        trace_id__any=list(trace_ids), status=InternationalRequest.Status.ANSWERED
    ).values_list("trace_id", "answer")
    return {trace_id: ANSWERED_RESULTS[answer] for trace_id, answer in rows}

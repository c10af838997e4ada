"""The agency's home page: where its traces stand, what waits on a licensee, what is urgent."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Min, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from traza.agencies.roles import TRACE_READERS, has_role
from traza.core.context_processors import landing_for
from traza.core.typing import AuthenticatedRequest
from traza.industry.models import LicenseeQuery
from traza.tracing.models import Trace
from traza.tracing.presentation import DueRow, due_words
from traza.tracing.selectors import trace_list, traces_visible_to, user_can_submit_traces

SHOWN = 10


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """The agency's recent traces, its counts by status, what waits on a licensee, what is urgent.

    A role that reads no traces (coordinator, auditor, industry responder, system administrator) starts at the
    page of its own work instead (`LANDING`); that is where signing in (LOGIN_REDIRECT_URL, "/") takes it.
    """
    if not has_role(request.user, TRACE_READERS):
        landing = landing_for(request.user)
        if landing != request.path:
            return redirect(landing)
        return render(request, "tracing/home.html", {"counts": [], "total": 0})
    visible = traces_visible_to(request.user)
    counts = dict(visible.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    labels = dict(Trace.Status.choices)
    context = {
        "counts": [(status, labels[status], counts.get(status, 0)) for status in labels if counts.get(status)],
        "total": sum(counts.values()),
        "recent": trace_list(user=request.user)[:SHOWN],
        "awaiting": _awaiting(request),
        "urgent": trace_list(user=request.user)
        .filter(priority=Trace.Priority.URGENT)
        .exclude(status__in=Trace.FINAL)
        .order_by("created_at")[:SHOWN],
        "can_submit": user_can_submit_traces(request.user),
    }
    return render(request, "tracing/home.html", context)


def _awaiting(request: AuthenticatedRequest) -> list[DueRow[Trace]]:
    """Traces waiting on a licensee's answer, the most overdue first, each with its due time in words."""
    traces = (
        trace_list(user=request.user)
        .filter(status=Trace.Status.IN_PROGRESS)
        .annotate(due_at=Min("queries__due_at", filter=Q(queries__status=LicenseeQuery.Status.OPEN)))
        .order_by(F("due_at").asc(nulls_last=True), "created_at")[:SHOWN]
    )
    now = timezone.now()
    return [
        DueRow(
            trace,
            due_words=due_words(trace.due_at, now=now) if trace.due_at else "",
            overdue=bool(trace.due_at and trace.due_at < now),
        )
        for trace in traces
    ]

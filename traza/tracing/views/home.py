"""The agency's pages about traces."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from traza.tracing.models import Trace
from traza.tracing.selectors import trace_list, traces_visible_to


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The agency's recent traces, its counts by status, what waits on a licensee, what is urgent."""
    visible = traces_visible_to(request.user)
    counts = dict(visible.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    labels = dict(Trace.Status.choices)
    context = {
        "counts": [(status, labels[status], counts.get(status, 0)) for status in labels if counts.get(status)],
        "total": sum(counts.values()),
        "recent": trace_list(user=request.user)[:10],
        "awaiting": visible.filter(status=Trace.Status.IN_PROGRESS).count(),
        "urgent": trace_list(user=request.user)
        .filter(priority=Trace.Priority.URGENT)
        .exclude(status__in=Trace.FINAL)
        .order_by("created_at")[:10],
    }
    return render(request, "tracing/home.html", context)

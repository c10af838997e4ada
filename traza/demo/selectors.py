"""Reads for the demo's summary: what the loaded world's traces came to."""

from django.db.models import Count

from traza.industry.models import LicenseeQuery
from traza.intel.models import Lead, Person
from traza.tracing.models import Trace, TraceIndicator


def traces_by_status() -> list[tuple[str, str, int]]:
    """(status, reason, count) of every trace, most common first."""
    rows = Trace.objects.values_list("status", "status_reason").annotate(count=Count("id")).order_by("-count")
    return [(status, reason, count) for status, reason, count in rows]


def indicator_counts() -> dict[str, int]:
    return dict(TraceIndicator.objects.values_list("code").annotate(count=Count("id")).order_by("code"))


def open_queries() -> int:
    return LicenseeQuery.objects.filter(status=LicenseeQuery.Status.OPEN).count()


def people_count() -> int:
    return Person.objects.count()


def active_leads() -> int:
    return Lead.objects.filter(active=True).count()

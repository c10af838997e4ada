"""Reads for the demo: what the loaded world's traces came to, and whom its users work for."""

from django.db.models import Count

from traza.industry.models import Licensee, LicenseeQuery
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


def busiest_licensee() -> str:
    """The RDS key of the licensee with the most open questions (the lowest key of those tied); "" when none is open."""
    busiest = (
        LicenseeQuery.objects.filter(status=LicenseeQuery.Status.OPEN)
        .values("licensee_rds")
        .annotate(count=Count("id"))
        .order_by("-count", "licensee_rds")
        .values_list("licensee_rds", flat=True)
        .first()
    )
    return busiest or ""


def licensee_names(rds_keys: list[str]) -> dict[str, str]:
    """The licence name of each of these licensees, by RDS key."""
    return dict(Licensee.objects.filter(rds_key__in=rds_keys).values_list("rds_key", "license_name"))


def people_count() -> int:
    return Person.objects.count()


def active_leads() -> int:
    return Lead.objects.filter(active=True).count()

"""Reads on the audit log: auditors browse and export it; nobody else reads it through Traza."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from traza.agencies.roles import AUDITORS, has_role
from traza.audit.chain import CHUNK, ChainReport, check_chain
from traza.audit.models import AuditChainHead, AuditEvent


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """Every entry for an auditor; none for anyone else."""
    if not has_role(user, AUDITORS):
        return AuditEvent.objects.none()
    return AuditEvent.objects.all()


@dataclass(frozen=True)
class AuditFilter:
    """What an auditor narrows the log to; every field is optional."""

    action: str = ""
    actor: str = ""
    agency_code: str = ""
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None

    def as_details(self) -> dict:
        return {key: str(value) for key, value in self.__dict__.items() if value}


def audit_event_list(*, user, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """The entries `user` may read that match `filters`, newest first, with actor and agency joined."""
    events = audit_events_visible_to(user).select_related("agency").order_by("-seq")
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.actor:
        events = events.filter(actor_name__iexact=filters.actor.strip())
    if filters.agency_code:
        events = events.filter(agency__code__iexact=filters.agency_code.strip())
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id.strip())
    if filters.since:
        events = events.filter(at__gte=_day_start(filters.since))
    if filters.until:
        events = events.filter(at__lt=_day_start(filters.until) + timedelta(days=1))
    return events


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_chain_report() -> ChainReport:
    """Check the whole chain, entry by entry, and the head against its last entry."""
    events = AuditEvent.objects.order_by("seq").iterator(chunk_size=CHUNK)
    return check_chain(events, head=AuditChainHead.objects.first())

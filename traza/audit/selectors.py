"""Reads on the audit log: auditors browse and export it; nobody else reads it through Traza."""

from django.db.models import QuerySet

from traza.agencies.roles import AUDITORS, has_role
from traza.audit.chain import CHUNK, ChainReport, check_chain
from traza.audit.models import AuditChainHead, AuditEvent


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """Every entry for an auditor; none for anyone else."""
    if not has_role(user, AUDITORS):
        return AuditEvent.objects.none()
    return AuditEvent.objects.all()


def audit_event_list(*, user) -> QuerySet[AuditEvent]:
    """The entries `user` may read, newest first, with their agency joined (the page's filters: filters.py)."""
    return audit_events_visible_to(user).select_related("agency").order_by("-seq")


def audit_chain_report() -> ChainReport:
    """Check the whole chain, entry by entry, and the head against its last entry."""
    events = AuditEvent.objects.order_by("seq").iterator(chunk_size=CHUNK)
    return check_chain(events, head=AuditChainHead.objects.first())

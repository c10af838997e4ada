"""Reads on leads that a person triggers: every one goes through `leads_visible_to`.

Leads are for investigators and analysts. A lead is visible when at least one of the traces it rests
on is visible to the viewer (`traces_visible_to`); on a lead's page only those traces are listed, and
the others are counted, not shown. Anything else answers 404.
"""

import re

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from traza.agencies.models import Agency, User
from traza.agencies.roles import PERSONAL_DATA_READERS, has_role
from traza.audit.models import AuditEvent
from traza.intel.models import Lead, LeadNote, LeadPerson, LeadTrace, Person
from traza.tracing.models import Trace
from traza.tracing.selectors import trace_list, traces_visible_to

LEAD_WORKERS = PERSONAL_DATA_READERS
LEAD_NUMBER = re.compile(r"^L(\d{1,12})$")


def leads_visible_to(user: User) -> QuerySet[Lead]:
    """The leads `user` may read, active or not: those with at least one trace the user may read."""
    if not has_role(user, LEAD_WORKERS) or user.agency_id is None:
        return Lead.objects.none()
    visible = LeadTrace.objects.filter(lead_id=OuterRef("pk"), trace__in=traces_visible_to(user))
    return Lead.objects.filter(Exists(visible))


def lead_list(*, user: User) -> QuerySet[Lead]:
    """The leads `user` may read, ready for a list: assignee joined, traces and people counted (per row shown)."""
    return (
        leads_visible_to(user)
        .select_related("assigned_to")
        .annotate(trace_count=_count(LeadTrace), person_count=_count(LeadPerson))
    )


def _count(model) -> Coalesce:
    """How many rows of `model` (LeadTrace, LeadPerson) a lead has: a subquery, not a join that multiplies rows."""
    rows = model.objects.filter(lead_id=OuterRef("pk")).order_by().values("lead_id").annotate(n=Count("*"))
    return Coalesce(Subquery(rows.values("n")), 0)


def lead_by_number(queryset: QuerySet[Lead], number: str) -> Lead:
    """The lead of `queryset` with this number (L0000042); Http404 when there is none, or it is out of scope."""
    match = LEAD_NUMBER.match(number.strip().upper())
    lead = queryset.filter(pk=int(match.group(1))).first() if match else None
    if lead is None:
        raise Http404
    return lead


def lead_detail(*, user: User, number: str) -> Lead:
    """One lead `user` may read, with its assignee, the agency it was referred to and its notes' authors."""
    notes = LeadNote.objects.select_related("author")
    queryset = (
        leads_visible_to(user)
        .select_related("assigned_to", "referred_to")
        .prefetch_related(Prefetch("notes", queryset=notes))
    )
    return lead_by_number(queryset, number)


def lead_traces_visible(*, user: User, lead: Lead) -> QuerySet[Trace]:
    """The traces of `lead` that `user` may read, newest recovery first, ready for the trace table."""
    ids = LeadTrace.objects.filter(lead=lead).values("trace_id")
    return (
        trace_list(user=user)
        .filter(pk__in=ids)
        .select_related("recovery_region", "recovery_municipality")
        .order_by("-recovery_date", "-id")
    )


def lead_trace_count(lead: Lead) -> int:
    """How many traces `lead` rests on, visible to the viewer or not."""
    return LeadTrace.objects.filter(lead=lead).count()


def lead_people(lead: Lead) -> QuerySet[Person]:
    """The people `lead` rests on, by key: keys only leave this selector, never names."""
    return Person.objects.filter(leads=lead).order_by("key").only("key")


def people_keys(*, lead_ids: list[int]) -> dict[int, list[str]]:
    """The keys of the people of these leads, by lead, in one query."""
    keys: dict[int, list[str]] = {lead_id: [] for lead_id in lead_ids}
    rows = LeadPerson.objects.filter(lead_id__in=lead_ids).order_by("person__key")
    for lead_id, key in rows.values_list("lead_id", "person__key"):
        keys[lead_id].append(key)
    return keys


def lead_history(lead: Lead) -> QuerySet[AuditEvent]:
    """What was done to `lead`, oldest first, from the audit log (its details hold no personal data)."""
    return AuditEvent.objects.filter(object_type="lead", object_id=str(lead.pk)).order_by("seq")


def lead_assignees(user: User) -> QuerySet[User]:
    """Whom `user` may assign a lead to: the active investigators of their own agency."""
    if user.agency_id is None:
        return User.objects.none()
    return User.objects.filter(
        agency_id=user.agency_id, role=User.Role.INVESTIGATOR, is_active=True, removed_at__isnull=True
    ).order_by("last_name", "first_name", "username")


def referral_agencies() -> QuerySet[Agency]:
    """The agencies a lead may be referred to: every approved agency."""
    return Agency.objects.filter(status=Agency.Status.APPROVED).order_by("code")


def visible_trace_numbers(*, traces: QuerySet[Trace] | None, lead_ids: list[int]) -> dict[int, list[str]]:
    """The numbers of the traces of these leads among `traces` (every trace when None), by lead, in one query."""
    links = LeadTrace.objects.filter(lead_id__in=lead_ids)
    if traces is not None:
        links = links.filter(trace__in=traces)
    numbers: dict[int, list[str]] = {lead_id: [] for lead_id in lead_ids}
    for lead_id, trace_id, created in links.order_by("trace_id").values_list(
        "lead_id", "trace_id", "trace__created_at"
    ):
        numbers[lead_id].append(Trace(pk=trace_id, created_at=created).number)
    return numbers

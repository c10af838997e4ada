"""Reads on licensee queries and on the files a licensee sends, that a person triggers.

Every read starts from `queries_workable_by(user)`: a tracing centre's analysts work the queries of
the traces their centre serves (their country's), an industry responder only those addressed to its
own licence. Anything else is simply not found
(404), never forbidden.
"""

from django.db.models import BooleanField, Case, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from traza.agencies.models import User
from traza.agencies.roles import QUERY_WORKERS, has_role
from traza.imports.models import ImportKind, ImportRun
from traza.industry.models import Licensee, LicenseeQuery
from traza.tracing.models import Trace
from traza.tracing.presentation import licensee_facts
from traza.tracing.selectors import licensee_queries_visible_to, user_works_queries

# Who works licensee queries: the tracing centre's analysts, and the licensees' own responders.
QUERY_ANSWERERS = QUERY_WORKERS | {User.Role.INDUSTRY}
RECORD_KINDS = (ImportKind.DISPOSITIONS, ImportKind.PURCHASES)
QUEUE_ORDER = ("-past_due", "-is_urgent", "due_at", "id")


def queries_workable_by(user: User) -> QuerySet[LicenseeQuery]:
    """The queries `user` may read and answer: those its tracing centre serves for an analyst
    (`queries_served_by`), its licence's for an industry responder; none for anyone else."""
    if not (user_is_responder(user) or user_works_queries(user)):
        return LicenseeQuery.objects.none()
    return licensee_queries_visible_to(user)


def user_is_responder(user: User) -> bool:
    """Whether `user` answers for a licensee (and so sees only the firearm of each query)."""
    return has_role(user, frozenset({User.Role.INDUSTRY}))


def query_queue(*, user: User) -> QuerySet[LicenseeQuery]:
    """The open queries `user` works: overdue first, then urgent traces before routine, then by due time (the
    queue's filters are industry/filters.py)."""
    now = timezone.now()
    queries = queries_workable_by(user).filter(status=LicenseeQuery.Status.OPEN)
    return (
        queries.annotate(
            past_due=Case(When(due_at__lt=now, then=Value(True)), default=Value(False), output_field=BooleanField()),
            is_urgent=Case(
                When(trace__priority=Trace.Priority.URGENT, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .select_related("trace__agency", "trace__make")
        .order_by(*QUEUE_ORDER)
    )


def query_detail(*, user: User, pk: int) -> LicenseeQuery:
    """One query `user` works, with its trace and who answered it; Http404 for any other."""
    queries = queries_workable_by(user).select_related(
        "trace__agency", "trace__make", "trace__caliber_ref", "answered_by", "answer_run"
    )
    return get_object_or_404(queries, pk=pk)


def licensee_contact(rds: str, licensees: dict[str, Licensee]) -> dict:
    """What the analyst needs to call a licensee: licence, name, state, town and phone (a business's listing)."""
    licensee = licensees.get(rds)
    return {
        **licensee_facts(rds, licensees),
        "phone": licensee.voice_phone if licensee else "",
        "city": licensee.premise_city if licensee else "",
    }


def records_sent_by(user: User) -> QuerySet[ImportRun]:
    """The A&D books and purchase records sent for `user`'s licence, newest first; none for anyone else."""
    if not user_is_responder(user) or not user.licensee_rds:
        return ImportRun.objects.none()
    answers = LicenseeQuery.objects.filter(answer_run__isnull=False).values("answer_run_id")
    return (
        ImportRun.objects.filter(licensee_rds=user.licensee_rds, kind__in=RECORD_KINDS)
        .exclude(pk__in=answers)
        .select_related("user")
        .order_by("-created_at", "-id")
    )


def records_detail(*, user: User, pk: int) -> ImportRun:
    """One file sent for `user`'s licence; Http404 for any other."""
    return get_object_or_404(records_sent_by(user), pk=pk)

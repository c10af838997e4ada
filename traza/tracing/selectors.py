"""Reads on traces that a person triggers: every one goes through `traces_visible_to`.

Scoping lives here and nowhere else: the API, the web views and the exports made on a user's
behalf start from `traces_visible_to(user)`, so a trace of another agency is simply not found
(404), never forbidden (403).
"""

from collections.abc import Iterable
from typing import cast

from django.db.models import F, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from traza.agencies.models import Agency, User
from traza.agencies.roles import QUERY_WORKERS, TRACE_READERS
from traza.agencies.selectors.agencies import agencies_served_by, sharing_partners
from traza.core.expressions import InSubquery
from traza.industry.models import Licensee, LicenseeQuery
from traza.tracing.models import Trace, TraceIndicator, TraceStep, parse_trace_number

TRACE_SUBMITTERS = frozenset({User.Role.OFFICER, User.Role.INVESTIGATOR, User.Role.ANALYST, User.Role.AGENCY_ADMIN})


def traces_visible_to(user: User) -> QuerySet[Trace]:
    """The traces `user` may read, in one query.

    Officers, investigators, analysts and agency administrators read the traces of their own
    agency (as the recovering agency, or as the designated agency that submitted them under a
    central access policy) and those of the agencies that share an agreement with theirs, while
    both are members. An analyst of a tracing centre also reads the traces the centre serves that
    put a question to a licensee (`queries_served_by`): that is the queue the centre works. Every
    other role, and anyone without an agency, reads no trace here (auditors see aggregate figures;
    industry responders their queries).
    """
    if not user.is_authenticated or user.agency_id is None or user.role not in TRACE_READERS:
        return Trace.objects.none()
    agency_id = user.agency_id
    partners = InSubquery(F("agency_id"), Subquery(sharing_partners(agency_id)))
    scope = Q(agency_id=agency_id) | Q(submitting_agency_id=agency_id) | Q(partners)
    if user_works_queries(user):
        scope |= Q(InSubquery(F("pk"), Subquery(queries_served_by(cast(Agency, user.agency)).values("trace_id"))))
    return Trace.objects.filter(scope)


def user_works_queries(user: User) -> bool:
    """Whether `user` works licensee queries for others: an analyst of an agency designated a tracing centre."""
    return bool(
        user.is_authenticated
        and user.role in QUERY_WORKERS
        and user.agency_id
        and cast(Agency, user.agency).tracing_centre
    )


def traces_editable_by(user: User) -> QuerySet[Trace]:
    """The traces `user` may change (withdraw, correct): their own agency's, never a sharing partner's.

    A designated agency edits the traces it submitted for another agency, which holds no accounts.
    """
    if not user_can_submit_traces(user):
        return Trace.objects.none()
    return Trace.objects.filter(Q(agency_id=user.agency_id) | Q(submitting_agency_id=user.agency_id))


def licensee_queries_visible_to(user: User) -> QuerySet[LicenseeQuery]:
    """The questions to licensees `user` may read: an industry responder's are those addressed to their
    licence; a tracing centre's analysts those of the traces the centre serves; everybody else those of
    the traces they may read.
    """
    if not user.is_authenticated:
        return LicenseeQuery.objects.none()
    if user.role == User.Role.INDUSTRY:
        if not user.licensee_rds:
            return LicenseeQuery.objects.none()
        return LicenseeQuery.objects.filter(licensee_rds=user.licensee_rds)
    if user_works_queries(user):
        return queries_served_by(cast(Agency, user.agency))
    return LicenseeQuery.objects.filter(trace__in=traces_visible_to(user))


def queries_served_by(centre: Agency) -> QuerySet[LicenseeQuery]:
    """The licensee queries a tracing centre works: those of the traces of the agencies it serves
    (`agencies_served_by`, its country's). Its analysts read those traces, answer those queries and,
    naming one of them, may reveal the trace's personal data. None for an agency that is not a centre.
    """
    return LicenseeQuery.objects.filter(trace__agency_id__in=agencies_served_by(centre).values("pk"))


def user_can_submit_traces(user: User) -> bool:
    """Whether `user` may submit traces for their agency, and withdraw them."""
    return bool(user.is_authenticated and user.agency_id and user.role in TRACE_SUBMITTERS)


def trace_by_number(queryset: QuerySet[Trace], number: str) -> Trace:
    """The trace of `queryset` with this trace number; Http404 when there is none (or it is out of scope)."""
    parsed = parse_trace_number(number)
    # Neither ordered nor limited: one row at most, and PostgreSQL plans a LIMIT over the detail's joins
    # several times slower (12 ms against 2 ms, on every poll of a trace).
    trace = next(iter(queryset.filter(pk=parsed[1]).order_by()), None) if parsed else None
    if parsed is None or trace is None or trace.created_at.year != parsed[0]:
        raise Http404
    return trace


def trace_detail(*, user: User, number: str) -> Trace:
    """One trace `user` may read, with its chain, evidence, queries and indicators loaded in a few queries.

    Of the records a step cites, and of the first trace a duplicate names, only the columns the detail shows
    are read: every answer to a submission and every poll pays for this query's planning and its columns.
    """
    steps = (
        TraceStep.objects.select_related(
            "disposition__import_run", "purchase__import_run", "theft__import_run", "query"
        )
        .only(*STEP_COLUMNS)
        .order_by("position")
    )
    queryset = (
        traces_visible_to(user)
        .select_related(
            "agency",
            "make",
            "caliber_ref",
            "recovery_region",
            "recovery_municipality",
            "purchase",
            "duplicate_of",
        )
        .defer(*FIRST_TRACE_DEFERRED)
        .prefetch_related(Prefetch("steps", queryset=steps), _indicators())
    )
    return trace_by_number(queryset, number)


# What the detail shows of the record a step cites (presentation.step_evidence) and of the first trace a duplicate
# names (its number, its result).
RECORD_COLUMNS = ("line", "import_run__file_name", "import_run__created_at")
STEP_COLUMNS = (
    *(field.name for field in TraceStep._meta.concrete_fields),
    "query",
    *(f"disposition__{name}" for name in ("record_id", *RECORD_COLUMNS)),
    *(f"purchase__{name}" for name in ("transaction_ref", "person_key", *RECORD_COLUMNS)),
    *(f"theft__{name}" for name in ("report_number", *RECORD_COLUMNS)),
)
FIRST_TRACE_COLUMNS = ("id", "created_at", "status", "status_reason")
FIRST_TRACE_DEFERRED = tuple(
    f"duplicate_of__{field.attname}" for field in Trace._meta.concrete_fields if field.name not in FIRST_TRACE_COLUMNS
)


def trace_list(*, user: User) -> QuerySet[Trace]:
    """The traces `user` may read, ready for a list: what a row shows comes in a fixed number of queries."""
    return traces_visible_to(user).select_related("agency", "make").prefetch_related(_indicators())


def _indicators() -> Prefetch:
    return Prefetch("indicators", queryset=TraceIndicator.objects.order_by("code"))


def licensees_by_rds(rds_keys: Iterable[str]) -> dict[str, Licensee]:
    """The licensees with these RDS keys, in one query (blank keys are skipped)."""
    keys = {key for key in rds_keys if key}
    if not keys:
        return {}
    return {licensee.rds_key: licensee for licensee in Licensee.objects.filter(rds_key__in=keys)}


def licence_number(licensee: Licensee | None) -> str:
    """A licensee's full FFL number, or "" when it is known only from other licensees' records."""
    return licensee.licence_number if licensee is not None and licensee.listed else ""

"""Personal data in a trace (possessor, purchaser): who may see it, and what everybody else sees instead.

Names, birth dates, addresses and identity numbers are shown only to investigators and analysts
who may read the trace, after they stated a purpose (`personal_data_reveal`), for
TRAZA_REVEAL_MINUTES. An analyst revealing a trace of another agency also names the licensee query
the look serves (`reveal_needs_query`): a purpose alone is not enough there. Everybody else, and
they before stating a purpose, see masks: in pages, the API and exports alike. Never put these
values in URLs, logs or error messages.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from traza.agencies.models import User
from traza.agencies.roles import PERSONAL_DATA_READERS, QUERY_WORKERS, has_role
from traza.industry.models import PURCHASER_FIELDS, LicenseeQuery
from traza.tracing.models import Trace
from traza.tracing.selectors import licensee_queries_visible_to, licensees_by_rds, traces_visible_to

MASK = "•••••"
POSSESSOR_FIELDS = {
    "last_name": "possessor_last_name",
    "first_name": "possessor_first_name",
    "date_of_birth": "possessor_dob",
}
REVEAL_ACTION = "personal_data.reveal"


def personal_data_of(trace: Trace) -> dict:
    """The trace's personal data: {"possessor": {...}, "purchaser": {...} or None}. Only for revealing."""
    possessor = {key: getattr(trace, name) for key, name in POSSESSOR_FIELDS.items()}
    purchase = trace.purchase
    purchaser = {key: getattr(purchase, key) for key in PURCHASER_FIELDS} if purchase is not None else None
    return {"possessor": possessor, "purchaser": purchaser}


def mask(value) -> str:
    """What stands in for one personal value: the same mask whatever its length; "" when there is none."""
    return MASK if value not in (None, "") else ""


def masked_personal_data(trace: Trace) -> dict:
    """The shape of `personal_data_of(trace)` with every value masked: what pages, API and exports show by default."""
    data = personal_data_of(trace)
    return {
        "possessor": {key: mask(value) for key, value in data["possessor"].items()},
        "purchaser": {key: mask(value) for key, value in data["purchaser"].items()} if data["purchaser"] else None,
    }


def user_may_reveal(user: User, trace: Trace) -> bool:
    """Whether `user` may ask to see `trace`'s personal data: an investigator or analyst who may read the trace."""
    return has_role(user, PERSONAL_DATA_READERS) and traces_visible_to(user).filter(pk=trace.pk).exists()


def reveal_needs_query(user: User, trace: Trace) -> bool:
    """Whether `user` must name the licensee query a reveal of `trace` serves: an analyst, for a trace that is
    not their own agency's (neither recovered nor submitted by it)."""
    return user.role in QUERY_WORKERS and user.agency_id not in (trace.agency_id, trace.submitting_agency_id)


def queries_to_name(user: User, trace: Trace) -> QuerySet[LicenseeQuery]:
    """The queries `user` may name to reveal `trace`: its open or answered ones among those `user` may read
    (for an analyst, those their tracing centre works)."""
    live = (LicenseeQuery.Status.OPEN, LicenseeQuery.Status.ANSWERED)
    return licensee_queries_visible_to(user).filter(trace_id=trace.pk, status__in=live).order_by("due_at", "id")


def query_choices(user: User, trace: Trace) -> list[tuple[int, str]]:
    """The queries a reveal form offers `user` for `trace`, each as (id, what it says): licensee and status."""
    queries = list(queries_to_name(user, trace))
    licensees = licensees_by_rds(query.licensee_rds for query in queries)
    choices = []
    for query in queries:
        licensee = licensees.get(query.licensee_rds)
        name = licensee.display_name if licensee is not None and licensee.display_name else query.licensee_rds
        label = _("Query %(number)s to %(licensee)s (%(status)s)")
        choices.append((query.pk, label % {"number": query.pk, "licensee": name, "status": query.get_status_display()}))
    return choices


@dataclass(frozen=True)
class RevealGrant:
    """Leave for one user to see one trace's personal data, for a stated purpose, until `expires_at`."""

    trace_id: int
    user_id: int
    purpose: str
    granted_at: datetime
    expires_at: datetime
    data: dict


def reveal_grant(*, user: User, trace: Trace) -> RevealGrant | None:
    """The live grant of `user` for `trace`: their last stated purpose in the window, if they may still reveal."""
    from traza.audit.models import AuditEvent

    if not user_may_reveal(user, trace):
        return None
    window = timedelta(minutes=settings.TRAZA_REVEAL_MINUTES)
    event = (
        AuditEvent.objects.filter(
            actor=user,
            action=REVEAL_ACTION,
            object_type="trace",
            object_id=str(trace.pk),
            at__gte=timezone.now() - window,
        )
        .order_by("-seq")
        .first()
    )
    if event is None:
        return None
    return grant_for(user=user, trace=trace, purpose=event.purpose, granted_at=event.at)


def grant_for(*, user: User, trace: Trace, purpose: str, granted_at: datetime) -> RevealGrant:
    window = timedelta(minutes=settings.TRAZA_REVEAL_MINUTES)
    return RevealGrant(
        trace_id=trace.pk,
        user_id=user.pk,
        purpose=purpose,
        granted_at=granted_at,
        expires_at=granted_at + window,
        data=personal_data_of(trace),
    )


def personal_data_for(*, user: User, trace: Trace) -> dict | None:
    """The trace's personal data if `user` stated a purpose for it recently (and may still see it); else None.

    None means: show `masked_personal_data(trace)` and, if `user_may_reveal`, the form that asks for a purpose.
    """
    grant = reveal_grant(user=user, trace=trace)
    return grant.data if grant is not None else None


def personal_data_shown(*, user: User, trace: Trace) -> dict:
    """What a page or API answer shows: {"revealed", "may_reveal", "expires_at", "possessor", "purchaser"}, and
    for the reveal form whether a query must be named ("needs_query") and which ("queries": (id, label) pairs).
    """
    grant = reveal_grant(user=user, trace=trace)
    values = grant.data if grant is not None else masked_personal_data(trace)
    may_reveal = grant is not None or user_may_reveal(user, trace)
    needs_query = grant is None and may_reveal and reveal_needs_query(user, trace)
    return {
        "revealed": grant is not None,
        "may_reveal": may_reveal,
        "expires_at": grant.expires_at if grant is not None else None,
        "needs_query": needs_query,
        "queries": query_choices(user, trace) if needs_query else [],
        **values,
    }

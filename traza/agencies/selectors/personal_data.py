"""Personal data in a trace (possessor, purchaser): who may see it, and what everybody else sees instead.

Names, birth dates, addresses and identity numbers are shown only to investigators and analysts
who may read the trace, after they stated a purpose (`personal_data_reveal`), for
TRAZA_REVEAL_MINUTES. Everybody else, and they before stating a purpose, see masks: in pages,
the API and exports alike. Never put these values in URLs, logs or error messages.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from traza.agencies.models import User
from traza.agencies.roles import PERSONAL_DATA_READERS, has_role
from traza.tracing.models import Trace
from traza.tracing.selectors import traces_visible_to

MASK = "•••••"
POSSESSOR_FIELDS = {
    "last_name": "possessor_last_name",
    "first_name": "possessor_first_name",
    "date_of_birth": "possessor_dob",
}
PURCHASER_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "suffix",
    "date_of_birth",
    "place_of_birth",
    "street",
    "city",
    "state",
    "zip",
    "id_type",
    "id_number",
    "id_issuer",
)
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
    """What a page or API answer shows: {"revealed", "may_reveal", "expires_at", "possessor", "purchaser"}."""
    grant = reveal_grant(user=user, trace=trace)
    values = grant.data if grant is not None else masked_personal_data(trace)
    return {
        "revealed": grant is not None,
        "may_reveal": grant is not None or user_may_reveal(user, trace),
        "expires_at": grant.expires_at if grant is not None else None,
        **values,
    }

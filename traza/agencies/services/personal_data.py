"""Showing a trace's personal data to an investigator or analyst who states why: the reveal, audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import User
from traza.agencies.selectors.personal_data import REVEAL_ACTION, RevealGrant, grant_for, user_may_reveal
from traza.audit.services import audit_record
from traza.tracing.models import Trace

PURPOSE_MAX = 200


@transaction.atomic
def personal_data_reveal(*, actor: User, trace: Trace, purpose: str) -> RevealGrant:
    """Let `actor` see `trace`'s personal data for `purpose` (their case number), and record that they did.

    Raises PermissionDenied unless `actor` is an investigator or analyst who may read the trace
    (callers answer 404), ValidationError when the purpose is empty or too long. The grant lasts
    TRAZA_REVEAL_MINUTES; `personal_data_for` finds it again on later requests.
    """
    purpose = " ".join(purpose.split())
    if not user_may_reveal(actor, trace):
        raise PermissionDenied(_("You may not see this trace's personal data."))
    if not purpose:
        raise ValidationError({"purpose": [_("State why you need to see it: your case number.")]})
    if len(purpose) > PURPOSE_MAX:
        raise ValidationError({"purpose": [_("Keep the purpose under %(max)s characters.") % {"max": PURPOSE_MAX}]})
    details = {"trace": trace.number, "trace_agency": trace.agency.code}
    event = audit_record(actor=actor, action=REVEAL_ACTION, target=trace, purpose=purpose, details=details)
    return grant_for(user=actor, trace=trace, purpose=purpose, granted_at=event.at)

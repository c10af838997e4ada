"""Showing a trace's personal data to an investigator or analyst who states why: the reveal, audited.

`purpose_clean` is the one rule for every purpose Traza asks before showing personal data (a trace's,
a resolved person's): a reference such as a case or file number, or a sentence, never one word.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import User
from traza.agencies.selectors.personal_data import (
    REVEAL_ACTION,
    RevealGrant,
    grant_for,
    queries_to_name,
    reveal_needs_query,
    user_may_reveal,
)
from traza.audit.services import audit_record
from traza.industry.models import LicenseeQuery
from traza.tracing.models import Trace

PURPOSE_MAX = 200
PURPOSE_MIN_WORDS = 4
REFERENCE_MIN_LENGTH = 5
WORD = re.compile(r"[^\W\d_]{2,}")


def purpose_clean(purpose: str) -> str:
    """The purpose as recorded (spaces collapsed), when it says what the look is for; ValidationError otherwise.

    It must name a reference (a word of at least REFERENCE_MIN_LENGTH characters with a digit in it, as case,
    file and query numbers are: CI-CLN-0042, FGE/SIN/123/2026) or say why in at least PURPOSE_MIN_WORDS words.
    "curiosity", "test" or "ok" are not purposes.
    """
    purpose = " ".join(purpose.split())
    if not purpose:
        raise ValidationError({"purpose": [_("State why you need to see it: your case number.")]})
    if len(purpose) > PURPOSE_MAX:
        raise ValidationError({"purpose": [_("Keep the purpose under %(max)s characters.") % {"max": PURPOSE_MAX}]})
    tokens = purpose.split()
    has_reference = any(len(token) >= REFERENCE_MIN_LENGTH and any(c.isdigit() for c in token) for token in tokens)
    if not has_reference and sum(1 for token in tokens if WORD.search(token)) < PURPOSE_MIN_WORDS:
        raise ValidationError(
            {
                "purpose": [
                    _(
                        "Say what the look is for: your case or file number (such as CI-CLN-0042), or at least "
                        "%(words)s words."
                    )
                    % {"words": PURPOSE_MIN_WORDS}
                ]
            }
        )
    return purpose


@transaction.atomic
def personal_data_reveal(*, actor: User, trace: Trace, purpose: str, query_id: int | None = None) -> RevealGrant:
    """Let `actor` see `trace`'s personal data for `purpose` (their case number), and record that they did.

    Raises PermissionDenied unless `actor` is an investigator or analyst who may read the trace
    (callers answer 404); ValidationError, by field, when the purpose says nothing (`purpose_clean`)
    or when the query is missing or wrong: an analyst revealing another agency's trace names the
    licensee query the look serves, an open or answered one on this trace that their tracing centre
    works. The audit entry holds the purpose and the query. The grant lasts TRAZA_REVEAL_MINUTES;
    `personal_data_for` finds it again on later requests.
    """
    if not user_may_reveal(actor, trace):
        raise PermissionDenied(_("You may not see this trace's personal data."))
    purpose = purpose_clean(purpose)
    query = _named_query(actor, trace, query_id)
    details: dict[str, object] = {"trace": trace.number, "trace_agency": trace.agency.code}
    if query is not None:
        details.update(query=query.pk, licensee_rds=query.licensee_rds)
    event = audit_record(actor=actor, action=REVEAL_ACTION, target=trace, purpose=purpose, details=details)
    return grant_for(user=actor, trace=trace, purpose=purpose, granted_at=event.at)


def _named_query(actor: User, trace: Trace, query_id: int | None) -> LicenseeQuery | None:
    if query_id is None:
        if reveal_needs_query(actor, trace):
            raise ValidationError(
                {"query": [_("This trace is another agency's: name the licensee query you are working on it.")]}
            )
        return None
    query = queries_to_name(actor, trace).filter(pk=query_id).first()
    if query is None:
        raise ValidationError({"query": [_("Name an open or answered licensee query of this trace that you work.")]})
    return query

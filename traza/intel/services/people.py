"""Showing a resolved person's personal data to an investigator or analyst who states why: the reveal, audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import User
from traza.agencies.services.personal_data import purpose_clean
from traza.audit.services import audit_record
from traza.intel.models import Person
from traza.intel.selectors.people import REVEAL_ACTION, PersonGrant, grant_from, person_may_reveal


@transaction.atomic
def person_reveal(*, actor: User, person: Person, purpose: str) -> PersonGrant:
    """Let `actor` see `person`'s names, birth dates, addresses and ids for `purpose` (their case number).

    The same rule as a trace's reveal: an investigator or analyst who may see the person (else
    PermissionDenied, which callers answer with 404), a purpose that says what the look is for
    (`purpose_clean`, else ValidationError naming the field), an audit entry holding the purpose and
    no personal data. The grant lasts TRAZA_REVEAL_MINUTES; `person_grant` finds it again in the audit
    log on later requests, and the network shows this person's name for as long.
    """
    if not person_may_reveal(actor, person):
        raise PermissionDenied(_("You may not see this person's personal data."))
    purpose = purpose_clean(purpose)
    event = audit_record(
        actor=actor,
        action=REVEAL_ACTION,
        target=person,
        object_type="person",
        purpose=purpose,
        details={"person": person.key},
    )
    return grant_from(person_id=person.pk, purpose=purpose, granted_at=event.at)

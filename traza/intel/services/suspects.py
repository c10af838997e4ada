"""Flagging serials as suspect guns for a case, and withdrawing a flag. Investigators only; audited."""

from collections.abc import Sequence
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import User
from traza.agencies.roles import SUSPECT_FLAGGERS, has_role
from traza.audit.services import audit_record, audit_record_many
from traza.core.typing import Text
from traza.intel.models import Person, SuspectGun, SuspectGunHit
from traza.intel.suspects import SerialEntry
from traza.tracing.models import Indicator, TraceIndicator

MAX_CASE_REF = 80


def suspect_default_expiry() -> date:
    """The day a flag ends when the investigator does not say: TRAZA_SUSPECT_DAYS from today."""
    return timezone.localdate() + timedelta(days=settings.TRAZA_SUSPECT_DAYS)


def suspect_check(*, case_ref: str, expires_on: date | None) -> dict[str, list[Text]]:
    """What is wrong with a flag's case reference and expiry, by field (empty: nothing)."""
    errors: dict[str, list[Text]] = {}
    if not case_ref.strip():
        errors["case_ref"] = [_("Give the case reference the flag is for.")]
    elif len(case_ref.strip()) > MAX_CASE_REF:
        errors["case_ref"] = [_("The case reference is longer than 80 characters.")]
    today = timezone.localdate()
    if expires_on is not None and expires_on <= today:
        errors["expires_on"] = [_("The expiry must be a day after today.")]
    elif expires_on is not None and expires_on > today + timedelta(days=settings.TRAZA_SUSPECT_MAX_DAYS):
        errors["expires_on"] = [
            _("A flag may last at most %(days)s days; flag it again when it ends.")
            % {"days": settings.TRAZA_SUSPECT_MAX_DAYS}
        ]
    return errors


@transaction.atomic
def suspect_flag(
    *,
    actor: User,
    serials: Sequence[SerialEntry],
    case_ref: str,
    expires_on: date | None = None,
    person: Person | None = None,
) -> list[SuspectGun]:
    """Flag guns (read by `read_serial_list` or `person_guns`) as suspect for the actor's agency's case, until
    `expires_on` (by default TRAZA_SUSPECT_DAYS from today). A gun the agency already flags for the same case is
    not flagged twice. Returns the new flags; each is written to the audit log.
    """
    if not has_role(actor, SUSPECT_FLAGGERS) or not actor.agency_id:
        raise PermissionDenied(_("Only investigators flag suspect guns."))
    errors = suspect_check(case_ref=case_ref, expires_on=expires_on)
    if not serials:
        errors["serials"] = [_("Give at least one serial number.")]
    if errors:
        raise ValidationError(errors)
    case_ref = case_ref.strip()
    already = set(
        SuspectGun.objects.filter(
            agency_id=actor.agency_id,
            case_ref=case_ref,
            serial_key__in={entry.serial_key for entry in serials},
            withdrawn_at__isnull=True,
            expires_on__gte=timezone.localdate(),
        ).values_list("serial_key", "manufacturer")
    )
    flags = SuspectGun.objects.bulk_create(
        SuspectGun(
            serial_number=entry.serial_number,
            serial_key=entry.serial_key,
            manufacturer=entry.manufacturer,
            make_id=entry.make_id,
            person=person,
            agency_id=actor.agency_id,
            flagged_by=actor,
            case_ref=case_ref,
            expires_on=expires_on or suspect_default_expiry(),
        )
        for entry in serials
        if (entry.serial_key, entry.manufacturer) not in already
    )
    audit_record_many(
        actor=actor,
        action="suspect.flag",
        targets=[("suspectgun", flag.pk, actor.agency_id) for flag in flags],
        details={"by_person": person is not None},
    )
    return flags


@transaction.atomic
def suspect_withdraw(*, actor: User, suspect: SuspectGun) -> SuspectGun:
    """End a flag before its expiry. Traces that found it lose the `suspect_gun` indicator unless another active
    flag found them too. Audited."""
    if not has_role(actor, SUSPECT_FLAGGERS) or suspect.agency_id != actor.agency_id:
        raise PermissionDenied(_("Only the flagging agency's investigators withdraw its flags."))
    locked = SuspectGun.objects.select_for_update().get(pk=suspect.pk)
    if locked.withdrawn_at is not None:
        return locked
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["withdrawn_at"])
    traces = SuspectGunHit.objects.filter(suspect=locked).values("trace_id")
    still = SuspectGunHit.objects.filter(trace_id__in=traces, suspect__withdrawn_at__isnull=True).values("trace_id")
    TraceIndicator.objects.filter(trace_id__in=traces, code=Indicator.SUSPECT_GUN).exclude(trace_id__in=still).delete()
    audit_record(actor=actor, action="suspect.withdraw", target=locked, agency=locked.agency)
    return locked

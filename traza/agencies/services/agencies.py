"""Writes on agencies: applying, the coordinator's decision, designations, the country's access policy.

`actor` is the coordinator (or system administrator) acting on a page; None is an operator at the
server's console (`traza agency …`), who may act for any country.
"""

from datetime import date
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from traza.agencies.models import AccessPolicy, Agency, User
from traza.agencies.selectors.agencies import access_policy_for, agencies_coordinated_by
from traza.audit.services import audit_record
from traza.catalog.models import Country


@transaction.atomic
def agency_apply(*, actor: User | None, data: dict, note: str = "") -> Agency:
    """Record an agency's application to use Traza; it waits, `applied`, for its country's coordinator.

    `data` holds code, name, country_id, level, kind (and optionally region_id, municipality_id).
    Raises ValidationError, by field, on a bad or taken value.
    """
    agency = Agency(**data, status=Agency.Status.APPLIED, application_note=note.strip()[:500])
    agency.code = agency.code.strip().upper()
    if not _coordinates_country(actor, agency.country_id):
        raise PermissionDenied(_("You may record applications for your own country only."))
    agency.full_clean()
    agency.save()
    audit_record(actor=actor, action="agency.apply", target=agency, agency=agency, details={"code": agency.code})
    return agency


def _coordinates_country(actor: User | None, country_id: str) -> bool:
    if actor is None or actor.role == User.Role.SYSADMIN:
        return True
    return (
        actor.role == User.Role.COORDINATOR
        and actor.agency_id is not None
        and cast(Agency, actor.agency).country_id == country_id
    )


def _check_coordinates(actor: User | None, agency: Agency) -> None:
    if actor is not None and not agencies_coordinated_by(actor).filter(pk=agency.pk).exists():
        raise PermissionDenied(_("You do not coordinate this agency's country."))


@transaction.atomic
def agency_approve(*, actor: User | None, agency: Agency, mou_reference: str, mou_date: date, note: str = "") -> Agency:
    """Approve an agency's application, recording the agreement (MOU) it signed: its people may then hold accounts."""
    _check_coordinates(actor, agency)
    errors = {}
    if not mou_reference.strip():
        errors["mou_reference"] = [_("Give the reference of the agreement (MOU) the agency signed.")]
    if mou_date is None:
        errors["mou_date"] = [_("Give the date of the agreement (MOU).")]
    elif mou_date > timezone.localdate():
        errors["mou_date"] = [_("The agreement cannot be dated in the future.")]
    if errors:
        raise ValidationError(errors)
    return _decide(actor, agency, Agency.Status.APPROVED, note, mou_reference=mou_reference.strip(), mou_date=mou_date)


@transaction.atomic
def agency_refuse(*, actor: User | None, agency: Agency, note: str) -> Agency:
    """Refuse an agency's application, saying why."""
    _check_coordinates(actor, agency)
    if not note.strip():
        raise ValidationError({"note": [_("Say why the application is refused.")]})
    return _decide(actor, agency, Agency.Status.REFUSED, note)


def _decide(actor: User | None, agency: Agency, status: str, note: str, **fields) -> Agency:
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    if locked.status != Agency.Status.APPLIED:
        raise ValidationError(_("This application was already decided."))
    locked.status, locked.decided_at, locked.decided_by = status, timezone.now(), actor
    locked.decision_note = note.strip()[:500]
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    action = "agency.approve" if status == Agency.Status.APPROVED else "agency.refuse"
    details = {"code": locked.code, "mou_reference": locked.mou_reference, "mou_date": locked.mou_date}
    audit_record(actor=actor, action=action, target=locked, agency=locked, details=details)
    return locked


@transaction.atomic
def agency_designate(*, actor: User | None, agency: Agency, designated: bool) -> Agency:
    """Name (or stop naming) an approved agency as one that holds accounts under a central access policy."""
    _check_coordinates(actor, agency)
    if designated and agency.status != Agency.Status.APPROVED:
        raise ValidationError(_("Only an approved agency can be designated."))
    if agency.designated == designated:
        return agency
    agency.designated = designated
    agency.save(update_fields=["designated", "updated_at"])
    action = "agency.designate" if designated else "agency.undesignate"
    audit_record(actor=actor, action=action, target=agency, agency=agency, details={"code": agency.code})
    return agency


@transaction.atomic
def agency_tracing_centre_set(*, actor: User | None, agency: Agency, tracing_centre: bool) -> Agency:
    """Designate an approved agency a tracing centre (its people may be analysts), or withdraw that.

    Withdrawing is refused while the agency has analysts (suspended ones too: they could come back):
    the message says how many accounts need another role first. Nothing changes silently.
    """
    _check_coordinates(actor, agency)
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    if tracing_centre and locked.status != Agency.Status.APPROVED:
        raise ValidationError(_("Only an approved agency can be a tracing centre."))
    if locked.tracing_centre == tracing_centre:
        return locked
    if not tracing_centre:
        _check_no_analysts(locked)
    locked.tracing_centre = tracing_centre
    locked.save(update_fields=["tracing_centre", "updated_at"])
    action = "agency.centre_designate" if tracing_centre else "agency.centre_withdraw"
    audit_record(actor=actor, action=action, target=locked, agency=locked, details={"code": locked.code})
    return locked


def _check_no_analysts(agency: Agency) -> None:
    count = User.objects.filter(agency=agency, role=User.Role.ANALYST, removed_at__isnull=True).count()
    if count:
        message = ngettext(
            "%(agency)s still has %(count)s analyst: the system administrator gives that account another role "
            "first, then the designation can be withdrawn.",
            "%(agency)s still has %(count)s analysts: the system administrator gives those accounts another role "
            "first, then the designation can be withdrawn.",
            count,
        )
        raise ValidationError(message % {"agency": agency.code, "count": count}, code="has_analysts")


@transaction.atomic
def access_policy_set(*, actor: User | None, country_id: str, policy: str, note: str = "") -> AccessPolicy:
    """Set a country's access policy from now on. The earlier setting stays, dated, for comparisons."""
    if not _coordinates_country(actor, country_id):
        raise PermissionDenied(_("You do not coordinate this country."))
    if policy not in AccessPolicy.Policy.values:
        raise ValidationError({"policy": [_("Unknown access policy.")]})
    if not Country.objects.filter(pk=country_id).exists():
        raise ValidationError({"country": [_("Unknown country.")]})
    before = access_policy_for(country_id)
    row = AccessPolicy.objects.create(
        country_id=country_id, policy=policy, effective_at=timezone.now(), set_by=actor, note=note.strip()[:500]
    )
    details = {"country": country_id, "from": before, "to": policy}
    audit_record(actor=actor, action="policy.change", target=row, details=details)
    return row

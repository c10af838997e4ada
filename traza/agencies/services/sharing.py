"""Writes on sharing agreements: creating one, an agency joining and leaving (dated, never erased)."""

from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import Agency, SharingAgreement, SharingMembership, User
from traza.audit.services import audit_record


@transaction.atomic
def sharing_agreement_create(*, actor: User, name: str, country_id: str, description: str = "") -> SharingAgreement:
    """Create a named sharing agreement in a country (a coordinator's, or a system administrator's, act)."""
    coordinates = (
        actor.role == User.Role.COORDINATOR and actor.agency_id and cast(Agency, actor.agency).country_id == country_id
    )
    if actor.role != User.Role.SYSADMIN and not coordinates:
        raise PermissionDenied(_("You do not coordinate this country."))
    agreement = SharingAgreement(name=" ".join(name.split()), country_id=country_id, description=description.strip())
    agreement.created_by = actor
    agreement.full_clean(exclude=["created_by"])
    agreement.save()
    audit_record(actor=actor, action="sharing.create", target=agreement, details={"name": agreement.name})
    return agreement


def _check_agency_admin(actor: User, agency: Agency) -> None:
    if actor.role != User.Role.SYSADMIN and not (actor.role == User.Role.AGENCY_ADMIN and actor.agency_id == agency.pk):
        raise PermissionDenied(_("Only the agency's administrator decides its sharing agreements."))


@transaction.atomic
def sharing_join(*, actor: User, agency: Agency, agreement: SharingAgreement) -> SharingMembership:
    """`agency` joins `agreement`: from now on it and the other members read each other's traces."""
    _check_agency_admin(actor, agency)
    if agreement.country_id != agency.country_id:
        raise ValidationError(_("An agency joins agreements of its own country only."))
    if agency.status != Agency.Status.APPROVED:
        raise ValidationError(_("Only an approved agency joins a sharing agreement."))
    open_membership = SharingMembership.objects.filter(agreement=agreement, agency=agency, left_at__isnull=True)
    if open_membership.exists():
        return open_membership.get()
    try:
        with transaction.atomic():
            membership = SharingMembership.objects.create(
                agreement=agreement, agency=agency, joined_at=timezone.now(), joined_by=actor
            )
    except IntegrityError:  # joined at the same moment by another request
        return open_membership.get()
    details = {"agreement": agreement.name, "agency": agency.code}
    audit_record(actor=actor, action="sharing.join", target=agreement, agency=agency, details=details)
    return membership


@transaction.atomic
def sharing_leave(*, actor: User, agency: Agency, agreement: SharingAgreement) -> SharingMembership | None:
    """`agency` leaves `agreement`: from now on neither side reads the other's traces through it."""
    _check_agency_admin(actor, agency)
    membership = (
        SharingMembership.objects.select_for_update().filter(agreement=agreement, agency=agency, left_at__isnull=True)
    ).first()
    if membership is None:
        return None
    membership.left_at, membership.left_by = timezone.now(), actor
    membership.save(update_fields=["left_at", "left_by"])
    details = {"agreement": agreement.name, "agency": agency.code}
    audit_record(actor=actor, action="sharing.leave", target=agreement, agency=agency, details=details)
    return membership

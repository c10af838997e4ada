"""Reads for the coverage and custody pages: an agency's untraced seized guns, traces outside its inventory, alerts."""

from typing import cast

from django.db.models import Exists, OuterRef, Q, QuerySet

from traza.agencies.models import Agency, User
from traza.agencies.roles import AGENCY_ADMINS, COORDINATORS
from traza.stats.models import CustodyAlert, SeizureFact
from traza.tracing.models import Seizure, Trace


def untraced_seizures(agency_id: int) -> QuerySet[Seizure]:
    """The agency's seized guns no trace names (by seizure reference and item, or by serial), oldest first."""
    traced = SeizureFact.objects.filter(seizure_id=OuterRef("pk"), trace_id__isnull=False)
    return (
        Seizure.objects.filter(agency_id=agency_id)
        .exclude(Exists(traced))
        .select_related("region", "municipality", "make")
        .order_by("seizure_date", "seizure_ref", "item_no")
    )


def traces_outside_inventory(agency_id: int) -> QuerySet[Trace]:
    """The agency's traces whose gun is in no row of its seizure inventory (seized, never registered)."""
    listed = Seizure.objects.filter(agency_id=agency_id)
    by_serial = listed.filter(serial_key=OuterRef("serial_key")).exclude(serial_key="")
    by_reference = listed.filter(seizure_ref=OuterRef("seizure_ref"), item_no=OuterRef("seizure_item"))
    return (
        Trace.objects.filter(agency_id=agency_id)
        .exclude(status__in=[Trace.Status.CANCELLED, Trace.Status.DRAFT])
        .exclude(Exists(by_serial))
        .exclude(Exists(by_reference))
        .order_by("-recovery_date", "-id")
    )


def custody_alerts_visible_to(user: User) -> QuerySet[CustodyAlert]:
    """The custody alerts `user` may read: a coordinator those touching an agency of their country, an agency
    administrator those of their own agency (as the holding or the recovering agency). Nobody else."""
    if not user.is_authenticated or user.agency_id is None:
        return CustodyAlert.objects.none()
    if user.role in COORDINATORS:
        country = cast(Agency, user.agency).country_id
        return CustodyAlert.objects.filter(
            Q(holding_agency__country_id=country) | Q(recovering_agency__country_id=country)
        )
    if user.role in AGENCY_ADMINS:
        return CustodyAlert.objects.filter(Q(holding_agency_id=user.agency_id) | Q(recovering_agency_id=user.agency_id))
    return CustodyAlert.objects.none()

"""Reads about agencies: access policies and their history, applications, sharing agreements."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from django.db.models import Exists, OuterRef, Q, QuerySet

from traza.agencies.models import AccessPolicy, Agency, SharingAgreement, SharingMembership, User

DEFAULT_POLICY = AccessPolicy.Policy.DISTRIBUTED


def access_policy_for(country_id: str | None) -> str:
    """The access policy in force in a country: its latest setting, `distributed` if it was never set."""
    return access_policy_at(country_id, None)


def access_policy_at(country_id: str | None, when: datetime | None) -> str:
    """The access policy that was in force in a country at `when` (now when None)."""
    rows = AccessPolicy.objects.filter(country_id=country_id)
    if when is not None:
        rows = rows.filter(effective_at__lte=when)
    latest = rows.order_by("-effective_at", "-id").values_list("policy", flat=True).first()
    return latest or DEFAULT_POLICY


def access_policy_history(country_id: str) -> QuerySet[AccessPolicy]:
    """Every setting of a country's access policy, newest first, with who set it: for comparing periods."""
    return AccessPolicy.objects.filter(country_id=country_id).select_related("set_by").order_by("-effective_at", "-id")


def agencies_coordinated_by(user: User) -> QuerySet[Agency]:
    """The agencies of the country `user` coordinates (every agency for a system administrator)."""
    agencies = Agency.objects.select_related("region", "decided_by").order_by("name")
    if user.role == User.Role.SYSADMIN:
        return agencies
    if user.role != User.Role.COORDINATOR or user.agency_id is None:
        return agencies.none()
    return agencies.filter(country_id=cast(Agency, user.agency).country_id)


def agency_applications(user: User) -> QuerySet[Agency]:
    """The applications waiting for `user`'s decision, oldest first."""
    return agencies_coordinated_by(user).filter(status=Agency.Status.APPLIED).order_by("created_at", "id")


def agencies_user_may_submit_for(user: User) -> QuerySet[Agency]:
    """The agencies `user` may submit traces for: their own and, for an agency designated under a central
    policy, the approved agencies of its country that hold no accounts (they stay the recovering agency).
    """
    if not user.is_authenticated or user.agency_id is None:
        return Agency.objects.none()
    own = Q(pk=user.agency_id)
    agency = cast(Agency, user.agency)
    if not agency.designated or access_policy_for(agency.country_id) != AccessPolicy.Policy.CENTRAL:
        return Agency.objects.filter(own)
    others = Q(country_id=agency.country_id, designated=False)
    return Agency.objects.filter(own | others).exclude(status=Agency.Status.REFUSED).order_by("name")


def agencies_served_by(centre: Agency) -> QuerySet[Agency]:
    """The agencies whose traces a tracing centre serves: every agency of its country, itself included.

    Its analysts work the licensee queries of these agencies' traces (PRODUCT.md, Access: the analyst
    works the queue "across agencies"; a country's centres serve that country, never another's).
    None for an agency that is not a tracing centre.
    """
    if not centre.tracing_centre:
        return Agency.objects.none()
    return Agency.objects.filter(country_id=centre.country_id)


def sharing_partners(agency_id: int) -> QuerySet[SharingMembership, Mapping[str, Any]]:
    """The agencies (as `agency` ids) that share an agreement with `agency_id` while both are members.

    Meant as a subquery: `Trace.objects.filter(agency_id__in=sharing_partners(id))` stays one query.
    """
    mine = SharingMembership.objects.filter(agency_id=agency_id, left_at__isnull=True).values("agreement_id")
    return (
        SharingMembership.objects.filter(agreement_id__in=mine, left_at__isnull=True)
        .exclude(agency_id=agency_id)
        .values("agency_id")
    )


def sharing_agreements_for(agency: Agency) -> QuerySet[SharingAgreement]:
    """The agreements of `agency`'s country, each marked `is_member` when the agency is in it now."""
    membership = SharingMembership.objects.filter(agreement=OuterRef("pk"), agency=agency, left_at__isnull=True)
    return SharingAgreement.objects.filter(country_id=agency.country_id).annotate(is_member=Exists(membership))


def sharing_history(agency: Agency) -> QuerySet[SharingMembership]:
    """When `agency` joined and left each agreement, newest first."""
    return agency.sharing_memberships.select_related("agreement").order_by("-joined_at")

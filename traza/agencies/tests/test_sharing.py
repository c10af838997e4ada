"""Sharing agreements: a coordinator creates them in their country; each agency's administrator joins
and leaves for their own agency only. Dated, audited, never erased."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from traza.agencies.models import SharingMembership
from traza.agencies.services.sharing import sharing_agreement_create, sharing_join, sharing_leave
from traza.audit.models import AuditEvent


@pytest.fixture
def sinaloa(coordinator_mx):
    return sharing_agreement_create(actor=coordinator_mx, name="  Sinaloa   state ", country_id="MX")


@pytest.mark.django_db
def test_only_a_coordinator_of_the_country_creates_an_agreement(coordinator_mx, supervisor_a):
    with pytest.raises(PermissionDenied):
        sharing_agreement_create(actor=coordinator_mx, name="Texas", country_id="US")
    with pytest.raises(PermissionDenied):
        sharing_agreement_create(actor=supervisor_a, name="Mine", country_id="MX")


@pytest.mark.django_db
def test_an_administrator_joins_and_leaves_for_their_own_agency_only(sinaloa, supervisor_a, agency_a, agency_c):
    assert sinaloa.name == "Sinaloa state"
    with pytest.raises(PermissionDenied):
        sharing_join(actor=supervisor_a, agency=agency_c, agreement=sinaloa)

    first = sharing_join(actor=supervisor_a, agency=agency_a, agreement=sinaloa)
    again = sharing_join(actor=supervisor_a, agency=agency_a, agreement=sinaloa)
    left = sharing_leave(actor=supervisor_a, agency=agency_a, agreement=sinaloa)

    assert first == again and left.pk == first.pk and left.left_at >= left.joined_at
    assert SharingMembership.objects.count() == 1
    actions = list(
        AuditEvent.objects.filter(action__startswith="sharing.").order_by("seq").values_list("action", flat=True)
    )
    assert actions == ["sharing.create", "sharing.join", "sharing.leave"]


@pytest.mark.django_db
def test_an_agency_joins_agreements_of_its_own_country_only(sinaloa, agency_b):
    from traza.agencies.tests.personas import persona

    with pytest.raises(ValidationError):
        sharing_join(actor=persona("supervisor_b", agency_b, "agency_admin"), agency=agency_b, agreement=sinaloa)


@pytest.mark.django_db
def test_the_agency_page_joins_and_leaves(sinaloa, supervisor_a, agency_a):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(supervisor_a)

    client.post(f"/agency/sharing/{sinaloa.pk}/join/")
    assert "Leave" in client.get("/agency/").content.decode()
    client.post(f"/agency/sharing/{sinaloa.pk}/leave/")

    membership = SharingMembership.objects.get()
    assert membership.agency == agency_a and membership.left_at is not None

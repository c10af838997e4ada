"""Agency onboarding and the country's access policy: apply, approve with the MOU or refuse; under a
central policy only designated agencies hold accounts; every change is dated and audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from traza.agencies.models import AccessPolicy, Agency
from traza.agencies.selectors.agencies import access_policy_at, access_policy_for, agencies_user_may_submit_for
from traza.agencies.services.accounts import user_create
from traza.agencies.services.agencies import (
    access_policy_set,
    agency_apply,
    agency_approve,
    agency_designate,
    agency_refuse,
)
from traza.agencies.tests.factories import api_client
from traza.audit.models import AuditEvent

NAVOLATO = {
    "code": "mxsin0120",
    "name": "Policía de Navolato",
    "country_id": "MX",
    "level": "municipal",
    "kind": "police",
}


@pytest.fixture
def applicant(catalog):
    return agency_apply(actor=None, data=dict(NAVOLATO), note="Oficio 45/2026")


@pytest.mark.django_db
def test_an_applying_agency_holds_no_accounts_until_approved_with_its_mou(applicant, coordinator_mx):
    assert (applicant.code, applicant.status) == ("MXSIN0120", "applied")
    with pytest.raises(ValidationError) as refused:
        user_create(username="p1", role="officer", agency_code=applicant.code)
    assert "agency" in refused.value.message_dict

    approved = agency_approve(
        actor=coordinator_mx, agency=applicant, mou_reference="MOU-SIN-7", mou_date=date(2026, 3, 1)
    )

    assert (approved.status, approved.mou_reference, approved.decided_by) == ("approved", "MOU-SIN-7", coordinator_mx)
    assert user_create(username="p1", role="officer", agency_code=applicant.code).agency == approved
    event = AuditEvent.objects.get(action="agency.approve")
    assert event.details["mou_reference"] == "MOU-SIN-7" and event.details["mou_date"] == "2026-03-01"


@pytest.mark.django_db
def test_approval_needs_the_mou_and_happens_once(applicant, coordinator_mx):
    with pytest.raises(ValidationError) as missing:
        agency_approve(actor=coordinator_mx, agency=applicant, mou_reference=" ", mou_date=None)
    assert set(missing.value.message_dict) == {"mou_reference", "mou_date"}
    future = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError):
        agency_approve(actor=coordinator_mx, agency=applicant, mou_reference="M", mou_date=future)
    agency_refuse(actor=coordinator_mx, agency=applicant, note="No agreement signed.")
    with pytest.raises(ValidationError):
        agency_approve(actor=coordinator_mx, agency=applicant, mou_reference="M", mou_date=date(2026, 1, 1))


@pytest.mark.django_db
def test_only_the_countrys_coordinator_decides(applicant, agency_b, supervisor_a):
    from traza.agencies.tests.personas import persona

    us_coordinator = persona("coordinator_us", agency_b, "coordinator")
    for actor in (us_coordinator, supervisor_a):
        with pytest.raises(PermissionDenied):
            agency_refuse(actor=actor, agency=applicant, note="no")
    client = Client()
    client.force_login(us_coordinator)
    assert client.post(f"/coordination/agencies/{applicant.pk}/refuse/", {"note": "no"}).status_code == 404
    applicant.refresh_from_db()
    assert applicant.status == "applied"


@pytest.mark.django_db
def test_under_a_central_policy_only_designated_agencies_hold_accounts(coordinator_mx, officer_a, agency_a):
    client, api = Client(), api_client(officer_a)
    client.force_login(officer_a)

    access_policy_set(actor=coordinator_mx, country_id="MX", policy="central", note="Single window")

    assert client.get("/").status_code == 302  # signed out at the next request
    assert api.get("/api/v1/traces/").status_code == 401
    agency_designate(actor=coordinator_mx, agency=agency_a, designated=True)
    assert api.get("/api/v1/traces/").status_code == 200
    assert access_policy_for("MX") == "central" and access_policy_for("US") == "distributed"
    assert coordinator_mx.agency.designated is False  # coordinators sign in whatever the policy
    assert user_create(username="c2", role="coordinator", agency_code=coordinator_mx.agency.code)


@pytest.mark.django_db
def test_a_designated_agency_submits_for_agencies_without_accounts(coordinator_mx, officer_a, agency_a, agency_c):
    assert set(agencies_user_may_submit_for(officer_a)) == {agency_a}

    access_policy_set(actor=coordinator_mx, country_id="MX", policy="central")
    agency_designate(actor=coordinator_mx, agency=agency_a, designated=True)

    assert {agency_a, agency_c} <= set(agencies_user_may_submit_for(officer_a))
    assert all(agency.country_id == "MX" for agency in agencies_user_may_submit_for(officer_a))


@pytest.mark.django_db
def test_the_policy_history_is_dated_so_periods_can_be_compared(coordinator_mx):
    first = access_policy_set(actor=coordinator_mx, country_id="MX", policy="central")
    second = access_policy_set(actor=coordinator_mx, country_id="MX", policy="distributed", note="Open to all")

    assert access_policy_at("MX", first.effective_at - timedelta(seconds=1)) == "distributed"  # never set: default
    assert access_policy_at("MX", first.effective_at) == "central"
    assert access_policy_at("MX", second.effective_at) == "distributed"
    assert AccessPolicy.objects.filter(country_id="MX").count() == 2
    changes = AuditEvent.objects.filter(action="policy.change").order_by("seq")
    assert [event.details["to"] for event in changes] == ["central", "distributed"]


@pytest.mark.django_db
def test_a_coordinator_may_not_set_another_countrys_policy(coordinator_mx):
    with pytest.raises(PermissionDenied):
        access_policy_set(actor=coordinator_mx, country_id="US", policy="central")


@pytest.mark.django_db
def test_the_coordination_page_records_decides_and_sets_the_policy(coordinator_mx):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator_mx)

    client.post("/coordination/applications/", {**NAVOLATO, "application_note": "by mail"})
    agency = Agency.objects.get(code="MXSIN0120")
    page = client.get("/coordination/").content.decode()
    approved = client.post(
        f"/coordination/agencies/{agency.pk}/approve/", {"mou_reference": "MOU-1", "mou_date": "2026-02-01"}
    )
    client.post("/coordination/policy/", {"policy": "central", "note": "Single window"})
    client.post(f"/coordination/agencies/{agency.pk}/designate/", {"designated": "on"})
    client.post("/coordination/agreements/", {"name": "Sinaloa", "description": "State agencies"})

    assert "Policía de Navolato" in page
    assert "Coordination: Mexico</h1>" in page
    assert approved.status_code == 302
    agency.refresh_from_db()
    assert (agency.status, agency.mou_reference, agency.designated) == ("approved", "MOU-1", True)
    assert access_policy_for("MX") == "central"
    assert "Sinaloa" in client.get("/coordination/").content.decode()

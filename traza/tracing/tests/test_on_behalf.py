"""Under a central access policy a designated agency submits for the agencies that hold no accounts."""

import pytest
from rest_framework.test import APIClient

from traza.audit.models import AuditEvent
from traza.tracing.models import Trace

REQUEST = {"recovery_date": "2022-05-01", "recovery_country": "MX", "serial_number": "RG777", "manufacturer": "RUGER"}


@pytest.fixture
def central_mx(coordinator_mx, agency_c):
    """Mexico under a central policy, with Sinaloa's prosecutor (agency C) designated."""
    from traza.agencies.services.agencies import access_policy_set, agency_designate

    access_policy_set(actor=coordinator_mx, country_id="MX", policy="central")
    agency_designate(actor=coordinator_mx, agency=agency_c, designated=True)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_a_designated_agency_submits_for_another_which_stays_the_recovering_agency(
    central_mx, officer_c, agency_a, agency_c
):
    response = api(officer_c).post("/api/v1/traces/", {**REQUEST, "agency_code": agency_a.code}, format="json")

    assert response.status_code == 201, response.json()
    trace = Trace.objects.get()
    assert (trace.agency, trace.submitting_agency, trace.submitted_by) == (agency_a, agency_c, officer_c)
    event = AuditEvent.objects.get(action="trace.create")
    assert (event.actor, event.object_id, event.agency) == (officer_c, str(trace.pk), agency_a)


@pytest.mark.django_db
def test_under_a_distributed_policy_nobody_submits_for_another_agency(officer_c, agency_a):
    response = api(officer_c).post("/api/v1/traces/", {**REQUEST, "agency_code": agency_a.code}, format="json")

    assert response.status_code == 400
    assert "agency_code" in response.json()["error"]["fields"]
    assert not Trace.objects.exists()


@pytest.mark.django_db
def test_an_agency_that_is_not_designated_cannot_submit_for_the_designated_one(central_mx, officer_a, agency_c):
    response = api(officer_a).post("/api/v1/traces/", {**REQUEST, "agency_code": agency_c.code}, format="json")

    assert response.status_code == 400
    assert not Trace.objects.exists()


@pytest.mark.django_db
def test_the_form_offers_the_recovering_agency_only_to_a_designated_agency(
    central_mx, client, officer_c, officer_a, agency_a
):
    client.force_login(officer_c)
    assert 'name="agency_code"' in client.get("/traces/new/").content.decode()
    client.force_login(officer_a)
    assert 'name="agency_code"' not in client.get("/traces/new/").content.decode()

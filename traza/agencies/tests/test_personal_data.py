"""Personal data: masked for everyone until an investigator or analyst who may read the trace states
a purpose; the reveal is in the audit log with that purpose, and lasts TRAZA_REVEAL_MINUTES."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings

from traza.agencies.selectors.personal_data import (
    MASK,
    masked_personal_data,
    personal_data_for,
    personal_data_shown,
)
from traza.agencies.services.personal_data import personal_data_reveal
from traza.agencies.tests.factories import api_client
from traza.audit.models import AuditEvent
from traza.tracing.tests.api_support import BUYER, load_records, submit


@pytest.fixture
def traced(load, agency_a, officer_a):
    """A trace that reached its purchaser (GARCIA, JUAN), taken from PEDRO RAMIREZ."""
    load_records(load)
    return submit(agency_a, actor=officer_a)


@pytest.mark.django_db
def test_the_investigator_sees_the_purchaser_only_after_stating_a_purpose(traced, investigator_a):
    assert personal_data_for(user=investigator_a, trace=traced) is None

    grant = personal_data_reveal(actor=investigator_a, trace=traced, purpose="  CARPETA  FGE/SIN/123/2026 ")

    data = personal_data_for(user=investigator_a, trace=traced)
    assert (data["purchaser"]["last_name"], data["purchaser"]["first_name"]) == BUYER
    assert (data["possessor"]["last_name"], data["possessor"]["first_name"]) == ("RAMIREZ", "PEDRO")
    assert grant.purpose == "CARPETA FGE/SIN/123/2026"
    event = AuditEvent.objects.get(action="personal_data.reveal")
    assert (event.actor, event.object_type, event.object_id) == (investigator_a, "trace", str(traced.pk))
    assert event.purpose == "CARPETA FGE/SIN/123/2026"
    assert "GARCIA" not in str(event.details) and "RAMIREZ" not in str(event.details)


@pytest.mark.django_db
def test_a_purpose_is_required(traced, investigator_a):
    with pytest.raises(ValidationError) as error:
        personal_data_reveal(actor=investigator_a, trace=traced, purpose="   ")

    assert "purpose" in error.value.message_dict
    assert not AuditEvent.objects.filter(action="personal_data.reveal").exists()


@pytest.mark.django_db
def test_officers_supervisors_auditors_and_outsiders_may_not_reveal(
    traced, officer_a, supervisor_a, auditor_a, officer_b, sysadmin
):
    for user in (officer_a, supervisor_a, auditor_a, officer_b, sysadmin):
        with pytest.raises(PermissionDenied):
            personal_data_reveal(actor=user, trace=traced, purpose="CASE-1")
        shown = personal_data_shown(user=user, trace=traced)
        assert not shown["revealed"] and not shown["may_reveal"]
        assert shown["purchaser"]["last_name"] == shown["possessor"]["first_name"] == MASK


@pytest.mark.django_db
def test_an_investigator_of_another_agency_may_not_reveal(traced, agency_b):
    from traza.agencies.tests.personas import persona

    outsider = persona("investigator_b", agency_b, "investigator")
    with pytest.raises(PermissionDenied):
        personal_data_reveal(actor=outsider, trace=traced, purpose="CASE-1")


@pytest.mark.django_db
def test_the_grant_ends_after_the_window_and_when_the_role_changes(traced, investigator_a):
    personal_data_reveal(actor=investigator_a, trace=traced, purpose="CASE-1")

    with override_settings(TRAZA_REVEAL_MINUTES=0):
        assert personal_data_for(user=investigator_a, trace=traced) is None
    investigator_a.role = "officer"
    assert personal_data_for(user=investigator_a, trace=traced) is None


@pytest.mark.django_db
def test_masks_hide_even_the_length_and_leave_blanks_blank(traced):
    masked = masked_personal_data(traced)

    assert masked["purchaser"]["last_name"] == masked["purchaser"]["first_name"] == MASK
    assert masked["purchaser"]["middle_name"] == ""
    assert masked["possessor"]["date_of_birth"] == ""


@pytest.mark.django_db
def test_the_page_form_posts_the_purpose_and_returns_to_the_trace(traced, investigator_a):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(investigator_a)

    response = client.post(
        "/personal-data/reveal/", {"trace": traced.number, "purpose": "CASE-7", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/traces/{traced.number}/"
    assert "CASE-7" not in response["Location"]
    assert AuditEvent.objects.get(action="personal_data.reveal").purpose == "CASE-7"
    assert personal_data_for(user=investigator_a, trace=traced) is not None


@pytest.mark.django_db
def test_the_page_form_answers_404_for_a_trace_out_of_scope(traced, agency_b):
    from traza.agencies.tests.personas import persona

    client = Client()
    client.force_login(persona("investigator_b", agency_b, "investigator"))

    assert client.post("/personal-data/reveal/", {"trace": traced.number, "purpose": "X"}).status_code == 404
    assert client.get("/personal-data/reveal/", {"trace": traced.number, "purpose": "X"}).status_code == 405


@pytest.mark.django_db
def test_the_api_reveals_for_a_purpose_and_refuses_without_one(traced, investigator_a, officer_a):
    client = api_client(investigator_a)

    empty = client.post("/api/v1/personal-data/", {"trace": traced.number, "purpose": ""}, format="json")
    response = client.post("/api/v1/personal-data/", {"trace": traced.number, "purpose": "CASE-9"}, format="json")

    assert empty.status_code == 400
    assert response.status_code == 200
    assert response.json()["purchaser"]["last_name"] == "GARCIA"
    assert response.json()["purpose"] == "CASE-9"
    assert (
        api_client(officer_a).post("/api/v1/personal-data/", {"trace": traced.number, "purpose": "X"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_the_trace_api_and_export_show_no_personal_data(traced, investigator_a, officer_a):
    personal_data_reveal(actor=investigator_a, trace=traced, purpose="CASE-1")

    for user in (officer_a, investigator_a):
        body = api_client(user).get(f"/api/v1/traces/{traced.number}/").content.decode()
        assert "GARCIA" not in body and "RAMIREZ" not in body

"""/api/v1/leads/: the same leads, scope, filters and life cycle as the pages, in the one error shape."""

import pytest
import yaml
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from traza.agencies.tests.factories import api_client
from traza.intel.models import Lead
from traza.notifications.models import Notification

pytestmark = pytest.mark.usefixtures("english")


def api(user, language: str = "en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def test_the_list_gives_each_lead_with_its_readable_traces_and_people_by_key(
    lead_ab, lead_b, investigator_a, trace_a, buyer
):
    response = api(investigator_a).get("/api/v1/leads/")

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["number"] == lead_ab.number and row["url"] == f"/api/v1/leads/{lead_ab.number}/"
    assert (row["kind"], row["score"], row["subject"], row["status"]) == ("straw_purchaser", 80.0, buyer.key, "new")
    assert row["trace_numbers"] == [trace_a.number] and row["other_traces"] == 1
    assert row["people"] == [buyer.key]
    assert row["indicators"] == ["traced_guns", "recovered_abroad", "short_ttc"]
    assert [reason["code"] for reason in row["reasons"]] == row["indicators"] and all(r["text"] for r in row["reasons"])
    assert "GOMEZ" not in response.content.decode()


def test_the_outsider_gets_404_and_other_roles_403(lead_ab, lead_b, trace_a, investigator_b, officer_a, auditor_a):
    lead_a = Lead.objects.create(
        kind="ring",
        subject_key="ring-1",
        score=40,
        first_seen="2024-01-01",
        last_seen="2024-02-01",
        computed_at="2024-02-01T00:00:00Z",
    )
    lead_a.lead_traces.create(trace=trace_a)

    assert api(investigator_b).get(f"/api/v1/leads/{lead_a.number}/").status_code == 404
    refused = api(investigator_b).post(f"/api/v1/leads/{lead_a.number}/close/", {"reason": "x"}, format="json")
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"
    assert [row["number"] for row in api(investigator_b).get("/api/v1/leads/").json()["results"]] == [
        lead_ab.number,
        lead_b.number,
    ]
    for user in (officer_a, auditor_a):
        assert api(user).get("/api/v1/leads/").status_code == 403
    assert APIClient().get("/api/v1/leads/").status_code == 401
    assert Lead.objects.get(pk=lead_a.pk).status == "new"


def test_the_api_works_a_lead_through_its_life_cycle_with_a_token(lead_ab, investigator_a, colleague_a, agency_c):
    client = api_client(investigator_a)
    url = f"/api/v1/leads/{lead_ab.number}/"

    assigned = client.post(url + "assign/", {"assignee": "colleague_a"}, format="json")
    reviewing = client.post(url + "status/", {"status": "reviewing"}, format="json")
    referred = client.post(url + "refer/", {"agency": "MXSIN0000", "case_ref": "FGE/SIN/CLN/0231/2024"}, format="json")
    noted = client.post(url + "notes/", {"text": "Solicitar 4473 originales."}, format="json")
    closed = client.post(url + "close/", {"reason": "Judicializado."}, format="json")
    reopened = client.post(url + "status/", {"status": "reviewing"}, format="json")

    assert assigned.json()["assigned_to"] == "colleague_a"
    assert Notification.objects.filter(user=colleague_a, kind="lead_assigned").count() == 1
    assert reviewing.json()["status"] == "reviewing"
    assert (referred.json()["status"], referred.json()["referred_to"]) == ("referred", "MXSIN0000")
    assert noted.status_code == 201 and noted.json()["author"] == "investigator_a"
    assert (closed.json()["status"], closed.json()["closed_reason"]) == ("closed", "Judicializado.")
    assert reopened.json()["status"] == "reviewing"
    notes = client.get(url + "notes/").json()
    assert [note["text"] for note in notes] == ["Solicitar 4473 originales."]


def test_an_impossible_move_is_a_conflict_and_a_wrong_field_is_named(lead_ab, investigator_a, investigator_b, agency_c):
    client = api(investigator_a)
    url = f"/api/v1/leads/{lead_ab.number}/"

    conflict = client.post(url + "refer/", {"agency": "MXSIN0000", "case_ref": "C-1"}, format="json")
    no_reason = client.post(url + "close/", {"reason": "   "}, format="json")
    bad_status = client.post(url + "status/", {"status": "closed"}, format="json")
    outsider = client.post(url + "assign/", {"assignee": "investigator_b"}, format="json")
    unknown_agency = client.post(url + "refer/", {"agency": "XX999", "case_ref": "C-1"}, format="json")

    assert conflict.status_code == 409
    assert conflict.json()["error"] == {
        "code": "status",
        "message": "Only a lead under review can be referred.",
        "fields": {},
    }
    assert no_reason.status_code == 400
    assert no_reason.json()["error"]["fields"] == {"reason": ["reason: say why the lead is closed."]}
    assert list(bad_status.json()["error"]["fields"]) == ["status"]
    assert outsider.json()["error"]["fields"] == {
        "assignee": ["assignee: choose an active investigator of your agency."]
    }
    assert unknown_agency.json()["error"]["fields"] == {"agency": ["agency: choose an agency Traza knows."]}
    assert Lead.objects.get(pk=lead_ab.pk).status == "new"


def test_the_list_reads_the_pages_filters_and_names_a_bad_one(lead_ab, lead_b, investigator_b):
    client = api(investigator_b)

    assert [r["number"] for r in client.get("/api/v1/leads/", {"kind": "dealer"}).json()["results"]] == [lead_b.number]
    assert [r["number"] for r in client.get("/api/v1/leads/", {"min_score": "70"}).json()["results"]] == [
        lead_ab.number
    ]
    assert client.get("/api/v1/leads/", {"mine": "true"}).json()["results"] == []
    assert client.get("/api/v1/leads/", {"mine": "sí"}).json()["results"] == []  # as the queue reads yes and no
    wrong = client.get("/api/v1/leads/", {"min_score": "alto", "seen_from": "31/02/2024"})
    assert wrong.status_code == 400
    assert set(wrong.json()["error"]["fields"]) == {"min_score", "seen_from"}


def test_refusals_read_in_the_language_asked(lead_ab, investigator_a):
    url = f"/api/v1/leads/{lead_ab.number}/close/"
    spanish = api(investigator_a, "es").post(url, {"reason": ""}, format="json").json()["error"]
    english = api(investigator_a).post(url, {"reason": ""}, format="json").json()["error"]

    assert english["fields"]["reason"] == ["reason: say why the lead is closed."]
    assert spanish["fields"]["reason"] == ["reason: diga por qué se cierra la pista."]


def test_the_schema_documents_the_leads_api(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)

    validate_schema(schema)
    operations = {
        ("/api/v1/leads/", "get"): "leads_list",
        ("/api/v1/leads/{number}/", "get"): "leads_retrieve",
        ("/api/v1/leads/{number}/assign/", "post"): "leads_assign",
        ("/api/v1/leads/{number}/status/", "post"): "leads_status",
        ("/api/v1/leads/{number}/refer/", "post"): "leads_refer",
        ("/api/v1/leads/{number}/close/", "post"): "leads_close",
        ("/api/v1/leads/{number}/notes/", "post"): "leads_notes_create",
    }
    for (path, method), operation in operations.items():
        assert schema["paths"][path][method]["operationId"] == operation
    listed = {parameter["name"] for parameter in schema["paths"]["/api/v1/leads/"]["get"]["parameters"]}
    assert {"kind", "status", "min_score", "mine", "recovery_state", "seen_from", "seen_to", "inactive"} <= listed
    assert "409" in schema["paths"]["/api/v1/leads/{number}/refer/"]["post"]["responses"]

"""/api/v1/queries/: the queue, one query, an answer, "no record"; analysts and responders only, each in its scope."""

import pytest

from traza.agencies.tests.factories import api_client
from traza.industry.models import LicenseeQuery
from traza.industry.tests.query_support import ROUTINE, buyer, retail_sale
from traza.tracing.models import Trace
from traza.tracing.tests.world import PAPER_DEALER, rds

URL = "/api/v1/queries/"


def url(query: LicenseeQuery, action: str = "") -> str:
    return f"{URL}{query.pk}/{action}"


@pytest.mark.django_db
def test_the_analyst_lists_the_open_queries_of_their_countrys_agencies_overdue_first_then_urgent(world, analyst):
    response = api_client(analyst).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    numbers = [item["trace"]["number"] for item in body["results"]]
    assert numbers == [world.overdue.number, world.urgent.number, world.routine.number]
    first, second = body["results"][:2]
    assert first["overdue"] is True and second["overdue"] is False
    assert second["trace"]["agency_code"] == "MXSIN0000" and second["trace"]["priority"] == "urgent"
    assert second["licensee"]["licence_number"] == PAPER_DEALER and second["licensee"]["state"] == "AZ"
    assert second["firearm"] == {"make": "Ruger", "model": "", "caliber": "9mm", "serial_number": "RG-777"}
    assert second["url"].endswith(url(world.query(world.urgent)))


@pytest.mark.django_db
def test_the_list_takes_the_pages_filters(world, analyst):
    client = api_client(analyst)

    assert [q["trace"]["number"] for q in client.get(URL, {"urgent": "true"}).json()["results"]] == [
        world.urgent.number
    ]
    assert client.get(URL, {"licensee_state": "TX", "overdue": "1"}).json()["count"] == 1
    wrong = client.get(URL, {"overdue": "maybe", "reason": "bribe"})
    assert wrong.status_code == 400
    assert set(wrong.json()["error"]["fields"]) == {"overdue", "reason"}


@pytest.mark.django_db
def test_a_responder_reads_only_its_licences_queries_and_only_the_firearm(world, paper_responder):
    client = api_client(paper_responder)

    body = client.get(URL).json()

    assert body["count"] == 2
    item = body["results"][0]
    assert set(item) == {
        "id",
        "url",
        "status",
        "status_label",
        "due_at",
        "overdue",
        "closed_at",
        "answer",
        "answered_via",
        "firearm",
    }
    assert client.get(url(world.query(world.overdue))).status_code == 404
    assert client.get(url(world.query(world.routine))).json()["firearm"]["serial_number"] == ROUTINE


@pytest.mark.django_db
def test_an_answer_through_the_api_completes_the_trace(world, analyst, django_capture_on_commit_callbacks):
    query = world.query(world.routine)

    with django_capture_on_commit_callbacks(execute=True):  # the commit the API's request makes
        response = api_client(analyst).post(
            url(query, "answer/"), {**retail_sale(), "purchase": buyer()}, format="json"
        )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["answer"], body["answered_via"], body["answered_by"]) == (
        "answered",
        "record",
        "api",
        "analyst",
    )
    assert body["answer_record"] == f"answer to query {query.pk} through the API, entered by analyst"
    trace = Trace.objects.get(pk=world.routine.pk)
    assert (trace.status, trace.retail_licensee_rds) == (Trace.Status.COMPLETED_PURCHASER, rds(PAPER_DEALER))
    assert api_client(analyst).get(url(query)).json()["trace"]["status"] == "completed_purchaser"


@pytest.mark.django_db
def test_a_wrong_answer_names_each_wrong_field_in_the_one_error_shape(world, paper_responder):
    query = world.query(world.routine)
    record = retail_sale(record_id="", serial_number="RG-000", colour="black")

    unknown = api_client(paper_responder).post(url(query, "answer/"), record, format="json")
    wrong = api_client(paper_responder).post(
        url(query, "answer/"), {**retail_sale(record_id=""), "purchase": buyer(last_name="")}, format="json"
    )

    assert unknown.status_code == wrong.status_code == 400
    assert set(unknown.json()["error"]["fields"]) == {"colour"}
    error = wrong.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {
        "record_id": ["record_id is required."],
        "purchase.last_name": ["last_name is required."],
    }
    assert LicenseeQuery.objects.get(pk=query.pk).status == "open"


@pytest.mark.django_db
def test_no_record_through_the_api_closes_the_query_and_a_closed_query_answers_409(world, paper_responder):
    query = world.query(world.routine)
    client = api_client(paper_responder)

    response = client.post(url(query, "no-record/"))
    again = client.post(url(query, "no-record/"))
    late = client.post(url(query, "answer/"), retail_sale(), format="json")

    assert response.status_code == 200
    assert (response.json()["answer"], response.json()["answered_via"]) == ("no_record", "api")
    assert again.status_code == late.status_code == 409
    assert again.json()["error"]["code"] == "closed"
    assert LicenseeQuery.objects.get(pk=query.pk).answered_by == paper_responder


@pytest.mark.django_db
def test_the_outsiders_get_403_for_the_role_and_404_for_another_licence(world, officer_a, auditor_a, industry):
    query = world.query(world.routine)
    for user in (officer_a, auditor_a):
        client = api_client(user)
        assert client.get(URL).status_code == 403
        assert client.get(url(query)).status_code == 403
        assert client.post(url(query, "no-record/")).status_code == 403
    other = api_client(industry)
    assert other.get(URL).json()["count"] == 0
    assert other.get(url(query)).status_code == 404
    assert other.post(url(query, "answer/"), retail_sale(), format="json").status_code == 404
    assert other.post(url(query, "no-record/")).json()["error"]["code"] == "not_found"
    assert api_client().get(URL).status_code == 401
    assert LicenseeQuery.objects.get(pk=query.pk).status == "open"


@pytest.mark.django_db
def test_the_schema_documents_the_queries_endpoints(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()

    operations = {
        ("/api/v1/queries/", "get"): "queries_list",
        ("/api/v1/queries/{id}/", "get"): "queries_retrieve",
        ("/api/v1/queries/{id}/answer/", "post"): "queries_answer",
        ("/api/v1/queries/{id}/no-record/", "post"): "queries_no_record",
    }
    for (path, method), operation in operations.items():
        assert schema["paths"][path][method]["operationId"] == operation
    parameters = {p["name"] for p in schema["paths"]["/api/v1/queries/"]["get"]["parameters"]}
    assert {"licensee_state", "overdue", "urgent", "reason", "page"} <= parameters
    answer = schema["components"]["schemas"]["AnswerRequest"]
    assert set(answer["required"]) == {"record_id", "serial_number", "manufacturer"}
    assert "purchase" in answer["properties"]
    assert "agency_code" not in str(schema["components"]["schemas"]["ResponderQuery"])

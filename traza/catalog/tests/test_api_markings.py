"""/api/v1/catalog/markings/: the review queue and mapping a spelling, for machine clients."""

import pytest

from traza.agencies.tests.factories import api_client
from traza.audit.models import AuditEvent
from traza.catalog.models import MakeAlias
from traza.catalog.tests.markings_support import SOUTHPORT, reports, waiting_trace
from traza.tracing.models import Trace

QUEUE = "/api/v1/catalog/markings/"
ALIASES = "/api/v1/catalog/markings/aliases/"


@pytest.fixture
def waiting(agency_a, centre, officer_a):
    reports(officer_a)
    return [waiting_trace(agency_a, "Southport Conn. U.S.A."), waiting_trace(centre, "southport conn usa", serial="S2")]


@pytest.mark.django_db
def test_the_queue_lists_spellings_with_counts_and_only_readable_trace_numbers(waiting, analyst):
    body = api_client(analyst).get(QUEUE).json()

    assert body["count"] == 3
    first = body["results"][0]
    assert (first["key"], first["waiting"], first["counts"]) == (SOUTHPORT, 2, {"trace_make": 2})
    assert first["texts"] == {"Southport Conn. U.S.A.": 1, "southport conn usa": 1}
    assert first["traces"] == [waiting[1].number]
    thefts = api_client(analyst).get(QUEUE, {"kind": "theft"}).json()
    assert [row["key"] for row in thefts["results"]] == ["ARMERIA HNOS QUINTERO"]


@pytest.mark.django_db
def test_a_wrong_kind_is_named(waiting, coordinator_mx):
    response = api_client(coordinator_mx).get(QUEUE, {"kind": "robos"})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["kind"]


@pytest.mark.django_db
def test_mapping_answers_201_is_audited_a_second_mapping_is_a_conflict_unless_a_correction(
    waiting, analyst, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(analyst).post(ALIASES, {"text": "SOUTHPORT, CONN.  USA", "make": "RUGER"}, format="json")

    assert response.status_code == 201
    assert response.json()["make"] == "Ruger"
    assert AuditEvent.objects.filter(action="make_alias.create", actor=analyst).count() == 1
    run_worker()
    assert not Trace.objects.filter(make__isnull=True, manufacturer__icontains="southport").exists()
    again = api_client(analyst).post(ALIASES, {"text": "Southport Conn USA", "make": "Colt"}, format="json")
    assert again.status_code == 409
    assert "already a way of writing Ruger" in again.json()["error"]["message"]
    corrected = api_client(analyst).post(
        ALIASES, {"text": "Southport Conn USA", "make": "Colt", "correct": True}, format="json"
    )
    assert (corrected.status_code, corrected.json()["make"]) == (201, "Colt")
    assert AuditEvent.objects.get(action="make_alias.change").details["previous_make"] == "Ruger"


@pytest.mark.django_db
def test_an_unknown_make_is_a_bad_request_naming_the_field(waiting, analyst):
    response = api_client(analyst).post(ALIASES, {"text": "Southport", "make": "Smith Wessen"}, format="json")

    assert response.status_code == 400
    assert "Smith & Wesson" in response.json()["error"]["fields"]["make"][0]
    assert not MakeAlias.objects.filter(source="analyst").exists()


@pytest.mark.django_db
def test_an_officer_is_refused(waiting, officer_a):
    assert api_client(officer_a).get(QUEUE).status_code == 403
    assert api_client(officer_a).post(ALIASES, {"text": "Southport", "make": "Ruger"}, format="json").status_code == 403

"""GET /api/v1/traces/<number>/: the result of a trace, with the evidence for every step."""

from datetime import datetime

import pytest

from traza.agencies.tests.factories import api_client
from traza.industry.models import LicenseeQuery, Purchase
from traza.tracing.models import Trace
from traza.tracing.tests.api_support import BUYER, load_records, submit
from traza.tracing.tests.world import LICENSEE_NAMES, PAPER_DEALER, RUGER, WHOLESALER, chain, licensee_rows, rds


def url(trace: Trace) -> str:
    return f"/api/v1/traces/{trace.number}/"


@pytest.fixture
def traced(load, agency_a, officer_a):
    load_records(load)
    return submit(agency_a, actor=officer_a)


@pytest.mark.django_db
def test_the_officer_reads_the_chain_with_its_evidence(traced, officer_a):
    response = api_client(officer_a).get(url(traced))

    assert response.status_code == 200
    body = response.json()
    assert (body["number"], body["status"]) == (traced.number, "completed_purchaser")
    assert body["status_label"] == "completed: purchaser found"
    maker, wholesaler, dealer, buyer = body["chain"]
    assert maker["licensee"] == {
        "rds": rds(RUGER),
        "licence_number": RUGER,
        "name": LICENSEE_NAMES[RUGER][0],
        "state": "NC",
        "listed": True,
    }
    assert (maker["role"], maker["role_label"]) == ("manufacturer", "manufacturer")
    assert maker["evidence"]["record_id"] == "RG-12345-0"
    assert (maker["evidence"]["file_name"], maker["evidence"]["line"]) == ("dispositions.csv", 2)
    assert maker["evidence"]["imported_at"]
    assert maker["received_date"] == "2021-01-10"
    assert (dealer["role"], dealer["disposition_type"]) == ("retailer", "sale")
    assert (buyer["role"], buyer["licensee"], buyer["evidence"]["record_id"]) == ("purchaser", None, "4473-1")
    assert buyer["purchaser_id"] == body["purchaser_id"] == Purchase.objects.get().person_key
    assert body["time_to_crime_days"] == traced.time_to_crime
    assert body["sale_date"] == "2021-04-10"
    assert body["firearm"]["make"] == "Ruger"
    assert body["recovery"]["municipality"] == "25006"


@pytest.mark.django_db
def test_indicators_come_with_a_label_and_an_explanation(traced, officer_a):
    indicators = {i["code"]: i for i in api_client(officer_a).get(url(traced)).json()["indicators"]}

    assert set(indicators) == {"short_ttc", "purchaser_not_possessor", "cross_border"}
    assert indicators["cross_border"]["label"] == "sold in one country, recovered in another"
    assert indicators["short_ttc"]["strong"] is False
    assert all(indicator["explanation"] for indicator in indicators.values())


@pytest.mark.django_db
def test_no_purchaser_or_possessor_data_is_ever_shown(traced, officer_a, supervisor_a):
    for user in (officer_a, supervisor_a):
        text = api_client(user).get(url(traced)).content.decode()
        assert not any(name in text for name in ("RAMIREZ", "PEDRO", *BUYER, "1990-04-02"))
        assert '"possessor_' not in text


@pytest.mark.django_db
def test_a_step_waiting_on_a_licensee_shows_the_open_query_and_its_due_time(load, agency_a, officer_a):
    load("licensees", licensee_rows())
    hops = [(number, LICENSEE_NAMES[number][0]) for number in (RUGER, WHOLESALER, PAPER_DEALER)]
    load("dispositions", chain("RG-555", "RUGER", hops)[:2])
    trace = submit(agency_a, serial_number="RG-555")

    body = api_client(officer_a).get(url(trace)).json()

    assert body["status"] == "in_progress"
    waiting = body["chain"][-1]
    query = LicenseeQuery.objects.get(trace=trace)
    assert (waiting["role"], waiting["licensee"]["rds"]) == ("awaiting", rds(PAPER_DEALER))
    assert waiting["query"]["status"] == "open"
    assert datetime.fromisoformat(waiting["query"]["due_at"]) == query.due_at
    assert waiting["query"]["overdue"] is False


@pytest.mark.django_db
def test_a_duplicate_names_the_first_trace(load, agency_a, officer_a):
    load_records(load)
    first = submit(agency_a)
    second = submit(agency_a)

    body = api_client(officer_a).get(url(second)).json()

    assert (body["status"], body["duplicate_of"]) == ("duplicate", first.number)


@pytest.mark.django_db
def test_the_resolution_note_is_translated(load, agency_a, officer_a):
    trace = submit(agency_a, manufacturer="ROMARM", serial_number="N-1")

    body = api_client(officer_a).get(url(trace)).json()

    assert body["status_reason"] == "foreign_not_imported"
    assert body["status_reason_label"] == "made abroad, no import record"
    assert "importer" in body["resolution_note"]


@pytest.mark.django_db
def test_the_agencys_supervisor_reads_an_officers_trace(traced, supervisor_a):
    assert api_client(supervisor_a).get(url(traced)).status_code == 200


@pytest.mark.django_db
def test_the_outsider_and_the_sysadmin_get_404_never_403(traced, officer_b, sysadmin):
    for user in (officer_b, sysadmin):
        response = api_client(user).get(url(traced))
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_a_number_that_is_not_a_trace_is_404(traced, officer_a):
    client = api_client(officer_a)
    wrong_year = f"T{traced.created_at.year - 1}{traced.pk:08d}"

    for number in ("T2026", "nonsense", wrong_year, f"T{traced.created_at.year}99999999"):
        assert client.get(f"/api/v1/traces/{number}/").status_code == 404
    assert client.get(f"/api/v1/traces/{traced.number.lower()}/").status_code == 200


@pytest.mark.django_db
def test_unauthenticated_is_401(traced):
    response = api_client().get(url(traced))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"

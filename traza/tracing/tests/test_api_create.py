"""POST /api/v1/traces/: an agency's system submits a trace and reads the result in the same answer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from traza.agencies.tests.factories import api_client
from traza.industry.models import Purchase
from traza.tracing.models import Trace
from traza.tracing.tests.api_support import BUYER, REQUEST, load_records

URL = "/api/v1/traces/"
NAMES = ("RAMIREZ", "PEDRO", *BUYER)


def post(client, body: dict, **headers):
    return client.post(URL, body, format="json", headers=headers)


@pytest.mark.django_db(transaction=True)
def test_a_gun_whose_records_are_in_traza_is_traced_by_the_time_the_answer_comes(load, officer_a):
    load_records(load)

    response = post(api_client(officer_a), {"request_ref": "CLN-1", **REQUEST})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == Trace.Status.COMPLETED_PURCHASER
    assert body["completed_at"] is not None
    assert [step["role"] for step in body["chain"]] == ["manufacturer", "wholesaler", "retailer", "purchaser"]
    assert body["purchaser_id"] == Purchase.objects.get().person_key
    assert body["request_ref"] == "CLN-1"
    assert not any(name in response.content.decode() for name in NAMES)


@pytest.mark.django_db
def test_the_request_ref_is_made_up_when_left_out(officer_a):
    response = post(api_client(officer_a), REQUEST)

    assert response.status_code == 201
    trace = Trace.objects.get()
    assert trace.request_ref.startswith("API-")
    assert (trace.channel, trace.submitted_by, trace.agency) == ("api", officer_a, officer_a.agency)
    assert response.json()["number"] == trace.number


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"manufacturer": ""}, "manufacturer", ["required"]),
        ({"recovery_date": (timezone.localdate() + timedelta(days=2)).isoformat()}, "recovery_date", ["future"]),
        ({"priority": "urgent"}, "urgent_reason", ["urgent"]),
        ({"serial_number": "AB#12"}, "serial_number", ["characters"]),
        ({"recovery_country": None}, "recovery_country", ["required"]),
        ({"recovery_date": "05/01/2022"}, "recovery_date", ["YYYY-MM-DD"]),
    ],
    ids=["no-make", "future-date", "urgent-without-reason", "bad-serial", "missing-country", "slash-date"],
)
def test_it_refuses_a_bad_request_naming_the_field(officer_a, change, column, words):
    response = post(api_client(officer_a), {**REQUEST, **change})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [column]
    assert all(word in error["fields"][column][0] for word in words)
    assert not Trace.objects.exists()


@pytest.mark.django_db
def test_it_reports_every_wrong_field_at_once(officer_a):
    response = post(api_client(officer_a), {**REQUEST, "manufacturer": "", "priority": "urgent", "latitude": "north"})

    assert set(response.json()["error"]["fields"]) == {"manufacturer", "urgent_reason", "latitude"}


@pytest.mark.django_db
def test_unknown_fields_and_spanish_headers_are_refused(officer_a):
    response = post(api_client(officer_a), {**REQUEST, "marca": "Ruger", "possesor_last_name": "X"})

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"marca", "possesor_last_name"}


@pytest.mark.django_db
def test_json_numbers_and_booleans_are_read_like_file_cells(officer_a):
    body = {**REQUEST, "latitude": 24.8, "longitude": -107.39, "serial_obliterated": False}

    response = post(api_client(officer_a), body)

    assert response.status_code == 201, response.json()
    assert response.json()["recovery"]["latitude"] == "24.800000"


@pytest.mark.django_db
def test_the_agency_code_may_only_be_the_callers_own(officer_a, officer_b, agency_a):
    client = api_client(officer_a)

    own = post(client, {**REQUEST, "agency_code": agency_a.code.lower()})
    other = post(client, {**REQUEST, "agency_code": officer_b.agency.code, "request_ref": "X-2"})

    assert own.status_code == 201
    assert other.status_code == 400
    assert list(other.json()["error"]["fields"]) == ["agency_code"]
    assert not Trace.objects.filter(agency=officer_b.agency).exists()


@pytest.mark.django_db
def test_a_repeated_idempotency_key_answers_the_first_trace(officer_a):
    client = api_client(officer_a)

    first = post(client, REQUEST, **{"Idempotency-Key": "batch-7-row-3"})
    again = post(client, dict(REQUEST), **{"Idempotency-Key": "batch-7-row-3"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["number"] == first.json()["number"]
    assert Trace.objects.count() == 1


@pytest.mark.django_db
def test_an_idempotency_key_reused_with_another_request_is_refused_by_name(officer_a):
    client = api_client(officer_a)
    first = post(client, REQUEST, **{"Idempotency-Key": "batch-7-row-3"})
    other = post(client, {**REQUEST, "serial_number": "ZZ-99871"}, **{"Idempotency-Key": "batch-7-row-3"})

    assert other.status_code == 422
    error = other.json()["error"]
    assert error["code"] == "idempotency_key_reused"
    assert "batch-7-row-3" in error["message"] and first.json()["number"] in error["message"]
    assert Trace.objects.count() == 1


@pytest.mark.django_db
def test_the_outsiders_idempotency_key_never_reaches_the_first_agencys_trace(officer_a, officer_b):
    mine = post(api_client(officer_a), REQUEST, **{"Idempotency-Key": "k-1"})

    body = {**REQUEST, "recovery_country": "US", "recovery_state": "TX", "recovery_municipality": "48141"}
    theirs = post(api_client(officer_b), body, **{"Idempotency-Key": "k-1"})

    assert theirs.status_code == 201
    assert theirs.json()["number"] != mine.json()["number"]
    assert theirs.json()["agency_code"] == officer_b.agency.code


@pytest.mark.django_db
def test_an_idempotency_key_longer_than_100_characters_is_refused(officer_a):
    response = post(api_client(officer_a), REQUEST, **{"Idempotency-Key": "k" * 101})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["Idempotency-Key"]


@pytest.mark.django_db
def test_a_request_ref_already_used_by_the_agency_is_a_conflict(officer_a, officer_b):
    assert post(api_client(officer_a), {**REQUEST, "request_ref": "CLN-9"}).status_code == 201

    again = post(api_client(officer_a), {**REQUEST, "request_ref": "CLN-9"})
    other_agency = post(api_client(officer_b), {**REQUEST, "request_ref": "CLN-9"})

    assert again.status_code == 409
    assert list(again.json()["error"]["fields"]) == ["request_ref"]
    assert other_agency.status_code == 201


@pytest.mark.django_db
def test_only_people_of_an_agency_who_submit_traces_may_post(auditor_a, sysadmin):
    assert post(api_client(auditor_a), REQUEST).status_code == 403
    assert post(api_client(sysadmin), REQUEST).json()["error"]["code"] == "permission_denied"
    assert post(api_client(), REQUEST).status_code == 401
    assert not Trace.objects.exists()


@pytest.mark.django_db
def test_errors_come_in_the_language_asked_for_else_the_users_own(officer_a):
    asked = api_client(officer_a)
    asked.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
    officer_a.language = "es"
    officer_a.save()
    own = api_client(officer_a)
    del own.defaults["HTTP_ACCEPT_LANGUAGE"]

    for client in (asked, own):
        response = post(client, {**REQUEST, "priority": "urgent"})
        assert response.status_code == 400
        assert response["Content-Language"] == "es"
    english = post(api_client(officer_a), {**REQUEST, "priority": "urgent"})
    assert english["Content-Language"] == "en"

"""POST /api/v1/traces/<number>/cancel/: the requesting agency withdraws a trace still under way."""

import pytest

from traza.agencies.tests.factories import api_client
from traza.industry.models import LicenseeQuery
from traza.tracing import engine
from traza.tracing.models import Trace
from traza.tracing.tests.api_support import load_records, submit, waiting_trace


def url(trace: Trace) -> str:
    return f"/api/v1/traces/{trace.number}/cancel/"


@pytest.fixture
def waiting(load, agency_a, officer_a):
    """A trace waiting on a dealer who keeps paper records."""
    return waiting_trace(load, agency_a, officer_a)


@pytest.mark.django_db
def test_the_officer_withdraws_a_trace_and_its_query_closes(waiting, officer_a):
    response = api_client(officer_a).post(url(waiting))

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["completed_at"] is not None
    waiting.refresh_from_db()
    assert waiting.status == Trace.Status.CANCELLED
    assert LicenseeQuery.objects.get(trace=waiting).status == LicenseeQuery.Status.CLOSED


@pytest.mark.django_db
def test_a_cancelled_trace_stays_cancelled_when_the_engine_runs_again(waiting, officer_a):
    api_client(officer_a).post(url(waiting))

    engine.resolve([waiting.pk])

    waiting.refresh_from_db()
    assert waiting.status == Trace.Status.CANCELLED


@pytest.mark.django_db
def test_withdrawing_twice_changes_nothing(waiting, officer_a):
    client = api_client(officer_a)
    first = client.post(url(waiting)).json()

    again = client.post(url(waiting))

    assert again.status_code == 200
    assert again.json()["completed_at"] == first["completed_at"]


@pytest.mark.django_db
def test_a_trace_with_a_final_result_cannot_be_withdrawn(load, agency_a, officer_a):
    load_records(load)
    done = submit(agency_a)

    response = api_client(officer_a).post(url(done))

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "final"
    done.refresh_from_db()
    assert done.status == Trace.Status.COMPLETED_PURCHASER


@pytest.mark.django_db
def test_the_outsider_gets_404_and_the_trace_goes_on(waiting, officer_b, sysadmin):
    assert api_client(officer_b).post(url(waiting)).status_code == 404
    assert api_client(sysadmin).post(url(waiting)).status_code == 403  # may withdraw no trace at all

    waiting.refresh_from_db()
    assert waiting.status == Trace.Status.IN_PROGRESS


@pytest.mark.django_db
def test_a_reader_of_the_agency_may_not_withdraw(waiting, auditor_a, supervisor_a):
    assert api_client(auditor_a).post(url(waiting)).status_code == 403
    assert api_client().post(url(waiting)).status_code == 401
    assert api_client(supervisor_a).post(url(waiting)).status_code == 200

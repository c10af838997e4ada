"""What an analyst reads: the traces of their own agency, and the traces their tracing centre serves (its
country's agencies') that question a licensee. An analyst of another country's centre, or of an agency
that is no tracing centre, cannot list, open, export, work or reveal them: 404 on pages and in the API."""

import pytest
from django.test import Client

from traza.agencies.models import Agency
from traza.agencies.tests.factories import api_client
from traza.agencies.tests.personas import persona
from traza.industry.models import LicenseeQuery
from traza.industry.selectors import queries_workable_by
from traza.tracing.selectors import licensee_queries_visible_to, traces_visible_to
from traza.tracing.tests.api_support import submit
from traza.tracing.tests.world import LICENSEE_NAMES, PAPER_DEALER, RUGER, WHOLESALER, chain, licensee_rows


def waiting(load, agency, actor, serial: str):
    """A trace of `agency` waiting on a paper dealer's answer: it has an open licensee query."""
    hops = [(number, LICENSEE_NAMES[number][0]) for number in (RUGER, WHOLESALER, PAPER_DEALER)]
    load("dispositions", chain(serial, "RUGER", hops)[:2])
    trace = submit(agency, actor=actor, serial_number=serial)
    assert trace.queries.filter(status=LicenseeQuery.Status.OPEN).exists()
    return trace


@pytest.fixture
def waiting_a(load, agency_a, officer_a):
    load("licensees", licensee_rows())
    return waiting(load, agency_a, officer_a, "RG-555")


@pytest.fixture
def waiting_b(load, waiting_a, agency_b, officer_b):
    return waiting(load, agency_b, officer_b, "rg-556 ")


def visible(user) -> set[int]:
    return set(traces_visible_to(user).values_list("pk", flat=True))


def browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_each_countrys_analyst_reads_the_queried_traces_of_their_own_country_only(
    waiting_a, waiting_b, analyst, analyst_us
):
    assert visible(analyst) == {waiting_a.pk}
    assert visible(analyst_us) == {waiting_b.pk}
    assert set(queries_workable_by(analyst)) == set(waiting_a.queries.all())
    assert set(queries_workable_by(analyst_us)) == set(waiting_b.queries.all())


@pytest.mark.django_db
def test_a_trace_that_questions_no_licensee_stays_its_agencys(load, waiting_a, agency_c, officer_c, analyst):
    answered_by_records = submit(agency_c, actor=officer_c, serial_number="XX-1")

    assert answered_by_records.pk not in visible(analyst)


@pytest.mark.django_db
def test_an_analyst_of_an_agency_that_is_no_tracing_centre_reads_only_their_own_agency(
    waiting_a, waiting_b, agency_c, officer_c
):
    """An account made before the rule (or by hand in the database) gains nothing from its role."""
    own = submit(agency_c, actor=officer_c, serial_number="SIN-77")
    stray = persona("analista.sinaloa", agency_c, "analyst")

    assert visible(stray) == {own.pk}
    assert not queries_workable_by(stray).exists()
    assert not licensee_queries_visible_to(stray).filter(trace__in=[waiting_a, waiting_b]).exists()


@pytest.mark.django_db
def test_withdrawing_a_centres_designation_ends_what_its_analysts_read(waiting_a, analyst, centre):
    Agency.objects.filter(pk=centre.pk).update(tracing_centre=False)  # as if forced in the database
    analyst.agency.refresh_from_db()

    assert visible(analyst) == set()
    assert not queries_workable_by(analyst).exists()


@pytest.mark.django_db
def test_the_other_countrys_analyst_cannot_list_open_export_or_work_the_trace_on_the_pages(waiting_a, analyst_us):
    client, number, query = browser(analyst_us), waiting_a.number, waiting_a.queries.get()

    assert number not in client.get("/traces/").content.decode()
    assert number not in b"".join(client.get("/traces/traces.csv").streaming_content).decode()
    for path in (f"/traces/{number}/", f"/traces/{number}/print/", f"/queries/{query.pk}/"):
        assert client.get(path).status_code == 404, path
    assert f"/queries/{query.pk}/" not in client.get("/queries/").content.decode()
    assert client.post(f"/queries/{query.pk}/no-record/").status_code == 404
    reveal = {"trace": number, "purpose": "CI-CLN-2026-0042", "query": query.pk}
    assert client.post("/personal-data/reveal/", reveal).status_code == 404


@pytest.mark.django_db
def test_the_other_countrys_analyst_gets_404_from_the_api(waiting_a, analyst_us):
    client, number, query = api_client(analyst_us), waiting_a.number, waiting_a.queries.get()

    assert client.get("/api/v1/traces/").json()["count"] == 0
    for path in (f"/api/v1/traces/{number}/", f"/api/v1/queries/{query.pk}/"):
        response = client.get(path)
        assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found"), path
    reveal = {"trace": number, "purpose": "CI-CLN-2026-0042", "query": query.pk}
    response = client.post("/api/v1/personal-data/", reveal, format="json")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")
    assert not LicenseeQuery.objects.filter(pk=query.pk, answered_by=analyst_us).exists()


@pytest.mark.django_db
def test_the_centres_own_analyst_reads_and_works_the_trace(waiting_a, analyst):
    client, query = browser(analyst), waiting_a.queries.get()

    assert client.get(f"/traces/{waiting_a.number}/").status_code == 200
    assert client.get(f"/queries/{query.pk}/").status_code == 200
    assert api_client(analyst).get(f"/api/v1/traces/{waiting_a.number}/").status_code == 200

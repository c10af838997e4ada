"""Revealing personal data: a purpose must say something (one rule for a trace's and a person's reveal), and
an analyst revealing another agency's trace names the licensee query the look serves, a real open or
answered one of that trace that their tracing centre works. The audit entry holds the query."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from traza.agencies.selectors.personal_data import personal_data_for, personal_data_shown
from traza.agencies.services.personal_data import personal_data_reveal, purpose_clean
from traza.agencies.tests.factories import api_client
from traza.agencies.tests.test_analyst_scope import waiting
from traza.audit.models import AuditEvent
from traza.industry.models import LicenseeQuery
from traza.tracing.tests.world import licensee_rows


@pytest.fixture
def waiting_a(load, agency_a, officer_a):
    load("licensees", licensee_rows())
    return waiting(load, agency_a, officer_a, "RG-555")


@pytest.fixture
def waiting_c(load, waiting_a, agency_c, officer_c):
    return waiting(load, agency_c, officer_c, "RG-557")


def browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "purpose",
    ["CI-CLN-0042", "carpeta 123/2026", "FED/SIN/0001968/2026", "Investigación de tráfico de armas", "CASE-1"],
)
def test_a_purpose_with_a_reference_or_a_sentence_is_accepted(purpose):
    assert purpose_clean(f"  {purpose} ") == purpose


@pytest.mark.parametrize("purpose", ["curiosity", "Curiosidad", "ok", "2026", "ver qué hay", "x y z", "C-1"])
def test_a_purpose_that_says_nothing_is_refused(purpose):
    with pytest.raises(ValidationError) as refused:
        purpose_clean(purpose)
    assert refused.value.message_dict["purpose"] == [
        "Say what the look is for: your case or file number (such as CI-CLN-0042), or at least 4 words."
    ]


@pytest.mark.django_db
def test_curiosity_reveals_nothing_on_the_page(waiting_a, investigator_a):
    client = browser(investigator_a)

    response = client.post("/personal-data/reveal/", {"trace": waiting_a.number, "purpose": "curiosity"}, follow=True)

    assert "Say what the look is for" in response.content.decode()
    assert personal_data_for(user=investigator_a, trace=waiting_a) is None
    assert not AuditEvent.objects.filter(action="personal_data.reveal").exists()


@pytest.mark.django_db
def test_the_analyst_reveals_another_agencys_trace_only_naming_its_query(waiting_a, analyst):
    query = waiting_a.queries.get()
    with pytest.raises(ValidationError) as refused:
        personal_data_reveal(actor=analyst, trace=waiting_a, purpose="CI-CLN-2026-0042")
    assert refused.value.message_dict["query"] == [
        "This trace is another agency's: name the licensee query you are working on it."
    ]

    grant = personal_data_reveal(actor=analyst, trace=waiting_a, purpose="CI-CLN-2026-0042", query_id=query.pk)

    assert grant.data["possessor"]["last_name"] == "RAMIREZ"
    event = AuditEvent.objects.get(action="personal_data.reveal")
    assert (event.actor, event.purpose, event.object_id) == (analyst, "CI-CLN-2026-0042", str(waiting_a.pk))
    assert (event.details["query"], event.details["licensee_rds"]) == (query.pk, query.licensee_rds)


@pytest.mark.django_db
def test_a_closed_query_or_one_of_another_trace_does_not_serve(waiting_a, waiting_c, analyst):
    other = waiting_c.queries.get()
    closed = waiting_a.queries.get()
    LicenseeQuery.objects.filter(pk=closed.pk).update(status=LicenseeQuery.Status.CLOSED)

    for query_id in (closed.pk, other.pk, 987654):
        with pytest.raises(ValidationError) as refused:
            personal_data_reveal(actor=analyst, trace=waiting_a, purpose="CI-CLN-2026-0042", query_id=query_id)
        assert refused.value.message_dict["query"] == [
            "Name an open or answered licensee query of this trace that you work."
        ]
    assert not AuditEvent.objects.filter(action="personal_data.reveal").exists()


@pytest.mark.django_db
def test_an_answered_query_still_serves(waiting_a, analyst):
    query = waiting_a.queries.get()
    LicenseeQuery.objects.filter(pk=query.pk).update(status=LicenseeQuery.Status.ANSWERED)

    personal_data_reveal(actor=analyst, trace=waiting_a, purpose="Llamada al armero por la consulta", query_id=query.pk)

    assert personal_data_for(user=analyst, trace=waiting_a) is not None


@pytest.mark.django_db
def test_the_trace_page_asks_the_analyst_for_the_query_and_the_reveal_goes_through(waiting_a, analyst):
    client, query = browser(analyst), waiting_a.queries.get()
    page = client.get(f"/traces/{waiting_a.number}/").content.decode()
    assert 'name="query"' in page and f'<option value="{query.pk}">Query {query.pk} to ' in page

    without = client.post("/personal-data/reveal/", {"trace": waiting_a.number, "purpose": "CI-CLN-0042"}, follow=True)
    assert "name the licensee query you are working on it" in without.content.decode()
    assert personal_data_for(user=analyst, trace=waiting_a) is None

    data = {"trace": waiting_a.number, "purpose": "CI-CLN-0042", "query": query.pk}
    assert client.post("/personal-data/reveal/", data).status_code == 302
    assert "RAMIREZ" in client.get(f"/traces/{waiting_a.number}/").content.decode()
    assert AuditEvent.objects.get(action="personal_data.reveal").details["query"] == query.pk


@pytest.mark.django_db
def test_a_trace_with_no_live_query_offers_the_analyst_no_reveal(waiting_a, analyst):
    LicenseeQuery.objects.filter(trace=waiting_a).update(status=LicenseeQuery.Status.CLOSED)

    shown = personal_data_shown(user=analyst, trace=waiting_a)
    page = browser(analyst).get(f"/traces/{waiting_a.number}/").content.decode()

    assert (shown["needs_query"], shown["queries"]) == (True, [])
    assert "has no open or answered query your tracing centre works" in page and 'name="purpose"' not in page


@pytest.mark.django_db
def test_the_api_asks_the_analyst_for_the_query(waiting_a, analyst):
    client, query = api_client(analyst), waiting_a.queries.get()

    missing = client.post("/api/v1/personal-data/", {"trace": waiting_a.number, "purpose": "CI-1234"}, format="json")
    vague = client.post(
        "/api/v1/personal-data/", {"trace": waiting_a.number, "purpose": "curiosity", "query": query.pk}, format="json"
    )
    named = client.post(
        "/api/v1/personal-data/", {"trace": waiting_a.number, "purpose": "CI-1234", "query": query.pk}, format="json"
    )

    assert (missing.status_code, list(missing.json()["error"]["fields"])) == (400, ["query"])
    assert (vague.status_code, list(vague.json()["error"]["fields"])) == (400, ["purpose"])
    assert named.status_code == 200 and named.json()["possessor"]["last_name"] == "RAMIREZ"
    assert AuditEvent.objects.get(action="personal_data.reveal").details["query"] == query.pk


@pytest.mark.django_db
def test_an_investigator_reveals_their_own_agencys_trace_with_a_purpose_alone(waiting_a, investigator_a):
    personal_data_reveal(actor=investigator_a, trace=waiting_a, purpose="CI-CLN-0042")

    event = AuditEvent.objects.get(action="personal_data.reveal")
    assert "query" not in event.details
    assert personal_data_shown(user=investigator_a, trace=waiting_a)["needs_query"] is False


@pytest.mark.django_db
def test_a_resolved_persons_reveal_follows_the_same_purpose_rule(waiting_a, investigator_a):
    from traza.intel.models import Person, PersonRecord
    from traza.intel.services.people import person_reveal

    person = Person.objects.create(key="0" * 31 + "7", record_count=1)
    PersonRecord.objects.create(source="possessor", source_id=waiting_a.pk, person=person, last_name="RAMÍREZ")

    with pytest.raises(ValidationError) as refused:
        person_reveal(actor=investigator_a, person=person, purpose="curiosidad")
    assert "purpose" in refused.value.message_dict
    assert person_reveal(actor=investigator_a, person=person, purpose="CI-CLN-0042").purpose == "CI-CLN-0042"

"""/intel/network/: the network around a trace, a person, a dealer or a lead, scoped and masked, as JSON."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from traza.agencies.tests.personas import persona
from traza.intel.models import Lead, LeadPerson, LeadTrace, Person, PersonRecord
from traza.intel.selectors import network
from traza.intel.tests.links_world import JUAN, NAMES, border_world, people_resolve, purchase_row
from traza.tracing.tests.api_support import submit
from traza.tracing.tests.pages_support import browser
from traza.tracing.tests.world import DEALER, LICENSEE_NAMES, RUGER, WHOLESALER, chain

URL = "/intel/network/"


@pytest.fixture
def world(load, agency_a, agency_b, officer_a):
    return border_world(load, agency_a, agency_b, officer_a)


def fetch(user, **params):
    response = browser(user).get(URL, params)
    return response.status_code, response.json() if response["Content-Type"] == "application/json" else None


def nodes(body) -> dict[str, dict]:
    return {node["data"]["id"]: node["data"] for node in body["nodes"]}


def edges(body) -> set[tuple[str, str, str]]:
    return {(edge["data"]["source"], edge["data"]["target"], edge["data"]["kind"]) for edge in body["edges"]}


@pytest.mark.django_db
def test_a_traces_network_holds_its_gun_recovery_dealer_and_buyer_and_what_the_buyer_did(world, officer_a):
    juan, pedro = world["people"]["JUAN GARCIA"], world["people"]["PEDRO GARCIA"]
    trace = world["traces"]["juan_a"]

    status, body = fetch(officer_a, trace=trace.number)

    assert status == 200 and not body["truncated"]
    found = nodes(body)
    person, dealer = f"person:{juan.key}", f"dealer:{world['dealer']}"
    gun = next(key for key, node in found.items() if node["kind"] == "gun" and node.get("trace") == trace.number)
    recovery = next(key for key, node in found.items() if node["kind"] == "recovery" and "2022-05-01" in key)
    assert {(person, gun, "bought"), (dealer, gun, "sold"), (gun, recovery, "recovered")} <= edges(body)
    assert (person, dealer, "bought_at") in edges(body)
    assert tuple(sorted((person, f"person:{pedro.key}"))) + ("address",) in edges(body)
    assert any("RG-2001" in node["label"] for node in found.values())  # the multiple sale's other gun
    assert found[person]["url"] == f"/intel/people/{juan.key}/" and found[person]["expandable"]
    assert found[dealer]["label"] == "BORDER GUNS AND PAWN"


@pytest.mark.django_db
def test_nothing_of_another_agencys_traces_and_no_name_without_a_purpose(world, officer_a):
    status, body = fetch(officer_a, person=world["people"]["JUAN GARCIA"].key)

    text = json.dumps(body)
    assert status == 200
    assert world["traces"]["juan_b"].number not in text and "2022-06-01" not in text
    assert not any(name in text for name in NAMES), [name for name in NAMES if name in text]
    labels = [node["label"] for node in nodes(body).values() if node["kind"] == "person"]
    assert labels and all(label.startswith("Person ") for label in labels)


@pytest.mark.django_db
def test_out_of_scope_seeds_and_expansions_are_404(world, officer_b, auditor_a, officer_a):
    pedro = world["people"]["PEDRO GARCIA"]
    trace = world["traces"]["juan_a"]

    assert fetch(officer_b, trace=trace.number)[0] == 404
    assert fetch(officer_b, person=pedro.key)[0] == 404
    assert fetch(officer_b, expand=f"person:{pedro.key}")[0] == 404
    assert fetch(officer_b, expand=f"gun:{trace.pk}")[0] == 404
    assert fetch(auditor_a, dealer=world["dealer"])[0] == 404
    assert fetch(officer_a, expand="nonsense")[0] == 404
    assert browser().get(URL, {"trace": trace.number}).status_code == 302


@pytest.mark.django_db
def test_expanding_a_person_brings_their_records_and_a_reveal_names_only_that_person(world, investigator_a):
    juan, pedro = world["people"]["JUAN GARCIA"], world["people"]["PEDRO GARCIA"]
    client = browser(investigator_a)
    client.post(f"/intel/people/{pedro.key}/reveal/", {"purpose": "CI-CLN-2022-0042"})

    status, body = fetch(investigator_a, expand=f"person:{pedro.key}")
    assert "no-store" in client.get(URL, {"expand": f"person:{pedro.key}"})["Cache-Control"]

    found = nodes(body)
    assert status == 200
    assert found[f"person:{pedro.key}"]["label"] == "GARCIA, PEDRO" and found[f"person:{pedro.key}"]["revealed"]
    assert found[f"person:{juan.key}"]["label"] == f"Person {juan.key[:8]}"
    assert world["traces"]["pedro_a"].number in json.dumps(body)
    assert "CI-CLN" not in json.dumps(body)


@pytest.mark.django_db
def test_dates_narrow_the_network_and_a_bad_date_is_named(world, officer_a):
    juan = world["people"]["JUAN GARCIA"]

    _status, everything = fetch(officer_a, dealer=world["dealer"])
    _status, july = fetch(officer_a, dealer=world["dealer"], start="2022-06-15", end="2022-12-31")
    status, body = fetch(officer_a, person=juan.key, start="1 de mayo", end="2022-01-01")
    _status, backwards = fetch(officer_a, person=juan.key, start="2023-01-01", end="2022-01-01")

    recoveries = [key for key, node in nodes(everything).items() if node["kind"] == "recovery"]
    assert len(recoveries) == 2
    assert [node["kind"] for node in nodes(july).values()].count("recovery") == 1
    assert status == 400 and list(body["error"]["fields"]) == ["start"]
    assert list(backwards["error"]["fields"]) == ["end"]
    assert fetch(officer_a)[0] == 400


@pytest.mark.django_db
def test_a_leads_network_is_for_those_who_read_the_lead(world, investigator_a, officer_b, agency_b):
    today = timezone.localdate()
    lead = Lead.objects.create(
        kind="ring", subject_key="r1", score=80, first_seen=today, last_seen=today, computed_at=timezone.now()
    )
    LeadTrace.objects.create(lead=lead, trace=world["traces"]["juan_a"])
    LeadPerson.objects.create(lead=lead, person=world["people"]["ROBERT SMITH"])

    status, body = fetch(investigator_a, lead=lead.number)

    assert status == 200 and f"person:{world['people']['ROBERT SMITH'].key}" in nodes(body)
    assert fetch(persona("investigator_b", agency_b, "investigator"), lead=lead.number)[0] == 404
    assert fetch(investigator_a, lead="L9999999")[0] == 404


@pytest.mark.django_db
def test_the_network_stops_at_its_size_limit_and_says_so(world, officer_a, monkeypatch):
    monkeypatch.setattr(network, "MAX_NODES", 3)

    _status, body = fetch(officer_a, person=world["people"]["JUAN GARCIA"].key)

    assert len(body["nodes"]) == 3 and body["truncated"]
    ids = set(nodes(body))
    assert all(edge["data"]["source"] in ids and edge["data"]["target"] in ids for edge in body["edges"])


@pytest.mark.django_db
def test_a_larger_network_costs_no_more_queries(world, load, agency_a, officer_a):
    def queries() -> int:
        client = browser(officer_a)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"dealer": world["dealer"]}).status_code == 200
        return len(captured)

    before = queries()
    hops = [(number, LICENSEE_NAMES[number][0]) for number in (RUGER, WHOLESALER, DEALER)]
    serials = [f"RG-20{n}" for n in range(10, 16)]
    load(
        "dispositions", [row for n, serial in enumerate(serials) for row in chain(serial, "RUGER", hops, ref=f"X-{n}")]
    )
    load("purchases", [purchase_row(f"X-{n}", {**JUAN, "first_name": "JUAN"}, "2021-04-10") for n in range(6)])
    for n, serial in enumerate(serials):
        submit(agency_a, request_ref=f"MORE-{n}", serial_number=serial, recovery_date=f"2022-08-1{n}")
    PersonRecord.objects.all().delete()
    Person.objects.all().delete()
    people_resolve()

    assert len(nodes(fetch(officer_a, dealer=world["dealer"])[1])) > 10
    assert queries() == before


@pytest.mark.django_db
def test_a_trace_not_traced_to_a_dealer_draws_its_gun_and_recovery(world, agency_a, officer_a):
    unknown = submit(agency_a, request_ref="CLN-9", serial_number="ZZ-404", possessor_last_name="")

    status, body = fetch(officer_a, trace=unknown.number)

    assert status == 200
    assert sorted(node["kind"] for node in nodes(body).values()) == ["gun", "recovery"]

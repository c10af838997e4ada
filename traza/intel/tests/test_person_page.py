"""/intel/people/<key>/: a resolved person's page, scoped to the viewer's traces, masked until a purpose is stated."""

import pytest

from traza.agencies.tests.personas import persona
from traza.audit.models import AuditEvent
from traza.intel.models import Lead, LeadPerson, LeadTrace
from traza.intel.tests.links_world import NAMES, border_world
from traza.tracing.tests.pages_support import browser


@pytest.fixture
def world(load, agency_a, agency_b, officer_a):
    return border_world(load, agency_a, agency_b, officer_a)


def page(person) -> str:
    return f"/intel/people/{person.key}/"


def reveal(client, person, purpose: str = "CI-CLN-2022-0042"):
    return client.post(f"{page(person)}reveal/", {"purpose": purpose})


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(world):
    response = browser().get(page(world["people"]["JUAN GARCIA"]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_person_is_404_to_whoever_reads_none_of_their_traces(world, officer_b, auditor_a, sysadmin):
    pedro = world["people"]["PEDRO GARCIA"]  # only in agency A's trace
    for user in (officer_b, auditor_a, sysadmin):
        assert browser(user).get(page(pedro)).status_code == 404, user.username
    assert browser(officer_b).get("/intel/people/not-a-key/").status_code == 404


@pytest.mark.django_db
def test_each_agency_sees_its_own_traces_of_a_shared_buyer_and_counts_the_others(world, officer_a, officer_b):
    juan = world["people"]["JUAN GARCIA"]
    traces = world["traces"]

    html_a = browser(officer_a).get(page(juan)).content.decode()
    html_b = browser(officer_b).get(page(juan)).content.decode()

    assert traces["juan_a"].number in html_a and traces["juan_b"].number not in html_a
    assert traces["juan_b"].number in html_b and traces["juan_a"].number not in html_b
    for html in (html_a, html_b):
        assert "1 other trace names this person; it belongs to an agency whose traces you may not read." in html


@pytest.mark.django_db
def test_an_officer_sees_purchases_sales_dealers_neighbours_and_timeline_with_every_name_masked(world, officer_a):
    juan = world["people"]["JUAN GARCIA"]
    html = browser(officer_a).get(page(juan)).content.decode()

    assert "4473-1" in html and "4473-2" in html and "4473-3" not in html  # Pedro's purchase is his own
    assert "MS-77" in html and "RG-2001" in html
    assert "BORDER GUNS AND PAWN" in html and "4 records" in html
    assert f"/intel/dealers/{world['dealer']}/" in html
    assert html.count('id="neighbours"') == 1 and "same address" in html
    assert f"/intel/people/{world['people']['PEDRO GARCIA'].key}/" in html
    assert "386 days" in html  # sold 10 April 2021, recovered 1 May 2022
    assert "Bought a firearm at BORDER GUNS AND PAWN." in html
    assert 'id="person-reveal"' not in html
    assert "Personal data is shown only to investigators and analysts, after they state a purpose." in html
    assert not any(name in html for name in NAMES), [name for name in NAMES if name in html]


@pytest.mark.django_db
def test_an_investigator_reveals_with_a_purpose_kept_out_of_urls_and_in_the_audit_log(world, investigator_a):
    juan = world["people"]["JUAN GARCIA"]
    client = browser(investigator_a)
    before = client.get(page(juan)).content.decode()
    assert 'id="person-reveal"' in before and "JUAN" not in before

    response = reveal(client, juan, "  CI-CLN-2022-0042 ")

    assert response.status_code == 302 and response["Location"] == page(juan)
    assert "CI-CLN" not in response["Location"]
    response = client.get(page(juan))
    after = response.content.decode()
    assert "no-store" in response["Cache-Control"]  # names are not kept in the browser's cache
    assert "GARCIA, JUAN" in after
    assert "1200 E PAISANO DR" in after and "Your purpose is in the audit log." in after
    event = AuditEvent.objects.get(action="person.reveal")
    assert (event.actor, event.object_type, event.object_id) == (investigator_a, "person", str(juan.pk))
    assert event.purpose == "CI-CLN-2022-0042"
    assert not any(name.upper() in str(event.details).upper() for name in NAMES)
    neighbours = after.split('id="neighbours"')[1].split("</ul>")[0]
    assert "PEDRO" not in neighbours  # his brother's name needs a purpose of its own


@pytest.mark.django_db
def test_a_reveal_without_purpose_or_by_an_officer_shows_nothing_and_records_nothing(world, investigator_a, officer_a):
    juan = world["people"]["JUAN GARCIA"]
    client = browser(investigator_a)

    response = reveal(client, juan, "   ")
    html = client.get(response["Location"]).content.decode()
    assert "State why you need to see it: your case number." in html and "JUAN" not in html
    assert reveal(client, juan, "x" * 201).status_code == 302
    assert reveal(browser(officer_a), juan).status_code == 404
    assert client.get(f"{page(juan)}reveal/").status_code == 405
    assert not AuditEvent.objects.filter(action="person.reveal").exists()


@pytest.mark.django_db
def test_an_investigator_of_another_agency_cannot_reveal_a_person_out_of_scope(world, agency_b):
    investigator_b = persona("investigator_b", agency_b, "investigator")
    pedro = world["people"]["PEDRO GARCIA"]

    assert reveal(browser(investigator_b), pedro).status_code == 404
    assert not AuditEvent.objects.filter(action="person.reveal").exists()


@pytest.mark.django_db
def test_a_person_in_a_lead_on_a_visible_trace_is_visible_to_investigators(world, investigator_a, officer_b):
    from django.utils import timezone

    stranger = world["people"]["ROBERT SMITH"]  # bought guns, none traced by agency A as his purchase
    assert browser(investigator_a).get(page(stranger)).status_code == 404
    today = timezone.localdate()
    lead = Lead.objects.create(
        kind="ring", subject_key="r1", score=70, first_seen=today, last_seen=today, computed_at=timezone.now()
    )
    LeadTrace.objects.create(lead=lead, trace=world["traces"]["juan_a"])
    LeadPerson.objects.create(lead=lead, person=stranger)

    assert browser(investigator_a).get(page(stranger)).status_code == 200
    assert browser(officer_b).get(page(stranger)).status_code == 404


@pytest.mark.django_db
def test_the_trace_page_links_the_purchaser_id_and_lists_related_traces_in_scope(world, officer_a):
    traces = world["traces"]
    juan = world["people"]["JUAN GARCIA"]
    client = browser(officer_a)

    detail = client.get(f"/traces/{traces['juan_a'].number}/").content.decode()
    assert f'href="/intel/people/{juan.key}/"' in detail
    assert f"/intel/traces/{traces['juan_a'].number}/related/" in detail
    assert f"/intel/network/?trace={traces['juan_a'].number}" in detail

    related = client.get(f"/intel/traces/{traces['juan_a'].number}/related/").content.decode()
    buyer = related.split('id="related-buyer"')[1].split("<h3")[0]
    dealer = related.split('id="related-dealer"')[1].split("<h3")[0]
    address = related.split('id="related-address"')[1]
    assert traces["juan_b"].number not in related  # agency B's trace of the same buyer
    assert "None you may read." in buyer
    assert traces["pedro_a"].number in dealer and traces["arizona_a"].number not in dealer
    assert traces["pedro_a"].number in address
    assert not any(name in related for name in NAMES)


@pytest.mark.django_db
def test_the_related_traces_of_another_agencys_trace_are_404(world, officer_b):
    assert browser(officer_b).get(f"/intel/traces/{world['traces']['juan_a'].number}/related/").status_code == 404

"""/traces/<number>/…: a trace's result, its printable sheet, its live status, withdrawing it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from traza.industry.models import LicenseeQuery, Purchase
from traza.tracing.models import Trace
from traza.tracing.tests.api_support import BUYER, load_records, submit, waiting_trace
from traza.tracing.tests.pages_support import browser
from traza.tracing.tests.world import LICENSEE_NAMES, PAPER_DEALER, RUGER, rds

PAGES = ("", "print/", "status/", "cancel/")
POSSESSOR = ("RAMIREZ", "PEDRO")


def url(trace: Trace, page: str = "") -> str:
    return f"/traces/{trace.number}/{page}"


@pytest.fixture
def traced(load, agency_a, officer_a):
    """A Ruger traced to its first buyer by agency A, from a possessor who is not that buyer."""
    load_records(load)
    return submit(agency_a, actor=officer_a, agency_case_number="CI-CLN-0042", crime_code="0901")


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(traced):
    for page in PAGES:
        response = browser().get(url(traced, page))
        assert response.status_code == 302, page
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_outsider_gets_404_for_every_page_of_the_trace(traced, officer_b):
    client = browser(officer_b)

    for page in PAGES:
        assert client.get(url(traced, page)).status_code == 404, page
    assert client.post(url(traced, "cancel/")).status_code == 404
    traced.refresh_from_db()
    assert traced.status == Trace.Status.COMPLETED_PURCHASER


@pytest.mark.django_db
def test_a_number_that_is_not_a_trace_is_404(traced, officer_a):
    for number in ("nonsense", f"T{traced.created_at.year - 1}{traced.pk:08d}"):
        assert browser(officer_a).get(f"/traces/{number}/").status_code == 404


@pytest.mark.django_db
def test_the_chain_is_a_timeline_with_the_evidence_and_dates_of_each_step(traced, officer_a):
    html = browser(officer_a).get(url(traced)).content.decode()

    assert html.count('<li class="step role-') == 4
    positions = [html.index(f"role-{role}") for role in ("manufacturer", "wholesaler", "retailer", "purchaser")]
    assert positions == sorted(positions)
    assert LICENSEE_NAMES[RUGER][0].replace("&", "&amp;") in html and RUGER in html
    assert "record RG-12345-0 in dispositions.csv, line 2" in html
    assert "record 4473-1 in purchases.csv, line 2" in html
    assert "Received" in html and "Sale" in html


@pytest.mark.django_db
def test_the_result_shows_status_time_to_crime_indicators_and_the_purchasers_id_only(traced, officer_a):
    html = browser(officer_a).get(url(traced)).content.decode()

    assert "Completed: purchaser found" in html
    assert "1 year and 21 days" in html and f"({traced.time_to_crime} days)" in html
    assert Purchase.objects.get().person_key in html
    assert "Short time-to-crime" in html
    assert "Recovered within three years of its retail sale" in html
    assert "Sold at retail in the US and recovered in another country." in html
    assert "Personal data is shown only to investigators and analysts, after they state a purpose." in html
    assert "CI-CLN-0042" in html and "(0901)" in html


@pytest.mark.django_db
def test_no_purchaser_or_possessor_data_is_ever_shown(traced, officer_a, supervisor_a):
    for user in (officer_a, supervisor_a):
        for page in ("", "print/"):
            html = browser(user).get(url(traced, page)).content.decode()
            assert not any(name in html for name in (*POSSESSOR, *BUYER, "1990-04-02")), (user, page)


@pytest.mark.django_db
def test_a_final_trace_does_not_poll_and_its_status_stops_any_polling(traced, officer_a):
    client = browser(officer_a)

    assert 'hx-trigger="every 2s"' not in client.get(url(traced)).content.decode()
    response = client.get(url(traced, "status/"))
    assert response.status_code == 286
    assert "every 2s" not in response.content.decode()


@pytest.mark.django_db
def test_a_trace_under_way_polls_its_status_until_it_moves_on(load, agency_a, officer_a):
    trace = waiting_trace(load, agency_a, officer_a)
    client = browser(officer_a)

    html = client.get(url(trace)).content.decode()
    assert 'hx-trigger="every 2s"' in html
    version = html.split(f"/traces/{trace.number}/status/?v=")[1].split('"')[0]
    unchanged = client.get(url(trace, "status/"), {"v": version})
    assert unchanged.status_code == 200 and "HX-Refresh" not in unchanged
    assert "waits on a licensee" in unchanged.content.decode()

    Trace.objects.filter(pk=trace.pk).update(status=Trace.Status.NOT_TRACED, status_reason="no_record")
    moved = client.get(url(trace, "status/"), {"v": version})
    assert moved.status_code == 286
    assert moved["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_a_step_awaiting_a_licensee_says_who_was_asked_and_when_the_answer_is_due(load, agency_a, officer_a):
    trace = waiting_trace(load, agency_a, officer_a)

    html = browser(officer_a).get(url(trace)).content.decode()
    assert "role-awaiting" in html
    assert LICENSEE_NAMES[PAPER_DEALER][0] in html
    assert "Licensee queried on" in html and "due in 23" in html
    assert "Overdue" not in html

    LicenseeQuery.objects.filter(trace=trace).update(due_at=timezone.now() - timedelta(hours=3, minutes=5))
    html = browser(officer_a).get(url(trace)).content.decode()
    assert "⚠ Overdue" in html and "overdue by 3\xa0hours" in html


@pytest.mark.django_db
def test_a_duplicate_links_to_the_first_trace_of_the_agency(load, agency_a, officer_a):
    load_records(load)
    first = submit(agency_a)
    second = submit(agency_a)

    html = browser(officer_a).get(url(second)).content.decode()

    assert second.status == Trace.Status.DUPLICATE
    assert f'<a href="/traces/{first.number}/">{first.number}</a>' in html


@pytest.mark.django_db
def test_a_duplicate_of_another_agencys_trace_shows_only_its_number(load, agency_a, agency_b, officer_a, officer_b):
    load_records(load)
    theirs = submit(agency_b)
    ours = submit(agency_a)
    Trace.objects.filter(pk=ours.pk).update(status=Trace.Status.DUPLICATE, duplicate_of=theirs)

    html = browser(officer_a).get(url(ours)).content.decode()

    assert theirs.number in html
    assert f"/traces/{theirs.number}/" not in html
    assert "submitted by another agency" in html


@pytest.mark.django_db
def test_the_resolution_note_and_reason_are_shown_in_words(load, agency_a, officer_a):
    trace = submit(agency_a, manufacturer="ROMARM", serial_number="N-1")

    html = browser(officer_a).get(url(trace)).content.decode()

    assert "Made abroad, no import record" in html
    assert "it was made abroad and not imported through a licensee" in html


@pytest.mark.django_db
def test_the_result_sheet_is_a_formal_page_for_the_case_file(traced, officer_a):
    html = browser(officer_a).get(url(traced, "print/")).content.decode()

    for text in (
        "Firearm trace result",
        traced.number,
        "Policía Municipal de Culiacán",
        "CI-CLN-0042",
        "RG-12345",
        "Culiacán, Sinaloa, Mexico",
        "Completed: purchaser found",
        '<table class="chain-table">',
        "Short time-to-crime",
        "Printed on",
        "RG-12345-0 · dispositions.csv:2",
    ):
        assert text in html, text


@pytest.mark.django_db
def test_the_submitter_cancels_a_trace_under_way_after_confirming(load, agency_a, officer_a):
    trace = waiting_trace(load, agency_a, officer_a)
    client = browser(officer_a)

    assert f'href="/traces/{trace.number}/cancel/"' in client.get(url(trace)).content.decode()
    confirm = client.get(url(trace, "cancel/"))
    assert confirm.status_code == 200 and "Yes, cancel the trace" in confirm.content.decode()
    trace.refresh_from_db()
    assert trace.status == Trace.Status.IN_PROGRESS

    response = client.post(url(trace, "cancel/"), follow=True)

    trace.refresh_from_db()
    assert trace.status == Trace.Status.CANCELLED
    assert LicenseeQuery.objects.get(trace=trace).status == LicenseeQuery.Status.CLOSED
    assert f"Trace {trace.number} was cancelled." in response.content.decode()
    assert "cancel/" not in response.content.decode().split("<main")[1]


@pytest.mark.django_db
def test_a_final_trace_cannot_be_cancelled(traced, officer_a):
    client = browser(officer_a)

    assert "/cancel/" not in client.get(url(traced)).content.decode()
    response = client.post(url(traced, "cancel/"), follow=True)

    assert "already has a final result" in response.content.decode()
    traced.refresh_from_db()
    assert traced.status == Trace.Status.COMPLETED_PURCHASER


@pytest.mark.django_db
def test_cancelling_is_a_post_a_get_changes_nothing(load, agency_a, officer_a):
    trace = waiting_trace(load, agency_a, officer_a)

    browser(officer_a).get(url(trace, "cancel/"))

    trace.refresh_from_db()
    assert trace.status == Trace.Status.IN_PROGRESS
    assert rds(PAPER_DEALER) == LicenseeQuery.objects.get(trace=trace).licensee_rds


@pytest.mark.django_db
def test_a_reader_from_another_agency_may_read_but_not_cancel(load, agency_a, officer_a, analyst):
    """An analyst of Mexico's tracing centre reads its traces waiting on a licensee; only agency A withdraws A's."""
    trace = waiting_trace(load, agency_a, officer_a)
    client = browser(analyst)

    page = client.get(url(trace))
    assert page.status_code == 200
    assert f"/traces/{trace.number}/cancel/" not in page.content.decode()
    assert client.get(url(trace, "cancel/")).status_code == 404
    assert client.post(url(trace, "cancel/")).status_code == 404
    trace.refresh_from_db()
    assert trace.status == Trace.Status.IN_PROGRESS


@pytest.mark.django_db
def test_an_investigator_reads_the_names_only_after_stating_a_purpose_and_the_look_is_audited(traced, investigator_a):
    from traza.audit.models import AuditEvent

    client = browser(investigator_a)
    before = client.get(url(traced)).content.decode()
    assert POSSESSOR[0] not in before and BUYER[0] not in before
    assert 'name="purpose"' in before

    response = client.post(
        "/personal-data/reveal/", {"trace": traced.number, "purpose": "CI-CLN-0042", "next": url(traced)}
    )
    after = client.get(url(traced)).content.decode()

    assert response.status_code == 302
    assert POSSESSOR[0] in after and BUYER[0] in after
    event = AuditEvent.objects.get(action="personal_data.reveal")
    assert (event.actor, event.purpose, event.object_id) == (investigator_a, "CI-CLN-0042", str(traced.pk))
    assert "CI-CLN-0042" not in response["Location"]


@pytest.mark.django_db
def test_the_chains_purchaser_is_a_short_reference_until_a_reveal_then_the_name(traced, investigator_a):
    from traza.agencies.services.personal_data import personal_data_reveal

    key = Purchase.objects.get().person_key
    client = browser(investigator_a)

    before = client.get(url(traced)).content.decode()
    step = before[before.index("role-purchaser") : before.index("</li>", before.index("role-purchaser"))]
    assert f"Person {key[:8]}" in step and "name not shown" in step
    assert f'href="/intel/people/{key}/"' in step
    assert BUYER[0] not in step

    personal_data_reveal(actor=investigator_a, trace=traced, purpose="Carpeta CI-CLN-0042, compra del arma")
    after = client.get(url(traced)).content.decode()
    step = after[after.index("role-purchaser") : after.index("</li>", after.index("role-purchaser"))]
    assert f"{BUYER[0]}, {BUYER[1]}" in step and f"Person {key[:8]}" in step
    assert "name not shown" not in step

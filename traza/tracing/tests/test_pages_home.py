"""/: the agency's home page: counts by status, what waits on a licensee, what is urgent, what is recent."""

import pytest

from traza.tracing.tests.api_support import load_records, submit, waiting_trace
from traza.tracing.tests.pages_support import browser


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in():
    assert browser().get("/").status_code == 302


@pytest.mark.django_db
def test_the_home_page_counts_lists_the_waiting_and_the_urgent(load, agency_a, officer_a):
    waiting = waiting_trace(load, agency_a, officer_a)
    load_records(load)
    urgent = submit(
        agency_a,
        request_ref="U-1",
        priority="urgent",
        urgent_reason="homicidio",
        serial_number="RG-555",
        recovery_date="2022-06-01",
    )
    done = submit(agency_a, request_ref="D-1")

    html = browser(officer_a).get("/").content.decode()

    assert 'href="/traces/?status=in_progress"><span class="number">2</span>' in html  # awaiting a licensee
    assert 'href="/traces/?status=completed_purchaser"><span class="number">1</span>' in html
    waiting_section = html.split('id="awaiting-title"')[1].split("</section>")[0]
    assert waiting.number in waiting_section and "due in 23" in waiting_section
    urgent_section = html.split('id="urgent-title"')[1].split("</section>")[0]
    assert urgent.number in urgent_section and done.number not in urgent_section
    assert f'href="/traces/{done.number}/"' in html
    assert 'href="/traces/new/"' in html


@pytest.mark.django_db
def test_the_outsider_sees_nothing_of_agency_a(load, agency_a, officer_a, officer_b):
    trace = waiting_trace(load, agency_a, officer_a)

    html = browser(officer_b).get("/").content.decode()

    assert trace.number not in html
    assert "Your agency has no traces yet." in html

"""The pages fit the window: a phone needs no sideways scrolling, and a trace's facts show whole on a desktop."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import PHONE, horizontal_overflow, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

SQUEEZED_FACTS = """() => [...document.querySelectorAll("dl.facts dd")]
    .filter(value => {
        const box = value.getBoundingClientRect(), panel = value.closest(".panel").getBoundingClientRect();
        return box.width < 120 || box.right > panel.right + 1;
    })
    .map(value => `${value.previousElementSibling.innerText}: ${Math.round(value.getBoundingClientRect().width)}px`)"""


@pytest.fixture
def completed_trace(server, officer, gun_on_record, earlier_traces):
    """A trace of agency A that found the purchaser, beside the agency's earlier traces."""
    from traza.tracing.tests.api_support import submit

    return submit(officer.agency, actor=officer, serial_number=gun_on_record)


def test_a_phone_shows_the_home_and_trace_pages_without_sideways_scrolling(open_page, officer, completed_trace):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    sign_in(page, "officer_a")

    for address in ("/", "/traces/", "/traces/new/", f"/traces/{completed_trace.number}/"):
        page.goto(address)
        assert page.evaluate("window.innerWidth") == PHONE["width"]
        assert horizontal_overflow(page) <= 0, f"{address} scrolls sideways on a phone"

    expect(page.locator(".badge.status-completed_purchaser").first).to_be_visible()
    expect(page.locator("ol.timeline > li.step")).to_have_count(4)
    screenshot(page, "trace-phone")


def test_a_desktop_shows_every_fact_of_a_trace_whole_in_spanish(page, officer, completed_trace):
    sign_in(page, "officer_a")

    page.goto(f"/traces/{completed_trace.number}/")

    assert page.evaluate(SQUEEZED_FACTS) == []

"""Leads in Chromium: an investigator opens the leads page, opens a lead, sees the network it rests on drawn, and
takes the lead into review; the page reads in Spanish and nothing breaks the Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import PASSWORD, SpanishWording, screenshot, scroll_to
from tests.browser.test_network import drawn, sign_in_with_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


@pytest.fixture
def world(server, load, agency_a, agency_b):
    """The border world of the intel tests, a straw-purchaser lead on Juan's traces, and investigator_a with a
    password and recovery codes."""
    from django.utils import timezone

    from traza.agencies import totp
    from traza.agencies.models import TwoFactorDevice
    from traza.agencies.tests.personas import persona
    from traza.intel.tests.leads_support import make_lead
    from traza.intel.tests.links_world import border_world

    with server.paused():
        built = border_world(load, agency_a, agency_b)
        traces = [trace for name, trace in built["traces"].items() if name.startswith("juan")]
        buyer = next(person for name, person in built["people"].items() if name.startswith("JUAN"))
        lead = make_lead(traces=traces, people=[buyer], subject=buyer.key, score=87.5)
        make_lead(traces=traces[:1], subject="ring-2b7c", kind="ring", score=41.0)
        investigator = persona("investigator_a", agency_a, "investigator")
        investigator.language = ""  # follows the agency's: Spanish in Culiacán
        investigator.set_password(PASSWORD)
        investigator.save()
        codes = totp.new_recovery_codes()
        TwoFactorDevice.objects.create(
            user=investigator,
            secret=totp.new_secret(),
            confirmed_at=timezone.now(),
            recovery_codes=[totp.recovery_hash(totp.recovery_key(code)) for code in codes],
        )
    return {**built, "lead": lead, "buyer": buyer, "codes": codes}


def test_an_investigator_opens_a_lead_sees_its_network_and_takes_it_into_review(page, server, world):
    lead, spanish = world["lead"], SpanishWording()
    sign_in_with_code(page, "investigator_a", world["codes"][0])

    page.locator("header nav a[href='/intel/leads/']").click()
    page.wait_for_url("/intel/leads/")
    rows = page.locator("table.leads tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.locator("a")).to_have_text(lead.number)  # strongest first
    spanish.shows("leads page", page.locator("h1").inner_text(), r"^Pistas$")
    spanish.shows("kind", rows.first.inner_text(), r"Prestanombres")
    screenshot(page, "leads")

    rows.first.locator("a").click()
    page.wait_for_url(f"/intel/leads/{lead.number}/")
    assert drawn(page) >= 3  # the buyer, the guns, their recoveries
    expect(page.locator(".network-canvas canvas").first).to_be_attached()
    buyer = page.locator(f"a[href='/intel/people/{world['buyer'].key}/']")
    expect(buyer).to_have_count(1)
    expect(buyer).to_have_text(f"Persona {world['buyer'].key[:8]}")  # a reference one reads aloud, not the key
    screenshot(page, "lead")
    scroll_to(page, "section.network")
    screenshot(page, "lead-network")

    page.locator("#lead-review").click()
    page.wait_for_url(f"/intel/leads/{lead.number}/")
    expect(page.locator("#lead-status")).to_have_text("En revisión")
    spanish.shows("message", page.locator(".messages").inner_text(), r"en revisión")
    with server.paused():
        lead.refresh_from_db()
        assert lead.status == "reviewing"
    spanish.settle()

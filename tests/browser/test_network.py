"""The network view in Chromium: an investigator opens a trace's network, expands a node, downloads the picture,
and reveals a person with a purpose, after which the person's name labels their node; nothing breaks the
Content-Security-Policy (Cytoscape's own stylesheet included).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import PASSWORD, screenshot, scroll_to, sign_in_with_code, two_factor_codes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


@pytest.fixture
def world(server, load, agency_a, agency_b):
    """The border world of the intel tests, and investigator_a with a password and recovery codes."""
    from traza.agencies.tests.personas import persona
    from traza.intel.tests.links_world import border_world

    with server.paused():
        built = border_world(load, agency_a, agency_b)
        investigator = persona("investigator_a", agency_a, "investigator")
        investigator.first_name, investigator.last_name, investigator.language = "Laura", "Ríos", ""
        investigator.set_password(PASSWORD)
        investigator.save()
        codes = two_factor_codes(investigator)
    return {**built, "codes": codes}


def drawn(page, more_than: int = 0) -> int:
    """Wait until the network holds more than `more_than` nodes; answer how many it holds."""
    page.wait_for_function(
        "(n) => Number(document.querySelector('section[data-network-url]').dataset.nodes || 0) > n", arg=more_than
    )
    return int(page.locator("section[data-network-url]").get_attribute("data-nodes"))


def test_an_investigator_expands_a_traces_network_exports_it_and_reveals_a_person(page, server, world):
    trace, pedro = world["traces"]["juan_a"], world["people"]["PEDRO GARCIA"]
    sign_in_with_code(page, "investigator_a", world["codes"][0])

    page.goto(f"/traces/{trace.number}/")
    expect(page.locator(".related-traces a", has_text=world["traces"]["pedro_a"].number).first).to_be_visible()
    before = drawn(page)
    canvas = page.locator(".network-canvas canvas").first
    expect(canvas).to_be_visible()
    options = page.locator("#network-choice option").all_inner_texts()
    assert not any(name in " ".join(options) for name in ("GARCIA", "RAMIREZ", "PEDRO", "JUAN"))

    # Pedro shares Juan's address: his node is there, masked; expanding it brings his own trace.
    page.locator("#network-choice").select_option(f"person:{pedro.key}")
    page.locator(".network-expand").click()
    drawn(page, more_than=before)
    expect(page.locator("#network-choice option", has_text=world["traces"]["pedro_a"].serial_number)).to_have_count(1)
    expect(page.locator(".network-expand")).to_be_hidden()
    scroll_to(page, "section[data-network-url]")
    screenshot(page, "network-trace")

    # From mid-June 2022 on: the first recovery (May) and the purchases (2021) leave the picture.
    expanded = drawn(page)
    page.locator("#network-start").fill("2022-06-15")
    page.locator(".network-filters button[type=submit]").click()
    page.wait_for_function(
        "(n) => Number(document.querySelector('section[data-network-url]').dataset.nodes || 0) < n", arg=expanded
    )
    expect(page.locator("#network-choice option", has_text=world["traces"]["pedro_a"].serial_number)).to_have_count(1)
    expect(page.locator("#network-choice option", has_text="RG-1001")).to_have_count(0)

    with page.expect_download() as download:
        page.locator("[data-network-export]").click()
    assert download.value.suggested_filename == "traza-network.png"
    with open(download.value.path(), "rb") as picture:
        assert picture.read(8) == b"\x89PNG\r\n\x1a\n"

    # Open Pedro's page from the network and state a purpose: his name now labels his node.
    page.locator(".network-open").click()
    page.wait_for_url(f"/intel/people/{pedro.key}/")
    page.locator("#reveal-purpose").fill("CI-CLN-2022-0042")
    page.locator("#person-reveal button[type=submit]").click()
    page.wait_for_url(f"/intel/people/{pedro.key}/")
    assert "CI-CLN" not in page.url
    expect(page.locator("main h1")).to_have_text("GARCIA, PEDRO")
    drawn(page)
    expect(page.locator("#network-choice option", has_text="GARCIA, PEDRO")).to_have_count(1)
    juan = world["people"]["JUAN GARCIA"]
    expect(page.locator("#network-choice option", has_text=juan.key[:8])).to_have_count(1)  # his is still masked
    screenshot(page, "person")

    # The dealer he bought from: its rate of short time-to-crime traces against its Texas peers.
    page.locator("#dealers-title + ul a").first.click()
    page.wait_for_url(re.compile(r"/intel/dealers/\d+/$"))
    expect(page.locator("#dealer-rate")).to_have_text(re.compile(r"^750[.,]0$"))
    expect(page.locator("#dealer-rank")).to_contain_text("1")
    drawn(page)
    screenshot(page, "dealer")

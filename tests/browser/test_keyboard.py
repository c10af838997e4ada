"""Keyboard only: the first Tab reaches the skip link, the next ones the main navigation, each with a visible focus."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

FOCUSED = """() => {
    const element = document.activeElement, style = getComputedStyle(element), box = element.getBoundingClientRect();
    return {
        tag: element.tagName.toLowerCase(),
        href: element.getAttribute("href"),
        id: element.id,
        inMain: Boolean(element.closest("main")),
        ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 && box.right <= innerWidth,
    };
}"""
HEADER = ["/", "/", "/traces/", "/traces/new/", "/uploads/", "/stats/", "/catalog/"]  # the brand, then the navigation


def tab(page) -> dict:
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED)


def test_tab_from_the_top_reaches_the_skip_link_first_then_the_navigation_with_focus_visible(page, officer):
    sign_in(page, "officer_a")
    page.goto("/traces/")

    skip = tab(page)

    assert (skip["tag"], skip["href"]) == ("a", "#main")
    assert skip["ring"] and skip["onScreen"], "the skip link must show when it has the focus"
    header = [tab(page) for _ in HEADER]
    assert [stop["href"] for stop in header] == HEADER
    assert all(stop["ring"] and stop["onScreen"] for stop in header), header
    language, bell, sign_out = tab(page), tab(page), tab(page)
    assert (language["tag"], language["id"]) == ("select", "language-choice")
    assert (bell["tag"], bell["href"]) == ("a", "/notifications/")
    assert sign_out["tag"] == "button" and language["ring"] and bell["ring"] and sign_out["ring"]

    for _ in range(6):  # back: the bell, the language menu, /catalog/, /stats/, /uploads/, /traces/new/
        page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED)["href"] == "/traces/new/"
    page.keyboard.press("Enter")
    page.wait_for_url("/traces/new/")
    expect(page.locator("header nav a[href='/traces/new/']")).to_have_attribute("aria-current", "page")


def test_the_skip_link_takes_the_focus_past_the_header_to_the_page_content(page, officer):
    sign_in(page, "officer_a")
    page.goto("/traces/")

    assert tab(page)["href"] == "#main"
    page.keyboard.press("Enter")

    assert page.evaluate(FOCUSED)["id"] == "main"
    following = tab(page)
    assert following["inMain"] and following["ring"], following

"""Signing in: an officer of a Mexican agency signs in, in Spanish, with no one-time code."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import PASSWORD, SpanishWording, htmx_version, language_of, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def test_an_officer_of_a_mexican_agency_signs_in_in_spanish(page, server, officer):
    spanish = SpanishWording()

    response = page.goto("/accounts/login/")

    assert response.status == 200
    assert language_of(page) == "es"
    assert htmx_version(page), "htmx did not load"
    form = page.locator("main form[action='/accounts/login/']")
    expect(form.locator("#id_username")).to_be_focused()  # autofocus
    expect(page.locator("label[for=id_username]")).to_be_visible()
    expect(page.locator("label[for=id_password]")).to_be_visible()
    spanish.shows("sign-in heading", page.locator("main h1").inner_text(), r"iniciar sesi[oó]n")
    spanish.shows("sign-in button", form.locator("button[type=submit]").inner_text(), r"iniciar sesi[oó]n")
    screenshot(page, "sign-in-es")

    page.keyboard.type("officer_a")
    page.keyboard.press("Tab")
    page.keyboard.type("not the password")
    page.keyboard.press("Enter")

    expect(page.locator("main [role=alert]")).to_be_visible()
    assert page.url == f"{server.url}/accounts/login/"
    assert language_of(page) == "es"
    expect(page.locator("#id_username")).to_have_value("officer_a")
    expect(page.locator("#id_password")).to_have_value("")

    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")

    page.wait_for_url("/")
    assert language_of(page) == "es"
    expect(page.locator("main h1")).to_have_text("Policía Municipal de Culiacán")
    navigation = page.locator("header nav")
    expect(navigation).to_have_count(1)
    for address in ("/", "/traces/", "/traces/new/", "/uploads/"):
        expect(navigation.locator(f"a[href='{address}']")).to_have_count(1)
    expect(navigation.locator("a[href='/']")).to_have_attribute("aria-current", "page")
    expect(page.locator("header .who")).to_contain_text("Ana López")
    expect(page.locator("header .who abbr")).to_have_text("MXSIN0060")
    expect(page.locator("main a.button[href='/traces/new/']")).to_be_visible()
    sign_out = page.locator("header form[action='/accounts/logout/'] button")
    spanish.shows("sign-out button", sign_out.inner_text(), r"cerrar sesi[oó]n")
    spanish.shows("submit button on the home page", page.locator("main a.button").inner_text(), r"rastreo")
    assert re.search(r"· Traza$", page.title())
    spanish.settle()

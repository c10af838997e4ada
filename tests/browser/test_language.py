"""Choosing the language: the header's menu switches the page at once, and the account remembers the choice."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import SpanishWording, language_of, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

SIGN_OUT = "header form[action='/accounts/logout/'] button"


def choose_language(page, code: str) -> None:
    """Pick a language in the header's menu; the page's script sends the choice and the page comes back in it."""
    page.locator("#language-choice").select_option(code)
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_the_language_switches_es_en_es_and_the_account_remembers_it_after_signing_in_again(open_page, server, officer):
    spanish = SpanishWording()
    page = open_page()
    sign_in(page, "officer_a")
    page.goto("/traces/")
    assert language_of(page) == "es"
    expect(page.locator("#language-choice")).to_have_value("es")
    spanish.shows("sign-out button", page.locator(SIGN_OUT).inner_text(), r"cerrar sesi[oó]n")
    spanish.shows("list heading", page.locator("main h1").inner_text(), r"rastreos")

    choose_language(page, "en")

    assert page.url == f"{server.url}/traces/"  # the same page, now in English
    expect(page.locator(SIGN_OUT)).to_have_text("Sign out")
    expect(page.locator("main h1")).to_have_text("Traces")
    expect(page.locator("#language-choice")).to_have_value("en")
    with server.paused():
        officer.refresh_from_db()
        assert officer.language == "en"
    sign_out(page)
    assert language_of(page) == "en"

    # Another browser, which asks for Spanish and has no language cookie: the account's English wins.
    page = open_page(locale="es-MX")
    page.goto("/accounts/login/")
    assert language_of(page) == "es"
    sign_in(page, "officer_a")
    assert language_of(page) == "en"
    expect(page.locator(SIGN_OUT)).to_have_text("Sign out")

    choose_language(page, "es")

    assert page.url == f"{server.url}/"
    spanish.shows("sign-out button", page.locator(SIGN_OUT).inner_text(), r"cerrar sesi[oó]n")
    with server.paused():
        officer.refresh_from_db()
        assert officer.language == "es"
    sign_out(page)
    assert language_of(page) == "es"

    # And a browser that asks for English gets the Spanish the officer chose.
    page = open_page(locale="en-US")
    page.goto("/accounts/login/")
    assert language_of(page) == "en"
    sign_in(page, "officer_a")
    assert language_of(page) == "es"
    spanish.shows("sign-out button", page.locator(SIGN_OUT).inner_text(), r"cerrar sesi[oó]n")
    spanish.settle()

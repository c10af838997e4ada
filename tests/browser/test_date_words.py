"""A date input shows its date in the browser's language (mm/dd/yyyy in an English Chromium, as on this machine),
so beside it the page writes the date out in the page's language, as the person reads it."""

import pytest

from tests.browser.support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


def test_the_recovery_date_is_written_out_in_spanish_beside_its_input(page, server, officer):
    sign_in(page, "officer_a")
    page.goto("/traces/new/")
    words = page.locator("#id_recovery_date + .date-words")

    assert words.inner_text() == ""
    page.locator("#id_recovery_date").fill("2024-12-05")
    page.locator("#id_recovery_date").dispatch_event("input")

    assert words.inner_text() == "5 de diciembre de 2024"

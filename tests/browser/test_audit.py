"""The audit log as an auditor reads it in Spanish: words instead of action codes, the purpose of each entry on
the first screen of a 1366-pixel laptop, and no sideways scrolling of the page on a laptop or a phone."""

import re

import pytest
from django.utils import translation

from tests.browser.support import PASSWORD, PHONE, horizontal_overflow, screenshot, sign_in_with_code, two_factor_codes
from traza.agencies.tests.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

LAPTOP = {"width": 1366, "height": 768}
PURPOSE_EDGES = """() => [document.querySelector("table.audit-log th.audit-why"),
    ...document.querySelectorAll("table.audit-log td.audit-why")].map(cell => cell.getBoundingClientRect().right)"""


@pytest.fixture
def auditor(server, agency_a, officer):
    """Patricia Lugo, the auditor, and a day of entries written the way people and files write them."""
    user = persona("auditor_a", agency_a, "auditor")
    user.first_name, user.last_name, user.language = "Patricia", "Lugo", "es"
    user.set_password(PASSWORD)
    user.save()
    user.codes = two_factor_codes(user)
    with server.paused():
        _a_day_of_entries(officer)
    return user


def _a_day_of_entries(officer) -> None:
    from traza.audit.services import audit_record

    audit_record(actor=None, actor_name="garcía.JUAN", action="auth.login_failed", ip="10.20.30.40")
    audit_record(actor=officer, action="auth.login", target=officer)
    audit_record(
        actor=officer,
        action="personal_data.reveal",
        object_type="trace",
        object_id=12,
        purpose="Carpeta de investigación FED/SIN/CLN/0001234/2024, homicidio calificado en Culiacán — "
        "solicitud del MP",
        details={"trace": "T202400000012", "trace_agency": "MXSIN0001"},
    )
    audit_record(
        actor=officer,
        action="query.answer",
        object_type="licenseequery",
        object_id=41,
        details={"via": "phone", "licensee": "5-74-00000", "trace": 12, "run": 3, "purchase": True},
    )
    audit_record(
        actor=officer,
        action="import.finish",
        object_type="importrun",
        object_id=3,
        details={
            "kind": "trace-requests",
            "status": "accepted",
            "file_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "created": 120,
            "updated": 4,
            "unchanged": 0,
            "rejected": 3,
        },
    )
    audit_record(
        actor=officer, action="user.role_change", target=officer, details={"from": "officer", "to": "investigator"}
    )
    audit_record(
        actor=officer,
        action="lead.close",
        object_type="lead",
        object_id=7,
        details={"from": "reviewing", "to": "closed"},
    )
    audit_record(
        actor=officer,
        action="trace.export",
        object_type="trace",
        details={
            "format": "case-file-xlsx",
            "count": 250,
            "criteria": {"status": "completed_purchaser", "since": "2024-01-01"},
        },
    )


def sign_in_as_auditor(page, auditor) -> None:
    """Sign in as the auditor, with one of their recovery codes (auditors give a second factor)."""
    sign_in_with_code(page, "auditor_a", auditor.codes.pop())


def _english_words() -> set[str]:
    from traza.audit.actions import LABELS
    from traza.audit.details import ACTION_FIELDS, FIELDS
    from traza.audit.records import RECORD_TYPES

    with translation.override("en"):
        return {str(label) for table in (LABELS, FIELDS, ACTION_FIELDS, RECORD_TYPES) for label in table.values()}


def test_a_laptop_shows_the_purpose_on_the_first_screen_in_spanish(open_page, auditor):
    from traza.audit.actions import LABELS

    page = open_page(viewport=LAPTOP)
    sign_in_as_auditor(page, auditor)

    page.goto("/audit/")

    assert page.locator("table.audit-log tbody tr").count() >= 8
    edges = page.evaluate(PURPOSE_EDGES)
    assert edges and max(edges) <= LAPTOP["width"], f"the purpose column ends at {max(edges)}px"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    text = page.locator("main").inner_text()
    assert "cambio de rol" in text and "Rol anterior: agente" in text
    codes = [code for code in LABELS if code in text]
    assert not codes, f"raw action codes on the Spanish page: {codes}"
    english = sorted(word for word in _english_words() if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text))
    assert not english, f"English on the Spanish page: {english}"
    screenshot(page, "audit-log")


def test_a_phone_reads_the_log_without_sideways_scrolling(open_page, auditor):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    sign_in_as_auditor(page, auditor)

    page.goto("/audit/")

    assert page.evaluate("window.innerWidth") == PHONE["width"]
    assert horizontal_overflow(page) <= 0, "the audit log scrolls sideways on a phone"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("table.audit-log tbody tr").first.scroll_into_view_if_needed()
    screenshot(page, "audit-log-phone")

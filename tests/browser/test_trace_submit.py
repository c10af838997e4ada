"""Submitting a trace from the form: a gun on record resolves at once; a request with errors says so by each field."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.support import SpanishWording, language_of, screenshot, scroll_to, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

TRACE_PAGE = re.compile(r"/traces/(T\d{12})/$")
PERSONAL = ("GARCIA", "JUAN", "RAMIREZ", "PEDRO")  # the buyer on file, the possessor typed in


def type_into(page, selector: str, text: str) -> None:
    """Move the focus to a field and type, key by key, as a person does."""
    page.locator(selector).focus()
    page.keyboard.type(text)


def test_an_officer_submits_a_trace_by_keyboard_and_sees_it_complete_with_the_purchaser(
    page, server, officer, gun_on_record, earlier_traces
):
    from traza.tracing.models import Trace, parse_trace_number

    spanish = SpanishWording()
    sign_in(page, "officer_a")
    page.locator("main a.button[href='/traces/new/']").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("/traces/new/")
    assert language_of(page) == "es"
    spanish.shows("form heading", page.locator("main h1").inner_text(), r"rastreo")
    spanish.shows(
        "serial number label", page.locator("label[for=id_serial_number]").inner_text(), r"n[uú]mero de serie"
    )

    # The firearm, in the order it is read off the gun, by keyboard alone.
    type_into(page, "#id_manufacturer", "Rug")
    expect(page.locator("#manufacturer-options option").first).to_be_attached()  # htmx asked for suggestions
    page.keyboard.type("er")
    page.keyboard.press("Tab")
    expect(page.locator("#id_model")).to_be_focused()
    expect(page.locator("#importer-why")).to_be_visible()  # htmx: Ruger is a US make, no importer asked
    expect(page.locator("#id_importer")).to_have_count(0)
    page.keyboard.type("P95")
    page.keyboard.press("Tab")
    expect(page.locator("#id_caliber")).to_be_focused()
    page.keyboard.type("9mm")
    page.keyboard.press("Tab")
    expect(page.locator("#id_firearm_type")).to_be_focused()
    page.keyboard.type("p")
    expect(page.locator("#id_firearm_type")).to_have_value("pistol")
    page.keyboard.press("Tab")
    expect(page.locator("#id_serial_number")).to_be_focused()
    page.keyboard.type(gun_on_record)
    page.keyboard.press("Tab")
    expect(page.locator("#id_serial_obliterated_0")).to_be_focused()
    expect(page.locator("#id_serial_obliterated_0")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator("#id_country_of_origin")).to_be_focused()  # the importer, not asked, is skipped
    screenshot(page, "trace-submit")

    # Recovery and case: Culiacán, Sinaloa come chosen from the agency.
    expect(page.locator("#id_recovery_country")).to_have_value("MX")
    expect(page.locator("#id_recovery_state")).to_have_value("MX-SIN")
    page.locator("#id_recovery_date").fill("2022-05-01")
    page.locator("#id_recovery_municipality").select_option("25006")
    type_into(page, "#id_agency_case_number", "CI-CLN-2022-0042")
    expect(page.locator("#id_officer_name")).to_have_value("Ana López")
    type_into(page, "#id_possessor_last_name", "RAMIREZ")
    page.keyboard.press("Tab")
    expect(page.locator("#id_possessor_first_name")).to_be_focused()
    page.keyboard.type("PEDRO")
    page.keyboard.press("Enter")

    page.wait_for_url(TRACE_PAGE)
    number = TRACE_PAGE.search(page.url).group(1)
    expect(page.locator("main [role=status]").first).to_contain_text(number)
    status = page.locator("#trace-status")
    expect(status.locator(".badge.status-completed_purchaser")).to_be_visible()
    expect(status).not_to_have_attribute("hx-get", re.compile(".*"))  # final: no more polling
    steps = page.locator("ol.timeline > li.step")
    expect(steps).to_have_count(4)
    roles = [steps.nth(n).get_attribute("class").split()[1] for n in range(4)]
    assert roles == ["role-manufacturer", "role-wholesaler", "role-retailer", "role-purchaser"]
    expect(page.locator("li.role-retailer .step-who")).to_contain_text("BORDER GUNS AND PAWN")
    expect(page.locator("li.role-retailer .evidence")).to_contain_text("dispositions.csv")
    expect(page.locator("li.role-purchaser .step-who .person-ref")).to_have_text(re.compile(r"^\w+ [0-9a-f]{8}$"))
    html = page.content()
    assert not [name for name in PERSONAL if name in html], "personal data on the trace page"
    spanish.shows("trace heading", page.locator("main h1").inner_text(), rf"rastreo\s+{number}")
    screenshot(page, "trace-completed")
    scroll_to(page, "#chain-title")
    screenshot(page, "trace-chain")
    with server.paused():
        trace = Trace.objects.get(pk=parse_trace_number(number)[1])
        assert (trace.status, trace.channel, trace.submitted_by_id) == ("completed_purchaser", "web", officer.pk)
        assert (trace.serial_number, trace.firearm_type, trace.recovery_municipality.code) == (
            gun_on_record,
            "pistol",
            "25006",
        )

    page.locator("header nav a[href='/traces/']").click()
    page.wait_for_url("/traces/")
    rows = page.locator("table.traces tbody tr")
    expect(rows).to_have_count(1 + len(earlier_traces))
    expect(rows.first.locator(f"a[href='/traces/{number}/']")).to_be_visible()  # the newest first
    expect(page.locator("header nav a[href='/traces/']")).to_have_attribute("aria-current", "page")
    screenshot(page, "trace-list")
    spanish.settle()


def test_a_request_with_errors_shows_each_by_its_field_in_spanish_and_keeps_what_was_typed(page, server, officer):
    from traza.tracing.models import Trace

    spanish = SpanishWording()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    sign_in(page, "officer_a")
    page.goto("/traces/new/")
    type_into(page, "#id_manufacturer", "Zzyzx Qqq")
    type_into(page, "#id_serial_number", "ZQ-777")
    page.locator("#id_recovery_date").fill(tomorrow)
    page.locator("#id_recovery_municipality").select_option("25006")
    type_into(page, "#id_agency_case_number", "CI-777")
    page.locator("#id_priority_0").focus()
    page.keyboard.press("ArrowRight")  # routine → urgent, as a radio group is used by keyboard
    expect(page.locator("#id_priority_1")).to_be_checked()
    expect(page.locator("#id_urgent_reason")).to_be_visible()

    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.locator("form.trace-form button[type=submit]").click()

    assert sent.value.status == 200
    page.wait_for_load_state()
    assert page.url == f"{server.url}/traces/new/"
    assert language_of(page) == "es"
    summary = page.locator("#error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    links = summary.locator("a")
    assert sorted(links.evaluate_all("links => links.map(link => link.getAttribute('href'))")) == [
        "#id_recovery_date",
        "#id_urgent_reason",
    ]
    # A make no catalog knows is kept as written, never an error: an analyst reviews the spelling.
    expect(page.locator("#id_manufacturer")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_manufacturer_error")).to_have_count(0)
    english = {
        "recovery_date": "is in the future",
        "urgent_reason": "An urgent trace needs urgent_reason",
    }
    for name, message in english.items():
        error = page.locator(f".field-{name} #id_{name}_error")  # next to its field, inside the field's box
        expect(error).to_be_visible()
        expect(page.locator(f"#id_{name}")).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#id_{name}")).to_have_attribute("aria-describedby", re.compile(f"id_{name}_error"))
        spanish.not_english(f"error of {name}", error.inner_text(), message)
    spanish.not_english("error summary", summary.locator("h2").inner_text(), "The request has")
    expect(page.locator("#id_manufacturer")).to_have_value("Zzyzx Qqq")
    expect(page.locator("#id_serial_number")).to_have_value("ZQ-777")
    expect(page.locator("#id_recovery_date")).to_have_value(tomorrow)
    expect(page.locator("#id_recovery_municipality")).to_have_value("25006")
    expect(page.locator("#id_agency_case_number")).to_have_value("CI-777")
    expect(page.locator("#id_priority_1")).to_be_checked()
    screenshot(page, "trace-submit-errors")
    with server.paused():
        assert not Trace.objects.exists()

    page.locator("#id_manufacturer").fill("Ruger")
    page.locator("#id_recovery_date").fill("2022-05-01")
    type_into(page, "#id_urgent_reason", "Homicidio en curso")
    page.locator("form.trace-form button[type=submit]").click()

    page.wait_for_url(TRACE_PAGE)
    expect(page.locator("main h1 .urgent")).to_be_visible()
    with server.paused():
        assert Trace.objects.get().agency_case_number == "CI-777"
    spanish.settle()


def test_the_urgent_reason_error_speaks_of_the_field_not_of_the_file_column(page, officer):
    sign_in(page, "officer_a")
    page.goto("/traces/new/")
    page.locator("#id_priority_1").check()

    page.locator("form.trace-form button[type=submit]").click()

    expect(page.locator("#id_urgent_reason_error")).to_be_visible()
    assert "urgent_reason" not in page.locator("#id_urgent_reason_error").inner_text()

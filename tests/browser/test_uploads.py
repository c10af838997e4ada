"""Uploading a spreadsheet of trace requests: the import runs in the background worker, the page follows it."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import SpanishWording, screenshot, scroll_to, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

UPLOAD_PAGE = re.compile(r"/uploads/(\d+)/$")
BAD_LINES = {(3, "recovery_date"), (6, "agency_code"), (7, "recovery_date")}
BAD_REFERENCES = {(3, "A-2"), (6, "B-1"), (7, "A-6")}
ENGLISH_REASONS = ("recovery_date is required", "your own agency's rows", "in the future")


@pytest.fixture
def spreadsheet(tmp_path, agency_a, agency_b):
    """rastreos.xlsx: four good trace requests of agency A (one with a make no catalog knows, kept as
    written) and three bad rows (lines 3, 6 and 7)."""
    from openpyxl import Workbook

    from traza.imports.tests.upload_files import TRACE_COLUMNS, tomorrow, trace_row

    rows = [
        trace_row(agency_a, "A-1"),
        trace_row(agency_a, "A-2", recovery_date=""),
        trace_row(agency_a, "A-3", manufacturer="Zzyzx Qqq"),
        trace_row(agency_a, "A-4"),
        trace_row(agency_b, "B-1"),
        trace_row(agency_a, "A-6", recovery_date=tomorrow()),
        trace_row(agency_a, "A-7"),
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(TRACE_COLUMNS)
    for row in rows:
        sheet.append([row.get(column, "") for column in TRACE_COLUMNS])
    path = tmp_path / "rastreos.xlsx"
    workbook.save(path)
    return path


def test_an_officer_uploads_a_spreadsheet_watches_it_finish_and_downloads_the_error_report(
    page, server, officer, spreadsheet
):
    from django.core.management import call_command

    spanish = SpanishWording()
    sign_in(page, "officer_a")
    page.locator("header nav a[href='/uploads/']").click()
    page.wait_for_url("/uploads/")
    page.locator("main a.button[href='/uploads/new/']").click()
    page.wait_for_url("/uploads/new/")
    page.locator("input[name=kind][value='trace-requests']").check()
    page.locator("#id_file").set_input_files(spreadsheet)
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()

    page.wait_for_url(UPLOAD_PAGE)
    pk = UPLOAD_PAGE.search(page.url).group(1)
    expect(page.locator("main h1")).to_have_text("rastreos.xlsx")
    progress = page.locator("#upload-progress")
    expect(progress).to_have_attribute("role", "status")
    expect(progress.locator("progress")).to_be_attached()
    with page.expect_request(f"**/uploads/{pk}/progress/**"):
        pass  # htmx polls the progress while the file waits for the worker

    with server.paused():
        call_command("worker", until_idle=True, verbosity=0)

    summary = page.locator("#summary-title")
    expect(summary).to_be_visible()  # the page reloaded by itself once the import ended
    expect(progress).to_have_count(0)
    numbers = page.locator("section[aria-labelledby=summary-title] .card .number")
    expect(numbers).to_have_text(["7", "4", "0", "0", "3"])  # read, created, updated, unchanged, rejected
    errors = page.locator("section[aria-labelledby=errors-title] tbody tr")
    expect(errors).to_have_count(3)
    cells = [errors.nth(n).locator("td").all_inner_texts() for n in range(3)]  # line, reference, column, reason
    assert {(int(row[0]), row[2]) for row in cells} == BAD_LINES
    assert {(int(row[0]), row[1]) for row in cells} == BAD_REFERENCES
    for reason in errors.locator("td:nth-child(4)").all_inner_texts():
        for english in ENGLISH_REASONS:
            spanish.not_english("rejected row on the page", reason, english)
    traces = page.locator("section[aria-labelledby=traces-title] tbody a[href^='/traces/T']")
    expect(traces).to_have_count(4)
    scroll_to(page, "#summary-title")
    screenshot(page, "upload-errors")

    with page.expect_download() as download:
        page.locator(f"a[href='/uploads/{pk}/errors.csv']").click()

    assert download.value.suggested_filename == "rastreos.errors.csv"
    content = download.value.path().read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # a BOM, so that Excel shows the accents
    header, *rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    assert len(header) == 4  # line, the row's reference, the column as the file names it, the reason
    assert {(int(line), column) for line, _reference, column, _reason in rows} == BAD_LINES
    assert {(int(line), reference) for line, reference, _column, _reason in rows} == BAD_REFERENCES
    spanish.shows("error report header", ",".join(header), r"^l[ií]nea,")
    for _line, _reference, _column, reason in rows:
        for english in ENGLISH_REASONS:
            spanish.not_english("error report", reason, english)
    spanish.settle()

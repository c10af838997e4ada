"""The one CSV writer every export uses: values written alike, cells that start like formulas defused."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from traza.core.tables import cell, csv_lines, text, undefused, write_xlsx

FORMULAS = ('=HYPERLINK("http://example.org","x")', "+52 55", "-1", "@SUM(A1)", "\tx", "\rx")


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_cell_that_starts_like_a_formula_gets_a_leading_apostrophe(formula):
    assert cell(formula) == "'" + formula


@pytest.mark.parametrize("value", ["RUGER", "9MM", "a=b", "Culiacán", "", "1-2", "'90s", "'"])
def test_other_cells_are_written_as_they_are(value):
    assert cell(value) == value


@pytest.mark.parametrize("value", [*FORMULAS, "'=x", "''+x", "'90s"])
def test_the_importer_reads_a_defused_cell_back_as_it_was(value):
    assert undefused(cell(value)) == value


@pytest.mark.parametrize("value", ["'s-Hertogenbosch", "'90s", "'", "O'Brien", "RUGER"])
def test_an_apostrophe_the_writer_did_not_add_is_kept(value):
    assert undefused(value) == value


@pytest.mark.parametrize("number", [-1, -107.394, Decimal("-0.25"), 0])
def test_a_number_is_written_as_a_number(number):
    assert cell(number) == str(number)


def test_a_spreadsheet_gets_numbers_as_numbers_and_defused_text_as_text():
    from openpyxl import load_workbook

    stream = io.BytesIO()
    row = [Decimal("-107.394210"), -3, 2.5, True, "-1", "RUGER"]
    assert write_xlsx(["lon", "n", "x", "flag", "text", "make"], [row], stream, title="t") == 1

    written = next(
        load_workbook(io.BytesIO(stream.getvalue()), read_only=True).active.iter_rows(min_row=2, values_only=True)
    )
    assert written == (-107.39421, -3, 2.5, "True", "'-1", "RUGER")  # a coordinate sums and sorts in the sheet


def test_dates_times_lists_and_blanks_are_written_one_way():
    mexico = ZoneInfo("America/Mexico_City")
    assert text(datetime(2026, 3, 1, 18, 30, tzinfo=mexico)) == "2026-03-02T00:30:00+00:00"
    assert text(datetime(2026, 3, 1, 0, 30, tzinfo=UTC)) == "2026-03-01T00:30:00+00:00"
    assert text(date(2026, 3, 1)) == "2026-03-01"
    assert text(["short_ttc", "cross_border"]) == "short_ttc;cross_border"
    assert text(None) == ""


def test_the_header_is_defused_too_and_each_line_is_one_csv_row():
    lines = list(csv_lines(["=cabecera", "b"], [["=1", 'con "comillas", y coma'], [None, 7]]))

    assert lines == ["'=cabecera,b\r\n", '\'=1,"con ""comillas"", y coma"\r\n', ",7\r\n"]

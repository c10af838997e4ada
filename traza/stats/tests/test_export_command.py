"""`traza export stats` and a chart's downloads: columns, suppression in every format, the caveat, formula cells."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from traza.agencies.models import Agency
from traza.audit.models import AuditEvent
from traza.tracing.tests.pages_support import browser

from .test_refresh import seizure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """A command runs in the active language: English here, whatever an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def figures(load, submit, agency_a, agency_c):
    """Agency A: six seized guns, two traced; agency C: one seized, none traced; traces of both."""
    load(
        "seizures",
        [seizure(agency_a, "FGE/CLN/2024/0100", str(n), f"QA-{n:04d}", "2024-02-01") for n in range(1, 7)]
        + [seizure(agency_c, "FGE/SIN/2024/0001", "1", "QC-0001", "2024-02-02")],
    )
    for n in (1, 2):
        submit(serial_number=f"QA-{n:04d}", manufacturer="Ruger", recovery_date="2024-02-01")
    submit(agency=agency_c, serial_number="QC-9999", manufacturer="Glock", recovery_date="2024-02-03")


def test_coverage_by_agency_has_the_documented_columns(figures, tmp_path, agency_a):
    out = tmp_path / "coverage.csv"
    call_command("export", "stats", "coverage", "--by", "agency", "--agency", agency_a.code, "--output", str(out))
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["agency_code", "seized", "traced", "untraced", "share"]
    assert rows[1] == [agency_a.code, "6", "2", "4", "0.3333"]


def test_the_country_file_suppresses_small_cells_and_says_why(figures, tmp_path, agency_a, agency_c):
    out = tmp_path / "coverage.json"
    call_command("export", "stats", "coverage", "--by", "agency", "--country", "MX", "--output", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    by_agency = {row["agency_code"]: row for row in data["rows"]}
    assert by_agency[agency_a.code]["seized"] == 6 and by_agency[agency_a.code]["traced"] is None
    assert "traced" in by_agency[agency_a.code]["suppressed"]
    assert by_agency[agency_c.code]["seized"] is None
    assert data["suppressed_below"] == 5 and "random sample" in data["caveat"]
    assert AuditEvent.objects.filter(action="stats.export").exists()


def test_xlsx_keeps_numbers_marks_suppressed_cells_and_carries_the_caveat(figures, tmp_path):
    out = tmp_path / "traces.xlsx"
    call_command("export", "stats", "traces", "--by", "agency", "--output", str(out))
    sheet = load_workbook(out).active
    values = list(sheet.values)
    assert values[0] == ("agency_code", "traces")
    assert all(row[1] == "<5" for row in values[1:3])
    assert "random sample" in values[-1][0]


def test_bad_input_on_the_command_line_is_one_clear_line(figures, tmp_path):
    out = str(tmp_path / "x.csv")
    with pytest.raises(CommandError, match="Name the measure"):
        call_command("export", "stats", "--output", out)
    with pytest.raises(CommandError, match="--by"):
        call_command("export", "stats", "coverage", "--by", "crime_code", "--output", out)
    with pytest.raises(CommandError, match="^--from: ") as refused:
        call_command("export", "stats", "traces", "--from", "31/02/2024", "--output", out)
    assert refused.value.returncode == 2 and "\n" not in str(refused.value)
    with pytest.raises(CommandError, match="No agency"):
        call_command("export", "stats", "traces", "--agency", "NOPE", "--output", out)


def test_a_chart_download_is_what_the_chart_shows_in_the_readers_language(figures, officer_a):
    officer_a.language = "es"
    officer_a.save(update_fields=["language"])
    response = browser(officer_a).get("/stats/chart/coverage-agency.csv?scope=agency")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == [
        "clave de la dependencia",
        "armas aseguradas",
        "rastreadas",
        "nunca rastreadas",
        "proporción rastreada",
    ]
    assert rows[1][:4] == [officer_a.agency.code, "6", "2", "4"]
    assert "muestra aleatoria" in rows[-1][0]
    xlsx = browser(officer_a).get("/stats/chart/coverage-agency.xlsx?scope=agency")
    assert load_workbook(io.BytesIO(xlsx.content)).active["A1"].value == "clave de la dependencia"
    assert browser(officer_a).get("/stats/chart/coverage-agency.pdf?scope=agency").status_code == 404


def test_a_text_cell_that_looks_like_a_formula_is_defused_in_every_format(figures, tmp_path, agency_a):
    Agency.objects.filter(pk=agency_a.pk).update(code="=HYPERLINK(1)")
    out = tmp_path / "t.csv"
    call_command("export", "stats", "traces", "--by", "agency", "--agency", "=HYPERLINK(1)", "--output", str(out))
    assert "'=HYPERLINK(1)" in out.read_text(encoding="utf-8")
    xlsx = tmp_path / "t.xlsx"
    call_command("export", "stats", "traces", "--by", "agency", "--agency", "=HYPERLINK(1)", "--output", str(xlsx))
    assert load_workbook(xlsx).active["A2"].value == "'=HYPERLINK(1)"


def test_a_file_on_standard_output_is_pure_csv_and_the_caveat_goes_to_standard_error(figures, agency_a, agency_c):
    out, err = io.StringIO(), io.StringIO()
    call_command("export", "stats", "coverage", "--by", "agency", "--output", "-", stdout=out, stderr=err)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["agency_code", "seized", "traced", "untraced", "share"]
    assert all(len(row) == 5 for row in rows) and "random sample" not in out.getvalue()
    assert sorted(row[0] for row in rows[1:]) == sorted([agency_a.code, agency_c.code])
    by_agency = {row[0]: row for row in rows[1:]}  # the country's file: small counts hidden
    assert by_agency[agency_a.code][1:3] == ["6", "<5"] and by_agency[agency_c.code][1] == "<5"
    assert "random sample" in err.getvalue()
    with pytest.raises(CommandError, match="XLSX"):
        call_command("export", "stats", "coverage", "--format", "xlsx", "--output", "-")


def test_the_policy_measure_is_exported_too(figures, tmp_path):
    out = tmp_path / "policy.json"
    call_command("export", "stats", "policy", "--output", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["measure"] == "policy" and data["scope"] == "country" and "random sample" in data["caveat"]

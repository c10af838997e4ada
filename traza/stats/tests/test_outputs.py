"""Statistics out of Traza: downloads from a chart, the API, `traza export stats`; columns, suppression, caveat."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from rest_framework.test import APIClient

from traza.agencies.models import Agency
from traza.audit.models import AuditEvent
from traza.tracing.tests.pages_support import browser

from .test_refresh import seizure

pytestmark = pytest.mark.django_db


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


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


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
    with pytest.raises(CommandError, match="--start"):
        call_command("export", "stats", "traces", "--from", "31/02/2024", "--output", out)
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


def test_the_api_answers_a_measure_for_the_callers_scope(figures, officer_a, coordinator_mx):
    mine = api(officer_a).get("/api/v1/stats/coverage/?by=agency")
    assert mine.status_code == 200
    body = mine.json()
    assert body["scope"] == "agency" and body["suppressed_below"] is None
    assert [row["agency_code"] for row in body["rows"]] == [officer_a.agency.code]
    assert [c["key"] for c in body["columns"]] == ["agency_code", "seized", "traced", "untraced", "share"]
    country = api(coordinator_mx).get("/api/v1/stats/coverage/?by=agency&scope=country").json()
    assert country["suppressed_below"] == 5 and len(country["rows"]) == 2


def test_the_api_refuses_bad_parameters_in_the_callers_language(figures, officer_a):
    response = api(officer_a).get("/api/v1/stats/traces/?by=nonsense&end=2024-13-01", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"by", "end"}
    assert "Elija entre" in fields["by"][0]
    assert api(officer_a).get("/api/v1/stats/nonsense/").status_code == 404


def test_roles_without_statistics_get_404(industry, sysadmin):
    for user in (industry, sysadmin):
        assert api(user).get("/api/v1/stats/traces/").status_code == 404

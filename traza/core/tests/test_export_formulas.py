"""Every CSV and XLSX file Traza hands out, fetched as a person or an operator gets it, with text that starts like a
spreadsheet formula in a field it carries: each such cell must come back defused (a leading apostrophe), and a
negative number must stay a number.

A new export joins EXPORTS. Each case stores the six values in a field that reaches its file (a reference, a case
number, a purpose, a state's name, a lead's subject...), mostly by updating a row the app created: intake strips a
leading tab or carriage return, which rows from before it did may still hold.
"""

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from traza.agencies.tests.factories import api_client
from traza.audit.services import audit_record
from traza.catalog.models import Make, MakeAlias, Region
from traza.imports.models import ImportRowError, ImportRun
from traza.imports.services import import_file, kind_for
from traza.intel.tests.leads_support import make_lead
from traza.stats.tests.test_refresh import seizure
from traza.tracing.models import Seizure, Trace
from traza.tracing.tests.api_support import submit
from traza.tracing.tests.pages_support import browser

pytestmark = pytest.mark.django_db

# How strangers' text can start: a link that runs when clicked, a phone number, a model, a function, text pasted
# from another program with a tab or a carriage return before it.
HOSTILE = ('=HYPERLINK("http://x","y")', "+52 667 712 0411", "-FM 90", "@SUMA(A1)", "\tCLN/0231", "\rCLN/0232")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
STATES = ("Sinaloa", "Sonora", "Chihuahua", "Jalisco", "Durango", "Zacatecas")

Get = Callable[[str], object]  # a fixture by name
Case = Callable[[Get], list[list]]  # stores the values, fetches the file, reads it back as rows
EXPORTS: dict[str, tuple[Case, tuple[str, ...]]] = {}


def export(name: str, *, reaches: tuple[str, ...] = HOSTILE):
    """Register a case: `reaches` are the values that can get into its file."""

    def register(case: Case) -> Case:
        EXPORTS[name] = (case, reaches)
        return case

    return register


# Reading a file back -----------------------------------------------------------------------------------------


def csv_rows(body: bytes | Path) -> list[list]:
    text = body.decode("utf-8") if isinstance(body, bytes) else body.open(encoding="utf-8", newline="").read()
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def xlsx_rows(body: bytes | Path) -> list[list]:
    """The sheet's values; no cell may be a formula."""
    book = load_workbook(io.BytesIO(body) if isinstance(body, bytes) else body)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    return [[cell.value for cell in row] for sheet in book.worksheets for row in sheet.iter_rows()]


def downloaded(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return response.getvalue()


def command_file(tmp_path: Path, *args: str, suffix: str = ".csv") -> Path:
    out = tmp_path / f"export{suffix}"
    with translation.override("en"):
        call_command(*args, "--output", str(out), stdout=io.StringIO(), stderr=io.StringIO())
    return out


# What the files are made of -----------------------------------------------------------------------------------


def traces_holding(get: Get, field: str) -> list[Trace]:
    """Agency A's traces, one holding each hostile value in `field`."""
    traces = [submit(get("agency_a"), request_ref=f"CLN/{n}/2024", serial_number=f"QX-{n}") for n in range(6)]
    for trace, value in zip(traces, HOSTILE, strict=True):
        Trace.objects.filter(pk=trace.pk).update(**{field: value})
    return traces


def rejected_run(get: Get, kind: str, reference: str, **options) -> ImportRun:
    """An upload whose six rows were rejected (every other column left blank), each row's reference a hostile value."""
    columns = [column.name for column in kind_for(kind).layout.columns]
    rows = [{reference: f"REF-{n}"} for n in range(6)]
    path = get("write_csv")(f"{kind}.csv", columns, rows)
    run = import_file(kind=kind, path=path, **options)
    assert run.rows_rejected == 6
    for n, value in enumerate(HOSTILE):
        ImportRowError.objects.filter(run=run, reference=f"REF-{n}").update(reference=value)
    return run


def states_named(get: Get) -> None:
    """Agency A's seized guns, one in each of six states; the states' names are the hostile values."""
    agency = get("agency_a")
    rows = [
        seizure(agency, "FA-2024-118", str(n), f"QX-{n}", "2024-01-05", state=state) for n, state in enumerate(STATES)
    ]
    assert get("load")("seizures", rows).rows_rejected == 0
    for n, value in enumerate(HOSTILE):
        region = Seizure.objects.get(agency=agency, item_no=str(n)).region_id
        Region.objects.filter(code=region).update(name=value, name_es=value)


# The exports ---------------------------------------------------------------------------------------------------


@export("traces.csv, web")
def _traces_web(get):
    traces_holding(get, "request_ref")
    return csv_rows(downloaded(browser(get("officer_a")).get("/traces/traces.csv")))


@export("traces.csv, traza export traces")
def _traces_command(get):
    traces_holding(get, "request_ref")
    return csv_rows(command_file(get("tmp_path"), "export", "traces"))


@export("case file, CSV")
def _case_file_csv(get):
    traces_holding(get, "agency_case_number")
    return csv_rows(downloaded(browser(get("officer_a")).get("/traces/case-file.csv")))


@export("case file, XLSX")
def _case_file_xlsx(get):
    traces_holding(get, "agency_case_number")
    return xlsx_rows(downloaded(browser(get("officer_a")).get("/traces/case-file.xlsx")))


def _upload_errors(get) -> ImportRun:
    return rejected_run(get, "trace-requests", "request_ref", agency=get("agency_a"), user=get("officer_a"))


@export("upload's error report, CSV")
def _errors_csv(get):
    run = _upload_errors(get)
    return csv_rows(downloaded(browser(get("officer_a")).get(f"/uploads/{run.pk}/errors.csv")))


@export("upload's error report, XLSX")
def _errors_xlsx(get):
    run = _upload_errors(get)
    return xlsx_rows(downloaded(browser(get("officer_a")).get(f"/uploads/{run.pk}/errors.xlsx")))


@export("upload's error report, API CSV")
def _errors_api_csv(get):
    run = _upload_errors(get)
    return csv_rows(downloaded(api_client(get("officer_a")).get(f"/api/v1/uploads/{run.pk}/errors/")))


@export("upload's error report, API XLSX")
def _errors_api_xlsx(get):
    run = _upload_errors(get)
    response = api_client(get("officer_a")).get(f"/api/v1/uploads/{run.pk}/errors/", {"format": "xlsx"})
    return xlsx_rows(downloaded(response))


@export("licensee's records' error report, CSV")
def _records_errors(get):
    responder = get("industry")
    run = rejected_run(get, "dispositions", "record_id", licensee=responder.licensee_rds, user=responder)
    return csv_rows(downloaded(browser(responder).get(f"/queries/records/{run.pk}/errors.csv")))


@export("error report, traza import --errors", reaches=HOSTILE[:4])
def _import_command_errors(get):
    """The command writes the report of the file it reads, whose references intake strips of a leading tab or
    carriage return: only the four others reach this report."""
    columns = [column.name for column in kind_for("trace-requests").layout.columns]
    rows = [{"request_ref": value, "agency_code": "MXSIN0060"} for value in HOSTILE]
    path = get("write_csv")("rastreos.csv", columns, rows)
    report = get("tmp_path") / "rastreos.errors.csv"
    with translation.override("en"):
        call_command("import", "trace-requests", str(path), "--errors", str(report), stdout=io.StringIO())
    return csv_rows(report)


@export("statistics, chart download CSV")
def _stats_chart_csv(get):
    states_named(get)
    return csv_rows(downloaded(browser(get("officer_a")).get("/stats/chart/coverage-state.csv?scope=agency")))


@export("statistics, chart download XLSX")
def _stats_chart_xlsx(get):
    states_named(get)
    return xlsx_rows(downloaded(browser(get("officer_a")).get("/stats/chart/coverage-state.xlsx?scope=agency")))


@export("statistics, API CSV")
def _stats_api(get):
    states_named(get)
    response = api_client(get("officer_a")).get("/api/v1/stats/coverage/", {"by": "state", "format": "csv"})
    return csv_rows(downloaded(response))


@export("statistics, traza export stats CSV")
def _stats_command_csv(get):
    states_named(get)
    out = command_file(get("tmp_path"), "export", "stats", "coverage", "--by", "state", "--agency", "MXSIN0060")
    return csv_rows(out)


@export("statistics, traza export stats XLSX")
def _stats_command_xlsx(get):
    states_named(get)
    args = ("export", "stats", "coverage", "--by", "state", "--agency", "MXSIN0060")
    return xlsx_rows(command_file(get("tmp_path"), *args, suffix=".xlsx"))


@export("statistics, public CSV")
def _stats_public(get):
    get("settings").TRAZA_PUBLIC_STATS = True
    states_named(get)
    return csv_rows(downloaded(browser().get("/public/stats/coverage.csv?country=MX")))


def _audited(get) -> None:
    """Purposes an investigator typed, and entries naming spellings of makes an analyst mapped. The log keeps a
    purpose without its surrounding blanks, so a tab or carriage return reaches the file in a spelling's name."""
    make = Make.objects.first()
    for n, value in enumerate(HOSTILE):
        audit_record(
            actor=get("investigator_a"), action="personal_data.reveal", object_type="trace", object_id=7, purpose=value
        )
        alias = MakeAlias.objects.create(make=make, key=f"QX SPELLING {n}", name=value, source=MakeAlias.Source.ANALYST)
        audit_record(actor=None, actor_name="traza catalog", action="make_alias.create", target=alias)


@export("audit log, CSV")
def _audit_csv(get):
    _audited(get)
    return csv_rows(downloaded(browser(get("auditor_a")).get("/audit/export.csv")))


@export("audit log, XLSX")
def _audit_xlsx(get):
    _audited(get)
    return xlsx_rows(downloaded(browser(get("auditor_a")).get("/audit/export.xlsx")))


def _leads(get) -> None:
    trace = submit(get("agency_a"), request_ref="CLN/0231/2024")
    for value in HOSTILE:
        make_lead(traces=[trace], subject=value)


@export("leads.csv, web")
def _leads_web(get):
    _leads(get)
    return csv_rows(downloaded(browser(get("investigator_a")).get("/intel/leads/leads.csv")))


@export("leads.csv, traza export leads")
def _leads_command(get):
    _leads(get)
    return csv_rows(command_file(get("tmp_path"), "export", "leads"))


def _international(get) -> None:
    """Six guns of an Argentine maker no US importer brings in: each trace ends abroad, with a request to Argentina."""
    make = Make.objects.get_or_create(name="Fábrica Militar de Armas Portátiles", defaults={"country_id": "AR"})[0]
    traces = [submit(get("agency_a"), serial_number=f"FM-{n}", manufacturer=make.name) for n in range(6)]
    for trace, value in zip(traces, HOSTILE, strict=True):
        assert trace.international_request
        Trace.objects.filter(pk=trace.pk).update(agency_case_number=value)


@export("international requests, web")
def _international_web(get):
    _international(get)
    return csv_rows(downloaded(browser(get("coordinator_mx")).get("/international/requests.csv")))


@export("international requests, traza export international")
def _international_command(get):
    _international(get)
    return csv_rows(command_file(get("tmp_path"), "export", "international"))


@export("untraced seized guns, request file")
def _untraced(get):
    agency = get("agency_a")
    rows = [seizure(agency, "FA-2024-118", str(n), f"QX-{n}", "2024-01-05") for n in range(6)]
    assert get("load")("seizures", rows).rows_rejected == 0
    for n, value in enumerate(HOSTILE):
        Seizure.objects.filter(agency=agency, item_no=str(n)).update(model=value)
    return csv_rows(downloaded(browser(get("officer_a")).get("/stats/coverage/untraced.csv")))


# The tests -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPORTS)
def test_text_that_starts_like_a_formula_is_defused_in_every_export(name, request):
    case, reaches = EXPORTS[name]
    rows = case(request.getfixturevalue)

    cells = [value for row in rows for value in row if isinstance(value, str)]
    shown = {value.replace("\r", "\n") for value in cells}  # an XLSX file keeps a carriage return as a line feed
    for value in reaches:
        assert ("'" + value).replace("\r", "\n") in shown, f"{value!r} is not in the file, defused"
    running = [value for value in cells if value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value)]
    assert not running, f"cells a spreadsheet would run: {running}"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_negative_number_stays_a_number(file_format, agency_a, officer_a):
    """The recovery points' longitudes west of Greenwich are negative: a map or a spreadsheet must read numbers."""
    submit(agency_a, latitude="24.8091", longitude="-107.3940")

    body = downloaded(browser(officer_a).get(f"/stats/chart/recovery-points.{file_format}?scope=agency"))

    rows = csv_rows(body) if file_format == "csv" else xlsx_rows(body)
    assert rows[1][:2] == (["24.8091", "-107.394"] if file_format == "csv" else [24.8091, -107.394])

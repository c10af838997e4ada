"""A rejected row is named in its sender's words: the column by the header the file gives it, the row by its line
(a spreadsheet's row) and its own reference, in the page, the error reports (CSV and XLSX) and the API."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from traza.agencies.tests.factories import api_client
from traza.imports.models import ImportRun
from traza.imports.services import error_report_rows, import_file, write_error_report
from traza.imports.tests.upload_files import csv_upload, xlsx_upload

# Trace requests as an agency writes them: Spanish headers, capitals and accents where it pleases.
TRACE_HEADERS = {
    "request_ref": "Referencia",
    "recovery_date": "Fecha Aseguramiento",
    "recovery_country": "PAÍS",
    "recovery_state": "Entidad",
    "recovery_municipality": "Municipio",
    "serial_number": "Número Serie",
    "manufacturer": "Marca",
    "caliber": "calibre",
    "firearm_type": "Tipo Arma",
}
SEIZURE_HEADERS = {
    "seizure_ref": "Folio Aseguramiento",
    "item_no": "Partida",
    "seizure_date": "fecha_aseguramiento",
    "country": "País",
    "state": "ENTIDAD",
    "serial_number": "número_serie",
    "manufacturer": "Marca",
    "firearm_type": "tipo arma",
}


def trace(ref: str, **fields) -> dict:
    """A Glock recovered in Culiacán, by the file's own headers."""
    row = {
        "request_ref": ref,
        "recovery_date": "03/02/2024",
        "recovery_country": "México",
        "recovery_state": "Sinaloa",
        "recovery_municipality": "Culiacán",
        "serial_number": f"GL-{ref[-4:]}",
        "manufacturer": "glock",
        "caliber": "9mm",
        "firearm_type": "pistola",
        **fields,
    }
    return {TRACE_HEADERS[name]: value for name, value in row.items()}


def seizure(ref: str, item: str, **fields) -> dict:
    row = {
        "seizure_ref": ref,
        "item_no": item,
        "seizure_date": "15/03/2024",
        "country": "MX",
        "state": "Sinaloa",
        "serial_number": f"SZ{ref[-3:]}{item}",
        "manufacturer": "Colt",
        "firearm_type": "rifle",
        **fields,
    }
    return {SEIZURE_HEADERS[name]: value for name, value in row.items()}


def write(tmp_path, upload: SimpleUploadedFile):
    path = tmp_path / upload.name
    path.write_bytes(upload.read())
    return path


@pytest.fixture
def traces_csv(tmp_path):
    rows = [
        trace("SSP-CLN/2024/0412"),
        trace("SSP-CLN/2024/0413", manufacturer=""),
        trace("", recovery_date="31/02/2024"),  # a row without its reference, and a date that is none
        trace("SSP-CLN/2024/0415", recovery_municipality="Guasave de las Flores"),
    ]
    return write(tmp_path, csv_upload("rastreos marzo.csv", list(TRACE_HEADERS.values()), rows))


@pytest.mark.django_db
def test_a_csv_errors_name_its_own_headers_and_each_rows_reference(traces_csv, agency_a, officer_a):
    run = import_file(kind="trace-requests", path=traces_csv, agency=agency_a, user=officer_a)

    assert (run.status, run.rows_created, run.rows_rejected) == ("accepted", 1, 3)
    found = {(e.line, e.reference, e.column_shown): e.text for e in run.row_errors.all()}
    assert set(found) >= {(3, "SSP-CLN/2024/0413", "Marca"), (4, "", "Referencia"), (4, "", "Fecha Aseguramiento")}
    assert found[(3, "SSP-CLN/2024/0413", "Marca")] == "Marca is required."
    assert found[(4, "", "Referencia")] == "Referencia is required."
    assert any(line == 5 and reference == "SSP-CLN/2024/0415" for line, reference, _column in found)
    assert {e.column for e in run.row_errors.all()} >= {"manufacturer", "request_ref"}  # the format's names kept
    with translation.override("es"):
        header, rows = error_report_rows(run)
        rows = list(rows)
    assert header == ["línea", "referencia", "columna", "motivo"]
    assert [3, "SSP-CLN/2024/0413", "Marca", "Marca: dato obligatorio."] in rows


@pytest.mark.django_db
def test_a_spreadsheets_errors_name_its_sheet_rows_and_its_headers(tmp_path, agency_a, officer_a):
    rows = [
        seizure("FA-2024-118", "1"),
        {},  # a blank row: the sheet's rows keep their numbers
        seizure("FA-2024-118", "2", serial_number="¿¿¿"),
        seizure("FA-2024-118", "3", seizure_date="31/02/2024"),
    ]
    path = write(tmp_path, xlsx_upload("inventario.xlsx", list(SEIZURE_HEADERS.values()), rows))

    run = import_file(kind="seizures", path=path, agency=agency_a, user=officer_a)

    assert (run.status, run.rows_created, run.rows_rejected) == ("accepted", 1, 2)
    errors = [(e.line, e.reference, e.column_shown) for e in run.row_errors.all()]
    assert errors == [(4, "FA-2024-118 / 2", "número_serie"), (5, "FA-2024-118 / 3", "fecha_aseguramiento")]


@pytest.mark.django_db
def test_a_repeated_row_is_named_by_its_reference(tmp_path, agency_a, officer_a):
    rows = [seizure("FA-9", "1"), seizure("FA-9", "1")]
    path = write(tmp_path, csv_upload("inventario.csv", list(SEIZURE_HEADERS.values()), rows))

    run = import_file(kind="seizures", path=path, agency=agency_a, user=officer_a)

    assert [(e.line, e.reference, e.column_shown) for e in run.row_errors.all()] == [(3, "FA-9 / 1", "")]


@pytest.mark.django_db
def test_the_page_the_reports_and_the_api_name_the_files_headers(
    client, officer_a, agency_a, traces_csv, run_worker, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    upload = SimpleUploadedFile("rastreos marzo.csv", traces_csv.read_bytes(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("upload-create"), {"kind": "trace-requests", "file": upload})
    run_worker()
    run = ImportRun.objects.get()

    page = client.get(reverse("upload-detail", args=[run.pk])).content.decode()
    as_csv = b"".join(client.get(reverse("upload-errors", args=[run.pk])).streaming_content).decode("utf-8-sig")
    as_xlsx = b"".join(client.get(reverse("upload-errors-xlsx", args=[run.pk])).streaming_content)
    as_json = api_client(officer_a).get(f"/api/v1/uploads/{run.pk}/errors/", {"format": "json"}).json()

    assert "<code>Marca</code>" in page and "SSP-CLN/2024/0413" in page
    assert "<code>manufacturer</code>" not in page
    assert ["3", "SSP-CLN/2024/0413", "Marca", "Marca is required."] in list(csv.reader(io.StringIO(as_csv)))
    sheet = load_workbook(io.BytesIO(as_xlsx)).worksheets[0]
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == ["line", "reference", "column", "reason"]
    assert [3, "SSP-CLN/2024/0413", "Marca", "Marca is required."] in cells
    assert {
        "line": 3,
        "reference": "SSP-CLN/2024/0413",
        "column": "Marca",
        "field": "manufacturer",
        "reason": "Marca is required.",
    } in as_json
    missing_reference = next(error for error in as_json if error["field"] == "request_ref")
    assert (missing_reference["line"], missing_reference["reference"], missing_reference["column"]) == (
        4,
        "",
        "Referencia",
    )


@pytest.mark.django_db
def test_the_error_reports_defuse_a_reference_that_starts_like_a_formula(tmp_path, agency_a, officer_a):
    references = ('=HYPERLINK("http://x.example/?a=1","ver")', "+1-0412", "@SUMA(A1)", "-0413")  # tab-led: stripped
    rows = [trace(reference, manufacturer="") for reference in references]
    path = write(tmp_path, csv_upload("rastreos.csv", list(TRACE_HEADERS.values()), rows))
    run = import_file(kind="trace-requests", path=path, agency=agency_a, user=officer_a)
    assert run.rows_rejected == len(references)

    report = tmp_path / "errores.csv"
    write_error_report(run, report)
    cells = [cell for line in csv.reader(report.open(encoding="utf-8")) for cell in line]
    assert {f"'{reference}" for reference in references} <= set(cells)

    book = tmp_path / "errores.xlsx"
    write_error_report(run, book, xlsx=True)
    values = [cell.value for row in load_workbook(book).active.iter_rows() for cell in row]
    assert {f"'{reference}" for reference in references} <= set(values)
    assert not any(isinstance(value, str) and value[:1] in "=+-@\t" for value in values)

"""The blank sheets agencies fill in: headers in their language, an example row, drop-downs; what they fill in
imports as it is, with the agency left out (the uploader's)."""

import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from traza.imports.services import import_file
from traza.tracing.models import Seizure, Trace
from traza.tracing.tests.pages_support import browser


def spanish(user):
    user.language = "es"
    user.save(update_fields=["language"])
    return browser(user)


def sheet_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


@pytest.mark.django_db
def test_the_spanish_sheet_has_spanish_headers_an_example_and_drop_downs(officer_a):
    book = sheet_of(spanish(officer_a).get("/uploads/blank/trace-requests.xlsx"))

    sheet = book.worksheets[0]
    header, example = (list(row) for row in sheet.iter_rows(min_row=1, max_row=2, values_only=True))
    assert header[:3] == ["referencia", "nombre_agente", "placa_agente"]
    assert "clave_agencia" not in header
    assert example[header.index("fecha_aseguramiento")] == "15/03/2024"
    assert example[header.index("municipio")] == "Culiacán"
    checked = {str(validation.sqref).split(":")[0] for validation in sheet.data_validations.dataValidation}
    columns = {header[column_index_from_string(cell.rstrip("0123456789")) - 1] for cell in checked}
    assert columns == {"prioridad", "entidad", "tipo_arma", "serie_borrada"}
    assert book["listas"].sheet_state == "hidden"
    listed = {value for row in book["listas"].iter_rows(values_only=True) for value in row if value}
    assert {"Sinaloa", "Nuevo León", "pistola", "urgente", "parcial"} <= listed


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "model"), [("trace-requests", Trace), ("seizures", Seizure)])
@pytest.mark.parametrize("language", ["es", "en"])
def test_the_filled_in_example_imports_for_the_uploaders_agency(officer_a, agency_a, tmp_path, kind, model, language):
    officer_a.language = language
    officer_a.save(update_fields=["language"])
    path = tmp_path / "hoja.xlsx"
    path.write_bytes(browser(officer_a).get(f"/uploads/blank/{kind}.xlsx").content)

    run = import_file(kind=kind, path=path, agency=agency_a, user=officer_a)

    assert (run.status, run.rows_created, run.rows_rejected) == ("accepted", 1, 0), [
        (e.column, e.text) for e in run.row_errors.all()
    ]
    assert model.objects.get().agency == agency_a


@pytest.mark.django_db
def test_only_uploaders_get_a_sheet_and_only_of_the_two_kinds(officer_a, auditor_a):
    assert browser(auditor_a).get("/uploads/blank/trace-requests.xlsx").status_code in (403, 404)
    assert browser(officer_a).get("/uploads/blank/dispositions.xlsx").status_code == 404

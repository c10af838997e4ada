"""The case-file download: the traces the list shows, in the reader's language, as CSV (with a BOM) or XLSX."""

import io

import pytest
from openpyxl import load_workbook

from traza.audit.models import AuditEvent
from traza.tracing.tests.api_support import load_records, submit
from traza.tracing.tests.pages_support import browser


@pytest.fixture
def traces(load, agency_a, agency_b, catalog):
    load_records(load)
    mine = submit(agency_a, request_ref="SSP/0412", agency_case_number='=HYPERLINK("http://x")', seizure_ref="FA-9")
    theirs = submit(agency_b, request_ref="B-1")
    return mine, theirs


def spanish(user):
    user.language = "es"
    user.save(update_fields=["language"])
    return browser(user)


@pytest.mark.django_db
def test_the_csv_is_in_the_readers_language_with_a_bom(traces, officer_a):
    mine, theirs = traces

    response = spanish(officer_a).get("/traces/case-file.csv", {"q": "SSP"})

    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    header, row, *rest = text.lstrip("\ufeff").splitlines()
    assert not rest
    assert header.startswith(
        "Número de rastreo,Dependencia,Referencia,Número de carpeta de investigación,Folio de aseguramiento,Estado"
    )
    assert mine.number in row and theirs.number not in text
    assert "Concluido: se identificó al comprador" in row
    assert "'=HYPERLINK" in row  # a formula is written as text
    assert "BORDER" in row.upper()  # the dealer by name beside its licence number
    assert "Sinaloa" in row and "Culiacán" in row


@pytest.mark.django_db
def test_the_xlsx_has_the_same_rows_with_numbers_as_numbers(traces, officer_a):
    mine, _theirs = traces

    response = spanish(officer_a).get("/traces/case-file.xlsx")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Número de rastreo"
    assert [row[0] for row in rows[1:]] == [mine.number]
    ttc = rows[0].index("Días entre la venta y el aseguramiento")
    assert rows[1][ttc] == mine.time_to_crime and isinstance(rows[1][ttc], int)
    assert AuditEvent.objects.filter(action="trace.export", details__format="case-file-xlsx").exists()


@pytest.mark.django_db
def test_an_unknown_format_is_404_and_a_bad_filter_400(traces, officer_a):
    client = browser(officer_a)

    assert client.get("/traces/case-file.pdf").status_code == 404
    assert client.get("/traces/case-file.csv", {"recovery_date_from": "ayer"}).status_code == 400

"""Spreadsheet bombs: a small XLSX that unpacks to gigabytes, declares a huge sheet, puts a cell at row
1,048,576 or column XFD, or holds millions of shared strings is refused with a message saying which limit,
before it is parsed; its declared dimension is never trusted. Every file here is built in the test."""

import io
import zipfile

import pytest
from django.utils import translation

from traza.imports import reading
from traza.imports.models import ImportRun
from traza.imports.services import import_file
from traza.imports.tests.upload_files import TRACE_COLUMNS, trace_row
from traza.tracing.models import Trace

SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture
def workbook_bytes(agency_a) -> bytes:
    """A genuine two-row trace request workbook, as Excel or LibreOffice would save one."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(TRACE_COLUMNS)
    for ref in ("SIN-2024-0101", "sin-2024-0102"):
        row = trace_row(agency_a, ref, manufacturer="Smith & Wesson", firearm_type="revólver")
        sheet.append([row.get(column, "") for column in TRACE_COLUMNS])
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def rebuilt(original: bytes, path, *, replace: dict[str, bytes] | None = None, add: dict | None = None):
    """The workbook with some members replaced (bytes) or added (bytes, or a callable writing a stream)."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            out.writestr(member.filename, replace.get(member.filename, source.read(member.filename)))
        for name, content in add.items():
            if callable(content):
                with out.open(name, "w", force_zip64=True) as stream:
                    content(stream)
            else:
                out.writestr(name, content)
    return path


def sheet_xml(original: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        return source.read(SHEET).decode()


def refused(path, words: str) -> ImportRun:
    run = import_file(kind="trace-requests", path=path)
    assert run.status == ImportRun.Status.REFUSED
    assert words in run.message_text
    assert not Trace.objects.exists()
    return run


@pytest.mark.django_db
def test_a_declared_dimension_of_the_whole_grid_is_ignored(workbook_bytes, tmp_path):
    xml = sheet_xml(workbook_bytes)
    start, end = xml.index("<dimension"), xml.index("/>", xml.index("<dimension")) + 2
    path = rebuilt(
        workbook_bytes,
        tmp_path / "trazas.xlsx",
        replace={SHEET: (xml[:start] + '<dimension ref="A1:XFD1048576"/>' + xml[end:]).encode()},
    )

    table = reading.open_table(path, reading.Layout(columns=(), xlsx=True))
    rows = list(table.rows())

    assert [line for line, _cells in rows] == [2, 3]
    assert all(len(cells) == len(TRACE_COLUMNS) for _line, cells in rows)  # not 16,384 cells a row
    assert import_file(kind="trace-requests", path=path).rows_created == 2


@pytest.mark.django_db
def test_a_cell_on_the_last_row_of_the_grid_is_refused_without_reading_a_million_rows(workbook_bytes, tmp_path):
    xml = sheet_xml(workbook_bytes)
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    path = rebuilt(workbook_bytes, tmp_path / "bomba.xlsx", replace={SHEET: xml.replace("</sheetData>", far).encode()})

    run = refused(path, "more than 500000 rows")

    with translation.override("es"):
        assert "más de 500000 filas" in str(run.message_text)


@pytest.mark.django_db
def test_a_cell_in_column_xfd_is_refused(workbook_bytes, tmp_path):
    xml = sheet_xml(workbook_bytes)
    wide = '<row r="4"><c r="XFD4" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    path = rebuilt(workbook_bytes, tmp_path / "ancha.xlsx", replace={SHEET: xml.replace("</sheetData>", wide).encode()})

    refused(path, "more than 256 columns")


@pytest.mark.django_db
def test_a_million_shared_strings_are_refused_before_they_are_loaded(workbook_bytes, tmp_path):
    count = reading.XLSX_MAX_SHARED_STRINGS + 1
    strings = f'<?xml version="1.0"?><sst xmlns="{MAIN}" count="1" uniqueCount="1">{"<si><t>a</t></si>" * count}</sst>'
    # Named as no spreadsheet program would: the limit holds for every XML part, whatever its name.
    path = rebuilt(workbook_bytes, tmp_path / "textos.xlsx", add={"xl/cadenas.xml": strings.encode()})

    assert path.stat().st_size < 200_000
    refused(path, "more than 1000000 different texts")


@pytest.mark.django_db
def test_a_member_that_unpacks_to_more_than_the_limit_is_refused(workbook_bytes, tmp_path):
    block = bytes(1 << 20)

    def zeros(stream):
        for _megabyte in range(reading.XLSX_MAX_UNPACKED_MB + 1):
            stream.write(block)

    path = rebuilt(workbook_bytes, tmp_path / "ceros.xlsx", add={"xl/media/image1.png": zeros})

    assert path.stat().st_size < 2_000_000
    refused(path, "unpacks to more than 256 MB")


@pytest.mark.django_db
def test_entities_in_a_sheet_are_refused(workbook_bytes, tmp_path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c>'
        "</row></sheetData></worksheet>"
    )
    path = rebuilt(workbook_bytes, tmp_path / "risas.xlsx", replace={SHEET: laughs.encode()})

    refused(path, "could not be opened")


@pytest.mark.django_db
def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "no_es_excel.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(SHEET, "<worksheet><sheetData><row><c>")

    refused(path, "could not be opened")

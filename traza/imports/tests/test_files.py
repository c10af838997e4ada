"""Whole files: formats, encodings, headers, and the files that must be refused before anything is written."""

import codecs

import pytest
from django.core.management import call_command

from traza.imports.errors import FileRefused
from traza.imports.models import ImportRun
from traza.imports.reading import open_table
from traza.imports.services import import_file
from traza.industry.importing import DispositionsKind
from traza.industry.models import Disposition, Licensee
from traza.tracing.tests.world import DEALER, RUGER

HEADER = "record_id,record_keeper_license,serial_number,manufacturer,model,acquisition_date\n"
ROW = "R1,{keeper},RG1,{maker},{model},2021-01-10\n"


def dispositions(tmp_path, text: str | bytes, name: str = "ad.csv"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return import_file(kind="dispositions", path=path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1252", b"")],
    ids=["utf-8", "utf-8 with BOM", "windows-1252"],
)
def test_it_reads_utf8_with_or_without_bom_and_windows_1252(tmp_path, catalog, encoding, prefix):
    text = HEADER + ROW.format(keeper=RUGER, maker='"STURM, RUGER & COMPANY, INC"', model="PEÑA ÉDICIÓN")
    run = dispositions(tmp_path, prefix + text.encode(encoding))

    assert run.status == ImportRun.Status.ACCEPTED
    record = Disposition.objects.get()
    assert record.model == "PEÑA ÉDICIÓN"
    assert record.make.name == "Ruger"


@pytest.mark.django_db
def test_header_names_ignore_case_spaces_and_order_and_unknown_columns_are_warned(tmp_path, catalog):
    text = f" Serial_Number ,RECORD_ID,Record_Keeper_License,manufacturer,colour\nRG1,R1,{RUGER},RUGER,blue\n"
    run = dispositions(tmp_path, text)

    assert run.status == ImportRun.Status.ACCEPTED
    assert run.rows_created == 1
    assert run.warnings == [["Unknown columns ignored: %(columns)s.", {"columns": "colour"}]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary data"),
        (b"record_id,serial_number\nR1,RG1\n", "Required column missing: record_keeper_license, manufacturer"),
        (
            (
                HEADER
                + ROW.format(keeper=RUGER, maker="RUGER", model="A")
                + f'R2,{RUGER},"RG2,RUGER,B,2021-01-10\n'
                + ROW.format(keeper=RUGER, maker="RUGER", model="C")
            ).encode(),
            "Line 3: a quoted field is never closed",
        ),
        ("record_id,record_keeper_license\n".encode("utf-16"), "UTF-16"),
        (
            HEADER.encode() + "R1,1-56-157-07-6K-15352,ＲＧ１,ルガー,モデル,2021-01-10\n".encode("shift_jis") * 20,
            "encoding",
        ),
    ],
    ids=["empty", "binary", "missing column", "broken quote", "utf-16", "unknown encoding"],
)
def test_files_that_cannot_be_read_are_refused_and_write_nothing(tmp_path, catalog, content, reason):
    run = dispositions(tmp_path, content)

    assert run.status == ImportRun.Status.REFUSED
    assert reason in run.message_text
    assert not Disposition.objects.exists()
    assert not Licensee.objects.exists()


@pytest.mark.django_db
def test_a_spreadsheet_is_refused_for_kinds_that_take_only_csv(tmp_path, catalog):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["record_id"])
    workbook.save(tmp_path / "ad.xlsx")

    run = import_file(kind="dispositions", path=tmp_path / "ad.xlsx")

    assert run.status == ImportRun.Status.REFUSED
    assert "XLSX" in run.message_text


@pytest.mark.django_db
def test_an_encoding_can_be_given(tmp_path, catalog):
    text = HEADER + ROW.format(keeper=RUGER, maker="RUGER", model="ÅNGSTRÖM")
    path = tmp_path / "ad.csv"
    path.write_bytes(text.encode("iso8859_15"))

    run = import_file(kind="dispositions", path=path, encoding="iso8859-15")

    assert run.status == ImportRun.Status.ACCEPTED
    assert Disposition.objects.get().model == "ÅNGSTRÖM"


@pytest.mark.django_db
def test_the_command_exits_2_on_a_refused_file_and_0_with_rejected_rows(tmp_path, catalog, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(SystemExit) as refused:
        call_command("import", "dispositions", str(empty))
    assert refused.value.code == 2
    assert "The file is empty." in capsys.readouterr().err

    good = tmp_path / "ad.csv"
    good.write_text(
        HEADER + ROW.format(keeper=RUGER, maker="RUGER", model="A") + f"R2,{DEALER},RG#2,RUGER,B,2021-01-10\n"
    )
    report = tmp_path / "errors.csv"
    call_command("import", "dispositions", str(good), "--errors", str(report))

    output = capsys.readouterr()
    assert "1 created" in output.out
    assert "line 3 (R2), serial_number" in output.err
    lines = report.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("3,R2,serial_number,")


def test_a_file_is_counted_as_its_rows_are_read(tmp_path):
    """Blank lines before the header, empty rows and rows of empty cells are not rows; a row of spaces is."""
    text = "\n,,\n" + HEADER + ROW.format(keeper=RUGER, maker="RUGER", model="A") + "\n,,,,,\n"
    text += ROW.format(keeper=RUGER, maker="RUGER", model="B") + " , \n\n"
    path = tmp_path / "ad.csv"
    path.write_text(text, encoding="utf-8")

    table = open_table(path, DispositionsKind.layout, scan=False)

    assert table.scan() == len(list(table.rows())) == 3


def test_a_file_counted_in_another_process_has_the_readers_count_and_a_broken_one_is_refused_at_its_line(tmp_path):
    text = "\n,,\n" + HEADER + ROW.format(keeper=RUGER, maker="RUGER", model="A") + "\n,,,,,\n"
    text += ROW.format(keeper=RUGER, maker="RUGER", model='"B, 4"" barrel"') + " , \n\n"
    path = tmp_path / "ad.csv"
    path.write_text(text, encoding="cp1252")
    table = open_table(path, DispositionsKind.layout, encoding="cp1252", scan=False)

    scan = table.scan_aside()

    assert scan.counting is not None
    assert scan.wait() == len(list(table.rows())) == 3

    path.write_text(text + f'R9,{RUGER},"RG9,RUGER,C,2021-01-10\n', encoding="utf-8")
    table = open_table(path, DispositionsKind.layout, scan=False)
    with pytest.raises(FileRefused, match="Line 10: a quoted field is never closed"):
        table.scan_aside().wait()


@pytest.mark.django_db
def test_a_book_sent_again_broken_after_its_first_chunks_is_refused_and_changes_nothing(tmp_path, catalog, monkeypatch):
    """The rows are read while the file is counted; no chunk is written before the whole file is known readable."""
    monkeypatch.setattr("traza.imports.pipeline.chunks.CHUNK_ROWS", 2)
    book = [f"R{n},{RUGER},RG{n},RUGER,{{model}},2021-01-10\n" for n in range(1, 7)]
    assert dispositions(tmp_path, HEADER + "".join(row.format(model="A") for row in book)).rows_created == 6

    run = dispositions(tmp_path, HEADER + "".join(row.format(model="B") for row in book) + f'R7,{RUGER},"RG7\n')

    assert run.status == ImportRun.Status.REFUSED
    assert "Line 8: a quoted field is never closed" in run.message_text
    assert set(Disposition.objects.values_list("model", flat=True)) == {"A"}

"""A licensee sends its own records: rows of another record keeper are rejected, the rest resume its traces."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from traza.imports.services import kind_for
from traza.industry.models import Disposition, Purchase
from traza.industry.services import records_upload_create
from traza.tracing.tests.world import DEALER, PAPER_DEALER, WHOLESALER, purchase, rds

DISPOSITION_COLUMNS = [column.name for column in kind_for("dispositions").layout.columns]
PURCHASE_COLUMNS = [column.name for column in kind_for("purchases").layout.columns]


def csv_file(name: str, columns: list[str], rows: list[dict]) -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(), content_type="text/csv")


def book_row(keeper: str, record_id: str, serial: str) -> dict:
    return {
        "record_id": record_id,
        "record_keeper_license": keeper,
        "serial_number": serial,
        "manufacturer": "RUGER",
        "acquisition_date": "2021-03-11",
        "disposition_date": "2021-04-20",
        "disposition_type": "sale",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "rows", "column", "model", "key"),
    [
        (
            "dispositions",
            [book_row(PAPER_DEALER, "1", "A-1"), book_row(DEALER, "2", "A-2"), book_row(rds(WHOLESALER), "3", "A-3")],
            "record_keeper_license",
            Disposition,
            "keeper_rds",
        ),
        (
            "purchases",
            [purchase(PAPER_DEALER, "4473-1", "DOE", "JOHN"), purchase(DEALER, "4473-2", "ROE", "JANE")],
            "licensee",
            Purchase,
            "licensee_rds",
        ),
    ],
)
def test_rows_of_another_keeper_are_rejected_only_when_the_file_is_sent_for_a_licensee(
    load, kind, rows, column, model, key
):
    sent = load(kind, rows, licensee=rds(PAPER_DEALER))

    assert sent.licensee_rds == rds(PAPER_DEALER)
    assert sent.rows_created == 1 and sent.rows_rejected == len(rows) - 1
    rejected = list(sent.row_errors.all())
    assert {(error.line, error.column) for error in rejected} == {(line, column) for line in range(3, len(rows) + 2)}
    assert "is not your licence (RDS key 98603003)" in rejected[0].text
    assert set(model.objects.values_list(key, flat=True)) == {rds(PAPER_DEALER)}

    again = load(kind, rows)  # the command line sends for no licensee: every keeper's rows are taken
    assert (again.rows_created, again.rows_rejected) == (len(rows) - 1, 0)


@pytest.mark.django_db
def test_only_a_responder_sends_records_and_only_its_books_as_csv(
    paper_responder, analyst, django_capture_on_commit_callbacks
):
    book = csv_file("book.csv", DISPOSITION_COLUMNS, [book_row(PAPER_DEALER, "1", "A-1")])

    with pytest.raises(PermissionDenied):
        records_upload_create(actor=analyst, kind="dispositions", file=book)
    with pytest.raises(ValidationError) as wrong_kind:
        records_upload_create(actor=paper_responder, kind="trace-requests", file=book)
    with pytest.raises(ValidationError) as spreadsheet:
        records_upload_create(
            actor=paper_responder, kind="dispositions", file=SimpleUploadedFile("book.xlsx", b"PK\x03\x04...")
        )
    with django_capture_on_commit_callbacks(execute=True):
        run = records_upload_create(actor=paper_responder, kind="dispositions", file=book)

    assert "kind" in wrong_kind.value.message_dict
    assert spreadsheet.value.code == "file_extension"
    assert (run.status, run.user, run.agency, run.licensee_rds) == ("pending", paper_responder, None, rds(PAPER_DEALER))

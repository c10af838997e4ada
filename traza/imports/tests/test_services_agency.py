"""A file sent for an agency holds only that agency's rows; the command line (no agency) takes any agency's."""

import pytest

from traza.imports.tests.upload_files import seizure_row, trace_row
from traza.tracing.models import Seizure, Trace


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "row", "model"),
    [("trace-requests", trace_row, Trace), ("seizures", lambda agency, ref: seizure_row(agency, ref, "1"), Seizure)],
    ids=["trace requests", "seizures"],
)
def test_rows_naming_another_agency_are_rejected_only_when_the_file_is_sent_for_an_agency(
    load, agency_a, agency_b, kind, row, model
):
    rows = [row(agency_a, "A-1"), row(agency_b, "B-1"), row(agency_b, "B-2")]

    sent = load(kind, rows, agency=agency_a)

    assert (sent.rows_created, sent.rows_rejected) == (1, 2)
    assert {(e.line, e.column) for e in sent.row_errors.all()} == {(3, "agency_code"), (4, "agency_code")}
    assert "MXSIN0060" in sent.row_errors.first().text
    assert set(model.objects.values_list("agency_id", flat=True)) == {agency_a.pk}

    by_operator = load(kind, rows)

    assert (by_operator.rows_created, by_operator.rows_rejected) == (2, 0)
    assert set(model.objects.values_list("agency_id", flat=True)) == {agency_a.pk, agency_b.pk}


@pytest.mark.django_db
def test_an_unknown_agency_code_in_a_sent_file_gets_one_clear_error(load, agency_a):
    sent = load("trace-requests", [trace_row(agency_a, "A-1", agency_code="NOSUCH", manufacturer="")], agency=agency_a)

    errors = {(e.column, e.text) for e in sent.row_errors.all()}
    assert {column for column, _text in errors} == {"agency_code", "manufacturer"}
    assert "your own agency's rows" in dict(errors)["agency_code"]

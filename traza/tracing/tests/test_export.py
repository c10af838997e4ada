"""`traza export traces`: traces.csv and JSON exactly as FORMATS.md lays them out, streamed in chunks."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from traza.audit.models import AuditEvent
from traza.industry.models import Licensee, Purchase
from traza.tracing.exports import TRACE_COLUMNS, trace_rows
from traza.tracing.models import Trace
from traza.tracing.tests.api_support import BUYER, load_records, submit
from traza.tracing.tests.pages_support import browser
from traza.tracing.tests.world import DEALER, RUGER, rds

FORMATS_COLUMNS = (
    "trace_number, agency_code, request_ref, status, status_reason, submitted_at, completed_at, recovery_date, "
    "recovery_country, recovery_state, serial_number, manufacturer, model, caliber, firearm_type, importer, "
    "first_licensee, retail_licensee, retail_licensee_state, awaiting_licensee, sale_date, time_to_crime_days, "
    "purchaser_id, indicators, duplicate_of"
).split(", ")


@pytest.fixture
def traced(load, agency_a, agency_b):
    load_records(load)
    mine = submit(agency_a, request_ref="A-1")
    theirs = submit(
        agency_b,
        request_ref="B-1",
        serial_obliterated="Y",
        serial_number="",
        recovery_country="US",
        recovery_state="TX",
        recovery_municipality="48141",
    )
    return mine, theirs


def export(tmp_path, *options: str, name: str = "traces.csv") -> str:
    path = tmp_path / name
    call_command("export", "traces", "--output", str(path), *options, stdout=io.StringIO())
    return path.read_text(encoding="utf-8")


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.django_db
def test_the_csv_has_exactly_the_formats_columns_in_order(traced, tmp_path):
    text = export(tmp_path)

    assert next(csv.reader(io.StringIO(text))) == FORMATS_COLUMNS == list(TRACE_COLUMNS)
    assert len(read_csv(text)) == 2


@pytest.mark.django_db
def test_a_traced_gun_exports_its_chain_ttc_and_indicators(traced, tmp_path):
    mine, _theirs = traced

    row = next(r for r in read_csv(export(tmp_path)) if r["request_ref"] == "A-1")

    assert row["trace_number"] == mine.number
    assert (row["agency_code"], row["status"], row["status_reason"]) == ("MXSIN0060", "completed_purchaser", "")
    assert (row["recovery_date"], row["recovery_country"], row["recovery_state"]) == ("2022-05-01", "MX", "MX-SIN")
    assert (row["first_licensee"], row["retail_licensee"], row["retail_licensee_state"]) == (RUGER, DEALER, "TX")
    assert (row["sale_date"], row["time_to_crime_days"]) == ("2021-04-10", str(mine.time_to_crime))
    assert row["purchaser_id"] == Purchase.objects.get().person_key
    assert row["indicators"] == "cross_border;purchaser_not_possessor;short_ttc"
    assert row["submitted_at"].endswith("+00:00")
    assert (row["manufacturer"], row["caliber"], row["firearm_type"]) == ("Ruger", "9mm", "pistol")


@pytest.mark.django_db
def test_a_licensee_known_only_from_records_is_exported_by_its_rds_key(traced, tmp_path):
    Licensee.objects.filter(rds_key=rds(DEALER)).update(listed=False)

    row = next(r for r in read_csv(export(tmp_path)) if r["request_ref"] == "A-1")

    assert row["retail_licensee"] == rds(DEALER)


@pytest.mark.django_db
def test_json_is_an_array_of_objects_with_the_same_keys(traced, tmp_path):
    rows = json.loads(export(tmp_path, "--format", "json", name="traces.out"))

    assert [list(row) for row in rows] == [FORMATS_COLUMNS, FORMATS_COLUMNS]
    mine = next(row for row in rows if row["request_ref"] == "A-1")
    assert mine["indicators"] == ["cross_border", "purchaser_not_possessor", "short_ttc"]
    assert isinstance(mine["time_to_crime_days"], int)


@pytest.mark.django_db
def test_an_empty_export_is_valid_json(db, tmp_path):
    assert json.loads(export(tmp_path, name="none.json")) == []


@pytest.mark.django_db
def test_agency_and_status_narrow_the_export(traced, tmp_path, agency_b):
    only_b = read_csv(export(tmp_path, "--agency", agency_b.code.lower()))
    not_traced = read_csv(export(tmp_path, "--status", "not_traced"))
    both = read_csv(export(tmp_path, "--status", "not_traced", "--status", "completed_purchaser"))

    assert [row["request_ref"] for row in only_b] == ["B-1"]
    assert [row["request_ref"] for row in not_traced] == ["B-1"]
    assert len(both) == 2
    last = AuditEvent.objects.filter(action="trace.export").latest("id")
    assert last.details["criteria"] == {"agency": "", "status": "not_traced,completed_purchaser"}


@pytest.mark.django_db
def test_an_unknown_agency_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="XX"):
        export(tmp_path, "--agency", "XX")


@pytest.mark.django_db
def test_no_purchaser_or_possessor_names_are_exported(traced, tmp_path):
    text = export(tmp_path) + export(tmp_path, name="traces.json")

    assert not any(name in text for name in ("RAMIREZ", "PEDRO", *BUYER))


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_number_of_traces(load, agency_a, catalog):
    load_records(load)
    for number in range(50):
        submit(agency_a, request_ref=f"R-{number}", recovery_date=f"2022-{number % 12 + 1:02d}-{number % 28 + 1:02d}")
    five = Trace.objects.filter(request_ref__in=[f"R-{n}" for n in range(5)])

    with CaptureQueriesContext(connection) as few:
        assert len(list(trace_rows(five))) == 5
    with CaptureQueriesContext(connection) as many:
        assert len(list(trace_rows(Trace.objects.all()))) == 50
    with CaptureQueriesContext(connection) as chunked:
        assert len(list(trace_rows(Trace.objects.all(), chunk_size=20))) == 50

    assert len(many) == len(few) == 3
    assert len(chunked) == 1 + 2 * 3


@pytest.mark.django_db
def test_every_export_is_in_the_audit_log(tmp_path, client, officer_a, agency_a, catalog):
    from django.core.management import call_command

    from traza.audit.models import AuditEvent

    call_command("export", "traces", "--output", str(tmp_path / "t.csv"))
    client.force_login(officer_a)
    client.get("/traces/traces.csv?status=completed_purchaser")

    events = list(AuditEvent.objects.filter(action="trace.export").order_by("id"))
    assert [(e.actor, e.details["format"]) for e in events] == [(None, "csv"), (officer_a, "csv")]
    assert events[1].details["criteria"] == {"status": "completed_purchaser"}


FORMULAS = ('=HYPERLINK("http://example.org","x")', "+1+1", "-2+3", "@SUM(A1)")  # intake strips a leading tab


@pytest.mark.django_db
def test_a_cell_that_starts_like_a_formula_is_written_so_no_spreadsheet_runs_it(agency_a, officer_a, tmp_path):
    """Makes, models and references are kept as the officer typed them, so every export defuses them."""
    for number, formula in enumerate(FORMULAS):
        submit(agency_a, request_ref=formula, manufacturer=formula, model=formula, serial_number=f"FX{number}")
    download = browser(officer_a).get("/traces/traces.csv")

    for text in (export(tmp_path), b"".join(download.streaming_content).decode()):
        rows = read_csv(text)
        assert sorted(row["manufacturer"] for row in rows) == sorted("'" + formula for formula in FORMULAS)
        assert all(row["model"] == row["manufacturer"] == row["request_ref"] for row in rows)

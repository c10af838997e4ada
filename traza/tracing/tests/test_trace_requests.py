"""Trace requests from files: Spanish or English headers, CSV or XLSX, and the bad input officers send."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from traza.imports.services import import_file
from traza.tracing.models import Trace
from traza.tracing.tests.world import DEALER, RUGER, chain, licensee_rows, purchase

SPANISH = (
    "referencia,clave_agencia,fecha_aseguramiento,pais,entidad,municipio,numero_serie,marca,calibre,tipo_arma,"
    "prioridad,motivo_urgencia,codigo_delito,poseedor_apellidos,poseedor_sexo\n"
)


@pytest.fixture
def records(load):
    load("licensees", licensee_rows())
    load("dispositions", chain("RG-1", "STURM, RUGER & COMPANY, INC", [(RUGER, "RUGER"), (DEALER, "BORDER")], ref="F1"))
    load("purchases", [purchase(DEALER, "F1", "GARCIA", "JUAN")])


def messages(run) -> list[tuple[int, str, str]]:
    with translation.override("en"):
        return [(e.line, e.column, e.text) for e in run.row_errors.all()]


@pytest.mark.django_db
def test_a_spanish_file_with_day_first_dates_is_read_and_resolved(tmp_path, agency_a, records):
    path = tmp_path / "rastreos.csv"
    path.write_text(
        SPANISH + "R-1,MXSIN0060,01/05/2022,MX,Sinaloa,25006,RG1,Ruger,9 mm,Pistola,urgente,Homicidio en curso,"
        "homicidio doloso con arma de fuego,PEREZ,H\n",
        encoding="cp1252",
    )

    run = import_file(kind="trace-requests", path=path)

    assert (run.status, run.rows_created, run.rows_rejected, run.dayfirst) == ("accepted", 1, 0, True)
    trace = Trace.objects.get()
    assert (trace.recovery_date, trace.recovery_region_id, trace.recovery_municipality.code) == (
        date(2022, 5, 1),
        "MX-SIN",
        "25006",
    )
    assert (trace.firearm_type, trace.priority, trace.possessor_sex) == ("pistol", "urgent", "M")
    assert trace.crime_code_id is not None
    assert trace.status == Trace.Status.COMPLETED_PURCHASER
    assert trace.channel == Trace.Channel.FILE


@pytest.mark.django_db
def test_an_xlsx_sheet_is_accepted(tmp_path, agency_a, records):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["request_ref", "agency_code", "recovery_date", "recovery_country", "serial_number", "manufacturer"])
    sheet.append(["X-1", "MXSIN0060", date(2022, 5, 1), "MX", "RG1", "RUGER"])
    workbook.save(tmp_path / "traces.xlsx")

    run = import_file(kind="trace-requests", path=tmp_path / "traces.xlsx")

    assert (run.status, run.rows_created) == ("accepted", 1)
    assert Trace.objects.get().status == Trace.Status.COMPLETED_PURCHASER


@pytest.mark.django_db
def test_reimporting_changes_nothing_and_a_correction_is_resolved_again(load, agency_a, records):
    row = {
        "request_ref": "R-1",
        "agency_code": agency_a.code,
        "recovery_date": "2022-05-01",
        "recovery_country": "MX",
        "serial_number": "RG-9",
        "manufacturer": "RUGER",
    }
    load("trace-requests", [row])
    assert Trace.objects.get().status == Trace.Status.NOT_TRACED

    again = load("trace-requests", [row])
    corrected = load("trace-requests", [dict(row, serial_number="RG-1")])

    assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 0, 1)
    assert (corrected.rows_created, corrected.rows_updated) == (0, 1)
    assert Trace.objects.get().status == Trace.Status.COMPLETED_PURCHASER


@pytest.mark.django_db
def test_bad_requests_get_a_clear_message_naming_the_field(load, agency_a, catalog):
    base = {
        "request_ref": "R",
        "agency_code": agency_a.code,
        "recovery_date": "2022-05-01",
        "recovery_country": "MX",
        "serial_number": "ABC123",
        "manufacturer": "RUGER",
    }
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    rows = [
        dict(base, request_ref="R1", manufacturer=""),
        dict(base, request_ref="R2", serial_number="AB$%12"),
        dict(base, request_ref="R3", recovery_date=tomorrow),
        dict(base, request_ref="R4", priority="urgent"),
        dict(base, request_ref="R5", serial_number=""),
        dict(base, request_ref="R6", serial_obliterated="partial", serial_number="AB1234"),
        dict(base, request_ref="R7", agency_code="NOPE"),
        dict(base, request_ref="R8", recovery_state="MX-SIN", recovery_municipality="19039"),
        dict(base, request_ref="R9", crime_code="9999"),
        dict(base, request_ref="R10", firearm_type="cañón"),
        dict(base, request_ref="R11"),
    ]

    run = load("trace-requests", rows)

    assert (run.rows_created, run.rows_rejected) == (1, 10)
    found = messages(run)
    assert found[0][:2] == (2, "manufacturer")
    assert "manufacturer is required" in found[0][2]
    assert [(line, column) for line, column, _text in found[1:]] == [
        (3, "serial_number"),
        (4, "recovery_date"),
        (5, "urgent_reason"),
        (6, "serial_number"),
        (7, "serial_number"),
        (8, "agency_code"),
        (9, "recovery_municipality"),
        (10, "crime_code"),
        (11, "firearm_type"),
    ]
    assert "in the future" in found[2][2]


@pytest.mark.django_db
def test_error_messages_are_in_spanish_for_spanish_readers(load, agency_a, catalog):
    row = {
        "request_ref": "R",
        "agency_code": agency_a.code,
        "recovery_date": "2022-05-01",
        "recovery_country": "MX",
        "serial_number": "ABC123",
        "manufacturer": "RUGER",
        "priority": "urgente",
    }

    run = load("trace-requests", [row])

    with translation.override("es"):
        text = run.row_errors.get().text
    assert "urgent_reason" in text
    assert "urgente" in text.lower()


@pytest.mark.django_db
def test_a_fully_obliterated_serial_needs_no_serial(load, agency_a, catalog):
    run = load(
        "trace-requests",
        [
            {
                "request_ref": "R",
                "agency_code": agency_a.code,
                "recovery_date": "2022-05-01",
                "recovery_country": "MX",
                "serial_obliterated": "Y",
                "manufacturer": "RUGER",
            }
        ],
    )

    assert run.rows_created == 1
    assert Trace.objects.get().status_reason == Trace.Reason.OBLITERATED


@pytest.mark.django_db
def test_each_trace_a_file_creates_or_changes_is_in_the_audit_log_as_is_the_import(tmp_path, agency_a, records):
    from traza.audit.models import AuditEvent

    header = "request_ref,agency_code,recovery_date,recovery_country,serial_number,manufacturer\n"
    path = tmp_path / "traces.csv"
    path.write_text(header + "F-1,MXSIN0060,2022-05-01,MX,RG1,Ruger\nF-2,MXSIN0060,2022-05-02,MX,RG2,Ruger\n")
    first = import_file(kind="trace-requests", path=path)
    path.write_text(header + "F-1,MXSIN0060,2022-05-01,MX,RG1,Ruger\nF-2,MXSIN0060,2022-05-03,MX,RG2,Ruger\n")
    second = import_file(kind="trace-requests", path=path)

    created = AuditEvent.objects.filter(action="trace.create").order_by("seq")
    changed = AuditEvent.objects.get(action="trace.change")
    traces = dict(Trace.objects.values_list("request_ref", "pk"))
    assert [event.object_id for event in created] == [str(traces["F-1"]), str(traces["F-2"])]
    assert changed.object_id == str(traces["F-2"])
    assert {event.agency_id for event in [*created, changed]} == {agency_a.pk}
    assert created[0].details == {"channel": "file", "import_run": first.pk}
    assert created[0].actor is None and created[0].actor_name.endswith("(command line)")
    runs = AuditEvent.objects.filter(action="import.finish", object_type="importrun").order_by("seq")
    assert [(event.object_id, event.details["created"], event.details["updated"]) for event in runs][-2:] == [
        (str(first.pk), 2, 0),
        (str(second.pk), 0, 1),
    ]

"""The statistics pages: who reaches which, charts one request each, coverage with "trace these", custody alerts."""

import csv
import io

import pytest

from traza.audit.models import AuditEvent
from traza.imports.models import ImportKind, ImportRun
from traza.imports.services import import_file
from traza.stats.models import CustodyAlert
from traza.tracing.models import Trace
from traza.tracing.tests.pages_support import browser

from .test_refresh import seizure

pytestmark = pytest.mark.django_db


@pytest.fixture
def inventory(load, submit, agency_a):
    """Agency A seized four guns; one was traced by its seizure reference, one by its serial."""
    run = load(
        "seizures",
        [
            seizure(agency_a, "FGE/CLN/2024/0007", "1", "AB-1001", "2024-01-05"),
            seizure(agency_a, "FGE/CLN/2024/0007", "2", "AB-1002", "2024-01-05"),
            seizure(agency_a, "FGE/CLN/2024/0009", "1", "", "2024-02-10") | {"serial_obliterated": "Y"},
            seizure(agency_a, "FGE/CLN/2024/0011", "1", "RT-77", "2024-03-01", manufacturer=""),
        ],
    )
    assert run.rows_rejected == 0
    submit(serial_number="ab 1001", manufacturer="Ruger", recovery_date="2024-01-05")
    submit(
        serial_number="",
        serial_obliterated="Y",
        manufacturer="Ruger",
        recovery_date="2024-02-10",
        seizure_ref="FGE/CLN/2024/0009",
        seizure_item="1",
    )
    submit(serial_number="NOT-LISTED-1", manufacturer="Glock", recovery_date="2024-04-04")


def test_each_role_reaches_the_statistics_it_may_read(officer_a, coordinator_mx, auditor_a, industry, sysadmin):
    for user in (officer_a, coordinator_mx, auditor_a):
        assert browser(user).get("/stats/").status_code == 200, user.role
    for user in (industry, sysadmin):
        assert browser(user).get("/stats/").status_code == 404, user.role
    assert browser().get("/stats/").status_code == 302


def test_the_dashboard_loads_each_chart_apart_and_each_chart_answers(officer_a, inventory):
    client = browser(officer_a)
    page = client.get("/stats/").content.decode()
    assert 'hx-get="/stats/chart/traces-month/?scope=agency"' in page
    assert "not a random sample" in page
    for key in ("traces-month", "completion-month", "ttc", "origins", "flows", "coverage-month", "recovery-points"):
        fragment = client.get(f"/stats/chart/{key}/?scope=agency", HTTP_HX_REQUEST="true")
        assert fragment.status_code == 200, key
        assert "<table" in fragment.content.decode(), key
    alone = client.get("/stats/chart/traces-month/?scope=agency")
    assert "<html" in alone.content.decode()


def test_charts_for_other_audiences_are_not_found(coordinator_mx, officer_a):
    assert browser(coordinator_mx).get("/stats/chart/recovery-points/?scope=country").status_code == 404
    assert browser(officer_a).get("/stats/chart/no-such-chart/").status_code == 404


def test_a_bad_filter_gets_a_translated_error_and_no_figures(officer_a):
    officer_a.language = "en"
    officer_a.save(update_fields=["language"])
    response = browser(officer_a).get("/stats/?start=31/02/2024&end=2024-01-01")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode()
    officer_a.language = "es"
    officer_a.save(update_fields=["language"])
    fragment = browser(officer_a).get("/stats/chart/traces-month/?start=2024-05-01&end=2024-01-01")
    assert fragment.status_code == 400
    assert "termina antes" in fragment.content.decode()


def test_coverage_lists_the_untraced_guns_and_the_traces_outside_the_inventory(officer_a, inventory):
    page = browser(officer_a).get("/stats/coverage/?scope=agency").content.decode()
    assert "AB-1002" in page and "FGE/CLN/2024/0011" in page
    assert "FGE/CLN/2024/0009" not in page.split("outside-title")[0].split("untraced-title")[1]
    assert "NOT-LISTED-1" in page


def test_trace_these_sends_the_untraced_guns_as_one_upload(
    officer_a, inventory, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = browser(officer_a).post("/stats/coverage/trace/")
    run = ImportRun.objects.get(kind=ImportKind.TRACE_REQUESTS)
    assert response.status_code == 302 and response["Location"] == f"/uploads/{run.pk}/"
    run_worker()
    run.refresh_from_db()
    assert run.rows_rejected == 1  # the gun seized with no make written: the upload's error report says so
    created = Trace.objects.get(request_ref="INV-FGE/CLN/2024/0007-2")
    assert (created.seizure_ref, created.seizure_item, created.serial_number) == ("FGE/CLN/2024/0007", "2", "AB-1002")
    assert created.channel == Trace.Channel.FILE


def test_the_request_file_is_the_documented_layout(officer_a, inventory):
    response = browser(officer_a).get("/stats/coverage/untraced.csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("request_ref,agency_code,crime_code,recovery_date")
    assert len(lines) == 3


def test_the_request_file_defuses_formulas_and_reads_back_as_the_inventory_wrote_them(
    load, officer_a, agency_a, tmp_path
):
    """A seized gun's make, model, calibre and reference are kept as the inventory wrote them: the file defuses them
    for a spreadsheet, and the importer reads the file back to the same values, so it can be uploaded as it is."""
    hostile = {
        "manufacturer": '=HYPERLINK("http://x.example/?a=1","ver")',
        "model": "+P95",
        "caliber": "-9mm",
        "seizure_ref": "@FA-2024-118",
    }
    row = seizure(agency_a, "FA-2024-118", "1", "AB-1001", "2024-01-05") | hostile
    assert load("seizures", [row]).rows_rejected == 0

    response = browser(officer_a).get("/stats/coverage/untraced.csv")

    (written,) = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    assert {column: written[column] for column in hostile} == {column: "'" + text for column, text in hostile.items()}
    path = tmp_path / "untraced.csv"
    path.write_bytes(response.content)
    run = import_file(kind=ImportKind.TRACE_REQUESTS, path=path, agency=agency_a, user=officer_a)
    assert (run.rows_created, run.rows_rejected) == (1, 0)
    trace = Trace.objects.get(request_ref="INV-@FA-2024-118-1")
    assert {column: getattr(trace, column) for column in hostile} == hostile


def test_custody_alerts_reach_both_agencies_admins_and_the_coordinator_only(
    load, submit, agency_a, agency_c, supervisor_a, supervisor_c, coordinator_mx, officer_a, officer_b
):
    load("seizures", [seizure(agency_a, "F-2023-1", "1", "KX-5150", "2023-03-01")])
    submit(agency=agency_c, serial_number="KX5150", manufacturer="Ruger", recovery_date="2024-06-20")
    alert = CustodyAlert.objects.get()
    for user in (supervisor_a, supervisor_c, coordinator_mx):
        assert "KX5150" in browser(user).get("/stats/custody/").content.decode(), user.username
    assert browser(officer_a).get("/stats/custody/").status_code == 404
    assert 'class="badge nav-count"' in browser(supervisor_a).get("/stats/").content.decode()
    assert "nav-count" not in browser(officer_a).get("/stats/").content.decode()
    assert browser(officer_b).post(f"/stats/custody/{alert.pk}/close/", {"note": "x"}).status_code == 404

    client = browser(supervisor_a)
    assert client.post(f"/stats/custody/{alert.pk}/close/", {"note": " "}).status_code == 302
    alert.refresh_from_db()
    assert alert.status == CustodyAlert.Status.OPEN
    client.post(f"/stats/custody/{alert.pk}/close/", {"note": "Arma entregada a SEDENA para destrucción, acta 55"})
    alert.refresh_from_db()
    assert alert.status == CustodyAlert.Status.CLOSED and alert.closed_by == supervisor_a
    assert AuditEvent.objects.filter(action="custody.close", object_id=str(alert.pk)).exists()

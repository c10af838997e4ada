"""/audit/: auditors browse the log with filters and export it as CSV; the export is itself audited,
and text people typed cannot run as a spreadsheet formula."""

import csv
import io

import pytest
from django.test import Client

from traza.audit.models import AuditEvent
from traza.audit.services import audit_record


@pytest.fixture
def auditor(auditor_a) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(auditor_a)
    return client


@pytest.fixture
def entries(officer_a, investigator_a):
    audit_record(actor=None, actor_name='=HYPERLINK("http://evil")', action="auth.login_failed", ip="10.0.0.9")
    audit_record(actor=investigator_a, action="personal_data.reveal", object_type="trace", object_id=7, purpose="C-1")
    audit_record(actor=officer_a, action="trace.create", object_type="trace", object_id=8)


@pytest.mark.django_db
def test_the_auditor_browses_and_filters_the_log(auditor, entries):
    def shown(**filters) -> list[str]:
        return [event.action for event in auditor.get("/audit/", filters).context["page"].object_list]

    assert {"auth.login_failed", "personal_data.reveal", "trace.create"} <= set(shown())
    assert shown(action="personal_data.reveal") == ["personal_data.reveal"]
    assert shown(actor="OFFICER_A") == ["trace.create"]
    assert "C-1" in auditor.get("/audit/", {"action": "personal_data.reveal"}).content.decode()


@pytest.mark.django_db
def test_the_export_is_csv_is_audited_and_defuses_formulas(auditor, entries, auditor_a):
    response = auditor.get("/audit/export.csv", {"object_type": ""})

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["Content-Type"].startswith("text/csv")
    by_action = {row["action"]: row for row in rows}
    assert by_action["auth.login_failed"]["actor_name"] == '\'=HYPERLINK("http://evil")'
    assert by_action["personal_data.reveal"]["purpose"] == "C-1"
    assert [int(row["seq"]) for row in rows] == sorted(int(row["seq"]) for row in rows)
    export = AuditEvent.objects.get(action="audit.export")
    assert export.actor == auditor_a


@pytest.mark.django_db
def test_nobody_but_an_auditor_reads_the_log(entries, investigator_a, sysadmin):
    for user in (investigator_a, sysadmin):
        client = Client()
        client.force_login(user)
        assert client.get("/audit/").status_code == 404
        assert client.get("/audit/export.csv").status_code == 404

"""/audit/: auditors browse the log with filters and export it as CSV; the export is itself audited,
and text people typed cannot run as a spreadsheet formula."""

import csv
import io
import re

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
    assert set(shown(object_type="trace")) == {"personal_data.reveal", "trace.create"}
    assert auditor.get("/audit/", {"object_type": "spaceship"}).context["form"].errors["object_type"]
    assert "C-1" in auditor.get("/audit/", {"action": "personal_data.reveal"}).content.decode()


@pytest.mark.django_db
def test_dates_are_read_iso_or_day_first_and_a_bad_filter_exports_nothing(auditor, entries):
    def shown(**filters) -> list[str]:
        return [event.action for event in auditor.get("/audit/", filters).context["page"].object_list]

    assert "trace.create" in shown(since="1/1/2000", until="2099-12-31")
    assert shown(since="31/12/2099") == []
    refused = auditor.get("/audit/", {"until": "31/02/2024"})
    assert refused.status_code == 400 and refused.context["entries"] == []
    assert "Some filters could not be read" in refused.content.decode()
    export = auditor.get("/audit/export.csv", {"object_type": "spaceship"})
    assert export.status_code == 400 and export.content.decode().startswith("object_type: ")
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def spanish_client(user) -> Client:
    """A browser of `user`, who chose Spanish."""
    user.language = "es"
    user.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(user)
    return client


def exported_csv(client: Client, **filters) -> list[dict]:
    response = client.get("/audit/export.csv", filters)
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.mark.django_db
def test_the_export_is_csv_is_audited_and_defuses_formulas(auditor, entries, auditor_a):
    rows = exported_csv(auditor, object_type="")

    by_action = {row["Action code"]: row for row in rows}
    assert by_action["auth.login_failed"]["User"] == '\'=HYPERLINK("http://evil")'
    assert by_action["personal_data.reveal"]["Purpose"] == "C-1"
    assert [int(row["No."]) for row in rows] == sorted(int(row["No."]) for row in rows)
    export = AuditEvent.objects.get(action="audit.export")
    assert export.actor == auditor_a
    assert export.details == {"format": "csv"}


@pytest.fixture
def spanish_entries(officer_a, supervisor_a):
    audit_record(
        actor=supervisor_a,
        action="user.role_change",
        target=officer_a,
        details={"from": "officer", "to": "investigator"},
    )
    audit_record(
        actor=officer_a,
        action="query.answer",
        object_type="licenseequery",
        object_id=41,
        details={"via": "phone", "purchase": False},
    )
    audit_record(actor=None, actor_name="Martínez.J", action="auth.login_failed")


@pytest.mark.django_db
def test_the_export_reads_in_the_readers_language(auditor_a, spanish_entries):
    client = spanish_client(auditor_a)

    rows = exported_csv(client)

    assert list(rows[0])[:6] == ["N.º", "Fecha y hora", "Usuario", "Rol", "Dependencia", "Acción"]
    change = next(row for row in rows if row["Código de la acción"] == "user.role_change")
    assert change["Acción"] == "cambio de rol"
    assert change["Rol"] == "administrador de la dependencia"
    assert change["Detalles"] == "Rol anterior: agente; Rol nuevo: investigador"
    assert change["Registro"] == "officer_a"
    answer = next(row for row in rows if row["Código de la acción"] == "query.answer")
    assert answer["Tipo de registro"] == "Consulta a un licenciatario"
    assert answer["Detalles"] == "Respondida: por teléfono; Con la compra: no"


@pytest.mark.django_db
def test_the_export_as_xlsx_is_in_spanish_too(auditor_a, spanish_entries):
    from openpyxl import load_workbook

    client = spanish_client(auditor_a)

    response = client.get("/audit/export.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["N.º", "Fecha y hora", "Usuario"]
    assert "cambio de rol" in {row[5] for row in rows[1:]}
    assert AuditEvent.objects.filter(action="audit.export", details__format="xlsx").exists()
    assert client.get("/audit/export.pdf").status_code == 404


@pytest.mark.django_db
def test_the_spanish_page_shows_words_not_codes(auditor_a, spanish_entries):
    client = spanish_client(auditor_a)

    page = client.get("/audit/").content.decode()

    assert "cambio de rol" in page
    assert "Rol anterior:</span> agente" in page
    assert "Rol nuevo:</span> investigador" in page
    assert "Respondida:</span> por teléfono" in page
    shown = re.sub(r'value="[^"]*"', "", page)  # the filter's option values are codes, never shown
    for code in ("user.role_change", "query.answer", "auth.login_failed", "licenseequery", "investigator", "phone"):
        assert code not in shown
    assert '<option value="query.answer">' in page


@pytest.mark.django_db
def test_nobody_but_an_auditor_reads_the_log(entries, investigator_a, sysadmin):
    for user in (investigator_a, sysadmin):
        client = Client()
        client.force_login(user)
        assert client.get("/audit/").status_code == 404
        assert client.get("/audit/export.csv").status_code == 404

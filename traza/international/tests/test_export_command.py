"""`traza export international` (the requests as CSV or JSON, audited) and `traza international open`."""

import io
import json

from django.core.management import call_command

from traza.audit.models import AuditEvent
from traza.international.models import InternationalRequest


def test_it_exports_the_requests_as_json_with_the_form_fields(hi_power, tmp_path):
    path = tmp_path / "solicitudes.json"

    call_command("export", "international", "--output", str(path))

    rows = json.loads(path.read_text(encoding="utf-8"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["trace_number"], row["country"], row["status"]) == (hi_power.number, "AR", "open")
    assert (row["serial_number"], row["make"], row["case_number"]) == (
        "fm-40 817",
        "Fábrica Militar de Armas Portátiles",
        "FGE/SIN/CLN/0231/2024",
    )
    assert "possessor_last_name" not in row and "QUINTERO" not in path.read_text(encoding="utf-8")
    assert AuditEvent.objects.filter(action="international.export").exists()


def test_it_exports_csv_for_one_agency(hi_power, agency_b, tmp_path):
    mine, theirs = tmp_path / "a.csv", tmp_path / "b.csv"

    call_command("export", "international", "--output", str(mine), "--agency", "mxsin0060")
    call_command("export", "international", "--output", str(theirs), "--agency", agency_b.code)

    assert hi_power.number in mine.read_text(encoding="utf-8")
    assert len(theirs.read_text(encoding="utf-8").splitlines()) == 1


def test_traces_traced_abroad_before_the_upgrade_get_their_request_once(hi_power, fmap, submit):
    older = submit(serial_number="FM 3302", manufacturer="Fabrica Militar de Armas Portatiles")
    InternationalRequest.objects.all().delete()  # as before international requests existed
    first, again = io.StringIO(), io.StringIO()

    call_command("international", "open", stdout=first)
    call_command("international", "open", stdout=again)

    assert set(InternationalRequest.objects.values_list("trace_id", flat=True)) == {hi_power.pk, older.pk}
    assert "2 international requests opened" in first.getvalue()
    assert "0 international requests opened" in again.getvalue()

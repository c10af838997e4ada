"""`traza export leads`: FORMATS.md's leads.csv columns exactly, keys never names, audited."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from traza.audit.models import AuditEvent
from traza.intel.tests.leads_support import make_lead

COLUMNS = ["lead_id", "kind", "score", "subject", "trace_numbers", "indicators", "first_seen", "last_seen"]

pytestmark = pytest.mark.usefixtures("english")


def read(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_it_writes_every_active_lead_strongest_first_with_all_its_trace_numbers(
    lead_ab, lead_b, trace_a, trace_b, buyer, tmp_path
):
    make_lead(traces=[trace_a], kind="ring", subject="ring-old", score=99.0, active=False)
    path = tmp_path / "pistas.csv"
    out = io.StringIO()

    call_command("export", "leads", "--output", str(path), stdout=out)

    rows = read(path)
    assert [row["lead_id"] for row in rows] == [lead_ab.number, lead_b.number]
    assert rows[0] == {
        "lead_id": lead_ab.number,
        "kind": "straw_purchaser",
        "score": "80.0",
        "subject": buyer.key,
        "trace_numbers": ";".join(sorted([trace_a.number, trace_b.number])),
        "indicators": "traced_guns;recovered_abroad;short_ttc",
        "first_seen": "2024-01-09",
        "last_seen": "2024-06-02",
    }
    assert (rows[1]["kind"], rows[1]["subject"], rows[1]["indicators"]) == ("dealer", "57406336", "short_ttc_rate")
    assert "GOMEZ" not in path.read_text(encoding="utf-8")
    assert "2 leads written to" in out.getvalue()
    event = AuditEvent.objects.get(action="lead.export")
    assert (event.actor_name, event.details) == (
        "traza export",
        {"format": "csv", "count": 2, "criteria": {"agency": ""}},
    )


def test_for_one_agency_it_lists_only_that_agencys_trace_numbers(lead_ab, lead_b, trace_a, trace_b, agency_a, tmp_path):
    path = tmp_path / "a.csv"

    call_command("export", "leads", "--output", str(path), "--agency", " mxsin0060")

    rows = read(path)
    assert [(row["lead_id"], row["trace_numbers"]) for row in rows] == [(lead_ab.number, trace_a.number)]


def test_it_writes_to_standard_output_and_refuses_other_formats(lead_ab, tmp_path):
    out = io.StringIO()
    call_command("export", "leads", "--output", "-", stdout=out)

    assert out.getvalue().splitlines()[0] == ",".join(COLUMNS) and lead_ab.number in out.getvalue()
    with pytest.raises(CommandError) as refused:
        call_command("export", "leads", "--output", str(tmp_path / "l.json"), "--format", "json")
    assert "Leads are exported as CSV" in str(refused.value)
    with pytest.raises(CommandError):
        call_command("export", "leads", "--output", "-", "--agency", "NOPE")

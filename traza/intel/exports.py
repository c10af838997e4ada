"""leads.csv (FORMATS.md, Exports): one row per lead, written as it is read, for a person or the operator.

`subject` is what the lead is about as a key (a person's key, a licensee's RDS key, a ring's key), never
a name; `trace_numbers` lists only the traces the exporter may read (all of them for the operator's
`traza export leads`); `indicators` the codes of the lead's reasons. Each chunk of leads costs one
query for the leads and one for their traces, whatever its size.
"""

from collections.abc import Iterator
from typing import TextIO

from django.db.models import Exists, OuterRef, QuerySet

from traza.agencies.models import Agency
from traza.core.tables import csv_lines, write_lines
from traza.intel.models import Lead, LeadTrace
from traza.intel.selectors.leads import visible_trace_numbers
from traza.tracing.models import Trace

LEAD_COLUMNS = ("lead_id", "kind", "score", "subject", "trace_numbers", "indicators", "first_seen", "last_seen")
CHUNK = 2000
_FIELDS = ("id", "kind", "score", "subject_key", "reasons", "first_seen", "last_seen")


def lead_rows(queryset: QuerySet[Lead], *, traces: QuerySet[Trace] | None) -> Iterator[dict]:
    """One dict per lead, keyed by LEAD_COLUMNS, in the queryset's order; `traces` None reads every trace number."""
    chunk: list[dict] = []
    for values in queryset.values(*_FIELDS).iterator(chunk_size=CHUNK):
        chunk.append(values)
        if len(chunk) == CHUNK:
            yield from _rows(chunk, traces)
            chunk = []
    if chunk:
        yield from _rows(chunk, traces)


def _rows(chunk: list[dict], traces: QuerySet[Trace] | None) -> Iterator[dict]:
    numbers = visible_trace_numbers(traces=traces, lead_ids=[values["id"] for values in chunk])
    for values in chunk:
        yield {
            "lead_id": Lead(pk=values["id"]).number,
            "kind": values["kind"],
            "score": round(values["score"], 1),
            "subject": values["subject_key"],
            "trace_numbers": numbers[values["id"]],
            "indicators": reason_codes(values["reasons"]),
            "first_seen": values["first_seen"],
            "last_seen": values["last_seen"],
        }


def reason_codes(reasons: list) -> list[str]:
    """The indicator codes of a lead's reasons, in their order, each once."""
    codes = (reason.get("code", "") for reason in reasons if isinstance(reason, dict))
    return list(dict.fromkeys(code for code in codes if code))


def leads_csv_lines(queryset: QuerySet[Lead], *, traces: QuerySet[Trace] | None) -> Iterator[str]:
    """leads.csv line by line, the header first, every cell defused for spreadsheets."""
    rows = ([row[column] for column in LEAD_COLUMNS] for row in lead_rows(queryset, traces=traces))
    yield from csv_lines(LEAD_COLUMNS, rows)


def write_leads(queryset: QuerySet[Lead], stream: TextIO, *, traces: QuerySet[Trace] | None = None) -> int:
    """Write leads.csv to `stream`; return the number of leads written."""
    return write_lines(leads_csv_lines(queryset, traces=traces), stream)


def leads_for_export(*, agency: Agency | None) -> tuple[QuerySet[Lead], QuerySet[Trace] | None]:
    """What the operator's `traza export leads` writes: the active leads, strongest first, and the traces whose
    numbers it lists (all; with `agency`, only the leads resting on its traces, and only those traces)."""
    leads = Lead.objects.filter(active=True).order_by("-score", "-last_seen", "-id")
    if agency is None:
        return leads, None
    traces = Trace.objects.filter(agency=agency)
    return leads.filter(Exists(LeadTrace.objects.filter(lead_id=OuterRef("pk"), trace__in=traces))), traces

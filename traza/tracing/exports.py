"""traces.csv and its JSON twin (FORMATS.md, Exports): rows built in chunks, written as they come.

The command line and the web download both write a queryset of traces through here; the
queryset decides what is exported (an operator's whole database, a user's visible traces).
Each chunk of traces costs a fixed number of queries, whatever its size: the traces with their
joins, their indicators, their licensees. No personal data: the purchaser is `purchaser_id`.
"""

from collections import defaultdict
from collections.abc import Iterator
from typing import TextIO

from django.db.models import F, QuerySet

from traza.core.tables import csv_lines, write_json_array, write_lines
from traza.tracing.models import Trace, TraceIndicator, format_trace_number
from traza.tracing.selectors import licence_number, licensees_by_rds

TRACE_COLUMNS = (
    "trace_number",
    "agency_code",
    "request_ref",
    "status",
    "status_reason",
    "submitted_at",
    "completed_at",
    "recovery_date",
    "recovery_country",
    "recovery_state",
    "serial_number",
    "manufacturer",
    "model",
    "caliber",
    "firearm_type",
    "importer",
    "first_licensee",
    "retail_licensee",
    "retail_licensee_state",
    "awaiting_licensee",
    "sale_date",
    "time_to_crime_days",
    "purchaser_id",
    "indicators",
    "duplicate_of",
)
FORMATS = ("csv", "json")
CHUNK = 2000

_FIELDS = (
    "id",
    "created_at",
    "request_ref",
    "status",
    "status_reason",
    "submitted_at",
    "completed_at",
    "recovery_date",
    "recovery_country",
    "recovery_region_id",
    "serial_number",
    "manufacturer",
    "model",
    "caliber",
    "firearm_type",
    "importer",
    "first_licensee_rds",
    "retail_licensee_rds",
    "stopped_at_rds",
    "sale_date",
    "duplicate_of_id",
)
_JOINED = {
    "agency_code": F("agency__code"),
    "purchaser_id": F("purchase__person_key"),
    "duplicate_of_created": F("duplicate_of__created_at"),
}


def trace_rows(queryset: QuerySet[Trace], *, chunk_size: int = CHUNK) -> Iterator[dict]:
    """One dict per trace, keyed by TRACE_COLUMNS, with Python values (dates, None, a list of indicator codes)."""
    chunk: list[dict] = []
    for values in queryset.order_by("id").values(*_FIELDS, **_JOINED).iterator(chunk_size=chunk_size):
        chunk.append(values)
        if len(chunk) == chunk_size:
            yield from _rows(chunk)
            chunk = []
    if chunk:
        yield from _rows(chunk)


def _rows(chunk: list[dict]) -> Iterator[dict]:
    ids = [values["id"] for values in chunk]
    indicators = defaultdict(list)
    for trace_id, code in TraceIndicator.objects.filter(trace_id__in=ids).order_by("code").values_list("trace", "code"):
        indicators[trace_id].append(code)
    rds_keys = (
        values[key] for values in chunk for key in ("first_licensee_rds", "retail_licensee_rds", "stopped_at_rds")
    )
    licensees = licensees_by_rds(rds_keys)
    for values in chunk:
        first, retail = values.pop("first_licensee_rds"), values.pop("retail_licensee_rds")
        waiting = values.pop("stopped_at_rds") if values["status"] == Trace.Status.IN_PROGRESS else ""
        first_trace, first_created = values.pop("duplicate_of_id"), values.pop("duplicate_of_created")
        retail_licensee = licensees.get(retail)
        sold, recovered = values["sale_date"], values["recovery_date"]
        row = {
            **values,
            "trace_number": format_trace_number(values["created_at"].year, values["id"]),
            "recovery_state": values["recovery_region_id"] or "",
            "first_licensee": licence_number(licensees.get(first)) or first,
            "retail_licensee": licence_number(retail_licensee) or retail,
            "retail_licensee_state": retail_licensee.premise_state if retail_licensee is not None else "",
            "awaiting_licensee": licence_number(licensees.get(waiting)) or waiting,
            "duplicate_of": format_trace_number(first_created.year, first_trace) if first_trace else "",
            "time_to_crime_days": (recovered - sold).days if sold else None,
            "purchaser_id": values["purchaser_id"] or "",
            "indicators": indicators[values["id"]],
        }
        yield {column: row[column] for column in TRACE_COLUMNS}


def traces_csv_lines(queryset: QuerySet[Trace]) -> Iterator[str]:
    """traces.csv line by line, the header first: what a streamed download sends as it is made."""
    rows = ([row[column] for column in TRACE_COLUMNS] for row in trace_rows(queryset))
    yield from csv_lines(TRACE_COLUMNS, rows)


def write_traces_csv(queryset: QuerySet[Trace], stream: TextIO) -> int:
    """Write traces.csv to `stream`; return the number of traces written."""
    return write_lines(traces_csv_lines(queryset), stream)


def write_traces_json(queryset: QuerySet[Trace], stream: TextIO) -> int:
    """Write the traces as a JSON array of objects with the traces.csv keys; return the number written."""
    return write_json_array(trace_rows(queryset), stream)


def write_traces(queryset: QuerySet[Trace], stream: TextIO, *, file_format: str = "csv") -> int:
    """Write the traces in `file_format` (csv or json); return the number written."""
    writer = write_traces_json if file_format == "json" else write_traces_csv
    return writer(queryset, stream)

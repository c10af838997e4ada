"""traces.csv and its JSON twin (FORMATS.md, Exports), and the case-file export: rows built in chunks, written as
they come.

traces.csv keeps codes, for other systems. The case-file export (CSV with a BOM, or XLSX) is what an agency files
with a case: headers, statuses, reasons and indicators in the reader's language, times in local time, the carpeta
and folio, places by name and licensees by name beside their licence numbers.

The command line and the web download both write a queryset of traces through here; the
queryset decides what is exported (an operator's whole database, a user's visible traces).
Each chunk of traces costs a fixed number of queries, whatever its size: the traces with their
joins, their indicators, their licensees. No personal data: the purchaser is `purchaser_id`.
"""

from collections import defaultdict
from collections.abc import Iterator
from typing import TextIO

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.catalog.models import FirearmType, region_name
from traza.core.tables import csv_lines, write_json_array, write_lines, write_xlsx
from traza.tracing.models import Indicator, Trace, TraceIndicator, format_trace_number
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
    "agency_case_number",
    "seizure_ref",
)
_JOINED = {
    "agency_code": F("agency__code"),
    "purchaser_id": F("purchase__person_key"),
    "duplicate_of_created": F("duplicate_of__created_at"),
    "recovery_state_name": F("recovery_region__name"),
    "recovery_state_name_es": F("recovery_region__name_es"),
    "recovery_municipality_name": F("recovery_municipality__name"),
}
# The case file's columns: (key of a full row, header in the reader's language).
CASE_FILE_COLUMNS = (
    ("trace_number", _("Trace number")),
    ("agency_code", _("Agency")),
    ("request_ref", _("Reference")),
    ("agency_case_number", _("Case number (carpeta de investigación)")),
    ("seizure_ref", _("Seizure record (folio de aseguramiento)")),
    ("status", _("Status")),
    ("status_reason", _("Reason")),
    ("submitted_at", _("Submitted")),
    ("completed_at", _("Completed")),
    ("recovery_date", _("Recovery date")),
    ("recovery_country", _("Recovery country")),
    ("recovery_state_name", _("Recovery state")),
    ("recovery_municipality_name", _("Recovery municipality")),
    ("serial_number", _("Serial number")),
    ("manufacturer", _("Make")),
    ("model", _("Model")),
    ("caliber", _("Calibre")),
    ("firearm_type", _("Firearm type")),
    ("importer", _("Importer")),
    ("first_licensee_named", _("First licensee")),
    ("retail_licensee_named", _("Retail dealer")),
    ("retail_licensee_state", _("Dealer's state")),
    ("sale_date", _("Retail sale date")),
    ("time_to_crime_days", _("Time-to-crime (days)")),
    ("purchaser_id", _("Purchaser (person id)")),
    ("indicators", _("Indicators")),
    ("duplicate_of", _("Duplicate of")),
)
CASE_FILE_FORMATS = ("csv", "xlsx")


def trace_rows(queryset: QuerySet[Trace], *, chunk_size: int = CHUNK) -> Iterator[dict]:
    """One dict per trace, keyed by TRACE_COLUMNS, with Python values (dates, None, a list of indicator codes)."""
    for row in _full_rows(queryset, chunk_size=chunk_size):
        yield {column: row[column] for column in TRACE_COLUMNS}


def _full_rows(queryset: QuerySet[Trace], *, chunk_size: int = CHUNK) -> Iterator[dict]:
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
        yield {
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
            "first_licensee_named": _named(licensees.get(first), first),
            "retail_licensee_named": _named(retail_licensee, retail),
        }


def _named(licensee, rds: str) -> str:
    """A licensee as a case file names it: `5-74-…-12345 · BORDER GUNS LLC` (its RDS key when it is not listed)."""
    if licensee is None:
        return rds
    number = licence_number(licensee) or rds
    return f"{number} · {licensee.display_name}" if licensee.display_name else number


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


def case_file_header() -> list[str]:
    """The case file's header in the active language."""
    return [str(label) for _key, label in CASE_FILE_COLUMNS]


def case_file_rows(queryset: QuerySet[Trace]) -> Iterator[list]:
    """The case file's rows in the active language: labels for codes, local times, numbers as numbers."""
    statuses, reasons = dict(Trace.Status.choices), dict(Trace.Reason.choices)
    types, indicators = dict(FirearmType.choices), dict(Indicator.choices)
    for row in _full_rows(queryset):
        shown = {
            **row,
            "status": str(statuses.get(row["status"], row["status"])).capitalize(),
            "status_reason": str(reasons.get(row["status_reason"], row["status_reason"])),
            "recovery_state_name": region_name(row["recovery_state_name"] or "", row["recovery_state_name_es"] or ""),
            "submitted_at": _local(row["submitted_at"]),
            "completed_at": _local(row["completed_at"]),
            "firearm_type": str(types.get(row["firearm_type"], row["firearm_type"])),
            "indicators": "; ".join(str(indicators.get(code, code)) for code in row["indicators"]),
        }
        yield [shown[key] if shown[key] is not None else "" for key, _label in CASE_FILE_COLUMNS]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def case_file_csv_lines(queryset: QuerySet[Trace]) -> Iterator[str]:
    """The case file as CSV, a BOM first so that spreadsheets read its accents, then line by line."""
    yield "\ufeff"
    yield from csv_lines(case_file_header(), case_file_rows(queryset))


def write_case_file_xlsx(queryset: QuerySet[Trace], stream, *, title: str) -> int:
    """The case file as one XLSX sheet; return the number of traces written."""
    return write_xlsx(case_file_header(), case_file_rows(queryset), stream, title=title)

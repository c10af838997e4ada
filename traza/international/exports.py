"""International requests as CSV (headers in the reader's language, formula-looking cells defused) and JSON.

The list page's download and `traza export international` write a queryset of requests through
here; the queryset decides what is exported. Each row carries what INTERPOL's firearms trace
request form asks for. No purchaser or possessor data: the form does not ask for it.
"""

from collections.abc import Iterator
from typing import TextIO

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from traza.core.tables import csv_lines, write_json_array, write_lines
from traza.international.models import InternationalRequest, format_request_number
from traza.tracing.models import format_trace_number

COLUMNS = {
    "request_number": _("Request number"),
    "status": _("Status"),
    "country": _("Sent to (country)"),
    "basis": _("Why this country"),
    "opened_at": _("Opened"),
    "due_at": _("Answer due"),
    "sent_at": _("Sent"),
    "foreign_reference": _("Foreign reference"),
    "trace_number": _("Trace number"),
    "agency_code": _("Requesting agency code"),
    "agency_name": _("Requesting agency"),
    "officer_name": _("Requesting officer"),
    "officer_badge": _("Officer's badge number"),
    "case_number": _("Case number"),
    "recovery_date": _("Recovery date"),
    "recovery_country": _("Recovery country"),
    "recovery_state": _("Recovery state"),
    "recovery_municipality": _("Recovery municipality"),
    "recovery_locality": _("Recovery locality"),
    "serial_number": _("Serial number"),
    "manufacturer": _("Make as marked"),
    "make": _("Make in the catalog"),
    "model": _("Model"),
    "caliber": _("Calibre"),
    "firearm_type": _("Firearm type"),
    "country_of_origin": _("Country of origin"),
    "markings": _("Other markings"),
    "importer": _("Import marking"),
    "answer": _("Answer"),
    "export_party": _("Exported to"),
    "export_country": _("Country of the party"),
    "export_date": _("Date of the export"),
    "answered_at": _("Answered"),
}
FORMATS = ("csv", "json")
CHUNK = 2000

_FIELDS = (
    "id",
    "status",
    "basis",
    "due_at",
    "sent_at",
    "foreign_reference",
    "answer",
    "export_party",
    "export_date",
    "answered_at",
)
_JOINED = {
    "opened_at": F("created_at"),
    "country_code": F("country_id"),
    "export_country_code": F("export_country_id"),
    "trace_id_": F("trace_id"),
    "trace_created_at": F("trace__created_at"),
    "agency_code": F("trace__agency__code"),
    "agency_name": F("trace__agency__name"),
    "officer_name": F("trace__officer_name"),
    "officer_badge": F("trace__officer_badge"),
    "case_number": F("trace__agency_case_number"),
    "recovery_date": F("trace__recovery_date"),
    "recovery_country": F("trace__recovery_country"),
    "recovery_state": F("trace__recovery_region__name"),
    "recovery_municipality": F("trace__recovery_municipality__name"),
    "recovery_locality": F("trace__recovery_locality"),
    "serial_number": F("trace__serial_number"),
    "manufacturer": F("trace__manufacturer"),
    "make": F("trace__make__name"),
    "model": F("trace__model"),
    "caliber": F("trace__caliber"),
    "firearm_type": F("trace__firearm_type"),
    "country_of_origin": F("trace__country_of_origin"),
    "markings": F("trace__markings"),
    "importer": F("trace__importer"),
}


def request_rows(queryset: QuerySet[InternationalRequest]) -> Iterator[dict]:
    """One dict per request, keyed by COLUMNS, with Python values; one query, read in chunks."""
    for values in queryset.order_by("id").values(*_FIELDS, **_JOINED).iterator(chunk_size=CHUNK):
        created = values["opened_at"]
        row = {
            **values,
            "request_number": format_request_number(created.year, values["id"]),
            "country": values["country_code"],
            "export_country": values["export_country_code"] or "",
            "trace_number": format_trace_number(values["trace_created_at"].year, values["trace_id_"]),
        }
        yield {column: row[column] for column in COLUMNS}


def requests_csv_lines(queryset: QuerySet[InternationalRequest]) -> Iterator[str]:
    """The CSV line by line, headers in the active language first; every cell defused for spreadsheets."""
    rows = ([row[column] for column in COLUMNS] for row in request_rows(queryset))
    yield from csv_lines([str(label) for label in COLUMNS.values()], rows)


def write_requests(queryset: QuerySet[InternationalRequest], stream: TextIO, *, file_format: str = "csv") -> int:
    """Write the requests as CSV or as a JSON array of objects keyed by the column codes; return how many."""
    if file_format == "csv":
        return write_lines(requests_csv_lines(queryset), stream)
    return write_json_array(request_rows(queryset), stream)

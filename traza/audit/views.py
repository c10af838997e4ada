"""/audit/: auditors browse the audit log with filters, and export what they found as CSV or XLSX (itself audited).

Entries are shown in the reader's language (actions, roles, details, records in words); what is stored
stays as it was written, since the hash chain covers it.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from traza.agencies.permissions import role_required
from traza.agencies.roles import AUDITORS
from traza.audit.actions import action_label
from traza.audit.details import Detail, details_of, details_text, role_label
from traza.audit.filters import AuditListFilter
from traza.audit.models import AuditEvent
from traza.audit.records import Record, records_of
from traza.audit.selectors import audit_event_list
from traza.audit.services import audit_record
from traza.core.tables import csv_lines, write_xlsx
from traza.core.typing import AuthenticatedRequest
from traza.tracing.views.list import XLSX_TYPE

PAGE_SIZE = 100
EXPORT_CHUNK = 2000
EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_COLUMNS = (
    _("No."),
    _("Date and time"),
    _("User"),
    _("Role"),
    _("Agency"),
    _("Action"),
    _("Record type"),
    pgettext_lazy("noun: what was acted on", "Record"),
    _("Purpose"),
    _("Details"),
    _("IP address"),
    _("Action code"),
    _("Hash"),
)


@dataclass(frozen=True)
class Shown:
    """One entry as the page shows it: the stored row, and its action, role, record and details in words."""

    event: AuditEvent
    label: str
    role: str
    record: Record
    facts: list[Detail]


@role_required(AUDITORS)
def audit_page(request: AuthenticatedRequest) -> HttpResponse:
    form = AuditListFilter(request.GET)
    if not form.is_valid():
        return render(request, "audit/log.html", {"form": form, "entries": []}, status=400)
    events = form.apply(audit_event_list(user=request.user))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    records = records_of(page.object_list, user=request.user)
    entries = [
        Shown(
            event=event,
            label=action_label(event.action),
            role=role_label(event.role),
            record=records.get((event.object_type, event.object_id), Record("")),
            facts=details_of(event.action, event.details),
        )
        for event in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "entries": entries, "query": query.urlencode()}
    return render(request, "audit/log.html", context)


@role_required(AUDITORS)
def audit_export(request: AuthenticatedRequest, file_format: str = "csv") -> HttpResponseBase:
    """The filtered log as CSV (streamed) or XLSX, in the reader's language. The export is itself recorded."""
    if file_format not in EXPORT_FORMATS:
        raise Http404
    form = AuditListFilter(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors_as_text(), content_type="text/plain; charset=utf-8")
    details = {**form.criteria(), "format": file_format}
    audit_record(actor=request.user, action="audit.export", object_type="audit", details=details)
    events = form.apply(audit_event_list(user=request.user)).order_by("seq")
    header = [str(label) for label in EXPORT_COLUMNS]
    response: HttpResponseBase
    filename = gettext("audit-log") + timezone.localtime().strftime(f"-%Y%m%d-%H%M.{file_format}")
    if file_format == "csv":
        lines = _in_language(translation.get_language(), csv_lines(header, _export_rows(events, request.user)))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    else:
        buffer = BytesIO()
        write_xlsx(header, _export_rows(events, request.user), buffer, title=gettext("Audit log"))
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _in_language(language: str, lines: Iterator[str]) -> Iterator[str]:
    """The CSV lines, a BOM first (spreadsheets then read the accents), written in `language` however late
    the server reads the stream."""
    yield "\ufeff"
    with translation.override(language):
        yield from lines


def _export_rows(events, user) -> Iterator[list]:
    """The export's rows, entry by entry, their records read a chunk at a time."""
    chunk: list = []
    for event in events.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(event)
        if len(chunk) == EXPORT_CHUNK:
            yield from _rows_of(chunk, user)
            chunk = []
    yield from _rows_of(chunk, user)


def _rows_of(events: Iterable, user) -> Iterator[list]:
    events = list(events)
    records = records_of(events, user=user)
    for event in events:
        record = records.get((event.object_type, event.object_id), Record(""))
        yield [
            event.seq,
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.actor_name,
            role_label(event.role),
            event.agency.code if event.agency else "",
            action_label(event.action),
            record.kind,
            record.name,
            event.purpose,
            details_text(event.action, event.details),
            event.ip,
            event.action,
            event.hash,
        ]

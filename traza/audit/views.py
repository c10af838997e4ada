"""/audit/: auditors browse the audit log with filters, and export what they found as CSV (itself audited)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from traza.agencies.permissions import role_required
from traza.agencies.roles import AUDITORS
from traza.audit.actions import action_label
from traza.audit.forms import AuditFilterForm
from traza.audit.selectors import audit_event_list
from traza.audit.services import audit_record
from traza.core.tables import csv_lines

PAGE_SIZE = 100
CSV_COLUMNS = (
    "seq",
    "at",
    "actor_name",
    "role",
    "agency",
    "action",
    "object_type",
    "object_id",
    "ip",
    "purpose",
    "details",
    "hash",
)


@role_required(AUDITORS)
def audit_page(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = audit_event_list(user=request.user, filters=form.filters())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.label = action_label(event.action)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/log.html", context)


@role_required(AUDITORS)
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered log as CSV, streamed. The export is itself recorded, with its filters."""
    filters = AuditFilterForm(request.GET or None).filters()
    audit_record(actor=request.user, action="audit.export", object_type="audit", details=filters.as_details())
    events = audit_event_list(user=request.user, filters=filters).order_by("seq")
    rows = (
        [
            event.seq,
            event.at.isoformat(),
            event.actor_name,
            event.role,
            event.agency.code if event.agency else "",
            event.action,
            event.object_type,
            event.object_id,
            event.ip,
            event.purpose,
            _details(event.details),
            event.hash,
        ]
        for event in events.iterator(chunk_size=2000)
    )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(csv_lines(CSV_COLUMNS, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


def _details(details: dict) -> str:
    return "; ".join(f"{key}={value}" for key, value in sorted(details.items())) if details else ""

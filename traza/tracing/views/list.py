"""The agency's traces as a list: filtered with the API's filters, sorted, paged, and downloaded as traces.csv."""

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from traza.core.query_strings import query_string
from traza.core.typing import AuthenticatedRequest
from traza.tracing.exports import CASE_FILE_FORMATS, case_file_csv_lines, traces_csv_lines, write_case_file_xlsx
from traza.tracing.filters import DEFAULT_ORDERING, TraceListFilter
from traza.tracing.selectors import trace_list, traces_visible_to
from traza.tracing.services import traces_exported

PAGE_SIZE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SORTABLE = {
    "submitted_at": ("-", _("Submitted")),
    "recovery_date": ("-", _("Recovered")),
    "status": ("", _("Status")),
}
NOT_FILTERS = ("page", "ordering")


@require_GET
@login_required
def trace_list_page(request: AuthenticatedRequest) -> HttpResponse:
    """The traces the user may read, with the filters and the order asked, 50 a page."""
    form = TraceListFilter(request.GET)
    if not form.is_valid():
        return render(request, "tracing/list.html", {"form": form, "page": None}, status=400)
    queryset = trace_list(user=request.user).select_related("recovery_region", "recovery_municipality")
    traces = form.apply(queryset)
    page = Paginator(traces, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "headers": _headers(request.GET),
        "csv_query": query_string(request.GET, drop=NOT_FILTERS),
        "filtered": bool(query_string(request.GET, drop=NOT_FILTERS)),
    }
    return render(request, "tracing/list.html", context)


@require_GET
@login_required
def trace_list_csv(request: AuthenticatedRequest) -> HttpResponse | StreamingHttpResponse:
    """traces.csv of exactly the traces the list shows with these filters, streamed as it is written."""
    form = TraceListFilter(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors_as_text(), content_type="text/plain; charset=utf-8")
    traces, criteria = form.apply(traces_visible_to(request.user)), form.criteria()
    traces_exported(actor=request.user, file_format="csv", count=traces.count(), criteria=criteria)
    response = StreamingHttpResponse(traces_csv_lines(traces), content_type="text/csv; charset=utf-8")
    filename = gettext("traces") + timezone.localdate().strftime("-%Y%m%d.csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def trace_list_case_file(request: AuthenticatedRequest, file_format: str) -> HttpResponse | StreamingHttpResponse:
    """The traces the list shows with these filters, for a case file: in the reader's language, CSV or XLSX."""
    if file_format not in CASE_FILE_FORMATS:
        raise Http404
    form = TraceListFilter(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors_as_text(), content_type="text/plain; charset=utf-8")
    traces, criteria = form.apply(traces_visible_to(request.user)), form.criteria()
    traces_exported(actor=request.user, file_format=f"case-file-{file_format}", count=traces.count(), criteria=criteria)
    filename = gettext("traces") + timezone.localdate().strftime(f"-%Y%m%d.{file_format}")
    response: HttpResponse | StreamingHttpResponse
    if file_format == "csv":
        response = StreamingHttpResponse(case_file_csv_lines(traces), content_type="text/csv; charset=utf-8")
    else:
        buffer = BytesIO()
        write_case_file_xlsx(traces, buffer, title=gettext("Traces"))
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _headers(params: QueryDict) -> dict[str, dict]:
    """For each sortable column: the link that sorts by it (or reverses it) and its aria-sort state."""
    current = params.get("ordering") or DEFAULT_ORDERING[0]
    headers = {}
    for column, (first_direction, label) in SORTABLE.items():
        if current == column:
            state, following = "ascending", f"-{column}"
        elif current == f"-{column}":
            state, following = "descending", column
        else:
            state, following = "", f"{first_direction}{column}"
        query = query_string(params, drop=("page",), ordering=following)
        headers[column] = {"label": label, "sort": state, "query": query}
    return headers

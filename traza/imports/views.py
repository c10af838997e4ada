"""The agency's uploads: send a file of trace requests or seizures, follow its import, read what came of it."""

import os
import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from traza.core.typing import AuthenticatedRequest
from traza.imports import blank_sheets, services
from traza.imports.forms import KIND_CHOICES, UploadForm
from traza.imports.models import ImportKind, ImportRun
from traza.imports.selectors import upload_detail, upload_list, upload_row_errors, upload_traces, user_can_upload

PAGE_SIZE = 25
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 50
TRACES_PER_PAGE = 50


@login_required
@require_GET
def upload_list_page(request: AuthenticatedRequest) -> HttpResponse:
    """The files the agency sent, newest first: what each held, who sent it, how it went."""
    page = Paginator(upload_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "imports/upload_list.html", {"page": page, "can_upload": user_can_upload(request.user)})


@login_required
def upload_create_page(request: AuthenticatedRequest) -> HttpResponse:
    """Send a file: it is stored, and imported in the background for the user's agency."""
    if not user_can_upload(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.upload_create(
                actor=request.user, kind=data["kind"], file=data["file"], dayfirst=data["dayfirst"] or None
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("upload-detail", pk=run.pk)
    layouts = [
        {"kind": kind, "label": label, "columns": services.kind_for(kind).layout.columns}
        for kind, label in KIND_CHOICES
    ]
    return render(request, "imports/upload_create.html", {"form": form, "layouts": layouts})


@login_required
@require_GET
def upload_blank_sheet(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    """A blank XLSX sheet to fill in for `kind`: headers in the reader's language, an example row, drop-downs."""
    if not user_can_upload(request.user):
        raise PermissionDenied
    if kind not in blank_sheets.KINDS:
        raise Http404
    layout = services.kind_for(kind, agency=request.user.agency).layout
    response = HttpResponse(blank_sheets.blank_sheet(kind, layout=layout), content_type=XLSX_TYPE)
    name = gettext("trace-requests") if kind == ImportKind.TRACE_REQUESTS else gettext("seizures")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
@require_GET
def upload_detail_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One upload: its progress while it runs, then what it created, updated, knew already and rejected."""
    run = upload_detail(user=request.user, pk=pk)
    traces = Paginator(upload_traces(user=request.user, run=run), TRACES_PER_PAGE).get_page(request.GET.get("page"))
    errors = list(upload_row_errors(run)[: ERRORS_SHOWN + 1]) if run.rows_rejected else []
    context = {
        "run": run,
        "finished": run.finished_at is not None,
        "errors": errors[:ERRORS_SHOWN],
        "more_errors": len(errors) > ERRORS_SHOWN,
        "traces": traces,
    }
    return render(request, "imports/upload_detail.html", context)


@login_required
@require_GET
def upload_progress_fragment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The progress bar, polled every second while the import runs; once it ends, the whole page is reloaded."""
    run = upload_detail(user=request.user, pk=pk)
    if run.finished_at is not None:
        if not request.headers.get("HX-Request"):
            return redirect("upload-detail", pk=run.pk)
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    if request.GET.get("seen") == f"{run.status}:{run.rows_read}":
        return HttpResponse(status=204)  # nothing new: htmx leaves the bar (and what a screen reader said) alone
    return render(request, "imports/_progress.html", {"run": run})


@login_required
@require_GET
def upload_errors_download(request: AuthenticatedRequest, pk: int, *, xlsx: bool = False) -> FileResponse:
    """The rejected rows as CSV (ready for Excel) or XLSX: line, reference, column and reason, in the reader's
    language."""
    return error_report_response(upload_detail(user=request.user, pk=pk), bom=True, xlsx=xlsx)


def error_report_response(run: ImportRun, *, bom: bool = False, xlsx: bool = False) -> FileResponse:
    """The error report, written in the active language to a temporary file and streamed from it."""
    suffix = ".xlsx" if xlsx else ".csv"
    with tempfile.NamedTemporaryFile(prefix="traza-errors-", suffix=suffix, delete=False) as handle:
        path = Path(handle.name)
    try:
        services.write_error_report(run, path, bom=bom, xlsx=xlsx)
        report = path.open("rb")
    finally:
        os.unlink(path)  # the open handle keeps the data until the response is sent
    name = f"{Path(run.file_name).stem or run.pk}.errors{suffix}"
    content_type = XLSX_TYPE if xlsx else "text/csv; charset=utf-8"
    return FileResponse(report, as_attachment=True, filename=name, content_type=content_type)

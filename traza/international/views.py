"""Pages of international trace requests: the list (and its CSV), one request, its print sheet, sending, answering.

Only the country coordinator and the tracing centre's analysts use them, for their own country's
agencies; every page finds its request through the viewer's scope, so anything else answers 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from traza.agencies.permissions import role_required
from traza.core.typing import AuthenticatedRequest
from traza.international.exports import requests_csv_lines
from traza.international.filters import RequestListFilter
from traza.international.forms import AnswerForm, SendForm
from traza.international.models import InternationalRequest
from traza.international.presentation import request_facts
from traza.international.selectors import REQUEST_WORKERS, request_detail, request_list
from traza.international.services import (
    international_request_answer,
    international_request_send,
    international_requests_exported,
)
from traza.tracing.presentation import DueRow, due_words

PAGE_SIZE = 50
BOM = "\ufeff"


@require_GET
@role_required(REQUEST_WORKERS)
def request_list_page(request: AuthenticatedRequest) -> HttpResponse:
    """The requests of the country's agencies: unanswered first, by due time, with a CSV of the same list."""
    form = RequestListFilter(request.GET)
    if not form.is_valid():
        return render(request, "international/list.html", {"form": form, "page": None}, status=400)
    page = Paginator(form.apply(request_list(user=request.user)), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        DueRow(
            item,
            due_words=due_words(item.due_at, now=now) if item.is_open else item.get_status_display(),
            overdue=item.is_open and item.due_at < now,
        )
        for item in page
    ]
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "paging": filters.urlencode()}
    return render(request, "international/list.html", context)


@require_GET
@role_required(REQUEST_WORKERS)
def request_list_csv(request: AuthenticatedRequest) -> HttpResponse | StreamingHttpResponse:
    """The list as CSV, in the reader's language, ready for a spreadsheet (BOM, formula-looking cells defused)."""
    form = RequestListFilter(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors_as_text(), content_type="text/plain; charset=utf-8")
    requests = form.apply(request_list(user=request.user))
    international_requests_exported(
        actor=request.user, file_format="csv", count=requests.count(), criteria=form.criteria()
    )

    def lines():
        yield BOM
        yield from requests_csv_lines(requests)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="international-requests-{stamp}.csv"'
    return response


@require_GET
@role_required(REQUEST_WORKERS)
def request_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One request: what the foreign authority is asked, and the forms to mark it sent and record its answer."""
    item = request_detail(user=request.user, pk=pk)
    return _page(request, item, SendForm(), AnswerForm())


def _page(request, item: InternationalRequest, send_form, answer_form, *, status: int = 200) -> HttpResponse:
    context = {"item": item, "facts": request_facts(item), "send_form": send_form, "answer_form": answer_form}
    return render(request, "international/detail.html", context, status=status)


@require_GET
@role_required(REQUEST_WORKERS)
def print_sheet(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The request as a sheet to send or file: INTERPOL's trace request fields, in the reader's language."""
    item = request_detail(user=request.user, pk=pk)
    context = {"item": item, "facts": request_facts(item), "printed_at": timezone.localtime()}
    return render(request, "international/print.html", context)


@require_POST
@role_required(REQUEST_WORKERS)
def send(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark the request sent to the foreign authority, with the reference it gave."""
    item = request_detail(user=request.user, pk=pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        return _page(request, item, form, AnswerForm(), status=400)
    try:
        international_request_send(actor=request.user, request=item, reference=form.cleaned_data["reference"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, gettext("The request is marked as sent."))
    return redirect("international-detail", pk=item.pk)


@require_POST
@role_required(REQUEST_WORKERS)
def answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record the foreign authority's answer; the trace takes the answered chain at once."""
    item = request_detail(user=request.user, pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            international_request_answer(
                actor=request.user,
                request=item,
                answer=data["answer"],
                reference=data["reference"],
                party=data["party"],
                party_country=data["party_country"],
                export_date=data["export_date"],
            )
        except ValidationError as error:
            _show(form, error)
        else:
            messages.success(request, gettext("The answer is recorded; the trace takes it as its result."))
            return redirect("international-detail", pk=item.pk)
    return _page(request, item, SendForm(), form, status=400)


def _show(form: AnswerForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)

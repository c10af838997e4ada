"""Pages about licensee queries: the analysts' queue, a query and its answer, a licensee's own files.

An analyst works every query: the queue, the trace's chain so far, the licensee to call, and the
answer the licensee reads out. An industry responder sees only the queries addressed to its licence,
and of each only the firearm and the due time; it answers them, or sends its A&D book. Every page
finds its query or file through the viewer's scope, so anything else answers 404.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from traza.agencies.models import User
from traza.agencies.permissions import role_required
from traza.core.typing import AuthenticatedRequest
from traza.imports.selectors import upload_row_errors
from traza.imports.views import error_report_response
from traza.industry.filters import QueueListFilter
from traza.industry.forms import AnswerForm, RecordsForm
from traza.industry.models import Licensee, LicenseeQuery
from traza.industry.selectors import (
    QUERY_ANSWERERS,
    licensee_contact,
    query_detail,
    query_queue,
    records_detail,
    records_sent_by,
    user_is_responder,
)
from traza.industry.services import AnswerInvalid, query_answer, query_no_record, records_upload_create
from traza.tracing.presentation import DueRow, due_words, query_due_words
from traza.tracing.selectors import licensees_by_rds, trace_detail
from traza.tracing.views.detail import result_context

PAGE_SIZE = 50
ERRORS_SHOWN = 50
RESPONDERS = frozenset({User.Role.INDUSTRY})


@require_GET
@role_required(QUERY_ANSWERERS)
def query_list(request: AuthenticatedRequest) -> HttpResponse:
    """The open queries: the analysts' queue across agencies, or the queries addressed to a responder's licence."""
    if user_is_responder(request.user):
        page = Paginator(query_queue(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "industry/responder_list.html", {"page": page, "rows": _rows(page)})
    form = QueueListFilter(request.GET)
    if not form.is_valid():
        return render(request, "industry/queue.html", {"form": form, "page": None}, status=400)
    queue = form.apply(query_queue(user=request.user))
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    licensees = licensees_by_rds(query.licensee_rds for query in page)
    context = {"form": form, "page": page, "rows": _rows(page, licensees), "filtered": bool(form.criteria())}
    return render(request, "industry/queue.html", context)


@dataclass(frozen=True)
class QueryRow(DueRow[LicenseeQuery]):
    """An open query of a list: its due time, and for the analysts' queue the licensee to call."""

    licensee: dict[str, Any] | None = None


def _rows(queries: Iterable[LicenseeQuery], licensees: dict[str, Licensee] | None = None) -> list[QueryRow]:
    """The queries with their due times, and with `licensees` (the queue's), the contact of each one's licensee."""
    now = timezone.now()
    return [
        QueryRow(
            query,
            due_words=due_words(query.due_at, now=now),
            overdue=query.due_at < now,
            licensee=None if licensees is None else licensee_contact(query.licensee_rds, licensees),
        )
        for query in queries
    ]


@require_GET
@role_required(QUERY_ANSWERERS)
def query_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One query: what it asks about, and the forms to record the licensee's answer."""
    query = query_detail(user=request.user, pk=pk)
    return _query_page(request, query, AnswerForm(trace=query.trace))


def _query_page(
    request: AuthenticatedRequest, query: LicenseeQuery, form: AnswerForm, *, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    context = {
        "query": query,
        "form": form,
        "due": query_due_words(query, now=now),
        "overdue": query.status == LicenseeQuery.Status.OPEN and query.due_at < now,
        "is_open": query.status == LicenseeQuery.Status.OPEN,
    }
    if user_is_responder(request.user):
        return render(request, "industry/responder_query.html", context, status=status)
    trace = trace_detail(user=request.user, number=query.trace.number)
    context |= {
        "trace": trace,
        "chain": result_context(request, trace)["chain"],
        "licensee": licensee_contact(query.licensee_rds, licensees_by_rds([query.licensee_rds])),
    }
    return render(request, "industry/query.html", context, status=status)


@require_POST
@role_required(QUERY_ANSWERERS)
def answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record the licensee's record of the gun: the trace goes on from it by itself."""
    query = query_detail(user=request.user, pk=pk)
    form = AnswerForm(request.POST, trace=query.trace)
    form.is_valid()  # every field is text: the importers' readers check the values
    via = LicenseeQuery.Via.WEB if user_is_responder(request.user) else LicenseeQuery.Via.PHONE
    try:
        query_answer(actor=request.user, query=query, record=form.record(), purchase=form.purchase(), via=via)
    except AnswerInvalid as error:
        form.show_row_errors(error.row_errors)
        return _query_page(request, query, form, status=400)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, gettext("The answer is recorded. Every trace waiting on this licensee goes on."))
    return redirect("query-detail", pk=query.pk)


@require_POST
@role_required(QUERY_ANSWERERS)
def no_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Close the query: the licensee has no record of the gun."""
    query = query_detail(user=request.user, pk=pk)
    via = LicenseeQuery.Via.WEB if user_is_responder(request.user) else LicenseeQuery.Via.PHONE
    try:
        query_no_record(actor=request.user, query=query, via=via)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, gettext("The query is closed: the licensee has no record of this firearm."))
    return redirect("query-detail", pk=query.pk)


@require_http_methods(["GET", "POST"])
@role_required(RESPONDERS)
def records(request: AuthenticatedRequest) -> HttpResponse:
    """A responder sends its A&D book or purchase records, and sees the files sent for its licence."""
    form = RecordsForm(request.POST, request.FILES) if request.method == "POST" else RecordsForm()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            run = records_upload_create(
                actor=request.user,
                kind=data["kind"],
                file=data["file"],
                dayfirst=data["dayfirst"] or None,
                complete_book=data["complete_book"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("query-records-detail", pk=run.pk)
    page = Paginator(records_sent_by(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "industry/records.html", {"form": form, "page": page}, status=400 if form.errors else 200)


@require_GET
@role_required(RESPONDERS)
def records_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One file of the licensee's records: how its import went, and the rows it rejected."""
    run = records_detail(user=request.user, pk=pk)
    errors = list(upload_row_errors(run)[: ERRORS_SHOWN + 1]) if run.rows_rejected else []
    context = {
        "run": run,
        "finished": run.finished_at is not None,
        "errors": errors[:ERRORS_SHOWN],
        "more_errors": len(errors) > ERRORS_SHOWN,
    }
    return render(request, "industry/records_detail.html", context)


@require_GET
@role_required(RESPONDERS)
def records_errors(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The rejected rows as CSV: line, column and reason, in the reader's language, ready for Excel."""
    return error_report_response(records_detail(user=request.user, pk=pk), bom=True)

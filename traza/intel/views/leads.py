"""Pages of leads: the list (and its leads.csv), one lead, and the actions of its life cycle.

For investigators and analysts only; every page finds its lead through `leads_visible_to`, so a
lead none of whose traces the viewer may read answers 404, as an unknown one would.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from traza.agencies.permissions import role_required
from traza.agencies.selectors.personal_data import MASK
from traza.audit.actions import action_label
from traza.core.rows import Row
from traza.core.typing import AuthenticatedRequest
from traza.intel.exports import leads_csv_lines
from traza.intel.filters import LeadListFilter
from traza.intel.forms import AssignForm, CloseForm, NoteForm, ReferForm, StatusForm
from traza.intel.leads.reasons import reason_text
from traza.intel.models import Lead
from traza.intel.selectors.leads import (
    LEAD_WORKERS,
    lead_detail,
    lead_history,
    lead_list,
    lead_people,
    lead_trace_count,
    lead_traces_visible,
    leads_visible_to,
)
from traza.intel.services.leads import (
    lead_assign,
    lead_close,
    lead_note_add,
    lead_refer,
    lead_reopen,
    lead_review,
    leads_exported,
)
from traza.tracing.selectors import traces_visible_to

PAGE_SIZE = 50
BOM = "\ufeff"
ACTION_FORMS = {"assign_form": AssignForm, "refer_form": ReferForm, "close_form": CloseForm, "note_form": NoteForm}


@dataclass(frozen=True)
class LeadRow(Row[Lead]):
    """A lead of the list, with its reasons in words."""

    reason_lines: list[str]


@require_GET
@role_required(LEAD_WORKERS)
def lead_list_page(request: AuthenticatedRequest) -> HttpResponse:
    """The leads the user may read, strongest first (or newest), filtered, 50 a page."""
    form = LeadListFilter(request.GET)
    if not form.is_valid():
        return render(request, "intel/leads/list.html", {"form": form, "page": None}, status=400)
    leads = form.apply(lead_list(user=request.user), user=request.user)
    page = Paginator(leads, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [LeadRow(lead, reason_lines=[reason_text(item) for item in lead.reasons]) for lead in page]
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "paging": filters.urlencode(),
        "filtered": bool(form.criteria()),
    }
    return render(request, "intel/leads/list.html", context)


@require_GET
@role_required(LEAD_WORKERS)
def lead_list_csv(request: AuthenticatedRequest) -> HttpResponse | StreamingHttpResponse:
    """leads.csv of exactly the leads the list shows with these filters; trace numbers only of readable traces."""
    form = LeadListFilter(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors_as_text(), content_type="text/plain; charset=utf-8")
    leads = form.apply(leads_visible_to(request.user), user=request.user)
    leads_exported(actor=request.user, file_format="csv", count=leads.count(), criteria=form.criteria())

    def csv_lines() -> Iterator[str]:
        yield BOM
        yield from leads_csv_lines(leads, traces=traces_visible_to(request.user))

    response = StreamingHttpResponse(csv_lines(), content_type="text/csv; charset=utf-8")
    filename = gettext("leads") + timezone.localdate().strftime("-%Y%m%d.csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@role_required(LEAD_WORKERS)
def lead_page(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """One lead: why, the traces and people it rests on, what was done about it, notes and the actions."""
    return _page(request, lead_detail(user=request.user, number=number))


def _page(request: AuthenticatedRequest, lead: Lead, *, status: int = 200, **forms) -> HttpResponse:
    traces = list(lead_traces_visible(user=request.user, lead=lead))
    context = {
        "lead": lead,
        "reason_lines": [reason_text(item) for item in lead.reasons],
        "traces": traces,
        "hidden_traces": lead_trace_count(lead) - len(traces),
        "people": lead_people(lead),
        "mask": MASK,
        "history": [_history_row(event) for event in lead_history(lead)],
        "notes": lead.notes.all(),
    }
    for name, form_class in ACTION_FORMS.items():
        context[name] = forms.get(name) or (
            form_class(actor=request.user) if form_class is AssignForm else form_class()
        )
    return render(request, "intel/leads/detail.html", context, status=status)


def _history_row(event) -> dict:
    details = event.details or {}
    status = details.get("to", "")
    said = [str(Lead.Status(status).label) if status in Lead.Status.values else ""]
    said += [details.get(key, "") for key in ("assignee", "agency", "case_ref")]
    return {
        "at": event.at,
        "who": event.actor_name,
        "what": action_label(event.action),
        "detail": " · ".join(filter(None, said)),
    }


@require_POST
@role_required(LEAD_WORKERS)
def assign(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """Give the lead to an investigator of the user's agency."""
    lead = lead_detail(user=request.user, number=number)
    form = AssignForm(request.POST, actor=request.user)
    return _act(
        request,
        lead,
        form,
        "assign_form",
        lambda data: lead_assign(actor=request.user, lead=lead, assignee=data["assignee"]),
        gettext("The lead is assigned."),
    )


@require_POST
@role_required(LEAD_WORKERS)
def status(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """Take a new lead into review, or reopen a closed one."""
    lead = lead_detail(user=request.user, number=number)
    move = lead_reopen if lead.status == Lead.Status.CLOSED else lead_review
    return _act(
        request,
        lead,
        StatusForm(request.POST),
        None,
        lambda data: move(actor=request.user, lead=lead),
        gettext("The lead is under review."),
    )


@require_POST
@role_required(LEAD_WORKERS)
def refer(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """Refer the lead to an agency, under its case reference."""
    lead = lead_detail(user=request.user, number=number)
    return _act(
        request,
        lead,
        ReferForm(request.POST),
        "refer_form",
        lambda data: lead_refer(actor=request.user, lead=lead, agency=data["agency"], case_ref=data["case_ref"]),
        gettext("The lead is referred."),
    )


@require_POST
@role_required(LEAD_WORKERS)
def close(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """Close the lead, saying why."""
    lead = lead_detail(user=request.user, number=number)
    return _act(
        request,
        lead,
        CloseForm(request.POST),
        "close_form",
        lambda data: lead_close(actor=request.user, lead=lead, reason=data["reason"]),
        gettext("The lead is closed."),
    )


@require_POST
@role_required(LEAD_WORKERS)
def note(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """Add a note to the lead."""
    lead = lead_detail(user=request.user, number=number)
    return _act(
        request,
        lead,
        NoteForm(request.POST),
        "note_form",
        lambda data: lead_note_add(actor=request.user, lead=lead, text=data["text"]),
        gettext("The note is added."),
    )


def _act(request, lead: Lead, form, name: str | None, action, done: str) -> HttpResponse:
    """Run `action` with the valid form's data and go back to the lead; show the form's or the move's errors."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            if name is None or not hasattr(error, "error_dict"):
                messages.error(request, error.messages[0])
                return redirect("intel-lead", number=lead.number)
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, done)
            return redirect("intel-lead", number=lead.number)
    elif name is None:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect("intel-lead", number=lead.number)
    return _page(request, lead_detail(user=request.user, number=lead.number), status=400, **{name: form})

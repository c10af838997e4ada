"""One trace's pages: its result, the printable result sheet (also as PDF), the live status, withdrawing it.

Every page finds the trace through the viewer's scope, so another agency's trace answers 404.
"""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from traza.agencies.selectors.personal_data import personal_data_shown
from traza.catalog.models import Country
from traza.core.typing import AuthenticatedRequest
from traza.industry.models import Disposition
from traza.intel.selectors.people import person_of_purchase_key
from traza.tracing.indicators import indicator_explanation
from traza.tracing.models import Trace
from traza.tracing.presentation import (
    answers_of,
    catalog_name,
    licensee_facts,
    name_field,
    query_due_words,
    resolution_note,
    status_reason_label,
    step_evidence,
    step_licensee,
    time_to_crime_words,
    trace_warnings,
)
from traza.tracing.selectors import (
    licensees_by_rds,
    trace_by_number,
    trace_detail,
    traces_editable_by,
    traces_visible_to,
)
from traza.tracing.services import trace_cancel
from traza.tracing.sheets.codes import format_code, sheet_code, sheet_issue
from traza.tracing.sheets.pdf import sheet_pdf

DISPOSITIONS = dict(Disposition.Type.choices)
STOP_POLLING = 286


@require_GET
@login_required
def detail(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """What a trace found: the chain with its evidence, the result, the indicators."""
    trace = trace_detail(user=request.user, number=number)
    return render(request, "tracing/detail.html", result_context(request, trace))


@require_GET
@never_cache
@login_required
def print_sheet(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """The result as a formal sheet an officer files in the case folder (carpeta de investigación)."""
    trace = trace_detail(user=request.user, number=number)
    context = sheet_context(request, trace)
    context["check_command_html"] = format_html("<code>{}</code>", context["check_command"])
    context["qr_svg"] = mark_safe(segno.make(context["check_url"], error="m").svg_inline(scale=3))  # noqa: S308 (segno draws it from our URL)
    sheet_issue(actor=request.user, trace=trace, sheet_format="html")
    return render(request, "tracing/print.html", context)


@require_GET
@never_cache
@login_required
def print_sheet_pdf(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """The same sheet as a PDF, for the case file and for sending on."""
    trace = trace_detail(user=request.user, number=number)
    context = sheet_context(request, trace)
    sheet_issue(actor=request.user, trace=trace, sheet_format="pdf")
    response = HttpResponse(sheet_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{trace.number}.pdf"'
    return response


def sheet_context(request: AuthenticatedRequest, trace: Trace) -> dict:
    """What the sheet shows, on paper or in a PDF: the result, when and by whom it was printed, its code."""
    code = sheet_code(trace)
    query = urlencode({"number": trace.number, "code": format_code(code)})
    return {
        **result_context(request, trace),
        "printed_at": timezone.localtime(),
        "user": request.user,
        "code": code,
        "code_display": format_code(code),
        "check_url": request.build_absolute_uri(f"{reverse('trace-sheet-check')}?{query}"),
        "check_command": f"traza verify-sheet {trace.number} {format_code(code)}",
    }


@require_GET
@login_required
def status(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """The small status fragment a trace page polls while the trace is not final.

    `v` is the version the page shows; once the trace has moved on, htmx is told to reload the page.
    A final trace answers 286, which tells htmx to stop polling.
    """
    trace = trace_by_number(traces_visible_to(request.user), number)
    context = {"trace": trace, "reason": status_reason_label(trace)}
    response = render(request, "tracing/_status.html", context, status=STOP_POLLING if trace.is_final else 200)
    shown = request.GET.get("v")
    if shown and shown != status_version(trace):
        response["HX-Refresh"] = "true"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def cancel(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """Withdraw a trace that has no final result yet: a confirmation page, then a POST.

    Only the agency that owns the trace may withdraw it: anyone else, a sharing partner too, gets 404.
    """
    trace = trace_by_number(traces_editable_by(request.user), number)  # a sharing partner's trace: 404
    if request.method == "POST":
        try:
            trace_cancel(actor=request.user, trace=trace)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, gettext("Trace %(number)s was cancelled.") % {"number": trace.number})
        return redirect("trace-detail", number=trace.number)
    return render(request, "tracing/cancel.html", {"trace": trace})


def status_version(trace: Trace) -> str:
    """Changes whenever the engine writes the trace's result again."""
    resolved = int(trace.resolved_at.timestamp() * 1000) if trace.resolved_at else 0
    return f"{trace.status}.{resolved}"


def result_context(request: AuthenticatedRequest, trace: Trace) -> dict:
    """What the result page and the result sheet show of a trace.

    Purchaser and possessor data come masked, unless this reader stated a purpose (see agencies).
    """
    steps = list(trace.steps.all())
    licensees = licensees_by_rds({step.licensee_rds for step in steps} | {trace.retail_licensee_rds})
    now = timezone.now()
    answers = answers_of(steps)
    chain = [
        {
            "step": step,
            "licensee": step_licensee(step, licensees),
            "evidence": step_evidence(step, answers),
            "overdue": bool(step.query and step.query.is_overdue(now)),
            "due": query_due_words(step.query, now=now) if step.query else "",
            "disposition": DISPOSITIONS.get(step.disposition_type, step.disposition_type),
        }
        for step in steps
    ]
    duplicate_visible = bool(
        trace.duplicate_of_id and traces_visible_to(request.user).filter(pk=trace.duplicate_of_id).exists()
    )
    return {
        "trace": trace,
        "version": status_version(trace),
        "chain": chain,
        "reason": status_reason_label(trace),
        "note": resolution_note(trace),
        "time_to_crime": time_to_crime_words(trace),
        "warnings": trace_warnings(trace),
        "retail": licensee_facts(trace.retail_licensee_rds, licensees) if trace.retail_licensee_rds else None,
        "indicators": [(indicator, indicator_explanation(indicator.code)) for indicator in trace.indicators.all()],
        "duplicate_visible": duplicate_visible,
        "personal": personal_data_shown(user=request.user, trace=trace),
        "purchaser_person": person_of_purchase_key(trace.purchase.person_key) if trace.purchase else None,
        **_countries(trace),
        "crime": _crime_name(trace),
        "can_cancel": not trace.is_final and traces_editable_by(request.user).filter(pk=trace.pk).exists(),
    }


def _countries(trace: Trace) -> dict[str, str]:
    """The names of the recovery country and the country of origin, in the active language."""
    codes = {trace.recovery_country, trace.country_of_origin} - {""}
    names = dict(Country.objects.filter(code__in=codes).values_list("code", name_field()))
    return {
        "recovery_country": names.get(trace.recovery_country, trace.recovery_country),
        "origin_country": names.get(trace.country_of_origin, trace.country_of_origin),
    }


def _crime_name(trace: Trace) -> str:
    if trace.crime_code is None:
        return ""
    return f"{catalog_name(trace.crime_code)} ({trace.crime_code.code})"

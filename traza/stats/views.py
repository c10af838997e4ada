"""The statistics pages: the dashboard of each audience, its charts one request each, coverage and custody alerts."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from traza.agencies.models import Agency
from traza.agencies.roles import AGENCY_ADMINS, AUDITORS, COORDINATORS, TRACE_READERS
from traza.core.typing import AuthenticatedRequest
from traza.stats.charts import Chart
from traza.stats.dashboard import CHARTS, CHARTS_BY_KEY, SECTIONS, ChartDefinition
from traza.stats.forms import StatsFilterForm
from traza.stats.scopes import AGENCY, Scope, scope_for, scopes_for
from traza.stats.selectors import custody_alerts_visible_to, traces_outside_inventory, untraced_seizures
from traza.stats.services import custody_alert_close, untraced_request_file, untraced_submit
from traza.tracing.models import Seizure
from traza.tracing.selectors import user_can_submit_traces

STATS_READERS = TRACE_READERS | COORDINATORS | AUDITORS
CUSTODY_READERS = AGENCY_ADMINS | COORDINATORS
PAGE_SIZE = 50


def _scope_or_404(request: AuthenticatedRequest) -> Scope:
    scope = scope_for(request.user, request.GET.get("scope"))
    if scope is None:
        raise Http404
    return scope


def _context(request: AuthenticatedRequest, scope: Scope, form: StatsFilterForm) -> dict:
    query = form.query()
    try:
        policy_url = reverse("stats-policy") if request.user.role in COORDINATORS | AUDITORS else ""
    except NoReverseMatch:
        policy_url = ""
    return {
        "policy_url": policy_url,
        "scope": scope,
        "scopes": scopes_for(request.user),
        "form": form,
        "query": f"scope={scope.name}" + (f"&{query}" if query else ""),
    }


@require_GET
@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """The dashboard of the user's audience (agency, sharing agreement or country), filtered; charts load apart."""
    scope = _scope_or_404(request)
    form = StatsFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    context = _context(request, scope, form) | {
        "valid": valid,
        "sections": [
            (title, [chart for chart in CHARTS if chart.section == key and chart.shown_to(scope)])
            for key, title in SECTIONS
        ],
    }
    return render(request, "stats/dashboard.html", context, status=200 if valid else 400)


def _chart(
    request: AuthenticatedRequest, definition: ChartDefinition, scope: Scope, form: StatsFilterForm, *, alone: bool
) -> Chart:
    """The chart with its downloads; ATF's caveat under it when it stands alone (a dashboard shows it once, on top)."""
    result = definition.compute(scope, form.filters())
    query = _context(request, scope, form)["query"]
    downloads = {
        file_format: reverse("stats-chart-download", args=[definition.key, file_format]) + f"?{query}"
        for file_format in ("csv", "xlsx")
    }
    reading = definition.reading(result) if definition.reading else str(definition.explanation)
    return Chart(
        key=definition.key,
        title=str(definition.title),
        reading=reading,
        kind=definition.kind,
        result=result,
        downloads=downloads,
        caveat=str(result.caveat) if alone else "",
        **definition.options,
    )


def _definition_and_form(request: AuthenticatedRequest, key: str) -> tuple[ChartDefinition, Scope, StatsFilterForm]:
    definition = CHARTS_BY_KEY.get(key)
    scope = _scope_or_404(request)
    if definition is None or not definition.shown_to(scope):
        raise Http404
    form = StatsFilterForm(request.GET)
    return definition, scope, form


@require_GET
@login_required
def chart(request: AuthenticatedRequest, key: str) -> HttpResponse:
    """One chart with its table, as a fragment for the dashboard (or a page of its own without JavaScript)."""
    definition, scope, form = _definition_and_form(request, key)
    if not form.is_valid():
        return render(request, "stats/_filter_errors.html", {"form": form}, status=400)
    fragment = bool(request.headers.get("HX-Request"))
    template = "stats/_chart.html" if fragment else "stats/chart_page.html"
    context = {"chart": _chart(request, definition, scope, form, alone=not fragment), "scope": scope}
    return render(request, template, context)


@require_GET
@login_required
def chart_download(request: AuthenticatedRequest, key: str, file_format: str) -> HttpResponse:
    """Exactly what a chart shows, as CSV or XLSX, headers in the reader's language; recorded in the audit log."""
    from traza.stats.exports import stats_download

    definition, scope, form = _definition_and_form(request, key)
    if not form.is_valid():
        return render(request, "stats/_filter_errors.html", {"form": form}, status=400)
    result = definition.compute(scope, form.filters())
    return stats_download(request=request, result=result, name=definition.key, file_format=file_format)


# Coverage ----------------------------------------------------------------------------------------------------


@require_GET
@login_required
def coverage(request: AuthenticatedRequest) -> HttpResponse:
    """Seized against traced: the charts, the agency's untraced guns with "trace these", guns outside its inventory."""
    scope = _scope_or_404(request)
    form = StatsFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    context = _context(request, scope, form) | {
        "valid": valid,
        "charts": [
            CHARTS_BY_KEY[key]
            for key in ("coverage-month", "coverage-state", "coverage-agency", "lag-distribution", "lag-submitter")
        ],
    }
    if scope.name == AGENCY:
        agency_id = cast(int, request.user.agency_id)
        has_inventory = Seizure.objects.filter(agency_id=agency_id).exists()
        context |= {
            "has_inventory": has_inventory,
            "untraced": Paginator(untraced_seizures(agency_id), PAGE_SIZE).get_page(request.GET.get("page")),
            "outside": traces_outside_inventory(agency_id)[:PAGE_SIZE] if has_inventory else [],
            "may_submit": user_can_submit_traces(request.user),
        }
    return render(request, "stats/coverage.html", context, status=200 if valid else 400)


@require_POST
@login_required
def coverage_trace(request: AuthenticatedRequest) -> HttpResponse:
    """Submit every untraced seized gun of the agency as a trace request upload (the file channel), and follow it."""
    if not user_can_submit_traces(request.user):
        raise Http404
    run = untraced_submit(actor=request.user)
    if run is None:
        messages.info(request, gettext("Every seized gun of your agency already has a trace."))
        return redirect("stats-coverage")
    messages.success(request, gettext("The untraced seized guns were sent as trace requests; follow the upload here."))
    return redirect("upload-detail", run.pk)


@require_GET
@login_required
def coverage_file(request: AuthenticatedRequest) -> HttpResponse:
    """The untraced seized guns as a trace request file to complete (offence, officer) and upload."""
    if not user_can_submit_traces(request.user):
        raise Http404
    content, count = untraced_request_file(agency=cast(Agency, request.user.agency))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = gettext("untraced-seized-guns") + timezone.localdate().strftime("-%Y%m%d.csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Custody -----------------------------------------------------------------------------------------------------


@require_GET
@login_required
def custody(request: AuthenticatedRequest) -> HttpResponse:
    """The custody alerts the user may read: open first, newest recovery first."""
    if request.user.role not in CUSTODY_READERS:
        raise Http404
    alerts = custody_alerts_visible_to(request.user).select_related(
        "holding_agency", "recovering_agency", "seizure", "trace", "earlier_trace"
    )
    status = request.GET.get("status", "open")
    if status in ("open", "closed"):
        alerts = alerts.filter(status=status)
    page = Paginator(alerts.order_by("-recovered_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stats/custody.html", {"page": page, "status": status})


@require_POST
@login_required
def custody_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Close an alert with the reason (checked: the gun was transferred, a data error…); recorded in the audit log."""
    if request.user.role not in CUSTODY_READERS:
        raise Http404
    alert = get_object_or_404(custody_alerts_visible_to(request.user), pk=pk)
    note = (request.POST.get("note") or "").strip()
    if not note:
        messages.error(request, gettext("Say why the alert is closed (what was checked)."))
    else:
        custody_alert_close(actor=request.user, alert=alert, note=note[:500])
        messages.success(request, gettext("The alert is closed."))
    return redirect("stats-custody")

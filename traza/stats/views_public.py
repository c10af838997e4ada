"""The public statistics (TRAZA_PUBLIC_STATS): a country's aggregate figures, suppressed, for anyone.

What ATF publishes once a year as PDF tables, kept current: traces by month and status, completion,
time-to-crime, source states and coverage by state. No sign-in, no personal data, no agency's own
figures (every cell under TRAZA_STATS_MIN_CELL is hidden). Off by default: 404 until switched on.
"""

import io
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from traza.catalog.models import Country
from traza.core.typing import Text
from traza.stats.charts import Chart
from traza.stats.exports import write_result
from traza.stats.measures import measure
from traza.stats.scopes import public_scope

PUBLIC: dict[str, tuple[Text, str, tuple[str, ...], dict[str, Any], Text]] = {
    "traces": (
        _("Traces by month and status"),
        "stacked",
        ("month", "status"),
        {"x": "month", "y": ["traces"], "series": "status_name"},
        _("Traces submitted, by the month the gun was recovered and where the trace stands today."),
    ),
    "completion": (
        _("Completion and purchaser-found rates by month"),
        "line",
        ("month",),
        {"x": "month", "y": ["completion_rate", "purchaser_rate"]},
        _(
            "Of the traces with a final result, the share completed and the share that reached the first retail "
            "purchaser, by month of recovery."
        ),
    ),
    "ttc": (
        _("Time-to-crime, in ATF's categories"),
        "bar",
        ("ttc_category",),
        {"x": "ttc_category_name", "y": ["with_ttc"]},
        _(
            "Guns with a known first retail sale, by the time from that sale to the recovery: under a year is a "
            "sign of trafficking."
        ),
    ),
    "sources": (
        _("Source states (first retail sale)"),
        "hbar",
        ("source_state",),
        {"x": "source_state_name", "y": ["traces"]},
        _("The US states where traced guns were first sold at retail, most frequent first."),
    ),
    "coverage": (
        _("Seized guns traced, by state"),
        "hbar",
        ("state",),
        {"x": "state_name", "y": ["share"]},
        _("Of the guns in the agencies' seizure inventories, the share that was traced, by state of seizure."),
    ),
}


def _country(request: HttpRequest) -> Country:
    if not settings.TRAZA_PUBLIC_STATS:
        raise Http404
    code = (request.GET.get("country") or "MX").strip().upper()[:2]
    found = Country.objects.filter(code=code).first()
    if found is None:
        raise Http404
    return found


@require_GET
def public_page(request: HttpRequest) -> HttpResponse:
    """The country's public figures as tables and charts, with ATF's caveat."""
    country = _country(request)
    scope = public_scope(country.code)
    charts = []
    for key, (title, kind, by, options, reading) in PUBLIC.items():
        result = measure(key, scope=scope, by=by)
        charts.append(
            Chart(
                key=f"public-{key}",
                title=str(title),
                reading=str(reading),
                kind=kind,
                result=result,
                downloads={"csv": f"{request.path}{key}.csv?country={country.code}"},
                **options,
            )
        )
    return render(request, "stats/public.html", {"country": country, "charts": charts, "min_cell": scope.min_cell})


@require_GET
def public_csv(request: HttpRequest, key: str) -> HttpResponse:
    """One public table as CSV, headers in the reader's language, ATF's caveat as its last row."""
    country = _country(request)
    if key not in PUBLIC:
        raise Http404
    by = PUBLIC[key][2]
    result = measure(key, scope=public_scope(country.code), by=by)
    stream = io.StringIO()
    stream.write("\ufeff")
    write_result(result, stream, file_format="csv", headers="labels")
    response = HttpResponse(stream.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    filename = f"{gettext('statistics')}-{country.code}-{key}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

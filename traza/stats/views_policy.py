"""The access-policy lens page: a country's policy periods side by side, for its coordinators and auditors."""

from dataclasses import replace
from typing import cast

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from traza.agencies.permissions import role_required
from traza.agencies.roles import AUDITORS, COORDINATORS
from traza.agencies.selectors.agencies import access_policy_history
from traza.core.typing import AuthenticatedRequest
from traza.stats.charts import Chart
from traza.stats.forms import StatsFilterForm
from traza.stats.measures import NO_FILTERS, Result
from traza.stats.policy import changes, compare, reading
from traza.stats.scopes import COUNTRY, scope_for
from traza.stats.views import _context

#: Each chart draws the median lag between the two ends of its 95% interval; every figure is in its table.
LAG = ["lag_median_low", "lag_median_days", "lag_median_high"]


@require_GET
@role_required(COORDINATORS | AUDITORS)
def policy(request: AuthenticatedRequest) -> HttpResponse:
    """The periods of the country's access policy side by side, with intervals and what they can and cannot show."""
    scope = scope_for(request.user, COUNTRY)
    if scope is None or scope.name != COUNTRY:  # no country to compare (an account without an agency)
        raise Http404
    form = StatsFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    context = _context(request, scope, form) | {"valid": valid}
    if valid:
        filters = form.filters() if request.GET else NO_FILTERS
        comparison = compare(scope=scope, filters=filters)
        by_submitter = compare(scope=scope, filters=filters, by=["submitter"]).result
        context |= {
            "reading": reading(comparison),
            "changes": changes(comparison),
            "tables": [
                _chart("policy-periods", gettext("The periods compared"), comparison.result, "policy_name"),
                *_submitter_charts(by_submitter),
            ],
            "history": access_policy_history(cast(str, scope.country)),
        }
    return render(request, "stats/policy.html", context, status=200 if valid else 400)


def _submitter_charts(result: Result) -> list[Chart]:
    """One chart a period: agencies that submit themselves beside those a designated agency submits for."""
    charts = []
    for start in dict.fromkeys(row["start"] for row in result.rows):
        kept = [i for i, row in enumerate(result.rows) if row["start"] == start]
        rows = [result.rows[i] for i in kept]
        part = replace(result, rows=rows, suppressed=[result.suppressed[i] for i in kept] if result.suppressed else [])
        title = gettext(
            "Agencies that submit themselves, and those a designated agency submits for, %(start)s to %(end)s"
        ) % {"start": date_format(start, "SHORT_DATE_FORMAT"), "end": date_format(rows[0]["end"], "SHORT_DATE_FORMAT")}
        charts.append(_chart(f"policy-submitters-{start:%Y%m%d}", title, part, "submitter_name"))
    return charts


def _chart(key: str, title: str, result: Result, x: str) -> Chart:
    return Chart(
        key=key,
        title=title,
        reading=str(_("Bars: the median days from recovery to submission and the two ends of its interval.")),
        kind="bar",
        result=result,
        x=x,
        y=LAG,
        downloads={},
        caveat=str(result.caveat),
    )

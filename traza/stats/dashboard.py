"""The charts of the statistics dashboard: which measure each draws, how, and the line that says what it means.

Each chart is computed on its own request (the page loads them one by one), so every request stays
within a second at a million traces; the same definition serves its CSV/XLSX download, which holds
exactly what the chart shows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import cast

from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from traza.catalog.selectors import published_source_shares, published_years
from traza.core.typing import Text
from traza.stats.charts.cells import cell_text, month_text
from traza.stats.measures import Column, Filters, Result, measure, overdue_queries
from traza.stats.models import TraceFact
from traza.stats.scopes import AGENCY, Scope
from traza.tracing.models import Trace


@dataclass(frozen=True)
class ChartDefinition:
    """One chart of the dashboard: a measure, its breakdown, the chart kind and its axes."""

    key: str
    title: Text
    kind: str
    compute: Callable[[Scope, Filters], Result]
    options: dict = field(default_factory=dict)
    reading: Callable[[Result], str] | None = None
    explanation: Text = ""
    scopes: frozenset[str] | None = None  # None: every scope
    section: str = "activity"

    def shown_to(self, scope: Scope) -> bool:
        return self.scopes is None or scope.name in self.scopes


def _measured(name: str, by: tuple[str, ...], limit: int | None = None) -> Callable[[Scope, Filters], Result]:
    def compute(scope: Scope, filters: Filters) -> Result:
        if limit:
            filters = replace(filters, limit=limit)
        return measure(name, scope=scope, filters=filters, by=by)

    return compute


def _sum(result: Result, key: str) -> int:
    return sum(row.get(key) or 0 for row in result.rows)


def _percent(value: float | None) -> str:
    return cell_text(value, "share")


def _read_traces(result: Result) -> str:
    total = _sum(result, "traces")
    if not total:
        return gettext("No trace matches these filters.")
    by_month: dict = {}
    for row in result.rows:
        by_month[row["month"]] = by_month.get(row["month"], 0) + (row.get("traces") or 0)
    month, count = max(by_month.items(), key=lambda item: item[1])
    return gettext("%(total)s traces in the period; the busiest month was %(month)s, with %(count)s.") % {
        "total": number_format(total, force_grouping=True),
        "month": month_text(month) if month else "—",
        "count": number_format(count, force_grouping=True),
    }


def _read_completion(result: Result) -> str:
    final, completed, found = (_sum(result, key) for key in ("final", "completed", "purchaser_found"))
    if not final:
        return gettext("No trace in these filters has a final result yet.")
    return gettext(
        "Of %(final)s traces with a final result, %(completed)s were completed and %(found)s reached the first "
        "retail purchaser: the lead an investigation needs."
    ) % {
        "final": number_format(final, force_grouping=True),
        "completed": _percent(completed / final),
        "found": _percent(found / final),
    }


def _read_ttc(result: Result) -> str:
    total = _sum(result, "with_ttc")
    if not total:
        return gettext("No trace in these filters reached a retail sale, so no time-to-crime is known.")
    short = sum(row.get("with_ttc") or 0 for row in result.rows if row["ttc_category"] in ("0-3m", "3-7m", "7m-1y"))
    return gettext(
        "%(share)s of the %(total)s guns with a known retail sale were recovered less than a year after it: "
        "a short time-to-crime is a sign of trafficking."
    ) % {"share": _percent(short / total), "total": number_format(total, force_grouping=True)}


def _read_coverage(result: Result) -> str:
    seized, traced = _sum(result, "seized"), _sum(result, "traced")
    if not seized:
        return gettext("No seizure inventory has been uploaded for these filters: coverage cannot be measured.")
    return gettext("%(traced)s of %(seized)s seized guns were traced (%(share)s); %(untraced)s never were.") % {
        "traced": number_format(traced, force_grouping=True),
        "seized": number_format(seized, force_grouping=True),
        "share": _percent(traced / seized),
        "untraced": number_format(seized - traced, force_grouping=True),
    }


def _with_atf(scope: Scope, filters: Filters) -> Result:
    """Top source states beside ATF's national shares of the latest published year (context, not added)."""
    result = measure("sources", scope=scope, filters=replace(filters, limit=15), by=("source_state",))
    years = published_years()
    if not years:
        return result
    published = {row["region"]: row["share"] for row in published_source_shares(year=years[-1])}
    for row in result.rows:
        row["atf_share"] = published.get(row["source_state"])
    label = gettext("ATF national, %(year)s (share)") % {"year": years[-1]}
    result.columns = (*result.columns, Column("atf_share", label, "share"))
    result.suppressed = [*result.suppressed]
    return result


def _points(scope: Scope, filters: Filters) -> Result:
    """Where guns were recovered, for the traces that captured coordinates (an agency's own, at most 2,000)."""
    facts = filters.apply(TraceFact.objects.filter(scope.facts(), located=True)).values("trace_id")
    rows = list(
        Trace.objects.filter(pk__in=facts)
        .order_by("-recovery_date")
        .values("latitude", "longitude", "recovery_date")[:2000]
    )
    points = [
        {
            "lat": float(cast(Decimal, row["latitude"])),
            "lon": float(cast(Decimal, row["longitude"])),
            "day": row["recovery_date"],
        }
        for row in rows
    ]
    columns = (
        Column("lat", _("latitude"), "number"),
        Column("lon", _("longitude"), "number"),
        Column("day", _("recovery date")),
    )
    return Result(measure="points", columns=columns, rows=points, suppressed=[frozenset()] * len(points))


def _queries(scope: Scope, filters: Filters) -> Result:
    return overdue_queries(scope=scope, filters=filters)


CHARTS = [
    ChartDefinition(
        "traces-month",
        _("Traces by month and status"),
        "stacked",
        _measured("traces", ("month", "status")),
        {"x": "month", "y": ["traces"], "series": "status_name"},
        reading=_read_traces,
    ),
    ChartDefinition(
        "completion-month",
        _("Completion and purchaser-found rates"),
        "line",
        _measured("completion", ("month",)),
        {"x": "month", "y": ["completion_rate", "purchaser_rate"]},
        reading=_read_completion,
    ),
    ChartDefinition(
        "time-to-complete",
        _("Days to complete a trace (median and 90th percentile)"),
        "line",
        _measured("completion", ("month",)),
        {"x": "month", "y": ["complete_days_median", "complete_days_p90"]},
        explanation=_("How long agencies wait for a final result, from submission; urgent traces aim for a day."),
    ),
    ChartDefinition(
        "overdue-queries",
        _("Licensees with open and overdue queries"),
        "hbar",
        _queries,
        {"x": "dealer_name", "y": ["overdue", "open"]},
        explanation=_("The licensees whose answers the traces wait for, most overdue first (24 hours to answer)."),
    ),
    ChartDefinition(
        "ttc",
        _("Time-to-crime, in ATF's categories"),
        "bar",
        _measured("ttc", ("ttc_category",)),
        {"x": "ttc_category_name", "y": ["with_ttc"]},
        reading=_read_ttc,
        section="sources",
    ),
    ChartDefinition(
        "origins",
        _("US-sourced, foreign-sourced, undetermined"),
        "pie",
        _measured("sources", ("origin",)),
        {"x": "origin_name", "y": ["traces"]},
        explanation=_(
            "As ATF's country reports split them: traced to a US retail sale, made abroad and not imported "
            "through the US, or not determined (not traced yet or not traceable)."
        ),
        section="sources",
    ),
    ChartDefinition(
        "source-states",
        _("Top source states (first retail sale)"),
        "hbar",
        _with_atf,
        {"x": "source_state_name", "y": ["share", "atf_share"]},
        explanation=_("Where the traced guns were first sold, beside ATF's national figures for US recoveries."),
        section="sources",
    ),
    ChartDefinition(
        "source-map",
        _("Source states on the map"),
        "map",
        _measured("sources", ("source_state",)),
        {"map": "us-states", "code": "source_state_code", "value": "traces", "x": "source_state_name"},
        explanation=_("The US states where the traced guns were first sold at retail."),
        section="sources",
    ),
    ChartDefinition(
        "flows",
        _("From source state to recovery state"),
        "sankey",
        _measured("flows", ("source_state", "state")),
        {"source": "source_state_name", "target": "state_name", "value": "traces"},
        explanation=_("Each band is the guns first sold in one US state and recovered in one state of this side."),
        section="sources",
    ),
    ChartDefinition(
        "dealers",
        _("Top source dealers"),
        "hbar",
        _measured("sources", ("dealer",), limit=10),
        {"x": "dealer_name", "y": ["traces"]},
        explanation=_("The retail licensees that sold the most traced guns (a licensee's name is not personal data)."),
        section="sources",
    ),
    ChartDefinition(
        "makes",
        _("Top makes"),
        "hbar",
        _measured("traces", ("make",), limit=10),
        {"x": "make_name", "y": ["traces"]},
        section="guns",
    ),
    ChartDefinition(
        "calibers",
        _("Top calibres"),
        "hbar",
        _measured("traces", ("caliber",), limit=10),
        {"x": "caliber_name", "y": ["traces"]},
        section="guns",
    ),
    ChartDefinition(
        "types",
        _("Firearm types"),
        "pie",
        _measured("traces", ("firearm_type",)),
        {"x": "firearm_type_name", "y": ["traces"]},
        section="guns",
    ),
    ChartDefinition(
        "recovery-states",
        _("Recoveries by state"),
        "map",
        _measured("traces", ("state",)),
        {"map": "mx-states", "code": "state_code", "value": "traces", "x": "state_name"},
        explanation=_("Where the traced guns were recovered, by state (INEGI boundaries)."),
        section="places",
    ),
    ChartDefinition(
        "recovery-municipalities",
        _("Recoveries by municipality"),
        "map",
        _measured("traces", ("municipality",)),
        {"map": "mx-municipalities", "code": "municipality_code", "value": "traces", "x": "municipality_name"},
        explanation=_("Municipalities created after 2010 have no shape on the map; their figures stay in the table."),
        section="places",
    ),
    ChartDefinition(
        "recovery-points",
        _("Recovery points"),
        "points",
        _points,
        {"lat": "lat", "lon": "lon", "map": "mx-states"},
        explanation=_("The places where your agency's traced guns were recovered, when the request gave them."),
        scopes=frozenset({AGENCY}),
        section="places",
    ),
    ChartDefinition(
        "lag-level",
        _("Days from recovery to submission, by agency level"),
        "bar",
        _measured("lag", ("level",)),
        {"x": "level_name", "y": ["lag_median_days", "lag_p90_days"]},
        explanation=_("The submission lag: the longer a gun waits to be traced, the colder the lead."),
        section="coverage",
    ),
    ChartDefinition(
        "lag-distribution",
        _("How long guns waited to be submitted"),
        "bar",
        _measured("lag", ("lag_category",)),
        {"x": "lag_category_name", "y": ["traces"]},
        explanation=_("Traces by the days from the recovery to the submission."),
        section="coverage",
    ),
    ChartDefinition(
        "lag-submitter",
        _("Submission lag: the agency itself or a designated agency"),
        "bar",
        _measured("lag", ("submitter",)),
        {"x": "submitter_name", "y": ["lag_median_days", "lag_p90_days"]},
        explanation=_("Under a central policy a designated agency submits for the others; this compares the two."),
        section="coverage",
    ),
    ChartDefinition(
        "coverage-month",
        _("Seized and traced guns by month"),
        "bar",
        _measured("coverage", ("month",)),
        {"x": "month", "y": ["seized", "traced"]},
        reading=_read_coverage,
        section="coverage",
    ),
    ChartDefinition(
        "coverage-state",
        _("Coverage by state"),
        "map",
        _measured("coverage", ("state",)),
        {"map": "mx-states", "code": "state_code", "value": "share", "x": "state_name"},
        explanation=_("The share of the seized guns of each state that were traced."),
        section="coverage",
    ),
    ChartDefinition(
        "coverage-agency",
        _("Coverage by agency"),
        "hbar",
        _measured("coverage", ("agency",)),
        {"x": "agency_code", "y": ["share"]},
        explanation=_("The share of each agency's seized guns that were traced."),
        section="coverage",
    ),
]
CHARTS_BY_KEY = {chart.key: chart for chart in CHARTS}
SECTIONS = (
    ("activity", _("Traces and results")),
    ("sources", _("Where the guns came from")),
    ("guns", _("The guns")),
    ("places", _("Where they were recovered")),
    ("coverage", _("Coverage and submission lag")),
)

"""The measures of PRODUCT.md, computed from the facts for one scope, filters and breakdown.

`measure(name, scope=..., filters=..., by=[...])` returns a `Result`: columns with translated headers
and rows of plain values, the same for the pages, the API, the CSV/XLSX downloads and `traza export
stats`. Cells are suppressed here, once, when the scope crosses agencies.

Periods and months are those of the recovery (of the seizure for coverage), as ATF's tables count
them. Medians and 90th percentiles are exact, computed from how many facts hold each value (whole days
or hours) in each group, the same way on PostgreSQL and SQLite.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import AccessPolicy, Agency
from traza.catalog.models import Caliber, CrimeCode, FirearmType, Make, Municipality, Region
from traza.core.typing import Text
from traza.industry.models import Licensee, LicenseeQuery
from traza.stats.models import Origin, SeizureFact, TraceFact
from traza.stats.scopes import Scope
from traza.tracing.models import Trace

CAVEAT = _(
    "Traced firearms are not a random sample: they are the guns agencies chose to submit for tracing, "
    "and may not represent all firearms used in crime or recovered (ATF's caveat)."
)
FINAL_COUNTED = [s for s in Trace.FINAL if s not in (Trace.Status.CANCELLED, Trace.Status.DUPLICATE)]
COMPLETED = [Trace.Status.COMPLETED_PURCHASER, Trace.Status.COMPLETED_DEALER, Trace.Status.TRACED_FOREIGN]

# ATF's time-to-crime categories, as its yearly state and country tables publish them (upper bounds in days).
TTC_CATEGORIES = (
    ("0-3m", 91, _("less than 3 months")),
    ("3-7m", 213, _("3 months to less than 7 months")),
    ("7m-1y", 365, _("7 months to less than 1 year")),
    ("1-2y", 730, _("1 year to less than 2 years")),
    ("2-3y", 1095, _("2 years to less than 3 years")),
    ("3y+", None, _("3 years and more")),
)


@dataclass(frozen=True)
class Column:
    """One column of a result. `base` names the count a share or a time is computed from (for suppression)."""

    key: str
    label: Text
    kind: str = "text"  # text | code | count | share | days | month | number
    base: str | None = None


@dataclass
class Result:
    measure: str
    columns: tuple[Column, ...]
    rows: list[dict]
    suppressed: list[frozenset[str]] = field(default_factory=list)
    suppressed_below: int | None = None
    caveat: str = field(default_factory=lambda: str(CAVEAT))  # in the language active when the result is made

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Filters:
    """What a person narrowed the figures to. Empty fields filter nothing."""

    start: date | None = None
    end: date | None = None
    region: str = ""
    municipality: int | None = None
    level: str = ""
    kind: str = ""
    crime_code: str = ""
    firearm_type: str = ""
    policy: str = ""
    agency: int | None = None
    limit: int | None = None

    def apply(self, facts: QuerySet, *, seizures: bool = False) -> QuerySet:
        day = "seizure_date" if seizures else "recovery_date"
        conditions = {
            f"{day}__gte": self.start,
            f"{day}__lte": self.end,
            "region_id": self.region or None,
            "municipality_id": self.municipality,
            "level": self.level or None,
            "kind": self.kind or None,
            "firearm_type": self.firearm_type or None,
            "agency_id": self.agency,
        }
        if not seizures:
            conditions |= {"crime_code_id": self.crime_code or None, "policy": self.policy or None}
        return facts.filter(**{name: value for name, value in conditions.items() if value is not None})


NO_FILTERS = Filters()


# Breakdowns ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    """A way to break figures down: the fact field grouped on, and the columns a row shows for it."""

    key: str
    label: Text
    field: str
    seizure_field: str | None = None
    describe: Callable[[list], dict] | None = None  # values -> {value: {column: shown value}}
    extra: tuple[Column, ...] = ()
    kind: str = "code"
    expression: object = None
    column: str = ""

    @property
    def name(self) -> str:
        """The column that holds the breakdown's value (the breakdown's key unless it says otherwise)."""
        return self.column or self.key

    @property
    def columns(self) -> tuple[Column, ...]:
        return (Column(self.name, self.label, self.kind), *self.extra)


def _choices(choices) -> Callable[[list], dict]:
    names = dict(choices)
    return lambda values: {v: {} for v in values} | {v: {"_label": str(names.get(v, v))} for v in values}


def _regions(prefix: str) -> Callable[[list], dict]:
    def describe(values: list) -> dict:
        found = {r.code: r for r in Region.objects.filter(code__in=[v for v in values if v])}
        return {
            v: {
                f"{prefix}_name": found[v].local_name if v in found else "",
                f"{prefix}_code": found[v].statistical_code if v in found else "",
            }
            for v in values
        }

    return describe


def _municipalities(values: list) -> dict:
    found = {m.pk: m for m in Municipality.objects.filter(pk__in=[v for v in values if v])}
    return {
        v: {
            "municipality_name": found[v].name if v in found else "",
            "municipality_code": found[v].code if v in found else "",
            "municipality_state": found[v].region_id if v in found else "",
        }
        for v in values
    }


def _agencies(values: list) -> dict:
    found = dict(Agency.objects.filter(pk__in=[v for v in values if v]).values_list("pk", "code"))
    return {v: {"_value": found.get(v, "")} for v in values}


def _names(model, attribute: str = "name") -> Callable[[list], dict]:
    def describe(values: list) -> dict:
        found = dict(model.objects.filter(pk__in=[v for v in values if v]).values_list("pk", attribute))
        return {v: {"_label": found.get(v, "")} for v in values}

    return describe


def _dealers(values: list) -> dict:
    found = {licensee.rds_key: licensee for licensee in Licensee.objects.filter(rds_key__in=[v for v in values if v])}
    return {
        v: {
            "dealer_name": found[v].display_name if v in found else "",
            "dealer_state": found[v].premise_state if v in found else "",
        }
        for v in values
    }


def _ttc_category() -> Case:
    whens, lower = [], 0
    for key, upper, _label in TTC_CATEGORIES:
        if upper is None:
            whens.append(When(ttc_days__gte=lower, then=Value(key)))
        else:
            whens.append(When(ttc_days__lt=upper, ttc_days__gte=lower, then=Value(key)))
            lower = upper
    return Case(*whens, default=Value(None), output_field=CharField())


# Days from the recovery to the submission, in the steps a tracing centre watches.
LAG_CATEGORIES = (
    ("0-7d", 8, _("within a week")),
    ("8-30d", 31, _("8 to 30 days")),
    ("31-90d", 91, _("31 to 90 days")),
    ("91-365d", 366, _("91 days to a year")),
    ("1y+", None, _("more than a year")),
)


def _lag_category() -> Case:
    whens = []
    for key, upper, _label in LAG_CATEGORIES:  # the first that holds: each bound is above the one before
        bounds = {"lag_days__lt": upper} if upper is not None else {"lag_days__isnull": False}
        whens.append(When(**bounds, then=Value(key)))
    return Case(*whens, default=Value(None), output_field=CharField())


SUBMITTERS = {"self": _("the agency itself"), "designated": _("a designated agency on its behalf")}

DIMENSIONS = {
    d.key: d
    for d in (
        Dimension("month", _("month"), "recovery_month", "seizure_month", kind="month"),
        Dimension(
            "status",
            _("status"),
            "status",
            describe=_choices(Trace.Status.choices),
            extra=(Column("status_name", _("status name")),),
        ),
        Dimension("agency", _("agency code"), "agency_id", "agency_id", describe=_agencies, column="agency_code"),
        Dimension(
            "state",
            _("state"),
            "region_id",
            "region_id",
            describe=_regions("state"),
            extra=(Column("state_name", _("state name")), Column("state_code", _("statistical code"), "code")),
        ),
        Dimension(
            "municipality",
            _("municipality"),
            "municipality_id",
            "municipality_id",
            describe=_municipalities,
            extra=(
                Column("municipality_name", _("municipality name")),
                Column("municipality_code", _("statistical code"), "code"),
                Column("municipality_state", _("state")),
            ),
        ),
        Dimension(
            "level",
            _("agency level"),
            "level",
            "level",
            describe=_choices(Agency.Level.choices),
            extra=(Column("level_name", _("level name")),),
        ),
        Dimension(
            "kind",
            _("agency kind"),
            "kind",
            "kind",
            describe=_choices(Agency.Kind.choices),
            extra=(Column("kind_name", _("kind name")),),
        ),
        Dimension(
            "crime_code",
            _("offence code"),
            "crime_code_id",
            describe=_names(CrimeCode, "name_es"),
            extra=(Column("crime_code_name", _("offence")),),
        ),
        Dimension(
            "firearm_type",
            _("firearm type"),
            "firearm_type",
            "firearm_type",
            describe=_choices(FirearmType.choices),
            extra=(Column("firearm_type_name", _("type name")),),
        ),
        Dimension(
            "policy",
            _("access policy"),
            "policy",
            describe=_choices(AccessPolicy.Policy.choices),
            extra=(Column("policy_name", _("policy name")),),
        ),
        Dimension("make", _("make"), "make_id", describe=_names(Make), extra=(Column("make_name", _("make")),)),
        Dimension(
            "caliber",
            _("calibre"),
            "caliber_id",
            describe=_names(Caliber),
            extra=(Column("caliber_name", _("calibre")),),
        ),
        Dimension(
            "source_state",
            _("source state"),
            "source_region_id",
            describe=_regions("source_state"),
            extra=(
                Column("source_state_name", _("source state name")),
                Column("source_state_code", _("statistical code"), "code"),
            ),
        ),
        Dimension(
            "dealer",
            _("retail dealer (RDS key)"),
            "source_rds",
            describe=_dealers,
            extra=(Column("dealer_name", _("retail dealer")), Column("dealer_state", _("dealer's state"))),
        ),
        Dimension(
            "origin",
            _("origin"),
            "origin",
            describe=_choices(Origin.choices),
            extra=(Column("origin_name", _("origin name")),),
        ),
        Dimension(
            "submitter",
            _("submitted by"),
            "submitter",
            describe=_choices(SUBMITTERS.items()),
            extra=(Column("submitter_name", _("submitted by (name)")),),
            expression=Case(When(submitter_id__isnull=True, then=Value("self")), default=Value("designated")),
        ),
        Dimension(
            "ttc_category",
            _("time-to-crime"),
            "ttc_category",
            describe=_choices([(key, label) for key, _upper, label in TTC_CATEGORIES]),
            extra=(Column("ttc_category_name", _("time-to-crime category")),),
            expression=_ttc_category(),
        ),
        Dimension(
            "lag_category",
            _("submission lag"),
            "lag_category",
            describe=_choices([(key, label) for key, _upper, label in LAG_CATEGORIES]),
            extra=(Column("lag_category_name", _("days from recovery to submission")),),
            expression=_lag_category(),
        ),
    )
}
TOTAL = "total"
SEIZURE_DIMENSIONS = [key for key, d in DIMENSIONS.items() if d.seizure_field]


class UnknownBreakdown(ValueError):
    """A breakdown the measure does not offer; the message names it and lists those it does."""


# Computing ---------------------------------------------------------------------------------------------------


def _grouped(queryset: QuerySet, dims: Sequence[Dimension], *, seizures: bool = False) -> tuple[QuerySet, list[str]]:
    names = []
    for d in dims:
        name = f"g_{d.key}"
        source = d.expression if d.expression is not None else F(cast(str, d.seizure_field if seizures else d.field))
        queryset = queryset.annotate(**{name: source})
        names.append(name)
    if not names:  # one row for everything: a constant is never grouped on, so the aggregate covers all rows
        return queryset.annotate(g_total=Value(TOTAL, output_field=CharField())).values("g_total"), names
    return queryset.values(*names), names


def _histograms(queryset: QuerySet, names: list[str], value: str) -> dict[tuple, list[tuple]]:
    """{group: [(value, how many facts hold it), …] in order} of `value` (nulls left out) in each group.

    The values are whole days or hours, so the database counts each distinct value per group (a hash
    aggregate over the facts, a few thousand rows back) instead of sorting a million values.
    """
    counted = (
        queryset.filter(**{f"{value}__isnull": False})
        .values(*names, value)
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(*names, value, "n")
    )
    histograms: dict[tuple, list] = defaultdict(list)
    for row in counted:
        histograms[tuple(row[:-2])].append((row[-2], row[-1]))
    return {group: sorted(pairs) for group, pairs in histograms.items()}


def _quantiles(queryset: QuerySet, names: list[str], value: str, fractions: Sequence[float]) -> dict[tuple, list]:
    """{group: [quantile per fraction]} of `value` in each group of `names`: exact, as percentile_cont gives
    them, from the counts of each value (the same on PostgreSQL and SQLite)."""
    return {
        group: [_percentile(pairs, f) for f in fractions]
        for group, pairs in _histograms(queryset, names, value).items()
    }


def _percentile(counted: list[tuple], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks (as percentile_cont), from (value, count) pairs in order."""
    total = sum(n for _value, n in counted)
    if not total:
        return None
    position = fraction * (total - 1)
    low, high = int(position), min(int(position) + 1, total - 1)
    low_value: Any = None
    high_value: Any = None
    seen = 0
    for found, n in counted:
        if low_value is None and low < seen + n:
            low_value = found
        if high < seen + n:
            high_value = found
            break
        seen += n
    return low_value + (high_value - low_value) * (position - low)


def _rows(aggregated: QuerySet, names: list[str], dims: Sequence[Dimension]) -> list[dict]:
    rows = []
    for found in aggregated:
        row = {d.name: found[name] for d, name in zip(dims, names, strict=True)}
        row |= {k: v for k, v in found.items() if not k.startswith("g_")}
        rows.append(row)
    return rows


def _describe(rows: list[dict], dims: Sequence[Dimension]) -> None:
    for d in dims:
        if d.describe is None:
            continue
        shown = d.describe(list({row[d.name] for row in rows}))
        label_column = d.extra[0].key if d.extra else None
        for row in rows:
            described = shown.get(row[d.name], {})
            if "_value" in described:
                row[d.name] = described["_value"]
            if "_label" in described and label_column:
                row[label_column] = described["_label"]
            row.update({k: v for k, v in described.items() if not k.startswith("_")})


def _suppress(result: Result, min_cell: int | None) -> Result:
    result.suppressed = [frozenset()] * len(result.rows)
    if not min_cell:
        return result
    counts = [c.key for c in result.columns if c.kind == "count"]
    derived = [c for c in result.columns if c.base]
    marks = []
    for row in result.rows:
        hidden = {key for key in counts if row.get(key) is not None and 0 < row[key] < min_cell}
        hidden |= {c.key for c in derived if (row.get(c.base) or 0) < min_cell and row.get(c.key) is not None}
        for key in hidden:
            row[key] = None
        marks.append(frozenset(hidden))
    result.suppressed = marks
    result.suppressed_below = min_cell
    return result


def _share(part, whole) -> float | None:
    return round(part / whole, 4) if whole else None


def _days(hours) -> float | None:
    return round(hours / 24, 1) if hours is not None else None


def _sort(rows: list[dict], dims: Sequence[Dimension], count: str, limit: int | None) -> list[dict]:
    if limit:
        rows.sort(key=lambda r: -(r.get(count) or 0))
        return rows[:limit]
    return sorted(rows, key=lambda r: tuple((r[d.name] is None, str(r[d.name] or "")) for d in dims))


# Measures --------------------------------------------------------------------------------------------------


def _traces(facts: QuerySet, dims, filters: Filters) -> tuple[tuple[Column, ...], list[dict]]:
    grouped, names = _grouped(facts, dims)
    rows = _rows(grouped.annotate(traces=Count("pk")).order_by(), names, dims)
    return (Column("traces", _("traces"), "count"),), _sort(rows, dims, "traces", filters.limit)


def _completion(facts: QuerySet, dims, filters: Filters):
    grouped, names = _grouped(facts, dims)
    aggregated = grouped.annotate(
        traces=Count("pk"),
        final=Count("pk", filter=Q(status__in=FINAL_COUNTED)),
        completed=Count("pk", filter=Q(status__in=COMPLETED)),
        purchaser_found=Count("pk", filter=Q(status=Trace.Status.COMPLETED_PURCHASER)),
    ).order_by()
    rows = _rows(aggregated, names, dims)
    times = _quantiles(grouped.filter(status__in=FINAL_COUNTED), names, "complete_hours", (0.5, 0.9))
    for row in rows:
        median, p90 = times.get(tuple(row[d.name] for d in dims), (None, None))
        row |= {
            "completion_rate": _share(row["completed"], row["final"]),
            "purchaser_rate": _share(row["purchaser_found"], row["final"]),
            "complete_days_median": _days(median),
            "complete_days_p90": _days(p90),
        }
    columns = (
        Column("traces", _("traces"), "count"),
        Column("final", _("with a final result"), "count"),
        Column("completed", _("completed"), "count"),
        Column("purchaser_found", _("purchaser found"), "count"),
        Column("completion_rate", _("completion rate"), "share", base="final"),
        Column("purchaser_rate", _("purchaser-found rate"), "share", base="final"),
        Column("complete_days_median", _("days to complete (median)"), "days", base="final"),
        Column("complete_days_p90", _("days to complete (90th percentile)"), "days", base="final"),
    )
    return columns, _sort(rows, dims, "traces", filters.limit)


def _ttc(facts: QuerySet, dims, filters: Filters):
    grouped, names = _grouped(facts.filter(ttc_days__isnull=False), dims)
    aggregated = grouped.annotate(
        with_ttc=Count("pk"),
        under_1y=Count("pk", filter=Q(ttc_days__lt=365)),
        under_3y=Count("pk", filter=Q(ttc_days__lt=1095)),
    ).order_by()
    rows = _rows(aggregated, names, dims)
    medians = _quantiles(grouped, names, "ttc_days", (0.5,))
    for row in rows:
        median = medians.get(tuple(row[d.name] for d in dims), [None])[0]
        row |= {
            "ttc_median_days": round(median) if median is not None else None,
            "under_1y_share": _share(row.pop("under_1y"), row["with_ttc"]),
            "under_3y_share": _share(row.pop("under_3y"), row["with_ttc"]),
        }
    columns = (
        Column("with_ttc", _("traces with a time-to-crime"), "count"),
        Column("ttc_median_days", _("median time-to-crime (days)"), "days", base="with_ttc"),
        Column("under_1y_share", _("share under 1 year"), "share", base="with_ttc"),
        Column("under_3y_share", _("share under 3 years"), "share", base="with_ttc"),
    )
    return columns, _sort(rows, dims, "with_ttc", filters.limit)


def _lag(facts: QuerySet, dims, filters: Filters):
    grouped, names = _grouped(facts, dims)
    rows = []
    for group, pairs in _histograms(grouped, names, "lag_days").items():  # one scan: counts and quantiles
        row = {d.name: value for d, value in zip(dims, group, strict=True)}
        row |= {
            "traces": sum(n for _value, n in pairs),
            "lag_median_days": _round(_percentile(pairs, 0.5)),
            "lag_p90_days": _round(_percentile(pairs, 0.9)),
        }
        rows.append(row)
    columns = (
        Column("traces", _("traces"), "count"),
        Column("lag_median_days", _("days from recovery to submission (median)"), "days", base="traces"),
        Column("lag_p90_days", _("days from recovery to submission (90th percentile)"), "days", base="traces"),
    )
    return columns, _sort(rows, dims, "traces", filters.limit)


def _round(value) -> float | None:
    return round(value, 1) if value is not None else None


def _sources(facts: QuerySet, dims, filters: Filters):
    sourced = facts.exclude(source_region_id=None) if any(d.key != "origin" for d in dims) else facts
    total = sourced.count()
    columns, rows = _traces(sourced, dims, filters)
    for row in rows:
        row["share"] = _share(row["traces"], total)
    return (*columns, Column("share", _("share"), "share", base="traces")), rows


def _coverage(seizures: QuerySet, dims, filters: Filters):
    grouped, names = _grouped(seizures, dims, seizures=True)
    aggregated = grouped.annotate(seized=Count("pk"), traced=Count("pk", filter=Q(trace_id__isnull=False))).order_by()
    rows = _rows(aggregated, names, dims)
    for row in rows:
        row["untraced"] = row["seized"] - row["traced"]
        row["share"] = _share(row["traced"], row["seized"])
    columns = (
        Column("seized", _("guns seized"), "count"),
        Column("traced", _("traced"), "count"),
        Column("untraced", _("never traced"), "count"),
        Column("share", _("share traced"), "share", base="seized"),
    )
    return columns, _sort(rows, dims, "seized", filters.limit)


@dataclass(frozen=True)
class Measure:
    key: str
    label: Text
    compute: Callable | None  # None: computed by its own module (the policy lens)
    default_by: tuple[str, ...]
    seizures: bool = False
    fixed_by: tuple[str, ...] | None = None

    def dimensions(self) -> list[str]:
        """The breakdowns this measure offers; `total` gives one row for everything the filters keep."""
        if self.fixed_by is not None:
            return list(self.fixed_by)
        return [TOTAL, *(SEIZURE_DIMENSIONS if self.seizures else DIMENSIONS)]


MEASURES = {
    m.key: m
    for m in (
        Measure("traces", _("traces"), _traces, ("month",)),
        Measure("completion", _("completion and purchaser-found rates"), _completion, ("month",)),
        Measure("ttc", _("time-to-crime"), _ttc, ("ttc_category",)),
        Measure("lag", _("submission lag"), _lag, ("agency",)),
        Measure("sources", _("sources"), _sources, ("source_state",)),
        Measure(
            "flows",
            _("source state to recovery state"),
            _traces,
            ("source_state", "state"),
            fixed_by=("source_state", "state"),
        ),
        Measure("coverage", _("coverage of seized guns"), _coverage, ("agency",), seizures=True),
        Measure("policy", _("access policy periods"), None, (TOTAL,), fixed_by=(TOTAL, "submitter")),
    )
}


def dimensions_of(by: Sequence[str], measure: Measure) -> list[Dimension]:
    allowed = measure.dimensions()
    wrong = [key for key in by if key not in allowed]
    if wrong:
        raise UnknownBreakdown(", ".join(wrong), allowed)
    return [DIMENSIONS[key] for key in dict.fromkeys(by) if key != TOTAL]


def measure(name: str, *, scope: Scope, filters: Filters = Filters(), by: Sequence[str] = ()) -> Result:
    """One measure for one scope, filtered and broken down by `by` (the measure's default when empty)."""
    chosen = MEASURES[name]
    dims = dimensions_of(list(by) or list(chosen.default_by), chosen)
    if chosen.compute is None:
        from traza.stats.policy import policy_comparison

        return policy_comparison(scope=scope, filters=filters, by=[d.key for d in dims])
    if chosen.seizures:
        facts = filters.apply(SeizureFact.objects.filter(scope.facts(submitter=False)), seizures=True)
    else:
        facts = filters.apply(TraceFact.objects.filter(scope.facts()))
        if name == "flows":
            facts = facts.exclude(source_region_id=None).exclude(region_id=None)
    columns, rows = chosen.compute(facts, dims, filters)
    _describe(rows, dims)
    dim_columns = tuple(c for d in dims for c in d.columns)
    result = Result(measure=name, columns=(*dim_columns, *columns), rows=rows)
    return _suppress(result, scope.min_cell)


def overdue_queries(*, scope: Scope, filters: Filters = Filters(), limit: int = 20) -> Result:
    """Licensees by their open and overdue queries about this scope's traces, slowest first."""
    from django.utils import timezone

    traces = filters.apply(TraceFact.objects.filter(scope.facts())).values("trace_id")
    queries = LicenseeQuery.objects.filter(trace_id__in=traces)
    now = timezone.now()
    rows = cast(
        list[dict],
        list(
            queries.values("licensee_rds")
            .annotate(
                queries=Count("pk"),
                open=Count("pk", filter=Q(status=LicenseeQuery.Status.OPEN)),
                overdue=Count("pk", filter=Q(status=LicenseeQuery.Status.OPEN, due_at__lt=now)),
            )
            .filter(open__gt=0)
            .order_by("-overdue", "-open", "licensee_rds")[:limit]
        ),
    )
    for row in rows:
        row["dealer"] = row.pop("licensee_rds")
    _describe(rows, [DIMENSIONS["dealer"]])
    columns = (
        Column("dealer", _("licensee (RDS key)"), "code"),
        Column("dealer_name", _("licensee")),
        Column("dealer_state", _("licensee's state")),
        Column("queries", _("queries"), "count"),
        Column("open", _("open"), "count"),
        Column("overdue", _("overdue"), "count"),
    )
    return _suppress(Result(measure="queries", columns=columns, rows=rows), scope.min_cell)

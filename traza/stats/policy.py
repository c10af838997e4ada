"""The access-policy lens: the periods of a country's policy history side by side, with bootstrap intervals.

A period runs from one setting of the country's access policy to the next (PRODUCT.md, Access);
traces count in the period they were submitted in, seized guns in the period they were seized in.
For each period: the agencies that submitted (a designated agency counts as the submitter of what it
sent for others), traces a month, the lag from recovery to submission, the share of seized guns
traced, and how fast a trace reached its purchaser (the lead an investigation needs). `by=submitter`
compares, inside each period, the agencies that submitted their own traces with those whose traces a
designated agency sent.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import Coalesce, Mod, TruncMonth
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import AccessPolicy
from traza.agencies.selectors.agencies import DEFAULT_POLICY, access_policy_history
from traza.stats import inference
from traza.stats.measures import NO_FILTERS, SUBMITTERS, Column, Filters, Result, _grouped, _quantiles, _suppress
from traza.stats.models import SeizureFact, TraceFact
from traza.stats.refresh import facts_version
from traza.stats.scopes import Scope
from traza.tracing.models import Trace

SHORT_NAMES = {AccessPolicy.Policy.CENTRAL: _("central"), AccessPolicy.Policy.DISTRIBUTED: _("distributed")}
CACHE_SECONDS = 24 * 3600
#: Below this many traces in a period, the page says the figures cannot support a conclusion.
TOO_FEW = 30
#: At most this many values of a field are read for a period's quantile intervals (a systematic sample beyond).
FETCH = 50_000


@dataclass(frozen=True)
class Period:
    policy: str
    start: date
    end: date  # exclusive

    @property
    def months(self) -> float:
        return max((self.end - self.start).days / 30.44, 1 / 30.44)


def periods(country: str, *, today: date | None = None) -> list[Period]:
    """The country's policy periods, oldest first; before its first setting the default policy applied."""
    today = today or timezone.localdate()
    settings = sorted(access_policy_history(country), key=lambda row: (row.effective_at, row.pk))
    found, start = [], date(1900, 1, 1)
    policy: str = DEFAULT_POLICY
    for row in settings:
        day = _day(row.effective_at)
        if day > start:
            found.append(Period(policy, start, day))
        start, policy = day, row.policy
    found.append(Period(policy, start, today + timedelta(days=1)))
    return _trim(found, country)


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _trim(found: list[Period], country: str) -> list[Period]:
    """Periods cut to the submissions on record: the first starts at the first, the last ends after the last."""
    dates = TraceFact.objects.filter(country=country, submitted_date__isnull=False).values_list(
        "submitted_date", flat=True
    )
    first, last = dates.order_by("submitted_date").first(), dates.order_by("-submitted_date").first()
    if first is None:
        return found
    last = cast(date, last)  # a query that found a first date finds a last one
    trimmed = [p for p in found if p.end > first and p.start <= last]
    if trimmed and trimmed[0].start < first:
        trimmed[0] = Period(trimmed[0].policy, first, trimmed[0].end)
    if trimmed and trimmed[-1].end > last + timedelta(days=1):
        trimmed[-1] = Period(trimmed[-1].policy, trimmed[-1].start, last + timedelta(days=1))
    return trimmed


def _months(period: Period) -> list[date]:
    """The first day of every month the period touches."""
    month, found = period.start.replace(day=1), []
    while month < period.end:
        found.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return found


def _sample(queryset, field: str, n: int) -> list[float]:
    """At most about FETCH values of `field`, a systematic sample by trace id beyond (the same on every read)."""
    step = max(1, -(-n // FETCH))
    if step > 1:
        queryset = queryset.annotate(slot=Mod("pk", step)).filter(slot=0)
    return [float(v) for v in queryset.exclude(**{f"{field}__isnull": True}).values_list(field, flat=True)]


def _binary(yes: int, total: int) -> list[float]:
    """yes ones and total − yes zeros, for a share's interval."""
    return [1.0] * yes + [0.0] * (total - yes)


def _period_row(facts, seizures, period: Period) -> tuple[dict, dict]:
    """The figures of one period (and the values their intervals and differences are drawn from)."""
    traces = facts.count()
    counts = defaultdict(int)
    for row in facts.annotate(m=TruncMonth("submitted_date")).values("m").annotate(n=Count("pk")).order_by():
        counts[row["m"]] = row["n"]
    # Every month of the period counts, those with no submission too.
    monthly = [float(counts.get(month, 0)) for month in _months(period)] or [0.0]
    agencies = facts.annotate(who=Coalesce("submitter_id", "agency_id")).values("who").distinct().count()
    grouped, names = _grouped(facts, [])
    lag_exact = _quantiles(grouped, names, "lag_days", (0.5, 0.9)).get((), [None, None])
    lags = _sample(facts, "lag_days", traces)
    leads_qs = facts.filter(status=Trace.Status.COMPLETED_PURCHASER)
    final = facts.filter(status__in=[s for s in Trace.FINAL if s not in ("cancelled", "duplicate")]).count()
    found = leads_qs.count()
    leads = [hours / 24 for hours in _sample(leads_qs, "complete_hours", found)]
    seized = seizures.count()
    traced = seizures.filter(trace_id__isnull=False).count()
    values = {
        "monthly": monthly,
        "lags": lags,
        "leads": leads,
        "found": _binary(found, final),
        "coverage": _binary(traced, seized),
    }
    per_month = inference.estimate(monthly, inference.mean)
    lag = inference.estimate(lags, inference.median)
    lag90 = inference.estimate(lags, inference.p90)
    lead = inference.estimate(leads, inference.median)
    rate = inference.estimate(values["found"], inference.share)
    cover = inference.estimate(values["coverage"], inference.share)
    row = {
        "policy": period.policy,
        "policy_name": str(dict(AccessPolicy.Policy.choices)[period.policy]),
        "start": period.start,
        "end": period.end - timedelta(days=1),
        "months": round(period.months, 1),
        "agencies": agencies,
        "traces": traces,
        "traces_per_month": _r(inference.mean(monthly)),
        **_interval("traces_per_month", per_month),
        "lag_median_days": _r(lag_exact[0]),
        **_interval("lag_median", lag),
        "lag_p90_days": _r(lag_exact[1]),
        **_interval("lag_p90", lag90),
        "seized": seized,
        "coverage_share": _r(traced / seized, 4) if seized else None,
        **_interval("coverage", cover, 4),
        "final": final,
        "purchaser_rate": _r(found / final, 4) if final else None,
        **_interval("purchaser_rate", rate, 4),
        "lead_days_median": _r(lead.value),
        **_interval("lead_days", lead),
    }
    return row, values


def _r(value, digits: int = 1):
    return round(value, digits) if value is not None else None


def _interval(prefix: str, found: inference.Estimate, digits: int = 1) -> dict:
    return {f"{prefix}_low": _r(found.low, digits), f"{prefix}_high": _r(found.high, digits)}


COLUMNS = (
    Column("policy", _("access policy"), "code"),
    Column("policy_name", _("policy name")),
    Column("start", _("from"), "text"),
    Column("end", _("until"), "text"),
    Column("months", _("months"), "number"),
    Column("agencies", _("submitting agencies"), "count"),
    Column("traces", _("traces"), "count"),
    Column("traces_per_month", _("traces a month"), "number", base="traces"),
    Column("traces_per_month_low", _("traces a month, interval from"), "number", base="traces"),
    Column("traces_per_month_high", _("traces a month, interval to"), "number", base="traces"),
    Column("lag_median_days", _("days from recovery to submission (median)"), "days", base="traces"),
    Column("lag_median_low", _("median lag, interval from"), "days", base="traces"),
    Column("lag_median_high", _("median lag, interval to"), "days", base="traces"),
    Column("lag_p90_days", _("days from recovery to submission (90th percentile)"), "days", base="traces"),
    Column("lag_p90_low", _("90th percentile lag, interval from"), "days", base="traces"),
    Column("lag_p90_high", _("90th percentile lag, interval to"), "days", base="traces"),
    Column("seized", _("guns seized"), "count"),
    Column("coverage_share", _("share of seized guns traced"), "share", base="seized"),
    Column("coverage_low", _("coverage, interval from"), "share", base="seized"),
    Column("coverage_high", _("coverage, interval to"), "share", base="seized"),
    Column("final", _("with a final result"), "count"),
    Column("purchaser_rate", _("purchaser-found rate"), "share", base="final"),
    Column("purchaser_rate_low", _("purchaser-found rate, interval from"), "share", base="final"),
    Column("purchaser_rate_high", _("purchaser-found rate, interval to"), "share", base="final"),
    Column("lead_days_median", _("days from submission to the purchaser (median)"), "days", base="final"),
    Column("lead_days_low", _("days to the purchaser, interval from"), "days", base="final"),
    Column("lead_days_high", _("days to the purchaser, interval to"), "days", base="final"),
)
SUBMITTER_COLUMNS = (Column("submitter", _("submitted by"), "code"), Column("submitter_name", _("submitted by (name)")))


@dataclass
class Comparison:
    """The periods' figures (a Result, like every measure) and the values behind their intervals."""

    result: Result
    values: list[dict]


def policy_comparison(*, scope: Scope, filters: Filters = NO_FILTERS, by=()) -> Result:
    """The policy periods of the scope's country, side by side (by submitter too with by=["submitter"])."""
    return compare(scope=scope, filters=filters, by=by).result


def compare(*, scope: Scope, filters: Filters = NO_FILTERS, by=()) -> Comparison:
    """The comparison, computed once per version of the facts: the same figures come from the cache (in the
    reader's language) until a trace resolves, a seizure inventory imports or a policy changes."""
    version = (facts_version(), AccessPolicy.objects.filter(country_id=scope.country).count())
    asked = f"{version}:{scope}:{filters}:{sorted(by)}:{translation.get_language()}"
    key = "stats-policy:" + hashlib.sha256(asked.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _compare(scope=scope, filters=filters, by=by)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _compare(*, scope: Scope, filters: Filters, by) -> Comparison:
    facts = filters.apply(TraceFact.objects.filter(scope.facts()))
    seizures = filters.apply(SeizureFact.objects.filter(scope.facts(submitter=False)), seizures=True)
    split = "submitter" in by
    rows, values = [], []
    for period in periods(cast(str, scope.country)):
        in_period = facts.filter(submitted_date__gte=period.start, submitted_date__lt=period.end)
        seized = seizures.filter(seizure_date__gte=period.start, seizure_date__lt=period.end)
        groups = (
            [("self", Q(submitter_id__isnull=True)), ("designated", Q(submitter_id__isnull=False))]
            if split
            else [("", Q())]
        )
        for key, condition in groups:
            row, found = _period_row(in_period.filter(condition), seized if not key else seized.none(), period)
            if key:
                row = {"submitter": key, "submitter_name": str(SUBMITTERS[key]), **row}
            rows.append(row)
            values.append(found)
    columns = (*SUBMITTER_COLUMNS, *COLUMNS) if split else COLUMNS
    result = _suppress(Result(measure="policy", columns=columns, rows=rows), scope.min_cell)
    return Comparison(result, values)


#: The changes shown between the last two periods: the label, the values it is drawn from, the statistic.
CHANGES = (
    (_("traces a month (mean)"), "monthly", inference.mean, 1),
    (_("days from recovery to submission (median)"), "lags", inference.median, 1),
    (_("days from recovery to submission (90th percentile)"), "lags", inference.p90, 1),
    (_("share of seized guns traced"), "coverage", inference.share, 4),
    (_("purchaser-found rate"), "found", inference.share, 4),
    (_("days from submission to the purchaser (median)"), "leads", inference.median, 1),
)


def changes(comparison: Comparison) -> list[dict]:
    """Each figure's change from the second-last period to the last, with its interval (none for one period,
    or when a period's cells are suppressed)."""
    rows, values = comparison.result.rows, comparison.values
    if len(rows) < 2 or any(row["traces"] is None for row in rows[-2:]):
        return []
    found = []
    for label, key, statistic, digits in CHANGES:
        change = inference.difference(values[-2][key], values[-1][key], statistic)
        share = digits == 4
        before = statistic(values[-2][key]) if values[-2][key] else None
        after = statistic(values[-1][key]) if values[-1][key] else None
        found.append(
            {
                "label": label,
                "before": _percent(before) if share else _points(before, 1),
                "after": _percent(after) if share else _points(after, 1),
                "change": _points(change.value) if share else _points(change.value, 1),
                "low": _points(change.low) if share else _points(change.low, 1),
                "high": _points(change.high) if share else _points(change.high, 1),
                "points": share,
                "clears_zero": change.clears_zero,
            }
        )
    return found


def reading(comparison: Comparison) -> list[str]:
    """What the comparison can and cannot say, in whole translated sentences built from the figures."""
    rows, values = comparison.result.rows, comparison.values
    if len(rows) < 2:
        return [
            gettext(
                "The country's access policy has not changed in the period shown, so there is nothing to compare "
                "yet: the figures below describe one policy."
            )
        ]
    before, after = rows[-2], rows[-1]
    sentences = []
    if (before["traces"] or 0) < TOO_FEW or (after["traces"] or 0) < TOO_FEW:
        sentences.append(
            gettext(
                "One of the two periods has fewer than %(n)s traces: too few to tell a change from chance, so no "
                "conclusion is drawn."
            )
            % {"n": TOO_FEW}
        )
    else:
        lag = inference.difference(values[-2]["lags"], values[-1]["lags"], inference.median)
        sentences.append(_lag_sentence(before, after, lag))
        cover = inference.difference(values[-2]["coverage"], values[-1]["coverage"], inference.share)
        if cover.value is not None:
            sentences.append(_coverage_sentence(before, after, cover))
        sentences.append(
            gettext(
                "%(before)s agencies submitted under the %(policy_before)s policy and %(after)s under the "
                "%(policy_after)s policy."
            )
            % {
                "before": _count(before["agencies"], comparison.result.suppressed_below),
                "after": _count(after["agencies"], comparison.result.suppressed_below),
                "policy_before": SHORT_NAMES[before["policy"]],
                "policy_after": SHORT_NAMES[after["policy"]],
            }
        )
    sentences.append(
        gettext(
            "What the data cannot show: other changes made at the same time (new agencies joining, staff, "
            "training), that recent guns have had less time to be submitted late, and that traced guns are not "
            "a random sample of the guns seized. A difference is a lead for the policy debate, not proof of its "
            "cause."
        )
    )
    return sentences


def _lag_sentence(before: dict, after: dict, change: inference.Estimate) -> str:
    facts = {
        "before": _days(before["lag_median_days"]),
        "after": _days(after["lag_median_days"]),
        "low": _points(change.low, 1),
        "high": _points(change.high, 1),
        "start": date_format(after["start"], "SHORT_DATE_FORMAT"),
    }
    if change.clears_zero:
        return (
            gettext(
                "Since %(start)s the median time from recovery to submission went from %(before)s to %(after)s "
                "days; the 95%% interval of the change (%(low)s to %(high)s days) leaves out zero: chance alone would "
                "hardly give it."
            )
            % facts
        )
    return (
        gettext(
            "Since %(start)s the median time from recovery to submission went from %(before)s to %(after)s days, "
            "but the 95%% interval of the change (%(low)s to %(high)s days) includes zero: the data cannot tell it "
            "from chance."
        )
        % facts
    )


def _coverage_sentence(before: dict, after: dict, change: inference.Estimate) -> str:
    facts = {
        "before": _percent(before["coverage_share"]),
        "after": _percent(after["coverage_share"]),
        "low": _points(change.low),
        "high": _points(change.high),
    }
    if change.clears_zero:
        return (
            gettext(
                "The share of seized guns traced went from %(before)s to %(after)s; the interval of the change "
                "(%(low)s to %(high)s points) leaves out zero."
            )
            % facts
        )
    return (
        gettext(
            "The share of seized guns traced went from %(before)s to %(after)s, within what chance allows (the "
            "interval of the change, %(low)s to %(high)s points, includes zero)."
        )
        % facts
    )


def _count(value, below: int | None) -> str:
    """A count as the tables show it: a suppressed one as “<n”."""
    return number_format(value) if value is not None else f"<{below}"


def _days(value) -> str:
    from traza.stats.charts.cells import cell_text

    return cell_text(value, "days") if value is not None else "—"


def _points(value, scale: int = 100) -> str:
    """A share's change in percentage points (or, with scale 1, any figure) to one decimal."""
    return number_format(value * scale, 1) if value is not None else "—"


def _percent(value) -> str:
    from traza.stats.charts.cells import cell_text

    return cell_text(value, "share") if value is not None else "—"

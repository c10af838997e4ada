"""The access-policy lens on a history with a planted effect: intervals, readings, and too-small samples."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone, translation

from traza.agencies.models import AccessPolicy
from traza.core.bulk import update_rows
from traza.stats import inference
from traza.stats.measures import measure
from traza.stats.policy import compare, periods, reading
from traza.stats.refresh import facts_refresh_all
from traza.stats.scopes import COUNTRY, Scope
from traza.tracing.models import Trace
from traza.tracing.tests.pages_support import browser

pytestmark = pytest.mark.django_db
CHANGE = date(2024, 1, 1)


def history(submit, agency, *, per_period: int, lag_before: int, lag_after: int) -> None:
    """Traces recovered through 2023 (central) and 2024 (distributed), submitted after the lags given."""
    AccessPolicy.objects.create(country_id="MX", policy="central", effective_at=_at(date(2022, 1, 1)))
    AccessPolicy.objects.create(country_id="MX", policy="distributed", effective_at=_at(CHANGE))
    rows = []
    for n in range(per_period * 2):
        before = n < per_period
        recovered = (date(2023, 1, 5) if before else date(2024, 1, 5)) + timedelta(
            days=(n % per_period) * 300 // per_period
        )
        lag = (lag_before if before else lag_after) + n % 7
        trace = submit(
            agency=agency,
            serial_number=f"PL-{n:05d}",
            manufacturer="Colt",
            recovery_date=min(recovered, date(2024, 11, 1)).isoformat(),
        )
        rows.append((trace.pk, _at(trace.recovery_date + timedelta(days=lag))))
    update_rows(Trace._meta.db_table, "id", ("submitted_at",), rows)
    facts_refresh_all()


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def test_periods_follow_the_policy_history(submit, agency_a):
    history(submit, agency_a, per_period=6, lag_before=30, lag_after=5)
    found = periods("MX")
    assert [p.policy for p in found] == ["central", "distributed"]
    assert found[1].start == CHANGE


def test_a_shorter_lag_after_the_change_is_found_and_its_interval_excludes_no_change(submit, agency_a):
    history(submit, agency_a, per_period=40, lag_before=30, lag_after=5)
    comparison = compare(scope=Scope(COUNTRY, country="MX"))
    before, after = comparison.result.rows
    assert (before["policy"], after["policy"]) == ("central", "distributed")
    assert before["lag_median_days"] > 30 and after["lag_median_days"] < 12
    assert before["lag_median_low"] <= before["lag_median_days"] <= before["lag_median_high"]
    with translation.override("es"):
        text = " ".join(reading(comparison))
    assert "excluye" in text and "no pueden mostrar" in text.lower()


def test_too_few_traces_say_so_instead_of_concluding(submit, agency_a):
    history(submit, agency_a, per_period=4, lag_before=30, lag_after=5)
    text = " ".join(reading(compare(scope=Scope(COUNTRY, country="MX"))))
    assert "too few" in text and "excludes no change" not in text


def test_the_policy_measure_is_suppressed_like_every_cross_agency_figure(submit, agency_a):
    history(submit, agency_a, per_period=3, lag_before=30, lag_after=5)
    result = measure("policy", scope=Scope(COUNTRY, country="MX"))
    assert result.suppressed_below == 5
    assert all(row["traces"] is None and row["lag_median_days"] is None for row in result.rows)


def test_the_page_is_for_coordinators_and_auditors(submit, agency_a, coordinator_mx, officer_a):
    history(submit, agency_a, per_period=6, lag_before=30, lag_after=5)
    page = browser(coordinator_mx).get("/stats/policy/")
    assert page.status_code == 200
    assert "What the figures say" in page.content.decode()
    assert browser(officer_a).get("/stats/policy/").status_code == 404


def test_bootstrap_intervals_cover_the_truth_and_widen_for_small_samples():
    import random

    rng = random.Random(7)
    covered = 0
    for trial in range(40):
        values = [rng.expovariate(1 / 20) for _ in range(300)]
        found = inference.estimate(values, inference.median, seed=trial)
        covered += found.low <= 20 * 0.6931 <= found.high
    assert covered >= 34
    small = inference.estimate([3.0, 40.0, 8.0, 15.0], inference.median)
    large = inference.estimate([rng.expovariate(1 / 20) for _ in range(2000)], inference.median)
    assert (small.high - small.low) > (large.high - large.low)
    assert inference.estimate([1.0, 2.0, 3.0], inference.mean) == inference.estimate([1.0, 2.0, 3.0], inference.mean)

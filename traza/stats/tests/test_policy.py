"""The access-policy lens on histories with planted effects: periods, intervals, readings, too-small samples."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone, translation

from traza.agencies.models import AccessPolicy
from traza.core.bulk import update_rows
from traza.stats.measures import measure
from traza.stats.policy import changes, compare, periods, reading
from traza.stats.refresh import facts_refresh_all
from traza.stats.scopes import COUNTRY, Scope
from traza.tracing.models import Trace
from traza.tracing.tests.pages_support import browser
from traza.tracing.tests.world import DEALER, LICENSEE_NAMES, RUGER, WHOLESALER, chain, purchase

pytestmark = pytest.mark.django_db
CHANGE = date(2024, 1, 1)
MX = Scope(COUNTRY, country="MX")


def history(world, submit, agency, *, per_period: int, lag_before: int, lag_after: int, designated=None) -> None:
    """Guns recovered through 2023 (central policy) and 2024 (distributed), submitted `lag` days after recovery.

    Every third gun is sold to a purchaser on the books, so the engine finds the purchaser; it answered
    20 days after submission before the change and 4 after. With `designated`, every other trace of the
    central period is sent by that agency.
    """
    AccessPolicy.objects.create(country_id="MX", policy="central", effective_at=_at(date(2022, 1, 1)), note="Decreto")
    AccessPolicy.objects.create(country_id="MX", policy="distributed", effective_at=_at(CHANGE), note="Acuerdo 7/23")
    hops = [(number, LICENSEE_NAMES[number][0]) for number in (RUGER, WHOLESALER, DEALER)]
    sold = range(0, per_period * 2, 3)
    world("dispositions", [row for n in sold for row in chain(f"PL{n:04d}", "RUGER", hops, ref=f"4473-{n}")])
    world("purchases", [purchase(DEALER, f"4473-{n}", "GARCÍA", "JUAN") for n in sold])
    dates, senders = [], []
    for n in range(per_period * 2):
        before = n < per_period
        recovered = (date(2023, 1, 5) if before else date(2024, 1, 5)) + timedelta(
            days=(n % per_period) * 300 // per_period
        )
        trace = submit(
            agency=agency,
            serial_number=f"pl-{n:04d}",
            manufacturer="ruger",
            recovery_date=recovered.isoformat(),
        )
        submitted = trace.recovery_date + timedelta(days=(lag_before if before else lag_after) + n % 7)
        dates.append((trace.pk, _at(submitted), _at(submitted + timedelta(days=20 if before else 4))))
        if designated and before and n % 2:
            senders.append((trace.pk, designated.pk))
    update_rows(Trace._meta.db_table, "id", ("submitted_at", "completed_at"), dates)
    update_rows(Trace._meta.db_table, "id", ("submitting_agency_id",), senders)
    facts_refresh_all()


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def test_periods_follow_the_policy_history(world, submit, agency_a):
    history(world, submit, agency_a, per_period=6, lag_before=30, lag_after=5)
    found = periods("MX")
    assert [p.policy for p in found] == ["central", "distributed"]
    assert found[0].end == found[1].start == CHANGE


def test_a_shorter_lag_after_the_change_clears_chance_and_the_reading_says_so(world, submit, agency_a):
    history(world, submit, agency_a, per_period=36, lag_before=30, lag_after=5)
    comparison = compare(scope=MX)
    before, after = comparison.result.rows
    assert (before["policy"], after["policy"], before["traces"], after["traces"]) == ("central", "distributed", 36, 36)
    assert before["lag_median_days"] > 30 and after["lag_median_days"] < 12
    assert before["lag_median_low"] <= before["lag_median_days"] <= before["lag_median_high"]
    assert after["lag_median_high"] < before["lag_median_low"]  # the periods' intervals do not overlap
    assert before["purchaser_rate"] == after["purchaser_rate"] == pytest.approx(1 / 3, abs=0.02)
    assert before["lead_days_median"] == 20 and after["lead_days_median"] == 4
    by_label = {str(row["label"]): row for row in changes(comparison)}
    lag = by_label["days from recovery to submission (median)"]
    assert lag["clears_zero"] and lag["change"].startswith("-")
    assert not by_label["purchaser-found rate"]["clears_zero"]  # planted the same in both periods
    with translation.override("es"):
        text = " ".join(reading(comparison))
    assert "<5 dependencias" in text  # one agency: suppressed in the sentence as in the table
    assert "no incluye el cero" in text and "no pueden mostrar" in text.lower() and "%(" not in text


def test_the_same_lag_in_both_periods_is_not_called_a_change(world, submit, agency_a):
    history(world, submit, agency_a, per_period=36, lag_before=10, lag_after=10)
    text = " ".join(reading(compare(scope=MX)))
    assert "includes zero" in text and "cannot tell it from chance" in text


def test_too_few_traces_say_so_instead_of_concluding(world, submit, agency_a):
    history(world, submit, agency_a, per_period=5, lag_before=30, lag_after=5)
    text = " ".join(reading(compare(scope=MX)))
    assert "too few" in text and "leaves out zero" not in text
    with translation.override("es"):
        assert "muy pocos para distinguir" in " ".join(reading(compare(scope=MX)))


def test_by_submitter_splits_each_period_between_own_and_designated_submissions(
    world, submit, agency_a, agency_b, settings
):
    settings.TRAZA_STATS_MIN_CELL = 1  # no suppression: the counts are what is checked
    history(world, submit, agency_a, per_period=12, lag_before=30, lag_after=5, designated=agency_b)
    result = compare(scope=MX, by=["submitter"]).result
    counts = {(row["policy"], row["submitter"]): (row["traces"], row["agencies"]) for row in result.rows}
    assert counts == {
        ("central", "self"): (6, 1),
        ("central", "designated"): (6, 1),  # agency B counted as the submitter
        ("distributed", "self"): (12, 1),
        ("distributed", "designated"): (0, 0),
    }
    whole = compare(scope=MX).result.rows
    assert whole[0]["agencies"] == 2


def test_the_policy_measure_is_suppressed_like_every_cross_agency_figure(world, submit, agency_a):
    history(world, submit, agency_a, per_period=3, lag_before=30, lag_after=5)
    result = measure("policy", scope=MX)
    assert result.suppressed_below == 5
    assert all(row["traces"] is None and row["lag_median_days"] is None for row in result.rows)
    assert changes(compare(scope=MX)) == []


def test_the_page_is_for_coordinators_and_auditors(world, submit, agency_a, coordinator_mx, auditor_a, officer_a):
    history(world, submit, agency_a, per_period=6, lag_before=30, lag_after=5)
    page = browser(coordinator_mx).get("/stats/policy/", {"start": "01/06/2022"})
    content = page.content.decode()
    assert page.status_code == 200
    assert "What the figures say" in content and "Acuerdo 7/23" in content
    assert "What changed from one period to the next" in content and "policy-submitters-" in content
    assert browser(auditor_a).get("/stats/policy/").status_code == 200
    assert browser(officer_a).get("/stats/policy/").status_code == 404
    assert browser(coordinator_mx).get("/stats/policy/", {"start": "2024-13-45"}).status_code == 400


def test_the_comparison_is_computed_once_per_version_of_the_facts(
    world, submit, agency_a, django_assert_max_num_queries
):
    history(world, submit, agency_a, per_period=6, lag_before=30, lag_after=5)
    scope = Scope(COUNTRY, country="MX")
    first = compare(scope=scope)
    with django_assert_max_num_queries(3):
        again = compare(scope=scope)
    assert again.result.rows == first.result.rows
    submit(agency=agency_a, serial_number="PL-NEW", manufacturer="Colt", recovery_date="2024-06-01")
    assert compare(scope=scope).result.rows != first.result.rows

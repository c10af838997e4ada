"""The measures, on traces resolved by the real engine: breakdowns, rates, medians, suppression, scopes."""

from datetime import date

import pytest
from django.utils import translation

from traza.stats.measures import Filters, UnknownBreakdown, measure, overdue_queries
from traza.stats.scopes import AGENCY, COUNTRY, SHARING, Scope, scope_for, scopes_for
from traza.tracing.models import Trace
from traza.tracing.tests.world import DEALER, DEALER_AZ, LICENSEE_NAMES, RUGER, SMITH, WHOLESALER, chain, purchase

pytestmark = pytest.mark.django_db


def hops(*numbers):
    return [(number, LICENSEE_NAMES[number][0]) for number in numbers]


@pytest.fixture
def traced(world, submit, agency_a, agency_c):
    """Seven guns: five of agency A (three to a purchaser in Texas, one dealer in Arizona, one never found)."""
    for n, (made, sold_to) in enumerate([("2021-01-10", "4473-1"), ("2022-06-01", "4473-2"), ("2015-01-01", "4473-3")]):
        world("dispositions", chain(f"RG-{n}", "RUGER", hops(RUGER, WHOLESALER, DEALER), made=made, ref=sold_to))
        world("purchases", [purchase(DEALER, sold_to, "GARCIA", "JUAN")])
    world("dispositions", chain("SW-9", "SMITH & WESSON", hops(SMITH, DEALER_AZ), made="2020-02-02", ending="sale"))
    a = [
        submit(serial_number="RG0", manufacturer="Ruger", recovery_date="2022-05-01", crime_code="0911"),
        submit(serial_number="rg-1", manufacturer="RUGER", recovery_date="2023-01-20", crime_code="0911"),
        submit(serial_number="RG 2", manufacturer="ruger", recovery_date="2023-01-25", crime_code="5299"),
        submit(serial_number="sw9", manufacturer="S&W", recovery_date="2023-01-30"),
        submit(serial_number="XX-1", manufacturer="Glock", recovery_date="2023-02-02"),
    ]
    c = [
        submit(agency=agency_c, serial_number=f"CC-{n}", manufacturer="Colt", recovery_date="2023-03-03")
        for n in range(2)
    ]
    return a, c


def own(agency) -> Scope:
    return Scope(AGENCY, country="MX", agency_id=agency.pk)


def test_traces_by_month_and_status(traced, agency_a):
    result = measure("traces", scope=own(agency_a), by=["month", "status"])
    by_key = {(row["month"], row["status"]): row["traces"] for row in result.rows}
    assert by_key[(date(2023, 1, 1), Trace.Status.COMPLETED_PURCHASER)] == 2
    assert by_key[(date(2022, 5, 1), Trace.Status.COMPLETED_PURCHASER)] == 1
    assert sum(by_key.values()) == 5
    assert result.suppressed_below is None and not any(result.suppressed)
    assert [c.key for c in result.columns] == ["month", "status", "status_name", "traces"]


def test_completion_rates_and_times(traced, agency_a):
    row = measure("completion", scope=own(agency_a), by=["agency"]).rows[0]
    assert row["agency_code"] == agency_a.code
    assert row["traces"] == 5
    assert row["purchaser_found"] == 3
    assert row["purchaser_rate"] == round(3 / row["final"], 4)
    assert row["complete_days_median"] == 0.0


def test_time_to_crime_in_atf_categories_with_median_and_shares(traced, agency_a):
    categories = {r["ttc_category"]: r["with_ttc"] for r in measure("ttc", scope=own(agency_a)).rows}
    # Retail sales and recoveries: RG-1 143 days, RG-0 386, SW-9 (a dealer's sale with no 4473) 1,033, RG-2 2,856
    assert categories == {"3-7m": 1, "1-2y": 1, "2-3y": 1, "3y+": 1}
    overall = measure("ttc", scope=own(agency_a), by=["agency"]).rows[0]
    assert overall["with_ttc"] == 4
    assert overall["ttc_median_days"] == round((386 + 1033) / 2)
    assert overall["under_1y_share"] == 0.25
    assert overall["under_3y_share"] == 0.75


def test_sources_and_flows(traced, agency_a):
    sources = {r["source_state"]: r for r in measure("sources", scope=own(agency_a)).rows}
    assert sources["US-TX"]["traces"] == 3 and sources["US-TX"]["source_state_name"] == "Texas"
    assert sources["US-TX"]["source_state_code"] == "48"
    flows = measure("flows", scope=own(agency_a)).rows
    assert {(r["source_state"], r["state"], r["traces"]) for r in flows} >= {("US-TX", "MX-SIN", 3)}
    origins = {r["origin"]: r["traces"] for r in measure("sources", scope=own(agency_a), by=["origin"]).rows}
    assert origins["us"] >= 3 and sum(origins.values()) == 5


def test_filters_narrow_the_figures(traced, agency_a):
    scope = own(agency_a)
    assert sum(r["traces"] for r in measure("traces", scope=scope, filters=Filters(crime_code="0911")).rows) == 2
    january = Filters(start=date(2023, 1, 1), end=date(2023, 1, 31))
    assert sum(r["traces"] for r in measure("traces", scope=scope, filters=january).rows) == 3
    top = measure("traces", scope=scope, by=["make"], filters=Filters(limit=1)).rows
    assert (top[0]["make_name"], top[0]["traces"]) == ("Ruger", 3)


def test_an_agency_sees_only_its_own_and_a_country_sees_small_cells_suppressed(traced, agency_a, agency_c):
    assert sum(r["traces"] for r in measure("traces", scope=own(agency_c)).rows) == 2
    country = measure("traces", scope=Scope(COUNTRY, country="MX"), by=["agency"])
    cells = {r["agency_code"]: r["traces"] for r in country.rows}
    assert cells == {agency_a.code: 5, agency_c.code: None}
    assert country.suppressed_below == 5
    assert [sorted(mark) for mark in country.suppressed] == [[], ["traces"]] or [
        sorted(mark) for mark in country.suppressed
    ] == [["traces"], []]


def test_a_rate_over_a_small_group_is_suppressed_with_its_count(traced, agency_c):
    row = measure("completion", scope=Scope(COUNTRY, country="MX"), by=["agency"]).rows
    small = next(r for r in row if r["agency_code"] == agency_c.code)
    assert small["traces"] is None and small["completion_rate"] is None


def test_who_reads_which_scope(officer_a, coordinator_mx, auditor_a, officer_c, sharing_ac, sysadmin, industry):
    assert [s.name for s in scopes_for(officer_a)] == [AGENCY, SHARING]
    assert [s.name for s in scopes_for(coordinator_mx)] == [COUNTRY]
    assert [s.name for s in scopes_for(auditor_a)] == [COUNTRY]
    assert scopes_for(sysadmin) == [] and scopes_for(industry) == []
    assert scope_for(officer_a, COUNTRY).name == AGENCY
    assert scope_for(officer_c, SHARING).agency_ids == {officer_a.agency_id, officer_c.agency_id}


def test_a_breakdown_a_measure_lacks_is_refused(traced, agency_a):
    with pytest.raises(UnknownBreakdown):
        measure("coverage", scope=own(agency_a), by=["crime_code"])


def test_headers_and_names_are_in_the_readers_language(traced, agency_a):
    with translation.override("es"):
        result = measure("traces", scope=own(agency_a), by=["status"])
        assert str(result.column("traces").label) == "rastreos"
        assert "comprador" in next(r["status_name"] for r in result.rows if r["status"] == "completed_purchaser")


def test_overdue_queries_by_licensee(world, submit, agency_a):
    from traza.tracing.tests.world import PAPER_DEALER

    world("dispositions", chain("PP-1", "RUGER", hops(RUGER, PAPER_DEALER))[:1])
    trace = submit(serial_number="PP1", manufacturer="Ruger")
    result = overdue_queries(scope=own(agency_a))
    assert trace.status == Trace.Status.IN_PROGRESS
    assert [(r["dealer_name"], r["open"]) for r in result.rows] == [("OLD PUEBLO FIREARMS", 1)]


def test_total_gives_one_row_for_everything_kept(traced, agency_a):
    result = measure("completion", scope=own(agency_a), by=["total"])
    assert len(result.rows) == 1 and result.rows[0]["traces"] == 5
    assert [c.key for c in result.columns][0] == "traces"


def test_submission_lag_in_steps(traced, agency_a):
    from traza.stats.models import TraceFact

    TraceFact.objects.filter(trace__in=traced[0][:2]).update(lag_days=3)
    TraceFact.objects.filter(trace__in=traced[0][2:4]).update(lag_days=45)
    TraceFact.objects.filter(trace=traced[0][4]).update(lag_days=400)
    rows = {r["lag_category"]: r["traces"] for r in measure("lag", scope=own(agency_a), by=["lag_category"]).rows}
    assert rows == {"0-7d": 2, "31-90d": 2, "1y+": 1}
    median = measure("lag", scope=own(agency_a), by=["total"]).rows[0]
    assert (median["lag_median_days"], median["lag_p90_days"]) == (45, round(45 + 0.6 * (400 - 45), 1))

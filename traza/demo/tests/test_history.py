"""The demo world's history: Mexico's policy change, submissions spread over time, coverage and custody cases."""

import csv
import shutil
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from statistics import median
from zoneinfo import ZoneInfo

import pytest

from traza.agencies.models import AccessPolicy, Agency
from traza.agencies.selectors.agencies import access_policy_at
from traza.demo.services import DemoLoadError, demo_history_apply, demo_load
from traza.demo.world import generate
from traza.demo.world.history import LAST_SUBMISSION, POLICY_CHANGE, POLICY_HOUR
from traza.industry.models import LicenseeQuery
from traza.tracing.models import Seizure, Trace

CHANGE = datetime.combine(POLICY_CHANGE, time(POLICY_HOUR), tzinfo=UTC)


def read(directory: Path, name: str) -> list[dict[str, str]]:
    with (directory / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def lag_days(trace: Trace) -> float:
    return (trace.submitted_at - datetime.combine(trace.recovery_date, datetime.min.time(), tzinfo=UTC)).days


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("history")
    generate(size="small", seed=23, directory=directory)
    return directory


@pytest.fixture
def loaded(catalog, world) -> Path:
    demo_load(directory=world)
    return world


# ----- the files


def test_the_policy_changes_inside_the_span_of_recoveries(world):
    recoveries = sorted(date.fromisoformat(row["recovery_date"]) for row in read(world, "trace_requests"))
    assert recoveries[0] < POLICY_CHANGE < recoveries[-1]
    policies = [(row["country"], row["policy"], row["effective_at"][:10]) for row in read(world, "policies")]
    assert ("MX", "central", "2023-01-02") in policies
    assert ("MX", "distributed", POLICY_CHANGE.isoformat()) in policies
    assert [policy for country, policy, _day in policies if country == "US"] == ["distributed"]


def test_every_request_has_its_history_and_only_central_ones_a_submitting_agency(world):
    requests = {(row["agency_code"], row["request_ref"]): row for row in read(world, "trace_requests")}
    history = {(row["agency_code"], row["request_ref"]): row for row in read(world, "history")}
    assert history.keys() == requests.keys()
    via = [(requests[key], row) for key, row in history.items() if row["submitted_by"]]
    assert len(via) > 20
    for request, row in via:
        assert request["recovery_country"] == "MX"
        assert datetime.fromisoformat(row["submitted_at"]) < CHANGE
        assert row["submitted_by"].startswith("MXFGR") and row["submitted_by"] != row["agency_code"]
    for key, row in history.items():
        submitted = datetime.fromisoformat(row["submitted_at"])
        assert date.fromisoformat(requests[key]["recovery_date"]) <= submitted.date() <= LAST_SUBMISSION


def test_coverage_varies_by_agency_and_rises_after_the_change(world):
    traced = {(row["agency_code"], row["seizure_ref"], row["seizure_item"]) for row in read(world, "trace_requests")}
    by_agency, by_period = defaultdict(list), defaultdict(list)
    for row in read(world, "seizures"):
        hit = (row["agency_code"], row["seizure_ref"], row["item_no"]) in traced
        by_agency[row["agency_code"]].append(hit)
        by_period[date.fromisoformat(row["seizure_date"]) >= POLICY_CHANGE].append(hit)
    shares = [sum(hits) / len(hits) for hits in by_agency.values() if len(hits) >= 15]
    assert max(shares) - min(shares) > 0.15
    assert sum(shares) / len(shares) < 0.5, "most Mexican agencies trace a minority of what they seize"
    before, after = (sum(by_period[p]) / len(by_period[p]) for p in (False, True))
    assert after > 1.2 * before, (before, after)


def test_some_traced_guns_are_missing_from_their_agencys_own_inventory(world):
    inventory = {(row["agency_code"], row["seizure_ref"], row["item_no"]) for row in read(world, "seizures")}
    missing = [
        row
        for row in read(world, "trace_requests")
        if row["seizure_ref"]
        and (row["agency_code"], row["seizure_ref"], row["seizure_item"]) not in inventory
        and not row["agency_code"].startswith("MXFGR")
    ]
    assert len(missing) >= 3


# ----- loaded


@pytest.mark.django_db
def test_the_policy_history_is_loaded_and_read_by_date(loaded):
    assert AccessPolicy.objects.filter(country_id="MX").count() == 2
    assert access_policy_at("MX", CHANGE - timedelta(days=30)) == AccessPolicy.Policy.CENTRAL
    assert access_policy_at("MX", CHANGE + timedelta(days=1)) == AccessPolicy.Policy.DISTRIBUTED
    assert access_policy_at("US", CHANGE - timedelta(days=30)) == AccessPolicy.Policy.DISTRIBUTED
    designated = set(Agency.objects.filter(designated=True).values_list("code", flat=True))
    submitters = set(
        Trace.objects.filter(submitting_agency__isnull=False).values_list("submitting_agency__code", flat=True)
    )
    assert submitters and submitters <= designated
    assert all(code.startswith("MXFGR") for code in designated)


@pytest.mark.django_db
def test_under_central_mexican_guns_reach_traza_later_through_the_designated_agency(loaded):
    mexican = list(
        Trace.objects.filter(agency__country_id="MX", agency__designated=False).exclude(status=Trace.Status.DUPLICATE)
    )
    central = [t for t in mexican if t.submitted_at < CHANGE]
    distributed = [t for t in mexican if t.recovery_date >= POLICY_CHANGE]
    assert all(t.submitting_agency_id for t in central)
    assert not any(t.submitting_agency_id for t in mexican if t.submitted_at >= CHANGE)
    assert median(map(lag_days, central)) > 2 * median(map(lag_days, distributed))
    assert sum(map(lag_days, central)) / len(central) > sum(map(lag_days, distributed)) / len(distributed)
    slow_after = [t for t in distributed if lag_days(t) > 20]
    assert slow_after, "not every agency changes its habits"
    spill = [t for t in mexican if t.recovery_date < POLICY_CHANGE <= t.submitted_at.date()]
    assert spill and not any(t.submitting_agency_id for t in spill)


@pytest.mark.django_db
def test_submissions_are_spread_over_time_and_dates_are_consistent(loaded):
    traces = list(Trace.objects.all())
    assert len({t.submitted_at.date() for t in traces}) > 200
    for trace in traces:
        assert trace.submitted_at.date() >= trace.recovery_date, trace.request_ref
        assert trace.resolved_at >= trace.submitted_at
        if trace.is_final:
            assert trace.completed_at == trace.resolved_at
            assert trace.completed_at - trace.submitted_at < timedelta(hours=1), "records in Traza answer in minutes"
        else:
            assert trace.completed_at is None
    queries = LicenseeQuery.objects.select_related("trace")
    assert queries.exists()
    for query in queries:
        assert query.created_at == query.trace.resolved_at
        assert query.due_at == query.created_at + timedelta(hours=24)
        assert query.closed_at is None or query.closed_at >= query.created_at


#: Where each US state's offices keep their clocks (the test's own table); El Paso County keeps mountain time.
US_CLOCKS = {"TX": "America/Chicago", "AZ": "America/Phoenix", "CA": "America/Los_Angeles", "NM": "America/Denver"}
US_CLOCKS |= {"IL": "America/Chicago", "DC": "America/New_York", "48141": "America/Denver"}


@pytest.mark.django_db
def test_requests_go_in_in_office_hours_of_the_submitting_agency_and_few_at_night_or_on_weekends(loaded):
    agencies = {row["agency_code"]: row for row in read(loaded, "agencies")}

    def clock(code: str) -> ZoneInfo:
        agency = agencies[code]
        if agency["country"] == "MX":
            return ZoneInfo("America/Mexico_City")
        return ZoneInfo(US_CLOCKS.get(agency["municipality"]) or US_CLOCKS[agency["state"]])

    traces = Trace.objects.select_related("agency", "submitting_agency")
    local = [t.submitted_at.astimezone(clock((t.submitting_agency or t.agency).code)) for t in traces]
    office = [moment for moment in local if moment.weekday() < 5 and 8 <= moment.hour < 19]
    nights = [moment for moment in local if not 8 <= moment.hour < 19]
    weekends = [moment for moment in local if moment.weekday() >= 5]
    assert len(office) >= 0.85 * len(local), Counter(moment.hour for moment in local)
    assert 0.01 * len(local) <= len(nights) <= 0.12 * len(local)
    assert 0 < len(weekends) <= 0.06 * len(local)
    assert any(moment.hour < 6 for moment in nights) and any(moment.hour >= 19 for moment in nights)
    assert {agencies[t.agency.code]["state"] for t in traces} >= {"AZ", "CA", "NM", "TX"}, "every US time zone"


@pytest.mark.django_db
def test_custody_cases_a_seized_gun_recovered_again_and_guns_traced_twice(loaded):
    # Guns traced to their buyer: real serials, not the "S/N" of homemade guns many inventories share.
    sold = Trace.objects.filter(status=Trace.Status.COMPLETED_PURCHASER)
    seized_again = {
        (seized.serial_key, seized.agency_id, trace.agency_id)
        for trace in sold
        for seized in Seizure.objects.filter(serial_key=trace.serial_key, make_id=trace.make_id)
        if seized.agency_id != trace.agency_id and trace.recovery_date - seized.seizure_date >= timedelta(days=85)
    }
    assert len(seized_again) >= 3
    by_gun = defaultdict(list)
    for trace in sold:
        by_gun[(trace.serial_key, trace.make_id)].append((trace.recovery_date, trace.agency_id))
    far_apart = [gun for gun, found in by_gun.items() if max(found)[0] - min(found)[0] > timedelta(days=290)]
    assert len(far_apart) >= 2


@pytest.mark.django_db
def test_applying_the_history_again_changes_nothing(loaded):
    fields = ("id", "submitted_at", "resolved_at", "completed_at", "submitting_agency_id")
    before = list(Trace.objects.order_by("id").values_list(*fields))
    queries = list(LicenseeQuery.objects.order_by("id").values_list("id", "created_at", "due_at", "closed_at"))
    policies = AccessPolicy.objects.count()
    assert demo_history_apply(directory=loaded) == len(before)
    assert list(Trace.objects.order_by("id").values_list(*fields)) == before
    assert list(LicenseeQuery.objects.order_by("id").values_list("id", "created_at", "due_at", "closed_at")) == queries
    assert AccessPolicy.objects.count() == policies


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("submitted_at", "31/02/2024 10:00", "submitted_at"),
        ("submitted_at", "2024-03-02T10:00:00", "submitted_at"),
        ("request_ref", "SOL-2024-9999X", "request_ref"),
        ("submitted_by", "MXFGR9900", "submitted_by"),
        ("hours_to_complete", "0,5", "hours_to_complete"),
    ],
    ids=["day-first date", "no time zone", "unknown request", "unknown agency", "decimal comma"],
)
def test_a_bad_history_row_is_refused_by_line_and_column_and_changes_nothing(loaded, tmp_path, column, value, words):
    directory = Path(shutil.copytree(loaded, tmp_path / "world"))
    rows = read(directory, "history")
    rows[5][column] = value
    with (directory / "history.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = list(Trace.objects.order_by("id").values_list("id", "submitted_at", "submitting_agency_id"))
    with pytest.raises(DemoLoadError, match=f"line 7, {words}"):
        demo_history_apply(directory=directory)
    assert list(Trace.objects.order_by("id").values_list("id", "submitted_at", "submitting_agency_id")) == before


@pytest.mark.django_db
def test_the_statistics_see_the_history_not_the_time_of_the_import(loaded):
    from traza.stats.models import TraceFact

    dated = Trace.objects.filter(submitting_agency__isnull=False)
    assert TraceFact.objects.filter(submitter__isnull=False).count() == dated.count() > 0
    trace = dated.first()
    fact = TraceFact.objects.get(trace_id=trace.pk)
    assert (fact.policy, fact.lag_days) == ("central", (trace.submitted_at.date() - trace.recovery_date).days)
    lags = {
        policy: median(TraceFact.objects.filter(country="MX", policy=policy).values_list("lag_days", flat=True))
        for policy in ("central", "distributed")
    }
    assert lags["central"] > 2 * lags["distributed"], lags

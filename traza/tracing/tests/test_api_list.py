"""GET /api/v1/traces/: the agency's traces, filtered, ordered and paged."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from traza.agencies.tests.factories import api_client
from traza.catalog.models import Make, Municipality
from traza.tracing.tests.api_support import filtered_traces, submit

URL = "/api/v1/traces/"


@pytest.fixture
def traces(load, agency_a, agency_b, officer_a, catalog):
    return filtered_traces(load, agency_a, agency_b)


def numbers(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {row["number"] for row in response.json()["results"]}


def expect(traces, *names: str) -> set[str]:
    return {traces[name].number for name in names}


@pytest.mark.django_db
def test_each_agency_lists_its_own_traces_only(traces, officer_a, officer_b, sysadmin):
    assert numbers(api_client(officer_a).get(URL)) == expect(traces, "found", "urgent", "obliterated")
    assert numbers(api_client(officer_b).get(URL)) == expect(traces, "theirs")
    assert numbers(api_client(officer_b).get(URL, {"serial": "RG12345"})) == expect(traces, "theirs")
    assert numbers(api_client(sysadmin).get(URL)) == set()


@pytest.mark.django_db
def test_each_filter(traces, officer_a, catalog):
    ruger = traces["found"]
    filters = {
        "status": ("completed_purchaser", {"found"}),
        "status_reason": ("obliterated", {"obliterated"}),
        "priority": ("urgent", {"urgent"}),
        "indicator": ("obliterated_serial", {"obliterated"}),
        "recovery_date_from": ("2022-01-01", {"found", "urgent"}),
        "recovery_date_to": ("2021-12-31", {"obliterated"}),
        "submitted_from": ("2025-01-01", {"found", "urgent"}),
        "submitted_to": ("2024-12-31", {"obliterated"}),
        "make_id": (ruger.make_id, {"found", "obliterated"}),
        "make": ("S&W", {"urgent"}),
        "caliber_id": (ruger.caliber_ref_id, {"found", "obliterated"}),
        "caliber": ("38 Special", {"urgent"}),
        "recovery_country": ("mx", {"found", "urgent", "obliterated"}),
        "recovery_state": ("MX-CHH", {"urgent"}),
        "recovery_municipality": ("25006", {"found"}),
        "recovery_municipality_id": (Municipality.objects.get(country="MX", code="25006").pk, {"found"}),
        "serial": ("rg 12345", {"found"}),
        "request_ref": ("A-2", {"urgent"}),
    }
    client = api_client(officer_a)

    for name, (value, expected) in filters.items():
        assert numbers(client.get(URL, {name: value})) == expect(traces, *expected), name


@pytest.mark.django_db
def test_choice_filters_take_several_values(traces, officer_a):
    client = api_client(officer_a)

    commas = client.get(URL, {"status": "completed_purchaser,not_traced"})
    repeated = client.get(f"{URL}?status=completed_purchaser&status=not_traced")

    assert numbers(commas) == numbers(repeated) == expect(traces, "found", "urgent", "obliterated")


@pytest.mark.django_db
def test_filters_combine(traces, officer_a):
    response = api_client(officer_a).get(URL, {"make": "Ruger", "recovery_date_from": "2022-01-01"})

    assert numbers(response) == expect(traces, "found")


@pytest.mark.django_db
def test_dates_are_read_iso_or_day_first_as_the_leads_read_them(traces, officer_a):
    client = api_client(officer_a)

    day_first = client.get(URL, {"recovery_date_from": "01/02/2022", "recovery_date_to": "1/5/2022"})
    iso = client.get(URL, {"recovery_date_from": "2022-02-01", "recovery_date_to": "2022-05-01"})

    assert numbers(day_first) == numbers(iso) == expect(traces, "found")


@pytest.mark.django_db
def test_a_make_nobody_has_finds_nothing(traces, officer_a):
    assert Make.objects.filter(name="Glock").exists()

    assert numbers(api_client(officer_a).get(URL, {"make": "Glock"})) == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "lost"}, "status"),
        ({"make_id": "ruger"}, "make_id"),
        ({"recovery_date_from": "31/02/2022"}, "recovery_date_from"),
        ({"ordering": "serial_number"}, "ordering"),
    ],
)
def test_a_value_that_cannot_be_read_is_a_400_naming_the_parameter(traces, officer_a, params, field):
    response = api_client(officer_a).get(URL, params)

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


@pytest.mark.django_db
def test_ordering(traces, officer_a):
    client = api_client(officer_a)

    by_date = client.get(URL, {"ordering": "recovery_date"}).json()["results"]
    newest_first = client.get(URL, {"ordering": "-recovery_date"}).json()["results"]

    assert [row["recovery_date"] for row in by_date] == ["2021-01-01", "2022-05-01", "2023-03-01"]
    assert [row["number"] for row in newest_first] == [row["number"] for row in reversed(by_date)]


@pytest.mark.django_db
def test_paging(traces, officer_a):
    page = api_client(officer_a).get(URL, {"page_size": 2}).json()

    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert "page=2" in page["next"]


@pytest.mark.django_db
def test_a_row_shows_the_result_without_personal_data(traces, officer_a):
    row = next(r for r in api_client(officer_a).get(URL).json()["results"] if r["request_ref"] == "A-1")

    assert row["status"] == "completed_purchaser"
    assert row["url"].endswith(f"/api/v1/traces/{traces['found'].number}/")
    assert set(row["indicators"]) == {"short_ttc", "purchaser_not_possessor", "cross_border"}
    assert "purchaser_id" not in row
    assert not any(key.startswith("possessor") for key in row)


@pytest.mark.django_db
def test_a_page_costs_the_same_queries_whatever_its_length(traces, agency_a, officer_a):
    client = api_client(officer_a)
    client.get(URL)  # the token's first use is written down; later calls within the minute are not
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for number in range(6):
        submit(agency_a, request_ref=f"MORE-{number}", recovery_date=f"2022-06-{number + 1:02d}")

    with CaptureQueriesContext(connection) as more:
        assert len(client.get(URL).json()["results"]) == 9

    assert len(more) == len(few)

"""/traces/ and /traces/traces.csv: the agency's traces, filtered, sorted, paged and downloaded."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from traza.tracing.exports import TRACE_COLUMNS
from traza.tracing.models import Trace
from traza.tracing.tests.api_support import BUYER, filtered_traces, submit
from traza.tracing.tests.pages_support import browser

URL = "/traces/"
CSV = "/traces/traces.csv"


@pytest.fixture
def traces(load, agency_a, agency_b):
    return filtered_traces(load, agency_a, agency_b)


def listed(user, **params) -> list[str]:
    """The trace numbers the list shows, in order."""
    response = browser(user).get(URL, params)
    assert response.status_code == 200
    links = response.content.decode().split('<a href="/traces/T')[1:]
    return ["T" + link.split("/")[0] for link in links]


def downloaded(user, **params) -> list[dict]:
    response = browser(user).get(CSV, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="traces-')
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def numbers(traces, *names: str) -> set[str]:
    return {traces[name].number for name in names}


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in():
    for url in (URL, CSV):
        assert browser().get(url).status_code == 302


@pytest.mark.django_db
def test_each_agency_lists_and_downloads_its_own_traces_only(traces, officer_a, officer_b):
    assert set(listed(officer_a)) == numbers(traces, "found", "urgent", "obliterated")
    assert set(listed(officer_b)) == numbers(traces, "theirs")
    assert set(listed(officer_b, serial="RG12345")) == numbers(traces, "theirs")
    assert {row["trace_number"] for row in downloaded(officer_b)} == numbers(traces, "theirs")
    assert {row["trace_number"] for row in downloaded(officer_b, serial="RG12345")} == numbers(traces, "theirs")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "completed_purchaser"}, {"found"}),
        ({"priority": "urgent"}, {"urgent"}),
        ({"indicator": "obliterated_serial"}, {"obliterated"}),
        ({"recovery_date_from": "2022-01-01", "recovery_date_to": "2022-12-31"}, {"found"}),
        ({"make": "S&W"}, {"urgent"}),
        ({"caliber": "9mm"}, {"found", "obliterated"}),
        ({"recovery_state": "MX-SON"}, {"obliterated"}),
        ({"recovery_state": "MX-SIN", "recovery_municipality": "25006"}, {"found"}),
        ({"serial": "rg 12345"}, {"found"}),
    ],
)
def test_the_filters_narrow_the_list_and_the_download_alike(traces, officer_a, params, expected):
    assert set(listed(officer_a, **params)) == numbers(traces, *expected)
    assert {row["trace_number"] for row in downloaded(officer_a, **params)} == numbers(traces, *expected)


@pytest.mark.django_db
def test_the_download_has_the_traces_csv_columns_and_no_personal_data(traces, officer_a):
    response = browser(officer_a).get(CSV, {"status": "completed_purchaser"})
    text = b"".join(response.streaming_content).decode()

    assert text.splitlines()[0] == ",".join(TRACE_COLUMNS)
    assert not any(name in text for name in ("RAMIREZ", "PEDRO", *BUYER))
    (row,) = csv.DictReader(io.StringIO(text))
    assert (row["trace_number"], row["status"], row["recovery_state"]) == (
        traces["found"].number,
        "completed_purchaser",
        "MX-SIN",
    )


@pytest.mark.django_db
def test_the_download_link_carries_the_filters_but_not_the_page_or_order(traces, officer_a):
    html = browser(officer_a).get(URL, {"priority": "urgent", "ordering": "status", "page": "1"}).content.decode()

    assert 'href="/traces/traces.csv?priority=urgent"' in html


@pytest.mark.django_db
def test_a_filter_that_cannot_be_read_is_shown_next_to_it(traces, officer_a):
    response = browser(officer_a).get(URL, {"recovery_date_from": "yesterday"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_recovery_date_from_error"' in html and "Must be a date: YYYY-MM-DD." in html
    assert 'value="yesterday"' in html
    assert browser(officer_a).get(CSV, {"recovery_date_from": "yesterday"}).status_code == 400


@pytest.mark.django_db
def test_a_filter_the_page_does_not_show_is_named_in_its_error(traces, officer_a):
    response = browser(officer_a).get(URL, {"make_id": "²", "status": "completed_purchaser"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "make_id: Must be a whole number." in html
    assert 'name="make_id"' not in html and 'name="submitted_from"' not in html


@pytest.mark.django_db
def test_the_column_headers_sort_and_say_how(traces, officer_a):
    client = browser(officer_a)

    newest_first = client.get(URL).content.decode()
    assert '<th scope="col" aria-sort="descending"><a href="?ordering=submitted_at"' in newest_first
    assert '<a href="?ordering=recovery_date"' not in newest_first
    assert '<a href="?ordering=-recovery_date"' in newest_first

    assert listed(officer_a, ordering="recovery_date") == [
        traces[name].number for name in ("obliterated", "found", "urgent")
    ]
    oldest_first = client.get(URL, {"ordering": "recovery_date", "priority": "urgent"}).content.decode()
    assert 'aria-sort="ascending"><a href="?priority=urgent&amp;ordering=-recovery_date"' in oldest_first


@pytest.mark.django_db
def test_the_list_pages_fifty_at_a_time(agency_a, officer_a):
    for index in range(51):
        submit(agency_a, request_ref=f"P-{index}", serial_number=f"P{index:04d}")

    first = browser(officer_a).get(URL).content.decode()
    second = browser(officer_a).get(URL, {"page": "2"}).content.decode()

    assert first.count("<tr>") - 1 == 50 and "Page 1 of 2" in first and "?page=2" in first
    assert second.count("<tr>") - 1 == 1 and "Page 2 of 2" in second and "?page=1" in second
    assert "51 traces" in first


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_five_traces_as_for_fifty(agency_a, officer_a):
    client = browser(officer_a)
    client.get(URL)

    def queries() -> int:
        client.get(URL)  # the session's last-seen time is written at most once a minute: not in the count
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    for index in range(5):
        submit(agency_a, request_ref=f"Q-{index}", serial_number=f"Q{index:04d}", recovery_municipality="25006")
    five = queries()
    for index in range(5, 50):
        submit(agency_a, request_ref=f"Q-{index}", serial_number=f"Q{index:04d}", recovery_municipality="25006")
    assert queries() == five
    assert Trace.objects.count() == 50

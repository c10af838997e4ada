"""The list of traces, in the pages and the API, asks the database the same number of questions for a page
of 2 traces as for a page of 12."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from traza.agencies.tests.factories import api_client
from traza.tracing.tests.api_support import load_records, submit
from traza.tracing.tests.pages_support import browser


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/traces/", "/api/v1/traces/", "/", "/traces/traces.csv"])
def test_a_longer_list_asks_no_more_questions(url, load, agency_a, officer_a):
    client = api_client(officer_a) if url.startswith("/api/") else browser(officer_a)
    load_records(load)
    for n in range(2):
        submit(agency_a, request_ref=f"A-{n}", recovery_date=f"2022-05-0{n + 1}")
    queries(client, url)  # the session's first request
    few = queries(client, url)
    for n in range(2, 12):
        submit(agency_a, request_ref=f"A-{n}", recovery_date=f"2022-06-{n + 1:02d}")
    many = queries(client, url)

    assert many == few, (few, many)

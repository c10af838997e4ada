"""The public statistics: off by default (404 for everyone), on for everyone with TRAZA_PUBLIC_STATS, suppressed."""

import csv
import io

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
PERSONAS = ("officer_a", "supervisor_a", "auditor_a", "officer_b", "analyst", "coordinator_mx", "industry", "sysadmin")
URLS = ("/public/stats/", "/public/stats/traces.csv", "/public/stats/coverage.csv?country=MX")


@pytest.fixture
def people(request):
    return [None, *(request.getfixturevalue(name) for name in PERSONAS)]


def answers(people) -> set[int]:
    found = set()
    for person in people:
        client = Client()
        if person is not None:
            client.force_login(person)
        found |= {client.get(url).status_code for url in URLS}
    return found


def test_switched_off_every_person_and_url_gets_404(people, settings):
    settings.TRAZA_PUBLIC_STATS = False
    assert answers(people) == {404}


def test_switched_on_everyone_reads_the_same_suppressed_figures(people, settings, submit, agency_a):
    settings.TRAZA_PUBLIC_STATS = True
    for n in range(7):
        submit(serial_number=f"PUB-{n:04d}", manufacturer="Colt", recovery_date=f"2024-03-0{n + 1}")
    submit(serial_number="PUB-LONE", manufacturer="Colt", recovery_date="2024-05-05")
    assert answers(people) == {200}
    page = Client().get("/public/stats/").content.decode()
    assert "not a random sample" in page and "PUB-" not in page and agency_a.code not in page
    assert "where the trace stands today" in page and "by state of seizure" in page  # each table says what it shows
    rows = list(csv.reader(io.StringIO(Client().get("/public/stats/traces.csv").content.decode("utf-8-sig"))))
    may = [row for row in rows[1:] if row and row[0] == "2024-05-01"]
    assert may and all(row[-1] == "<5" for row in may)  # one trace: never shown as a count
    assert Client().get("/public/stats/nonsense.csv").status_code == 404
    assert Client().get("/public/stats/?country=ZZ").status_code == 404

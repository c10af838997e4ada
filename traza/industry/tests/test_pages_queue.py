"""The analysts' queue of licensee queries: their country's, overdue first, urgent before routine, filtered, paged."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from traza.industry.models import Licensee, LicenseeQuery
from traza.tracing.tests.pages_support import browser
from traza.tracing.tests.world import PAPER_DEALER, rds

URL = reverse("query-list")


def trace_numbers(page: str) -> list[str]:
    return re.findall(r"T\d{12}", page)


@pytest.mark.django_db
def test_the_analyst_sees_their_countrys_queries_overdue_first_then_urgent(world, analyst, agency_c):
    Licensee.objects.filter(rds_key=rds(PAPER_DEALER)).update(voice_phone="5205550100", premise_city="TUCSON")

    response = browser(analyst).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert trace_numbers(page) == [world.overdue.number, world.urgent.number, world.routine.number]
    assert agency_c.code in page  # the urgent trace is agency C's
    assert "OLD PUEBLO FIREARMS" in page and "9-86-019-01-7E-03003" in page
    assert 'href="tel:5205550100"' in page and "TUCSON, AZ" in page
    assert "overdue by 3" in page and "due in 23" in page
    assert "Records not in Traza" in page
    for trace in (world.routine, world.urgent, world.overdue):
        assert reverse("query-detail", args=[world.query(trace).pk]) in page


@pytest.mark.django_db
def test_a_routine_query_falls_behind_an_urgent_one_due_later(world, analyst):
    later = timezone.now() + timedelta(hours=30)
    LicenseeQuery.objects.filter(trace=world.urgent).update(due_at=later)

    page = browser(analyst).get(URL).content.decode()

    assert trace_numbers(page) == [world.overdue.number, world.urgent.number, world.routine.number]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"overdue": "true"}, ["overdue"]),
        ({"urgent": "true"}, ["urgent"]),
        ({"licensee_state": "az"}, ["urgent", "routine"]),
        ({"licensee_state": "TX", "overdue": "yes"}, ["overdue"]),
        ({"reason": "ambiguous"}, []),
        ({"overdue": "no"}, ["overdue", "urgent", "routine"]),
    ],
)
def test_the_filters_narrow_the_queue(world, analyst, filters, expected):
    page = browser(analyst).get(URL, filters).content.decode()

    assert trace_numbers(page) == [getattr(world, name).number for name in expected]


@pytest.mark.django_db
def test_a_filter_that_cannot_be_read_says_so(world, analyst):
    response = browser(analyst).get(URL, {"licensee_state": "ZZ", "overdue": "maybe"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "postal code" in page and "Must be yes or no" in page
    assert not trace_numbers(page)


@pytest.mark.django_db
def test_answered_queries_leave_the_queue(world, analyst):
    LicenseeQuery.objects.filter(trace=world.routine).update(status=LicenseeQuery.Status.ANSWERED)

    page = browser(analyst).get(URL).content.decode()

    assert world.routine.number not in page
    assert "2 open queries" in page


@pytest.mark.django_db
def test_the_queue_is_paged_and_keeps_its_filters(world, analyst, monkeypatch):
    monkeypatch.setattr("traza.industry.views.PAGE_SIZE", 1)

    first = browser(analyst).get(URL, {"licensee_state": "AZ"}).content.decode()
    second = browser(analyst).get(URL, {"licensee_state": "AZ", "page": "2"}).content.decode()

    assert trace_numbers(first) == [world.urgent.number]
    assert "?licensee_state=AZ&amp;page=2" in first
    assert trace_numbers(second) == [world.routine.number]


@pytest.mark.django_db
def test_the_queue_takes_a_fixed_number_of_queries(world, analyst, django_assert_max_num_queries):
    client = browser(analyst)
    client.get(URL)

    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_roles_that_work_no_queries_get_not_found(world, officer_a, officer_b, investigator_a, auditor_a, sysadmin):
    for user in (officer_a, officer_b, investigator_a, auditor_a, sysadmin):
        assert browser(user).get(URL).status_code == 404
    assert browser().get(URL).status_code == 302


@pytest.mark.django_db
def test_the_state_filter_names_us_states_in_the_readers_language(world, analyst):
    analyst.language = "es"
    analyst.save()

    page = browser(analyst).get(URL).content.decode()

    assert '<option value="NM">Nuevo México (NM)</option>' in page
    assert "New Mexico" not in page

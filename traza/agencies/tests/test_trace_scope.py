"""`traces_visible_to` and `traces_editable_by`: own agency, sharing partners while both are members,
on-behalf submissions, the analyst's queries. One query, on indexes."""

import pytest
from django.db import connection
from django.test import Client

from traza.agencies.services.sharing import sharing_join, sharing_leave
from traza.agencies.tests.factories import api_client
from traza.industry.models import LicenseeQuery
from traza.tracing.models import Trace
from traza.tracing.selectors import licensee_queries_visible_to, traces_editable_by, traces_visible_to
from traza.tracing.tests.api_support import submit
from traza.tracing.tests.world import LICENSEE_NAMES, PAPER_DEALER, RUGER, WHOLESALER, chain, licensee_rows, rds


@pytest.fixture
def trace_a(agency_a, officer_a):
    return submit(agency_a, actor=officer_a)


@pytest.fixture
def trace_c(agency_c, officer_c):
    return submit(agency_c, actor=officer_c)


@pytest.fixture
def waiting_a(load, agency_a, officer_a):
    """A trace of agency A waiting on a paper dealer's answer: it has a licensee query."""
    load("licensees", licensee_rows())
    hops = [(number, LICENSEE_NAMES[number][0]) for number in (RUGER, WHOLESALER, PAPER_DEALER)]
    load("dispositions", chain("RG-555", "RUGER", hops)[:2])
    trace = submit(agency_a, actor=officer_a, serial_number="RG-555")
    assert trace.queries.filter(licensee_rds=rds(PAPER_DEALER)).exists()
    return trace


def visible(user) -> set[int]:
    return set(traces_visible_to(user).values_list("pk", flat=True))


def editable(user) -> set[int]:
    return set(traces_editable_by(user).values_list("pk", flat=True))


@pytest.mark.django_db
def test_an_agency_reads_its_own_traces_and_no_one_elses(trace_a, trace_c, officer_a, officer_b, officer_c):
    assert visible(officer_a) == editable(officer_a) == {trace_a.pk}
    assert visible(officer_c) == {trace_c.pk}
    assert visible(officer_b) == set()


@pytest.mark.django_db
def test_sharing_partners_read_each_others_traces_but_never_edit_them(
    sharing_ac, trace_a, trace_c, officer_a, officer_c, officer_b
):
    assert visible(officer_a) == visible(officer_c) == {trace_a.pk, trace_c.pk}
    assert editable(officer_a) == {trace_a.pk}
    assert editable(officer_c) == {trace_c.pk}
    assert visible(officer_b) == set()


@pytest.mark.django_db
def test_leaving_an_agreement_ends_sharing_both_ways(sharing_ac, trace_a, trace_c, officer_a, officer_c, supervisor_c):
    sharing_leave(actor=supervisor_c, agency=officer_c.agency, agreement=sharing_ac)

    assert visible(officer_a) == {trace_a.pk}
    assert visible(officer_c) == {trace_c.pk}
    membership = sharing_ac.memberships.get(agency=officer_c.agency)
    assert membership.left_at is not None and membership.left_by == supervisor_c


@pytest.mark.django_db
def test_joining_again_opens_a_new_dated_membership(sharing_ac, trace_a, officer_c, supervisor_c):
    sharing_leave(actor=supervisor_c, agency=officer_c.agency, agreement=sharing_ac)
    sharing_join(actor=supervisor_c, agency=officer_c.agency, agreement=sharing_ac)

    assert trace_a.pk in visible(officer_c)
    assert sharing_ac.memberships.filter(agency=officer_c.agency).count() == 2


@pytest.mark.django_db
def test_the_analyst_reads_traces_that_question_a_licensee_whatever_their_agency(waiting_a, trace_c, analyst):
    assert visible(analyst) == {waiting_a.pk}
    assert editable(analyst) == set()


@pytest.mark.django_db
def test_roles_without_tracing_work_read_no_trace(trace_a, auditor_a, coordinator_mx, industry, sysadmin):
    for user in (auditor_a, coordinator_mx, industry, sysadmin):
        assert visible(user) == set()


@pytest.mark.django_db
def test_a_designated_agency_reads_and_edits_what_it_submitted_for_another(trace_a, agency_c, officer_c, officer_a):
    Trace.objects.filter(pk=trace_a.pk).update(submitting_agency=agency_c)

    assert trace_a.pk in visible(officer_c) and trace_a.pk in editable(officer_c)
    assert trace_a.pk in visible(officer_a)  # the recovering agency of record keeps it


@pytest.mark.django_db
def test_the_industry_responder_reads_only_queries_addressed_to_its_licence(waiting_a, industry, officer_b, analyst):
    industry.licensee_rds = rds(PAPER_DEALER)
    assert set(licensee_queries_visible_to(industry)) == set(LicenseeQuery.objects.filter(trace=waiting_a))
    industry.licensee_rds = rds(WHOLESALER)
    assert not licensee_queries_visible_to(industry).exists()
    assert not licensee_queries_visible_to(officer_b).exists()
    assert licensee_queries_visible_to(analyst).count() == LicenseeQuery.objects.count()


@pytest.mark.django_db
def test_scoping_is_one_query(sharing_ac, waiting_a, trace_c, analyst, officer_c, django_assert_num_queries):
    for user in (analyst, officer_c):
        with django_assert_num_queries(1):
            assert list(traces_visible_to(user))


@pytest.mark.django_db
def test_an_outsider_cannot_tell_a_trace_of_another_agency_from_one_that_does_not_exist(trace_a, officer_b):
    missing = f"T{trace_a.created_at.year}{trace_a.pk + 1000:08d}"
    pages, api = Client(HTTP_ACCEPT_LANGUAGE="en"), api_client(officer_b)
    pages.force_login(officer_b)

    for number in (trace_a.number, missing):
        assert pages.get(f"/traces/{number}/").status_code == 404
        response = api.get(f"/api/v1/traces/{number}/")
        assert (response.status_code, response.json()) == (
            404,
            {"error": {"code": "not_found", "message": "Not found.", "fields": {}}},
        )
    assert api.get("/api/v1/traces/").json()["count"] == 0


@pytest.mark.django_db
def test_a_sharing_partner_cannot_withdraw_through_the_api(sharing_ac, trace_a, officer_c):
    assert api_client(officer_c).get(f"/api/v1/traces/{trace_a.number}/").status_code == 200
    assert api_client(officer_c).post(f"/api/v1/traces/{trace_a.number}/cancel/").status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_the_scope_uses_indexes(sharing_ac, waiting_a, trace_c, officer_c, analyst):
    """With sequential scans priced out, the plan reaches traces through indexes only."""
    for user in (officer_c, analyst):
        sql, params = traces_visible_to(user).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Seq Scan on tracing_trace" not in plan, plan

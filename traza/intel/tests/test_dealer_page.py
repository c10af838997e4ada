"""/intel/dealers/<rds>/: sales, traces against the state's peers, theft reports and answers, hand-counted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from traza.industry.models import LicenseeQuery
from traza.intel.tests.links_world import border_world
from traza.tracing.tests.pages_support import browser
from traza.tracing.tests.world import DEALER_AZ, rds


@pytest.fixture
def world(load, agency_a, agency_b, officer_a):
    return border_world(load, agency_a, agency_b, officer_a)


def page(rds_key: str) -> str:
    return f"/intel/dealers/{rds_key}/"


def between(html: str, element_id: str) -> str:
    return html.split(f'id="{element_id}"')[1].split("</")[0].split(">", 1)[1]


@pytest.fixture
def queries(world):
    """Four questions to the Texas dealer: answered in 6 hours, answered in 30 (late), open overdue, open in time."""
    traces, now = world["traces"], timezone.now()
    asked = now - timedelta(days=3)
    day = timedelta(hours=24)

    def ask(trace, status, *, closed_after=None, due_at=None):
        return LicenseeQuery.objects.create(
            trace=trace,
            licensee_rds=world["dealer"],
            status=status,
            created_at=asked,
            due_at=due_at or asked + day,
            closed_at=asked + closed_after if closed_after else None,
        )

    ask(traces["juan_b"], "answered", closed_after=timedelta(hours=6))
    ask(traces["juan_b"], "answered", closed_after=timedelta(hours=30))
    ask(traces["juan_a"], "open", due_at=now - timedelta(hours=1))
    ask(traces["pedro_a"], "open", due_at=now + timedelta(hours=5))


@pytest.mark.django_db
def test_the_dealer_figures_match_the_hand_count(world, queries, officer_a):
    html = browser(officer_a).get(page(world["dealer"])).content.decode()

    assert "BORDER GUNS AND PAWN" in html
    assert "4 sales on record, 4 of them at retail" in html
    # 3 short time-to-crime traces over 4 guns sold at retail; the Texas wholesaler sold 1 at retail, none traced.
    assert between(html, "dealer-rate") == "750.0"
    assert between(html, "peer-median") == "375.0"
    assert between(html, "dealer-rank") == "1 of 2"
    assert between(html, "traces-total") == "3" and between(html, "traces-short") == "3"
    assert "2 firearms reported lost or stolen." in html and "TH-1" in html and "TH-3" not in html
    assert between(html, "median-hours") == "18.0 hours"
    assert between(html, "overdue") == "1" and between(html, "late") == "1"


@pytest.mark.django_db
def test_a_peer_without_traced_guns_ranks_last_and_other_states_are_not_peers(world, officer_a):
    wholesaler = browser(officer_a).get(page(world["wholesaler"])).content.decode()
    arizona = browser(officer_a).get(page(rds(DEALER_AZ))).content.decode()

    assert "5 sales on record, 1 of them at retail" in wholesaler
    assert between(wholesaler, "dealer-rate") == "0.0" and between(wholesaler, "dealer-rank") == "2 of 2"
    assert between(arizona, "dealer-rate") == "1000.0" and between(arizona, "dealer-rank") == "1 of 1"
    assert "1 firearm reported lost or stolen." in arizona


@pytest.mark.django_db
def test_traces_are_counted_overall_and_listed_only_where_the_viewer_may_read_them(world, officer_a, officer_b):
    traces = world["traces"]

    html_a = browser(officer_a).get(page(world["dealer"])).content.decode()
    html_b = browser(officer_b).get(page(world["dealer"])).content.decode()

    assert between(html_a, "traces-visible") == "2" and between(html_b, "traces-visible") == "1"
    assert traces["juan_a"].number in html_a and traces["pedro_a"].number in html_a
    assert traces["juan_b"].number not in html_a
    assert traces["juan_b"].number in html_b and traces["juan_a"].number not in html_b


@pytest.mark.django_db
def test_only_trace_readers_see_a_dealer_and_an_unknown_one_is_404(world, auditor_a, sysadmin, industry, officer_a):
    for user in (auditor_a, sysadmin, industry):
        assert browser(user).get(page(world["dealer"])).status_code == 404, user.username
    assert browser(officer_a).get(page("00000000")).status_code == 404
    assert browser().get(page(world["dealer"])).status_code == 302

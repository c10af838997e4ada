"""Fixtures for the query tests: traces waiting on paper licensees (storage and the worker: traza/conftest.py)."""

import pytest

from traza.industry.tests.query_support import QueryWorld, build_world


@pytest.fixture
def world(load, agency_a, agency_c, officer_a) -> QueryWorld:
    """Three traces waiting on paper licensees: one overdue, one urgent, one routine."""
    return build_world(load, agency_a, agency_c, officer_a)


@pytest.fixture
def paper_responder(db):
    """The responder of the Arizona dealer that keeps paper records (the `industry` persona answers for another)."""
    from traza.agencies.tests.factories import UserFactory
    from traza.tracing.tests.world import PAPER_DEALER, rds

    return UserFactory(username="paper_responder", agency=None, role="industry", licensee_rds=rds(PAPER_DEALER))

"""Fixtures for the licensee query tests: a world of traces waiting on paper dealers, storage, the worker."""

import pytest
from django.core.management import call_command

from traza.industry.tests.query_support import QueryWorld, build_world


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Files a licensee sends go to a temporary folder, never to the data dir."""
    folder = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": folder}},
    }
    return folder


@pytest.fixture
def run_worker():
    """Run what `traza worker` would: every queued task, then return."""

    def run() -> None:
        call_command("worker", until_idle=True, verbosity=0)

    return run


@pytest.fixture
def world(load, agency_a, agency_b, officer_a) -> QueryWorld:
    """Three traces waiting on paper licensees: one overdue, one urgent, one routine."""
    return build_world(load, agency_a, agency_b, officer_a)


@pytest.fixture
def paper_responder(db):
    """The responder of the Arizona dealer that keeps paper records (the `industry` persona answers for another)."""
    from traza.agencies.tests.factories import UserFactory
    from traza.tracing.tests.world import PAPER_DEALER, rds

    return UserFactory(username="paper_responder", agency=None, role="industry", licensee_rds=rds(PAPER_DEALER))

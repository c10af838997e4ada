"""The statistics' tests use the engine's small world (licensees, books) and its submit fixture."""

import pytest
from django.core.cache import cache

from traza.tracing.tests.conftest import submit, world  # noqa: F401 - fixtures, used by name


@pytest.fixture(autouse=True)
def no_cached_figures():
    """Figures are cached per version of the facts; a rolled-back test can reuse a version number on SQLite."""
    cache.clear()
    yield
    cache.clear()

"""The access personas (personas.py), for the audit app's tests."""

import pytest
from django.utils import translation

from traza.agencies.tests.personas import (  # noqa: F401 - fixtures, used by name
    agency_c,
    analyst,
    centre,
    coordinator_mx,
    federal,
    industry,
    investigator_a,
    licensee,
    officer_c,
    sharing_ac,
    supervisor_c,
)


@pytest.fixture(autouse=True)
def language_restored(settings):
    """A request in Spanish leaves Spanish active in the test's thread: the next test starts in the default again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)

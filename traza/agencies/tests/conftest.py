"""The access personas (personas.py), for the agencies app's tests."""

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

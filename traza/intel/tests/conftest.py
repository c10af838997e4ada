"""The lead tests' shared world (leads_support.py), as fixtures every intel test module may ask for by name."""

from traza.intel.tests.leads_support import (  # noqa: F401 - fixtures, used by name
    buyer,
    colleague_a,
    english,
    investigator_b,
    lead_ab,
    lead_b,
    trace_a,
    trace_b,
)

"""The web forms about traces: a trace request, and the filters of the list of traces."""

from traza.tracing.forms.filters import TraceFilterForm
from traza.tracing.forms.request import ImporterForm, TraceRequestForm

__all__ = ["ImporterForm", "TraceFilterForm", "TraceRequestForm"]

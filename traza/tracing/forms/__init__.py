"""The web forms about traces: a trace request and an importer (the list's filters are tracing/filters.py)."""

from traza.tracing.forms.request import ImporterForm, TraceRequestForm

__all__ = ["ImporterForm", "TraceRequestForm"]

"""Template tags of international requests: the request on its trace's page, the answer in words."""

from django import template

from traza.international import presentation
from traza.international.selectors import request_of_trace

register = template.Library()


@register.inclusion_tag("international/_trace_request.html")
def international_request(trace):
    """The trace's international request, if it has one (the viewer already reads the trace)."""
    return {"item": request_of_trace(trace)}


register.filter("answer_evidence", presentation.answer_evidence)
register.filter("export_words", presentation.export_words)


@register.filter
def country_name(country) -> str:
    """A country's name in the active language."""
    return presentation.catalog_name(country) if country is not None else ""

"""`{% suspect_contact trace %}`: on a trace of a suspect gun, whom the tracing agency contacts."""

from django import template

from traza.intel.selectors.suspects import suspect_contacts

register = template.Library()


@register.inclusion_tag("intel/suspects/_trace_contact.html", takes_context=True)
def suspect_contact(context, trace) -> dict:
    return {"contacts": suspect_contacts(trace=trace, user=context["request"].user)}

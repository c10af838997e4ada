"""`person_ref`: the short reference a person is known by on the pages ("Persona a75935a1"), read aloud or typed
into the address bar's search; the full key stays in links and exports."""

from django import template

from traza.intel.selectors.people import masked_label

register = template.Library()


@register.filter
def person_ref(person_key: str) -> str:
    return masked_label(person_key) if person_key else "—"

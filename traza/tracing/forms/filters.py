"""The filters of the list of traces, read by `TraceFilter`, the one reader of the API's list parameters."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from traza.tracing.forms.fields import (
    ANY,
    CALIBER_OPTIONS,
    MUNICIPALITY_OPTIONS,
    all_region_choices,
    capitalised,
    date_field,
    municipality_choices,
    reloads,
    select_field,
    suggested_field,
    text_field,
)
from traza.tracing.models import Indicator, Trace


class TraceFilterForm(forms.Form):
    """The filters of the list of traces, named after TraceFilter's parameters; TraceFilter reads them."""

    q = text_field(_("Case number, folio or reference"), spellcheck="false")
    serial = text_field(_("Serial number or part of it"), spellcheck="false")
    officer = text_field(_("Officer or badge number"), spellcheck="false")
    status = select_field(_("Status"), [ANY, *capitalised(Trace.Status.choices)])
    priority = select_field(_("Priority"), [ANY, *capitalised(Trace.Priority.choices)])
    indicator = select_field(_("Indicator"), [ANY, *capitalised(Indicator.choices)])
    recovery_date_from = date_field(_("Recovered from"))
    recovery_date_to = date_field(_("Recovered until"))
    make = suggested_field(_("Make"), "make-options", reverse_lazy("trace-suggest-makes"))
    caliber = suggested_field(_("Calibre"), "caliber-options", CALIBER_OPTIONS)
    recovery_state = select_field(_("State"))
    recovery_municipality = select_field(_("Municipality or county"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recovery_state"].widget.choices = all_region_choices()
        state = str(self.data.get("recovery_state", "") or "")
        self.fields["recovery_municipality"].widget.choices = [ANY, *municipality_choices(state)[1:]]
        reloads(self.fields["recovery_state"], MUNICIPALITY_OPTIONS, "#id_recovery_municipality")

    def show_errors(self, errors: dict[str, list[str]]) -> None:
        """Put TraceFilter's errors next to the filters they are about."""
        self.full_clean()
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)

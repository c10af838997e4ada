"""Forms of the catalog pages: mapping a spelling Traza could not resolve to a catalog make."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

MAKE_OPTIONS = reverse_lazy("trace-suggest-makes")


class MarkingMapForm(forms.Form):
    """A spelling as written on the records, and the catalog make it stands for (typed, with suggestions)."""

    text = forms.CharField(label=_("Spelling, as written"), max_length=150)
    make = forms.CharField(
        label=_("Catalog make"),
        max_length=120,
        help_text=_("Type a few letters and choose the make from the list."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "list": "make-options",
                "hx-get": MAKE_OPTIONS,
                "hx-trigger": "input changed delay:200ms",
                "hx-target": "#make-options",
                "hx-sync": "this:replace",
            }
        ),
    )
    correct = forms.BooleanField(
        label=_("This corrects an earlier analyst's mapping of the spelling"),
        required=False,
        help_text=_("The spelling then stands for the make chosen here; both mappings stay in the audit log."),
    )

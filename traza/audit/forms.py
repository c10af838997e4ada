"""The audit page's filters (a GET form: they are not personal data)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from traza.audit.actions import LABELS
from traza.audit.records import RECORD_TYPES
from traza.audit.selectors import AuditFilter


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("User name"), max_length=150, required=False)
    agency_code = forms.CharField(label=_("Agency code"), max_length=20, required=False)
    object_type = forms.ChoiceField(label=_("Record type"), required=False)
    object_id = forms.CharField(label=_("Record id"), max_length=64, required=False)
    since = forms.DateField(label=_("From (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("any")), *sorted(LABELS.items(), key=lambda item: str(item[1]))]
        self.fields["object_type"].choices = [
            ("", _("any")),
            *sorted(RECORD_TYPES.items(), key=lambda item: str(item[1])),
        ]

    def filters(self) -> AuditFilter:
        """The filters the form holds (none when it is not valid)."""
        if not self.is_valid():
            return AuditFilter()
        return AuditFilter(**self.cleaned_data)

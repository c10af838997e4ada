"""The forms of the actions on a lead (the list's filters are intel/filters.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import User
from traza.intel.models import Lead
from traza.intel.selectors.leads import lead_assignees, referral_agencies
from traza.intel.services.leads import (
    AGENCY_REFUSED,
    ASSIGNEE_REFUSED,
    CASE_REF_MAX,
    CASE_REF_REQUIRED,
    CASE_REF_TOO_LONG,
    NOTE_MAX,
    NOTE_REQUIRED,
    NOTE_TOO_LONG,
    REASON_MAX,
    REASON_REQUIRED,
    REASON_TOO_LONG,
)


class InvestigatorField(forms.ModelChoiceField):
    """An investigator, shown by full name (by username when the account has none)."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class AssignForm(forms.Form):
    """Whom to give the lead to: an active investigator of the actor's agency, by username."""

    assignee = InvestigatorField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        to_field_name="username",
        empty_label=_("Choose an investigator of your agency"),
    )

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        if not isinstance(field, forms.ModelChoiceField):  # the field declared above, unless a subclass replaced it
            raise TypeError("AssignForm.assignee must be a ModelChoiceField.")
        field.queryset = lead_assignees(actor)
        field.error_messages["required"] = field.error_messages["invalid_choice"] = ASSIGNEE_REFUSED


class AgencyCodeField(forms.ModelChoiceField):
    """An agency by its code, however it is typed (mxsin0000, " MXSIN0000 ")."""

    def to_python(self, value):
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class ReferForm(forms.Form):
    """The agency a lead is referred to (by code) and its case reference."""

    agency = AgencyCodeField(label=_("Refer to agency"), queryset=referral_agencies(), to_field_name="code")
    case_ref = forms.CharField(label=_("Case reference"), max_length=CASE_REF_MAX, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        agency.label_from_instance = lambda item: f"{item.code} · {item.name}"
        agency.error_messages["required"] = agency.error_messages["invalid_choice"] = AGENCY_REFUSED
        self.fields["case_ref"].error_messages["required"] = CASE_REF_REQUIRED
        self.fields["case_ref"].error_messages["max_length"] = CASE_REF_TOO_LONG


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it closed?"), max_length=REASON_MAX, strip=True, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = REASON_REQUIRED
        self.fields["reason"].error_messages["max_length"] = REASON_TOO_LONG


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=NOTE_MAX, strip=True, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = NOTE_REQUIRED
        self.fields["text"].error_messages["max_length"] = NOTE_TOO_LONG


class StatusForm(forms.Form):
    """A move that needs nothing more: take a new lead into review, or reopen a closed one."""

    status = forms.ChoiceField(label=_("Status"), choices=[(Lead.Status.REVIEWING, _("reviewing"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = _("status: only reviewing can be asked here; refer and close have their own actions.")
        self.fields["status"].error_messages["required"] = self.fields["status"].error_messages["invalid_choice"] = (
            message
        )

"""The forms of leads: the list's filters (read alike by the page, its CSV and the API) and the actions on a lead."""

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import User
from traza.catalog.models import Region
from traza.core.values import parse_date
from traza.intel.models import Lead, LeadTrace
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
from traza.tracing.forms.fields import ANY, all_region_choices, capitalised, date_field, select_field
from traza.tracing.selectors import traces_visible_to

YES = frozenset({"on", "true", "1", "yes"})
NO = frozenset({"", "off", "false", "0", "no"})
ORDERINGS = {
    "": ("-score", "-last_seen", "-id"),
    "newest": ("-last_seen", "-score", "-id"),
}


def _choice(label, choices, message) -> forms.ChoiceField:
    field = forms.ChoiceField(label=label, required=False, choices=[ANY, *capitalised(choices)])
    field.error_messages["invalid_choice"] = message
    return field


class ScoreField(forms.FloatField):
    """A score from 0 to 100, with a decimal point or a decimal comma (54,5 as typed in Mexico or Spain)."""

    def to_python(self, value):
        return super().to_python(value.strip().replace(",", ".") if isinstance(value, str) else value)


def _yes_no(label) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.CheckboxInput)


class LeadFilterForm(forms.Form):
    """What the list of leads is narrowed to; `apply` narrows a queryset already scoped to the viewer."""

    kind = _choice(_("Kind"), Lead.Kind.choices, _("kind: choose one of the kinds of lead."))
    status = _choice(_("Status"), Lead.Status.choices, _("status: choose new, reviewing, referred or closed."))
    min_score = ScoreField(label=_("Minimum score"), required=False, min_value=0, max_value=100)
    recovery_state = select_field(_("State of recovery"))
    seen_from = date_field(_("Seen from"), _("Leads last seen on or after this day."))
    seen_to = date_field(_("Seen until"), _("Leads first seen on or before this day."))
    ordering = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", _("Strongest first")), ("newest", _("Newest first"))],
    )
    mine = _yes_no(_("Assigned to me"))
    inactive = _yes_no(_("Also leads the data no longer supports"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recovery_state"].widget.choices = all_region_choices()
        score = self.fields["min_score"].error_messages
        for key in ("invalid", "min_value", "max_value"):
            score[key] = _("min_score: give a number from 0 to 100.")
        self.fields["ordering"].error_messages["invalid_choice"] = _("ordering: choose newest or leave it empty.")

    def clean_recovery_state(self) -> str:
        code = self.cleaned_data["recovery_state"].strip().upper()
        if code and not Region.objects.filter(code=code).exists():
            raise forms.ValidationError(_("recovery_state: give a state code such as MX-SIN or US-TX."))
        return code

    def clean_seen_from(self):
        return self._date("seen_from")

    def clean_seen_to(self):
        return self._date("seen_to")

    def clean_mine(self) -> bool:
        return self._boolean("mine")

    def clean_inactive(self) -> bool:
        return self._boolean("inactive")

    def _date(self, name: str):
        text = str(self.cleaned_data[name]).strip()
        if not text:
            return None
        try:
            return parse_date(text, dayfirst=True)
        except ValueError:
            raise forms.ValidationError(
                _("%(field)s: %(value)s is not a date (write 2024-03-21 or 21/03/2024)."),
                params={"field": name, "value": text[:20]},
            ) from None

    def _boolean(self, name: str) -> bool:
        value = self.data.get(name, "")
        text = str(value).strip().lower() if not isinstance(value, bool) else ("true" if value else "")
        if text in YES:
            return True
        if text in NO:
            return False
        raise forms.ValidationError(_("%(field)s: write true or false."), params={"field": name})

    def apply(self, queryset: QuerySet[Lead], *, user: User) -> QuerySet[Lead]:
        """`queryset` narrowed by the valid form's filters and put in the order asked."""
        data = self.cleaned_data
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["min_score"] is not None:
            queryset = queryset.filter(score__gte=data["min_score"])
        if data["mine"]:
            queryset = queryset.filter(assigned_to=user)
        if not data["inactive"]:
            queryset = queryset.filter(active=True)
        if data["seen_from"]:
            queryset = queryset.filter(last_seen__gte=data["seen_from"])
        if data["seen_to"]:
            queryset = queryset.filter(first_seen__lte=data["seen_to"])
        if data["recovery_state"]:
            traces = traces_visible_to(user).filter(recovery_region_id=data["recovery_state"])
            queryset = queryset.filter(Exists(LeadTrace.objects.filter(lead_id=OuterRef("pk"), trace__in=traces)))
        return queryset.order_by(*ORDERINGS[data["ordering"]])

    def criteria(self) -> dict[str, str]:
        """The filters given, as text, for the audit log of an export."""
        return {name: str(value) for name, value in self.cleaned_data.items() if value not in (None, "", False)}

    def field_errors(self) -> dict[str, list[str]]:
        return {name: [str(message) for message in messages] for name, messages in self.errors.items()}


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

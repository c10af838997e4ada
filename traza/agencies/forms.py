"""Forms of the sign-in, account and agency pages. They only parse input; services decide."""

from collections.abc import Collection

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import AccessPolicy, Agency, User
from traza.agencies.services.accounts import signin_lockout_check
from traza.core.typing import Text


class SignInForm(AuthenticationForm):
    """User name and password; refused outright while the user name is locked out at this address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many failed sign-ins. Wait %(minutes)s minutes and try again, or ask your administrator."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and signin_lockout_check(username=username):
            raise ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": settings.TRAZA_LOCKOUT_MINUTES}
            )
        return super().clean()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class SignInCodeForm(forms.Form):
    """The code step of a sign-in: the app's six digits, or a recovery code (letters too, so no numeric keypad)."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=20,
        help_text=_("Without your phone, type one of your recovery codes instead."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


def role_choices(roles: Collection[str]) -> list[tuple[str, Text]]:
    """The roles of `roles` as the choices of a role field, in the order `User.Role` gives them."""
    return [(value, label) for value, label in User.Role.choices if value in roles]


class InviteForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(roles)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(roles)


class ApproveForm(forms.Form):
    mou_reference = forms.CharField(label=_("Agreement (MOU) reference"), max_length=80)
    mou_date = forms.DateField(label=_("Agreement (MOU) date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class RefuseForm(forms.Form):
    note = forms.CharField(label=_("Why it is refused"), max_length=500)


class DesignateForm(forms.Form):
    designated = forms.BooleanField(label=_("Designated"), required=False)


class PolicyForm(forms.Form):
    policy = forms.ChoiceField(label=_("Access policy"), choices=AccessPolicy.Policy.choices)
    note = forms.CharField(label=_("Why it changes"), max_length=500, required=False)


class ApplicationForm(forms.ModelForm):
    """An agency's application, as the coordinator records it."""

    class Meta:
        model = Agency
        fields = ["code", "name", "level", "kind", "application_note"]
        labels = {
            "code": _("Agency code"),
            "name": _("Name"),
            "level": _("Level"),
            "kind": _("Kind"),
            "application_note": _("Note on the application"),
        }


class AgreementForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    description = forms.CharField(label=_("Description"), max_length=500, required=False)


class RevealForm(forms.Form):
    """The purpose an investigator or analyst states to see a trace's personal data, and for an analyst looking at
    another agency's trace the licensee query the look serves. Sent by POST only."""

    trace = forms.CharField(max_length=20, widget=forms.HiddenInput)
    purpose = forms.CharField(
        label=_("Purpose (your case number)"),
        max_length=200,
        required=False,
        help_text=_("Recorded in the audit log with your name, the trace and the time."),
    )
    query = forms.IntegerField(label=_("Licensee query"), required=False, min_value=1)
    next = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)

"""Which kinds of notification a user receives by e-mail too."""

from django import forms
from django.utils.translation import gettext_lazy as _

from traza.notifications.models import Kind


class PreferencesForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Send me an e-mail too when"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In Traza you always see every notification under the bell."),
    )

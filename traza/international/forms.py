"""The web forms of international requests: marking a request sent, recording the answer (the filter: filters.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from traza.core.values import parse_date
from traza.international.models import InternationalRequest
from traza.tracing.forms.fields import BLANK, capitalised, country_choices, date_field, select_field, text_field


class SendForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference given by the foreign authority"), required=False, max_length=80, strip=True
    )


class AnswerForm(forms.Form):
    """The foreign authority's answer; the service checks that an export names its party, country and date."""

    answer = forms.ChoiceField(
        label=_("Answer"), choices=[BLANK, *capitalised(InternationalRequest.Answer.choices)], required=True
    )
    reference = forms.CharField(
        label=_("Reference given by the foreign authority"), required=False, max_length=80, strip=True
    )
    party = text_field(_("Exported to (party's name)"), _("The importer, government or company named in the answer."))
    party_country = select_field(_("Country of the party"))
    export_date = date_field(_("Date of the export"), _("As the answer gives it: 2019-03-21 or 21/03/2019."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_country"].widget.choices = country_choices()
        self.fields["answer"].error_messages["required"] = _("answer: choose a lawful export or no record.")
        self.fields["answer"].error_messages["invalid_choice"] = _("answer: choose a lawful export or no record.")

    def clean_export_date(self):
        text = self.cleaned_data["export_date"].strip()
        if not text:
            return None
        try:
            return parse_date(text, dayfirst=True)
        except ValueError:
            raise forms.ValidationError(
                _("export_date: %(value)s is not a date (write 2019-03-21 or 21/03/2019)."),
                params={"value": text[:20]},
            ) from None

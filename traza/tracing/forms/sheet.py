"""The form that checks a printed result sheet: its trace number and verification code, as people type them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from traza.tracing.models import format_trace_number, parse_trace_number
from traza.tracing.sheets.codes import normalise_code


class SheetCheckForm(forms.Form):
    """Trace number and code from a sheet: spaces, dashes and lower case are forgiven, anything else is refused."""

    number = forms.CharField(label=_("Trace number"), max_length=40)
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("16 letters and digits, as printed under the sheet's QR code, e.g. ABCD-EFGH-JKLM-NP23."),
    )

    def clean_number(self) -> str:
        parsed = parse_trace_number(self.cleaned_data["number"])
        if parsed is None:
            raise forms.ValidationError(
                _("A trace number is T, a year and eight digits, e.g. T202400000123."), code="number"
            )
        return format_trace_number(*parsed)

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                _("A verification code is 16 letters (A to Z) and digits (2 to 7), as printed on the sheet."),
                code="code",
            )
        return code

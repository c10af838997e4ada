"""The form an investigator flags suspect guns with: serials typed or pasted, or a CSV file, for a case."""

import dataclasses
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from traza.intel.services.suspects import suspect_check, suspect_default_expiry
from traza.intel.suspects import LineError, SerialEntry, read_serial_list

MAX_FILE_BYTES = 1024 * 1024


class SuspectFlagForm(forms.Form):
    """Serials one a line (`serial, manufacturer`), a CSV file of the same, or both; a case reference; an expiry.

    After `is_valid()`, `entries` holds the good lines and `line_errors` the bad ones: the good ones are flagged
    and the bad ones come back to be corrected.
    """

    serials = forms.CharField(
        label=_("Serial numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocapitalize": "characters"}),
        help_text=_("One gun a line: the serial number, then a comma and the manufacturer if you know it."),
    )
    file = forms.FileField(
        label=_("Or a CSV file"),
        required=False,
        help_text=_("Columns serial, manufacturer (a header line is optional)."),
    )
    case_ref = forms.CharField(label=_("Case reference"), max_length=80)
    expires_on = forms.DateField(
        label=_("Flag until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: a year from today."),
    )
    person = forms.CharField(required=False, widget=forms.HiddenInput, max_length=32)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].widget.attrs["placeholder"] = suspect_default_expiry().isoformat()
        self.entries: list[SerialEntry] = []
        self.line_errors: list[LineError] = []

    def clean_file(self) -> str:
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB; a list of serials is far smaller."))
        content = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("The file is not a text file (CSV)."))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for field, messages in suspect_check(
            case_ref=data.get("case_ref", ""), expires_on=data.get("expires_on")
        ).items():
            self.add_error(field, messages)
        if "file" in self.errors:
            return data
        typed, attached = data.get("serials", ""), data.get("file", "")
        self.entries, self.line_errors = read_serial_list(typed)
        if attached:
            from_file, file_errors = read_serial_list(attached)
            self.entries += from_file
            self.line_errors += [dataclasses.replace(error, in_file=True) for error in file_errors]
        if not self.entries and not self.line_errors:
            self.add_error("serials", _("Give at least one serial number."))
        return data

    def rejected_lines(self) -> str:
        """The bad lines typed, to correct and send again (a file's bad lines are named, not repeated)."""
        return "\n".join(error.text for error in self.line_errors if not error.in_file)

"""The upload form: what kind of file, the file itself, how its dates are written."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from traza.core.typing import Text
from traza.imports.models import ImportKind
from traza.imports.services import upload_check

KIND_CHOICES = [
    (ImportKind.TRACE_REQUESTS.value, _("Trace requests: one row per firearm to trace")),
    (ImportKind.SEIZURES.value, _("Seizure inventory: one row per firearm seized")),
]


class UploadForm(forms.Form):
    """An agency's file of trace requests or seized firearms: what it holds, the file, how its dates are written."""

    required_css_class = "required"
    accepted = ".csv,.xlsx"

    kind = forms.ChoiceField(label=_("What the file holds"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,  # upload_check says so in the words the API uses too
        validators=[upload_check],
    )
    dayfirst = forms.BooleanField(
        label=_("Dates are day-first (DD/MM/YYYY)"),
        required=False,
        help_text=_("Files with Spanish column names are always read day-first. ISO dates (YYYY-MM-DD) always work."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["file"].widget.attrs["accept"] = self.accepted
        self.fields["file"].help_text = self.file_help() % {"limit": settings.TRAZA_MAX_UPLOAD_MB}

    def file_help(self) -> Text:
        return _("CSV or Excel (.xlsx), up to %(limit)s MB; the first row names the columns.")

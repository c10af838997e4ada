"""The upload form: what kind of file, the file itself, how its dates are written."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from traza.imports.models import ImportKind
from traza.imports.services import upload_check

KIND_CHOICES = [
    (ImportKind.TRACE_REQUESTS.value, _("Trace requests: one row per firearm to trace")),
    (ImportKind.SEIZURES.value, _("Seizure inventory: one row per firearm seized")),
]


class UploadForm(forms.Form):
    required_css_class = "required"

    kind = forms.ChoiceField(label=_("What the file holds"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
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
        self.fields["file"].help_text = _(
            "CSV or Excel (.xlsx), up to %(limit)s MB; the first row names the columns."
        ) % {"limit": settings.TRAZA_MAX_UPLOAD_MB}

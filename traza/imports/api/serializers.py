"""What the uploads API reads and writes."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.reverse import reverse

from traza.imports.services import UPLOAD_KINDS, upload_check


class UploadCreateSerializer(serializers.Serializer):
    """A file of trace requests or seizures, sent as multipart/form-data."""

    kind = serializers.ChoiceField(
        choices=[kind.value for kind in UPLOAD_KINDS],
        help_text=_("trace-requests (trace_requests.csv) or seizures (seizures.csv)"),
    )
    file = serializers.FileField(
        allow_empty_file=True,  # upload_check refuses it, in the same words as the web form
        validators=[upload_check],
        help_text=_("CSV or XLSX with a header row, no larger than the server's limit (TRAZA_MAX_UPLOAD_MB)."),
    )
    dayfirst = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "true: dates are DD/MM/YYYY; false: ISO dates only; left out: day-first when the headers are Spanish."
        ),
    )


class CountsSerializer(serializers.Serializer):
    total = serializers.IntegerField(source="rows_total", help_text=_("Rows in the file"))
    read = serializers.IntegerField(source="rows_read", help_text=_("Rows read so far"))
    created = serializers.IntegerField(source="rows_created")
    updated = serializers.IntegerField(source="rows_updated")
    unchanged = serializers.IntegerField(source="rows_unchanged", help_text=_("Rows already known, left as they were"))
    rejected = serializers.IntegerField(source="rows_rejected", help_text=_("Rows not imported: see errors_url"))


class UploadSerializer(serializers.Serializer):
    """An upload and how its import went."""

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    errors_url = serializers.SerializerMethodField(help_text=_("The rejected rows (CSV; ?format=json for JSON)"))
    page_url = serializers.SerializerMethodField(help_text=_("The upload's page in the web interface"))
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    file_name = serializers.CharField()
    file_size = serializers.IntegerField(help_text=_("Bytes"))
    status = serializers.CharField(help_text=_("pending, running, accepted or refused"))
    status_label = serializers.CharField(
        help_text=_('The status in words; "accepted with errors" when rows were rejected')
    )
    finished = serializers.SerializerMethodField()
    progress = serializers.FloatField(help_text=_("Share of the rows read, from 0 to 1"))
    counts = CountsSerializer(source="*")
    encoding = serializers.CharField(help_text=_("utf-8, utf-8-sig, cp1252 or xlsx; empty until the file is opened"))
    dayfirst = serializers.BooleanField(help_text=_("Whether dates were read as DD/MM/YYYY"))
    warnings = serializers.ListField(child=serializers.CharField(), source="warning_texts")
    message = serializers.CharField(source="message_text", help_text=_("Why the whole file was refused; else empty"))
    sent_by = serializers.CharField(source="user.username", default="")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_url(self, run) -> str:
        return reverse("api-upload-detail", kwargs={"pk": run.pk}, request=self.context.get("request"))

    def get_errors_url(self, run) -> str:
        return reverse("api-upload-errors", kwargs={"pk": run.pk}, request=self.context.get("request"))

    def get_page_url(self, run) -> str:
        return reverse("upload-detail", kwargs={"pk": run.pk}, request=self.context.get("request"))

    def get_finished(self, run) -> bool:
        return run.finished_at is not None


class RowErrorSerializer(serializers.Serializer):
    """A rejected row as its file names it: the line, the row's reference, the column's header, the reason in
    the request's language."""

    line = serializers.IntegerField(help_text=_("The file's line; in a spreadsheet, the sheet's row number"))
    reference = serializers.CharField(help_text=_("The row's own reference (e.g. its request number); empty if none"))
    column = serializers.CharField(source="column_shown", help_text=_("The column's header as the file writes it"))
    field = serializers.CharField(source="column", help_text=_("The column's name in the file format"))
    reason = serializers.CharField(source="text")

"""A record of every file taken in: what it was, who sent it, what came of each row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    AGENCIES = "agencies", _("agencies")
    LICENSEES = "licensees", _("licensees")
    DISPOSITIONS = "dispositions", _("acquisition and disposition records")
    PURCHASES = "purchases", _("purchase records")
    MULTIPLE_SALES = "multiple-sales", _("multiple-sale reports")
    THEFTS = "thefts", _("theft and loss reports")
    SEIZURES = "seizures", _("seizure inventory")
    TRACE_REQUESTS = "trace-requests", _("trace requests")


class ImportRun(models.Model):
    """One file imported (or refused): the evidence every imported row points back to."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("importing")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_size = models.BigIntegerField(default=0)
    encoding = models.CharField(max_length=20, blank=True)
    dayfirst = models.BooleanField(default=False)
    complete_book = models.BooleanField(
        default=True, help_text="An A&D book said to be complete: its keepers' records then count as electronic"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    licensee_rds = models.CharField(
        max_length=8,
        blank=True,
        db_index=True,
        help_text="The licence (RDS key) the file is sent for: rows of another record keeper are rejected",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True, help_text="Why the whole file was refused (message id)")
    message_params = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True, help_text="[message id, params] pairs")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"

    @property
    def status_label(self) -> str:
        """The status in words: an accepted file with rejected rows says so ("accepted with errors")."""
        if self.status == self.Status.ACCEPTED and self.rows_rejected:
            return gettext("accepted with errors")
        return self.get_status_display()

    @property
    def progress(self) -> float:
        return min(1.0, self.rows_read / self.rows_total) if self.rows_total else 0.0

    @property
    def message_text(self) -> str:
        return gettext(self.message) % self.message_params if self.message else ""

    @property
    def warning_texts(self) -> list[str]:
        return [gettext(message) % params for message, params in self.warnings]


class ImportRowError(models.Model):
    """A rejected row: line, column and reason, in the words of the file it came in. Never the value, which
    may be personal data; the row's reference (its request or record number) is not personal data."""

    HEADER_MAX = 200

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="row_errors")
    line = models.PositiveIntegerField(help_text="The file's line; an XLSX file's sheet row")
    column = models.CharField(max_length=60, blank=True, help_text="The layout column (serial_number)")
    header = models.CharField(
        max_length=HEADER_MAX, blank=True, help_text="The column's header as the file writes it (Número de serie)"
    )
    reference = models.CharField(
        max_length=120, blank=True, help_text="The row's own reference (request or record number), when it has one"
    )
    message = models.TextField(help_text="Message id, translated when shown")
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["line", "id"]

    def __str__(self) -> str:
        return f"{self.line}: {self.column}"

    @property
    def text(self) -> str:
        return gettext(self.message) % self.params

    @property
    def column_shown(self) -> str:
        """The column as its sender knows it: the file's header, else the layout's name."""
        return self.header or self.column

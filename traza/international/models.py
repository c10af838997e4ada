"""International trace requests: a gun traced abroad is asked about to the country that made or last imported it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InternationalRequest(models.Model):
    """A trace request to a foreign authority (INTERPOL's firearms trace request), for one `traced_foreign` trace.

    The firearm's markings, the recovery and the requesting agency are the trace's own; the request
    keeps to whom it was sent, by when an answer is due, the foreign authority's reference and its
    answer: a lawful export to a named party, or no record of the gun.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        SENT = "sent", _("sent")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    class Basis(models.TextChoices):
        MANUFACTURE = "manufacture", _("country of manufacture")
        IMPORT = "import", _("country of last legal import")

    class Answer(models.TextChoices):
        EXPORT = "export", _("lawfully exported to a named party")
        NO_RECORD = "no_record", _("no record of the firearm")

    UNANSWERED = (Status.OPEN, Status.SENT)

    trace = models.OneToOneField("tracing.Trace", on_delete=models.CASCADE, related_name="international_request")
    country = models.ForeignKey(
        "catalog.Country", on_delete=models.PROTECT, related_name="+", help_text="The country the request is sent to"
    )
    basis = models.CharField(max_length=12, choices=Basis.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField()
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    foreign_reference = models.CharField(max_length=80, blank=True)
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    export_party = models.CharField(max_length=200, blank=True)
    export_country = models.ForeignKey(
        "catalog.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    export_date = models.DateField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]

    def __str__(self) -> str:
        return f"IR-{self.pk}"

    @property
    def number(self) -> str:
        return format_request_number(self.created_at.year, self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in self.UNANSWERED


def format_request_number(year: int, pk: int) -> str:
    """The number people quote for a request: IR, the year it was opened, a sequence."""
    return f"IR{year}{pk:06d}"

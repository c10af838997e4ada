"""Suspect guns: serials an investigator flags before they are recovered, and the traces that found them."""

from django.conf import settings
from django.db import models


class SuspectGun(models.Model):
    """A serial flagged by an investigator for a case, until `expires_on`. When any agency traces it, the
    flagging investigator is told and the tracing agency sees whom to contact, not the case's contents."""

    serial_number = models.CharField(max_length=60)
    serial_key = models.CharField(max_length=60, db_index=True)
    manufacturer = models.CharField(max_length=120, blank=True)
    make = models.ForeignKey("catalog.Make", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    person = models.ForeignKey(
        "intel.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set when flagged as one of the guns a person bought",
    )
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case_ref = models.CharField(max_length=80)
    expires_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.serial_number} ({self.case_ref})"


class SuspectGunHit(models.Model):
    """A trace of a suspect gun."""

    suspect = models.ForeignKey(SuspectGun, on_delete=models.CASCADE, related_name="hits")
    trace = models.ForeignKey("tracing.Trace", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["suspect", "trace"], name="suspect_hit_unique")]
        indexes = [models.Index(fields=["trace"], name="suspect_hit_trace")]

    def __str__(self) -> str:
        return f"{self.suspect_id} {self.trace_id}"

"""The audit log: who did what, to which record, from where, and why. Append-only and hash-chained."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One thing that happened: a sign-in, a change, a look at personal data, an export, an upload.

    Rows are only ever added (on PostgreSQL a trigger refuses UPDATE and DELETE). Each row holds
    the SHA-256 of its own fields and of the previous row's hash, in an unbroken sequence, so
    that `traza audit verify` finds a row that was altered or removed. Never holds personal data
    or a password: a failed sign-in records the user name that was typed, nothing more.
    """

    seq = models.BigIntegerField(unique=True, help_text="Position in the chain: 1, 2, 3… with no gap")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True, help_text="User name, or the one typed at a failure")
    role = models.CharField(max_length=16, blank=True)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip = models.CharField(max_length=45, blank=True)
    purpose = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["action", "at"], name="audit_action_at"),
            models.Index(fields=["actor_name", "at"], name="audit_actor_name_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditChainHead(models.Model):
    """The chain's last position and hash, in one row that every append locks: writers wait in line."""

    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head #{self.seq}"

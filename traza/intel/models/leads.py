"""Leads: what the traces, taken together, point an investigator to, and what was done about it.

The worker recomputes leads as data arrives (leads/compute.py). A lead is known by its kind and
subject (`subject_key`: a person's key, a licensee's RDS key, a ring's key…), so a recompute updates
the lead in place and its life cycle, assignee and notes stay with it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Lead(models.Model):
    """One lead: a straw purchaser, a ring of buyers, a dealer, a custody case or a traced suspect gun."""

    class Kind(models.TextChoices):
        STRAW_PURCHASER = "straw_purchaser", _("straw purchaser")
        RING = "ring", _("ring of buyers")
        DEALER = "dealer", _("dealer")
        CUSTODY = "custody", _("gun out of custody")
        SUSPECT_GUN = "suspect_gun", _("suspect gun traced")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        REVIEWING = "reviewing", _("reviewing")
        REFERRED = "referred", _("referred")
        CLOSED = "closed", _("closed")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    subject_key = models.CharField(max_length=80, help_text="What the lead is about, stable across recomputes")
    score = models.FloatField(db_index=True, help_text="0 to 100: how strongly the data points to it")
    reasons = models.JSONField(
        default=list,
        help_text='Why, one item per indicator: {"code", "strength", "value"}; put into words when shown',
    )
    first_seen = models.DateField()
    last_seen = models.DateField()
    active = models.BooleanField(default=True, help_text="False once the data no longer supports it")
    computed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referred_to = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referred_case = models.CharField(max_length=80, blank=True)
    closed_reason = models.CharField(max_length=500, blank=True)

    traces = models.ManyToManyField("tracing.Trace", through="LeadTrace", related_name="leads")
    people = models.ManyToManyField("intel.Person", through="LeadPerson", related_name="leads")

    class Meta:
        ordering = ["-score", "-last_seen", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "subject_key"], name="lead_subject")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_key}"

    @property
    def number(self) -> str:
        """The lead number people quote: L and a sequence."""
        return f"L{self.pk:07d}"


class LeadTrace(models.Model):
    """A trace a lead rests on."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="lead_traces")
    trace = models.ForeignKey("tracing.Trace", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lead", "trace"], name="lead_trace_unique")]
        indexes = [models.Index(fields=["trace"], name="lead_trace_trace")]

    def __str__(self) -> str:
        return f"{self.lead_id} {self.trace_id}"


class LeadPerson(models.Model):
    """A person a lead rests on."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="lead_people")
    person = models.ForeignKey("intel.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lead", "person"], name="lead_person_unique")]
        indexes = [models.Index(fields=["person"], name="lead_person_person")]

    def __str__(self) -> str:
        return f"{self.lead_id} {self.person_id}"


class LeadNote(models.Model):
    """A note an investigator wrote on a lead."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.lead_id} {self.created_at:%Y-%m-%d}"

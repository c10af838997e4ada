"""Agencies that recover guns and the people who work for them."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """A law-enforcement agency: owns the traces it submits and the guns it seized."""

    class Level(models.TextChoices):
        FEDERAL = "federal", _("federal")
        STATE = "state", _("state")
        MUNICIPAL = "municipal", _("municipal")

    class Kind(models.TextChoices):
        POLICE = "police", _("police")
        PROSECUTOR = "prosecutor", _("prosecutor")
        MILITARY = "military", _("military")
        NAVY = "navy", _("navy")
        NATIONAL_GUARD = "national_guard", _("national guard")
        CUSTOMS = "customs", _("customs")
        OTHER = "other", _("other")

    code = models.CharField(max_length=20, unique=True, help_text="ORI-style agency code")
    name = models.CharField(max_length=200)
    country = models.ForeignKey("catalog.Country", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=10, choices=Level.choices)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    region = models.ForeignKey("catalog.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    municipality = models.ForeignKey(
        "catalog.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    import_run = models.ForeignKey(
        "imports.ImportRun", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    line = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class User(AbstractUser):
    """A person with an account. Belongs to one agency; what they may do follows from `role`."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("officer")
        INVESTIGATOR = "investigator", _("investigator")
        ANALYST = "analyst", _("analyst")
        AGENCY_ADMIN = "agency_admin", _("agency administrator")
        COORDINATOR = "coordinator", _("country coordinator")
        INDUSTRY = "industry", _("industry responder")
        AUDITOR = "auditor", _("auditor")
        SYSADMIN = "sysadmin", _("system administrator")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.OFFICER)
    language = models.CharField(max_length=5, blank=True, help_text="Preferred language; empty follows the agency")

    def __str__(self) -> str:
        return self.username


class ApiToken(models.Model):
    """A machine client's bearer token. Only its SHA-256 is stored; it expires and can be revoked."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="First characters, to tell tokens apart")
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"

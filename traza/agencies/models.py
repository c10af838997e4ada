"""Agencies that recover guns and the people who work for them."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """A law-enforcement agency: owns the traces it submits and the guns it seized.

    Agencies loaded from the directory file are approved; one that applies through Traza starts
    as `applied` until its country's coordinator approves it (recording the agreement, MOU) or
    refuses it. Only an approved agency's people may sign in. The coordinator may designate an
    approved agency a tracing centre: only its people may be analysts, and they work the licensee
    queries of the traces of their country's agencies (`traces_visible_to`).
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

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
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.APPROVED, db_default=Status.APPROVED)
    designated = models.BooleanField(
        default=False, db_default=False, help_text="Holds accounts for other agencies under a central access policy"
    )
    tracing_centre = models.BooleanField(
        default=False,
        db_default=False,
        help_text="A tracing centre: its analysts work the licensee queries of its country's traces",
    )
    mou_reference = models.CharField(max_length=80, blank=True, default="", db_default="")
    mou_date = models.DateField(null=True, blank=True)
    application_note = models.CharField(max_length=500, blank=True, default="", db_default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey("User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decision_note = models.CharField(max_length=500, blank=True, default="", db_default="")
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
    licensee_rds = models.CharField(
        max_length=8, blank=True, db_index=True, help_text="An industry responder's licence (RDS key)"
    )
    suspended_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    session_epoch = models.PositiveIntegerField(default=0, help_text="Raised to end every session of the user")

    def __str__(self) -> str:
        return self.username

    def _get_session_auth_hash(self, secret=None):
        """What a session is bound to: the password, and the epoch services raise to end every session
        (suspension, removal, a change of role)."""
        value = f"{self.password}:{self.session_epoch}"
        return salted_hmac("traza.agencies.User.session", value, secret=secret, algorithm="sha256").hexdigest()

    @property
    def status(self) -> str:
        """active, suspended (may come back) or removed (for good; the account stays for the record)."""
        if self.removed_at is not None:
            return "removed"
        return "suspended" if not self.is_active else "active"


class ApiToken(models.Model):
    """A machine client's bearer token. Only its SHA-256 is stored; it expires and can be revoked.

    It is tied to the role and agency its user had when it was issued: a change of either ends it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(
        max_length=16, default="", help_text="The user's role when issued: the token dies if it changes"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    prefix = models.CharField(max_length=8, help_text="First characters, to tell tokens apart")
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"


class TwoFactorDevice(models.Model):
    """A person's authenticator app (TOTP, RFC 6238): the secret it shares with Traza.

    `last_step` is the last 30-second step accepted, so a code cannot be used twice. `recovery_codes`
    holds a keyed hash of each recovery code not used yet (the codes themselves are shown once).
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)
    recovery_codes = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.user} TOTP"


class AccessPolicy(models.Model):
    """One dated setting of a country's access policy; the latest row is the policy in force.

    `central`: only the agencies the coordinator designates hold accounts, and submit for the
    others. `distributed`: every approved agency holds its own accounts. Rows are never changed,
    so figures before and after a change can be compared.
    """

    class Policy(models.TextChoices):
        CENTRAL = "central", _("central (designated agencies submit for the others)")
        DISTRIBUTED = "distributed", _("distributed (every approved agency holds accounts)")

    country = models.ForeignKey("catalog.Country", on_delete=models.PROTECT, related_name="+")
    policy = models.CharField(max_length=11, choices=Policy.choices)
    effective_at = models.DateTimeField()
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["country", "-effective_at", "-id"]
        indexes = [models.Index(fields=["country", "effective_at"], name="access_policy_country_at")]
        verbose_name_plural = "access policies"

    def __str__(self) -> str:
        return f"{self.country_id} {self.policy} {self.effective_at:%Y-%m-%d}"


class SharingAgreement(models.Model):
    """A named group of agencies that read each other's traces (never edit them), e.g. one state's agencies."""

    name = models.CharField(max_length=150, unique=True)
    description = models.CharField(max_length=500, blank=True)
    country = models.ForeignKey("catalog.Country", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SharingMembership(models.Model):
    """An agency's time in a sharing agreement: from `joined_at` until `left_at` (open while a member).

    Leaving closes the row; joining again opens a new one, so the history stays.
    """

    agreement = models.ForeignKey(SharingAgreement, on_delete=models.PROTECT, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="sharing_memberships")
    joined_at = models.DateTimeField()
    joined_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    left_at = models.DateTimeField(null=True, blank=True)
    left_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["agreement", "joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "agency"], condition=models.Q(left_at__isnull=True), name="one_open_membership"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "left_at"], name="membership_agency_open"),
            models.Index(fields=["agreement", "left_at"], name="membership_agreement_open"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} in {self.agreement_id}"

"""What the statistics count, kept beside the records they come from and brought up to date as traces move.

A trace's figures (its month, agency, place, source, time-to-crime, lag, time to complete) need joins
with agencies, licensees and the access-policy history. Each trace gets one narrow row here instead,
written set-based when it is submitted, resolved or withdrawn (see refresh.py), so a dashboard groups
one table and never re-joins a million traces per request. Seized guns get the same: one row per item
of a seizure inventory saying whether, and how soon, a trace followed it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    """ATF's split of a country's traced guns (the country reports): where the chain says the gun came from."""

    US = "us", _("US-sourced")
    FOREIGN = "foreign", _("foreign-sourced")
    UNDETERMINED = "undetermined", _("undetermined")


class TraceFact(models.Model):
    """One trace as the statistics see it. Never edited by hand: refresh.py rewrites it from the trace."""

    trace = models.OneToOneField(
        "tracing.Trace", primary_key=True, on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )
    # Indexes: no LIKE (varchar_pattern_ops) twins, which Django adds to a character key and nothing here asks; agency
    # and region are found through their (…, recovery_month) indexes. Facts are rewritten with every batch of traces
    # the engine resolves, so each index is paid for there.
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    submitter = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        help_text="The designated agency that submitted the trace for the recovering agency",
    )
    level = models.CharField(max_length=10)
    kind = models.CharField(max_length=16)
    policy = models.CharField(max_length=11, help_text="The country's access policy when the trace was submitted")
    country = models.CharField(max_length=2)
    region = models.ForeignKey(
        "catalog.Region", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True, related_name="+"
    )
    municipality = models.ForeignKey(
        "catalog.Municipality", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    crime_code = models.ForeignKey(
        "catalog.CrimeCode",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    firearm_type = models.CharField(max_length=16)
    make = models.ForeignKey(
        "catalog.Make", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    caliber = models.ForeignKey(
        "catalog.Caliber", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    status = models.CharField(max_length=20)
    recovery_date = models.DateField()
    recovery_month = models.DateField()
    submitted_date = models.DateField(null=True)
    lag_days = models.IntegerField(null=True, help_text="Days from the recovery to the submission")
    complete_hours = models.IntegerField(null=True, help_text="Hours from the submission to the final result")
    ttc_days = models.IntegerField(null=True, help_text="Days from the retail sale to the recovery")
    source_region = models.ForeignKey(
        "catalog.Region", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True, related_name="+"
    )
    source_rds = models.CharField(max_length=8, blank=True)
    origin = models.CharField(max_length=12, choices=Origin.choices)
    located = models.BooleanField(default=False, help_text="Recovery coordinates were captured")

    class Meta:
        indexes = [
            models.Index(fields=["country", "recovery_month"], name="trace_fact_country_month"),
            models.Index(fields=["agency", "recovery_month"], name="trace_fact_agency_month"),
            models.Index(fields=["region", "recovery_month"], name="trace_fact_region_month"),
            models.Index(fields=["crime_code"], name="trace_fact_crime_code"),
            models.Index(fields=["source_region"], name="trace_fact_source_region"),
        ]

    def __str__(self) -> str:
        return f"fact of trace {self.trace_id}"


class SeizureFact(models.Model):
    """One seized gun as the coverage figures see it: traced or not, and how many days after the seizure."""

    seizure = models.OneToOneField(
        "tracing.Seizure", primary_key=True, on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )
    agency = models.ForeignKey("agencies.Agency", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    level = models.CharField(max_length=10)
    kind = models.CharField(max_length=16)
    country = models.CharField(max_length=2)
    region = models.ForeignKey(
        "catalog.Region", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    municipality = models.ForeignKey(
        "catalog.Municipality", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    firearm_type = models.CharField(max_length=16)
    seizure_date = models.DateField()
    seizure_month = models.DateField()
    trace = models.ForeignKey(
        "tracing.Trace",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        help_text="The first trace of this gun, by seizure reference and item or by the agency's serial",
    )
    lag_days = models.IntegerField(null=True, help_text="Days from the seizure to the trace's submission")

    class Meta:
        indexes = [
            models.Index(fields=["country", "seizure_month"], name="seizure_fact_country_month"),
            models.Index(fields=["agency", "seizure_month"], name="seizure_fact_agency_month"),
        ]

    def __str__(self) -> str:
        return f"fact of seizure {self.seizure_id}"


class CustodyAlert(models.Model):
    """A gun that seems to have left an agency's custody, found by comparing serials across records.

    `seized_again`: a serial in one agency's seizure inventory was recovered again at a later crime.
    `traced_twice`: the same gun was traced twice with recovery dates far apart.
    Seen by the coordinator of either agency's country and the administrators of both agencies.
    """

    class Kind(models.TextChoices):
        SEIZED_AGAIN = "seized_again", _("seized gun recovered again")
        TRACED_TWICE = "traced_twice", _("traced twice, far apart")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    serial_key = models.CharField(max_length=60)
    seizure = models.ForeignKey("tracing.Seizure", on_delete=models.CASCADE, null=True, related_name="+")
    earlier_trace = models.ForeignKey("tracing.Trace", on_delete=models.CASCADE, null=True, related_name="+")
    trace = models.ForeignKey("tracing.Trace", on_delete=models.CASCADE, related_name="+")
    holding_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", help_text="The agency that held the gun first"
    )
    recovering_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", help_text="The agency that recovered it again"
    )
    held_on = models.DateField(help_text="When the first agency seized or recovered it")
    recovered_on = models.DateField(help_text="When it was recovered again")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey("agencies.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-recovered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seizure", "trace"], condition=models.Q(seizure__isnull=False), name="custody_seizure_trace"
            ),
            models.UniqueConstraint(
                fields=["earlier_trace", "trace"],
                condition=models.Q(earlier_trace__isnull=False),
                name="custody_earlier_trace",
            ),
        ]
        indexes = [models.Index(fields=["status", "recovered_on"], name="custody_status_recovered")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class FactsChange(models.Model):
    """One write to the facts (a resolved batch, an import, a rebuild): the newest id is the facts' version.

    Figures that take long to compute are cached under that version, so a cached figure is never older
    than the facts. A row per write, never updated, so concurrent workers never wait on one another.
    """

    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"facts change {self.pk}"

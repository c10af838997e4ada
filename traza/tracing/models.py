"""Trace requests, the chain each one follows, and what it found."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from traza.catalog.models import FirearmType


class SerialObliterated(models.TextChoices):
    NO = "N", _("legible")
    YES = "Y", _("fully obliterated")
    PARTIAL = "partial", _("partly obliterated")


class Trace(models.Model):
    """One request to find the commercial history of one recovered firearm."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        REJECTED = "rejected", _("rejected")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED_PURCHASER = "completed_purchaser", _("completed: purchaser found")
        COMPLETED_DEALER = "completed_dealer", _("completed: retail dealer found")
        TRACED_FOREIGN = "traced_foreign", _("traced abroad")
        NOT_TRACED = "not_traced", _("not traced")
        DUPLICATE = "duplicate", _("duplicate")
        CANCELLED = "cancelled", _("cancelled")

    class Reason(models.TextChoices):
        PRE_1968 = "pre_1968", _("made before 1968")
        OBLITERATED = "obliterated", _("serial number obliterated")
        INVALID_MARKINGS = "invalid_markings", _("invalid or missing markings")
        INCOMPLETE_REQUEST = "incomplete_request", _("incomplete request")
        NO_RECORD = "no_record", _("no record found")
        OBR_NOT_FOUND = "obr_not_found", _("not found in out-of-business records")
        STOLEN_REPORTED = "stolen_reported", _("reported stolen or lost by the licensee")
        IN_INVENTORY = "in_inventory", _("still in the licensee's inventory")
        DESTROYED = "destroyed", _("recorded as destroyed")
        PURCHASE_RECORD_MISSING = "purchase_record_missing", _("retail sale without a purchase record")
        EXPORTED = "exported", _("lawfully exported")
        FOREIGN_NOT_IMPORTED = "foreign_not_imported", _("made abroad, no import record")

    class Priority(models.TextChoices):
        ROUTINE = "routine", _("routine")
        URGENT = "urgent", _("urgent")

    class Channel(models.TextChoices):
        WEB = "web", _("web form")
        API = "api", _("API")
        FILE = "file", _("file")

    FINAL = {
        Status.COMPLETED_PURCHASER,
        Status.COMPLETED_DEALER,
        Status.TRACED_FOREIGN,
        Status.NOT_TRACED,
        Status.DUPLICATE,
        Status.CANCELLED,
        Status.REJECTED,
    }

    agency = models.ForeignKey(  # indexed as the first column of trace_natural_key
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="traces",
        db_index=False,
        help_text="The recovering agency of record",
    )
    submitting_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The designated agency that submitted it for `agency` under a central access policy",
    )
    request_ref = models.CharField(max_length=60)
    channel = models.CharField(max_length=4, choices=Channel.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    import_run = models.ForeignKey(
        "imports.ImportRun", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    line = models.PositiveIntegerField(null=True, blank=True, help_text="Line of the file it came from")
    idempotency_key = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    status_reason = models.CharField(max_length=24, choices=Reason.choices, blank=True)
    resolution_note = models.CharField(max_length=200, blank=True)
    priority = models.CharField(max_length=7, choices=Priority.choices, default=Priority.ROUTINE)
    urgent_reason = models.CharField(max_length=500, blank=True)

    officer_name = models.CharField(max_length=150, blank=True)
    officer_badge = models.CharField(max_length=40, blank=True)
    agency_case_number = models.CharField(max_length=80, blank=True)
    # A Mexican case's own references: the prosecutor's agent and office (Ministerio Público), the police report
    # (Informe Policial Homologado) and the authority that made the seizure (primer respondiente).
    mp_agent = models.CharField(max_length=150, blank=True)
    mp_office = models.CharField(max_length=150, blank=True)
    iph_number = models.CharField(max_length=40, blank=True)
    first_responder = models.CharField(max_length=150, blank=True)
    crime_code = models.ForeignKey(
        "catalog.CrimeCode", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )

    recovery_date = models.DateField()
    recovery_country = models.CharField(max_length=2)
    recovery_region = models.ForeignKey(
        "catalog.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    recovery_municipality = models.ForeignKey(
        "catalog.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recovery_locality = models.CharField(max_length=150, blank=True)
    recovery_address = models.CharField(max_length=250, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    serial_number = models.CharField(max_length=60, blank=True)
    serial_key = models.CharField(max_length=60, blank=True)
    serial_obliterated = models.CharField(max_length=7, choices=SerialObliterated.choices, default=SerialObliterated.NO)
    manufacturer = models.CharField(max_length=120)
    make = models.ForeignKey(
        "catalog.Make",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The catalog make the marking resolved to; empty while the spelling is unresolved",
    )
    make_basis = models.CharField(
        max_length=14, blank=True, help_text="How the make was resolved: exact, alias, tokens, licence, fuzzy…"
    )
    make_confidence = models.FloatField(null=True, blank=True)
    importer = models.CharField(max_length=120, blank=True)
    importer_make = models.ForeignKey("catalog.Make", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    model = models.CharField(max_length=120, blank=True)
    caliber = models.CharField(max_length=60, blank=True)
    caliber_ref = models.ForeignKey(
        "catalog.Caliber", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    firearm_type = models.CharField(max_length=16, choices=FirearmType.choices, blank=True)
    country_of_origin = models.CharField(max_length=2, blank=True)
    markings = models.CharField(max_length=250, blank=True)

    possessor_last_name = models.CharField(max_length=100, blank=True)
    possessor_first_name = models.CharField(max_length=100, blank=True)
    possessor_dob = models.DateField(null=True, blank=True)
    possessor_sex = models.CharField(max_length=1, blank=True)
    possessor_nationality = models.CharField(max_length=2, blank=True)

    seizure_ref = models.CharField(max_length=60, blank=True)
    seizure_item = models.CharField(max_length=20, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates")
    first_licensee_rds = models.CharField(max_length=8, blank=True)
    retail_licensee_rds = models.CharField(max_length=8, blank=True)
    stopped_at_rds = models.CharField(
        max_length=8, blank=True, help_text="The licensee whose records the chain needs to go on"
    )
    sale_date = models.DateField(null=True, blank=True)
    # The engine sets it from a record it has just read; the industry's records are never deleted.
    purchase = models.ForeignKey(
        "industry.Purchase", on_delete=models.PROTECT, db_constraint=False, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "request_ref"], name="trace_natural_key"),
            models.UniqueConstraint(
                fields=["agency", "idempotency_key"], condition=~models.Q(idempotency_key=""), name="trace_idempotency"
            ),
        ]
        # Plain b-trees, without the LIKE (varchar_pattern_ops) twin `db_index` adds to a character column: every
        # resolution rewrites these rows, and no question asks a prefix of these columns (serial parts are
        # found by the trigram index).
        indexes = [
            models.Index(fields=["status"], name="trace_status"),
            models.Index(fields=["serial_key"], name="trace_serial_key"),
            models.Index(fields=["retail_licensee_rds"], name="trace_retail_licensee"),
            models.Index(fields=["stopped_at_rds"], name="trace_stopped_at"),
            models.Index(fields=["crime_code"], name="trace_crime_code"),
            models.Index(fields=["recovery_region"], name="trace_recovery_region"),
            models.Index(fields=["agency", "status"], name="trace_agency_status"),
            models.Index(
                fields=["agency", "seizure_ref", "seizure_item"],
                condition=~models.Q(seizure_ref=""),
                name="trace_seizure_item",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The trace number people quote: T, the year it was created, a sequence."""
        return format_trace_number(self.created_at.year, self.pk)

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL

    @property
    def time_to_crime(self) -> int | None:
        """Days from the retail sale to the recovery."""
        if self.sale_date is None:
            return None
        return (self.recovery_date - self.sale_date).days


def format_trace_number(year: int, pk: int) -> str:
    return f"T{year}{pk:08d}"


def parse_trace_number(number: str) -> tuple[int, int] | None:
    """(year, pk) from a trace number, or None when it is not one."""
    text = number.strip().upper()
    if len(text) != 13 or not text.startswith("T") or not (text[1:].isascii() and text[1:].isdigit()):
        return None
    return int(text[1:5]), int(text[5:])


class TraceStep(models.Model):
    """One link of a trace's chain, with the evidence for it."""

    class Role(models.TextChoices):
        MANUFACTURER = "manufacturer", _("manufacturer")
        IMPORTER = "importer", _("importer")
        WHOLESALER = "wholesaler", _("wholesaler")
        RETAILER = "retailer", _("retail dealer")
        PURCHASER = "purchaser", _("purchaser")
        AWAITING = "awaiting", _("awaiting licensee")

    # What the engine writes of a step besides its trace, in this order; a result sheet's code covers the same.
    WRITTEN = (
        "position",
        "role",
        "licensee_rds",
        "disposition_id",
        "purchase_id",
        "theft_id",
        "query_id",
        "received_date",
        "disposed_date",
        "disposition_type",
        "make_confidence",
    )

    # Found through the unique (trace, position) index: a second index of trace alone would only cost writes.
    # No database check either: the checks run at commit, one per row, and cost a quarter of a batch's resolution
    # (some 15,000 steps for 5,000 traces). The engine writes steps only for traces it has just read, in the same
    # transaction; traces are never deleted (a withdrawn one is cancelled), and Django deletes a trace's steps with it.
    trace = models.ForeignKey(
        Trace, on_delete=models.CASCADE, related_name="steps", db_index=False, db_constraint=False
    )
    position = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=12, choices=Role.choices)
    licensee_rds = models.CharField(max_length=8, blank=True)
    # Evidence the engine has just read, written in bulk: no database check nor index per step on the
    # records, which are never deleted and never looked up from their steps (as Disposition's references).
    disposition = models.ForeignKey(
        "industry.Disposition",
        on_delete=models.PROTECT,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    purchase = models.ForeignKey(
        "industry.Purchase", on_delete=models.PROTECT, db_constraint=False, db_index=False, null=True, related_name="+"
    )
    theft = models.ForeignKey(
        "industry.Theft", on_delete=models.PROTECT, db_constraint=False, db_index=False, null=True, related_name="+"
    )
    query = models.ForeignKey("industry.LicenseeQuery", on_delete=models.SET_NULL, null=True, related_name="+")
    received_date = models.DateField(null=True)
    disposed_date = models.DateField(null=True)
    disposition_type = models.CharField(max_length=10, blank=True)
    make_confidence = models.FloatField(
        null=True, help_text="Set when the trace's make was taken from this step's record: how surely (0 to 1)"
    )

    class Meta:
        ordering = ["trace", "position"]
        constraints = [models.UniqueConstraint(fields=["trace", "position"], name="trace_step_position")]

    def __str__(self) -> str:
        return f"{self.trace_id}#{self.position} {self.role}"


class Indicator(models.TextChoices):
    SHORT_TTC = "short_ttc", _("short time-to-crime")
    PURCHASER_NOT_POSSESSOR = "purchaser_not_possessor", _("purchaser is not the possessor")
    MULTIPLE_SALE = "multiple_sale", _("in a multiple-sale report")
    OBLITERATED_SERIAL = "obliterated_serial", _("serial number obliterated")
    CROSS_BORDER = "cross_border", _("sold in one country, recovered in another")
    STOLEN_REPORTED = "stolen_reported", _("reported lost or stolen")
    REPEAT_PURCHASER = "repeat_purchaser", _("the buyer is in other traces")
    REPEAT_DEALER = "repeat_dealer", _("the dealer has many short time-to-crime traces")
    SUSPECT_GUN = "suspect_gun", _("flagged as suspect by an investigator")


class TraceIndicator(models.Model):
    """A trafficking indicator found on a trace (`strong` marks, e.g., a time-to-crime under a year)."""

    # Found through the unique (trace, code) index; code has a plain b-tree (no LIKE twin): nothing asks a prefix.
    # No database check (see TraceStep.trace): written in bulk with the steps.
    trace = models.ForeignKey(
        Trace, on_delete=models.CASCADE, related_name="indicators", db_index=False, db_constraint=False
    )
    code = models.CharField(max_length=24, choices=Indicator.choices)
    strong = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["trace", "code"], name="trace_indicator_unique")]
        indexes = [models.Index(fields=["code"], name="trace_indicator_code")]

    def __str__(self) -> str:
        return self.code


class Seizure(models.Model):
    """One firearm in an agency's seizure inventory: the denominator of trace coverage."""

    import_run = models.ForeignKey("imports.ImportRun", on_delete=models.PROTECT, related_name="+")
    line = models.PositiveIntegerField()
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="seizures")
    seizure_ref = models.CharField(max_length=60)
    item_no = models.CharField(max_length=20)
    seizure_date = models.DateField()
    country = models.CharField(max_length=2)
    region = models.ForeignKey("catalog.Region", on_delete=models.PROTECT, null=True, related_name="+")
    municipality = models.ForeignKey("catalog.Municipality", on_delete=models.PROTECT, null=True, related_name="+")
    serial_number = models.CharField(max_length=60, blank=True)
    serial_key = models.CharField(max_length=60, blank=True, db_index=True)
    serial_obliterated = models.CharField(max_length=7, choices=SerialObliterated.choices, default=SerialObliterated.NO)
    manufacturer = models.CharField(max_length=120, blank=True)
    make = models.ForeignKey("catalog.Make", on_delete=models.PROTECT, null=True, related_name="+")
    model = models.CharField(max_length=120, blank=True)
    caliber = models.CharField(max_length=60, blank=True)
    firearm_type = models.CharField(max_length=16, choices=FirearmType.choices, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "seizure_ref", "item_no"], name="seizure_natural_key")]

    def __str__(self) -> str:
        return f"{self.seizure_ref}/{self.item_no}"


class TraceSheet(models.Model):
    """A result sheet Traza issued, by its verification code: the state of the trace the sheet showed.

    The code is derived from the trace's state (see tracing.sheets); this row remembers the states sheets were
    printed in, so a sheet of an older state is told apart from a code that was never issued.
    """

    trace = models.ForeignKey(Trace, on_delete=models.CASCADE, related_name="sheets")
    code = models.CharField(max_length=16)
    status = models.CharField(max_length=20, choices=Trace.Status.choices)
    status_reason = models.CharField(max_length=24, choices=Trace.Reason.choices, blank=True)
    changed_at = models.DateTimeField(help_text="The trace's last change the sheet showed")
    first_issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["trace", "code"], name="trace_sheet_code")]

    def __str__(self) -> str:
        return f"{self.trace_id} {self.code}"

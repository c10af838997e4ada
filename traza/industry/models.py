"""The firearms industry's records: licensees, their A&D books, retail sales, reports, queries."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.catalog.models import FirearmType


class Licensee(models.Model):
    """A federal firearms licensee, identified by its RDS key so that renewals keep one identity.

    A licensee first seen only as the other party of an A&D record is kept with what that
    record says (`listed` is false) until the FFL list brings its full entry.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        OUT_OF_BUSINESS = "out_of_business", _("out of business")

    # Licence types (the fourth part of an FFL number) of those who make or import firearms; 10 and 11 are the
    # makers and importers of destructive devices, who deal in firearms too.
    MAKER_TYPES = frozenset({"07", "10"})
    IMPORTER_TYPES = frozenset({"08", "11"})
    MAKER_OR_IMPORTER_TYPES = tuple(sorted(MAKER_TYPES | IMPORTER_TYPES))

    rds_key = models.CharField(max_length=8, unique=True)
    region = models.CharField(max_length=1)
    district = models.CharField(max_length=2)
    county = models.CharField(max_length=3, blank=True)
    lic_type = models.CharField(max_length=2, blank=True)
    expiration = models.CharField(max_length=2, blank=True)
    sequence = models.CharField(max_length=5)
    license_name = models.CharField(max_length=200, blank=True)
    business_name = models.CharField(max_length=200, blank=True)
    premise_street = models.CharField(max_length=200, blank=True)
    premise_city = models.CharField(max_length=100, blank=True)
    premise_state = models.CharField(max_length=2, blank=True, db_index=True)
    premise_zip = models.CharField(max_length=10, blank=True)
    mail_street = models.CharField(max_length=200, blank=True)
    mail_city = models.CharField(max_length=100, blank=True)
    mail_state = models.CharField(max_length=2, blank=True)
    mail_zip = models.CharField(max_length=10, blank=True)
    voice_phone = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    out_of_business_date = models.DateField(null=True, blank=True)
    electronic_records = models.BooleanField(
        default=False, help_text="Its A&D book is kept in Traza, so chain steps through it need no query"
    )
    listed = models.BooleanField(default=True, help_text="False while known only from other licensees' records")
    import_run = models.ForeignKey(
        "imports.ImportRun", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    line = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rds_key"]

    def __str__(self) -> str:
        return f"{self.licence_number} {self.display_name}"

    @property
    def licence_number(self) -> str:
        parts = [self.region, self.district, self.county or "???", self.lic_type or "??", self.expiration or "??"]
        return "-".join([*parts, self.sequence])

    @property
    def display_name(self) -> str:
        return self.business_name or self.license_name


class Disposition(models.Model):
    """One row of a licensee's acquisition and disposition (A&D) book: one gun in, and out.

    The biggest table by far (hundreds of millions of rows over the years), loaded in bulk:
    its references are checked by the importer, not by database constraints, and only its
    natural key, the serial and the few rows whose maker's name resolved to no make are indexed
    (nothing looks rows up by their other references), so that a bulk load costs what those
    indexes cost and no more.
    """

    class Type(models.TextChoices):
        SALE = "sale", _("sale")
        TRANSFER = "transfer", _("transfer")
        EXPORT = "export", _("export")
        THEFT = "theft", _("theft")
        LOSS = "loss", _("loss")
        DESTROYED = "destroyed", _("destroyed")
        RETURN = "return", _("return")

    # The dispositions that hand the gun on: to another licensee (whose book takes it up), or to a person at retail.
    TRANSFERS = frozenset({Type.SALE, Type.TRANSFER, Type.RETURN})

    import_run = models.ForeignKey(
        "imports.ImportRun", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    line = models.PositiveIntegerField()
    keeper_rds = models.CharField(max_length=8)
    record_id = models.CharField(max_length=60)
    keeper_license = models.CharField(max_length=25)
    serial_number = models.CharField(max_length=60)
    serial_key = models.CharField(max_length=60)
    manufacturer = models.CharField(max_length=120)
    make = models.ForeignKey(
        "catalog.Make", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True, related_name="+"
    )
    importer = models.CharField(max_length=120, blank=True)
    importer_make = models.ForeignKey(
        "catalog.Make", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True, related_name="+"
    )
    model = models.CharField(max_length=120, blank=True)
    caliber = models.CharField(max_length=60, blank=True)
    caliber_ref = models.ForeignKey(
        "catalog.Caliber", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True, related_name="+"
    )
    firearm_type = models.CharField(max_length=16, choices=FirearmType.choices, blank=True)
    country_of_origin = models.CharField(max_length=2, blank=True)
    acquisition_date = models.DateField(null=True)
    acquired_from_license = models.CharField(max_length=25, blank=True)
    acquired_from_rds = models.CharField(max_length=8, blank=True)
    acquired_from_name = models.CharField(max_length=200, blank=True)
    disposition_date = models.DateField(null=True)
    disposition_type = models.CharField(max_length=10, choices=Type.choices, blank=True)
    disposed_to_license = models.CharField(max_length=25, blank=True)
    disposed_to_rds = models.CharField(max_length=8, blank=True)
    disposed_to_name = models.CharField(max_length=200, blank=True)
    transaction_ref = models.CharField(max_length=60, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["keeper_rds", "record_id"], name="disposition_natural_key")]
        indexes = [
            # varchar_pattern_ops also serves prefix searches (partial serials) on PostgreSQL.
            models.Index(fields=["serial_key"], name="disposition_serial", opclasses=["varchar_pattern_ops"]),
            # The markings review queue groups the spellings no make was found for; those rows are few.
            models.Index(fields=["manufacturer"], name="disposition_unknown_make", condition=Q(make__isnull=True)),
            models.Index(
                fields=["importer"],
                name="disposition_unknown_importer",
                condition=Q(importer_make__isnull=True) & ~Q(importer=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.keeper_rds}/{self.record_id}"


class Purchaser(models.Model):
    """The buyer as a retail record names them, on a purchase record and a multiple-sale report alike.

    Every field is personal data: masked unless revealed (agencies.selectors.personal_data).
    """

    last_name = models.CharField(max_length=100)
    first_name = models.CharField(max_length=100, blank=True)
    middle_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True)
    street = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    zip = models.CharField(max_length=10, blank=True)
    id_type = models.CharField(max_length=40, blank=True)
    id_number = models.CharField(max_length=60, blank=True)

    class Meta:
        abstract = True


class Purchase(Purchaser):
    """A retail transaction record (the content of a Form 4473). Names are personal data."""

    # Which run and line wrote the record, as on an A&D record: not checked by the database row by row (a book of
    # purchases is loaded by the million; runs are never deleted) and not indexed (nothing looks purchases up by run).
    import_run = models.ForeignKey(
        "imports.ImportRun", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    line = models.PositiveIntegerField()
    licensee_rds = models.CharField(max_length=8)
    transaction_ref = models.CharField(max_length=60)
    transaction_date = models.DateField(null=True)
    suffix = models.CharField(max_length=20, blank=True)
    place_of_birth = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    id_issuer = models.CharField(max_length=60, blank=True)
    person_key = models.CharField(max_length=32, help_text="Opaque id of the resolved person")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["licensee_rds", "transaction_ref"], name="purchase_natural_key")]
        # No index on `person_key`: nothing finds purchases by it (a person's records are found through
        # intel.PersonRecord, by purchase id), and a book of purchases would keep one up to date by the million.
        # Only the rows still without one, which a book sent again writes and keys chunk by chunk, are indexed.
        indexes = [models.Index(fields=["id"], condition=models.Q(person_key=""), name="purchase_unkeyed")]

    def __str__(self) -> str:
        return f"{self.licensee_rds}/{self.transaction_ref}"


#: The purchaser's personal data on a purchase record, in reading order: what a reveal shows and a mask hides.
PURCHASER_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "suffix",
    "date_of_birth",
    "place_of_birth",
    "street",
    "city",
    "state",
    "zip",
    "id_type",
    "id_number",
    "id_issuer",
)


class FirearmReport(models.Model):
    """Fields shared by the reports that name one firearm each."""

    import_run = models.ForeignKey("imports.ImportRun", on_delete=models.PROTECT, related_name="+")
    line = models.PositiveIntegerField()
    report_number = models.CharField(max_length=60)
    serial_number = models.CharField(max_length=60)
    serial_key = models.CharField(max_length=60, db_index=True)
    manufacturer = models.CharField(max_length=120, blank=True)
    make = models.ForeignKey("catalog.Make", on_delete=models.PROTECT, null=True, related_name="+")
    model = models.CharField(max_length=120, blank=True)
    caliber = models.CharField(max_length=60, blank=True)
    firearm_type = models.CharField(max_length=16, choices=FirearmType.choices, blank=True)

    class Meta:
        abstract = True


class MultipleSale(FirearmReport, Purchaser):
    """A firearm named in a multiple-sale report (ATF F 3310.4 handguns, 3310.12 border rifles)."""

    class Form(models.TextChoices):
        HANDGUNS = "3310.4", _("3310.4 (handguns)")
        RIFLES = "3310.12", _("3310.12 (border-state rifles)")

    form = models.CharField(max_length=8, choices=Form.choices)
    licensee_rds = models.CharField(max_length=8)
    sale_date = models.DateField()
    importer = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report_number", "serial_key"], name="multiple_sale_natural_key")
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.report_number}"


class Theft(FirearmReport):
    """A firearm reported lost or stolen, by a licensee (F 3310.11) or by a police agency."""

    class IncidentType(models.TextChoices):
        THEFT = "theft", _("theft")
        LOSS = "loss", _("loss")

    reported_by = models.CharField(max_length=25)
    reported_by_rds = models.CharField(max_length=8, blank=True, db_index=True)
    incident_date = models.DateField(null=True)
    incident_type = models.CharField(max_length=5, choices=IncidentType.choices)
    incident_country = models.CharField(max_length=2, blank=True)
    incident_state = models.CharField(max_length=6, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report_number", "serial_key"], name="theft_natural_key")]

    def __str__(self) -> str:
        return f"{self.incident_type} {self.report_number}"


class LicenseeQuery(models.Model):
    """A question to a licensee whose records are not in Traza: what became of this gun?

    The law gives the licensee 24 hours; the trace waits on it and resumes by itself when the
    licensee's records arrive.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    class Reason(models.TextChoices):
        NO_ELECTRONIC_RECORDS = "no_electronic_records", _("records not in Traza")
        AMBIGUOUS = "ambiguous", _("more than one record matches")

    class Answer(models.TextChoices):
        RECORD = "record", _("the licensee's record of the firearm")
        NO_RECORD = "no_record", _("the licensee has no record of the firearm")

    class Via(models.TextChoices):
        PHONE = "phone", _("by phone")
        WEB = "web", _("by the licensee on the web")
        API = "api", _("through the API")

    trace = models.ForeignKey("tracing.Trace", on_delete=models.CASCADE, related_name="queries")
    licensee_rds = models.CharField(max_length=8, db_index=True)
    reason = models.CharField(max_length=24, choices=Reason.choices, default=Reason.NO_ELECTRONIC_RECORDS)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField()
    due_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who entered the answer: an analyst taking it by phone, or the licensee's responder",
    )
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    answered_via = models.CharField(max_length=5, choices=Via.choices, blank=True)
    answer_run = models.ForeignKey(
        "imports.ImportRun",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The evidence of the record the answer brought: every row it wrote points to this run",
    )

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["trace", "licensee_rds"], condition=models.Q(status="open"), name="one_open_query_per_step"
            )
        ]
        verbose_name_plural = "licensee queries"

    def __str__(self) -> str:
        return f"{self.trace_id} → {self.licensee_rds}"

    def is_overdue(self, now: datetime | None = None) -> bool:
        """An open query whose answer was due before `now` (by default, this moment)."""
        return self.status == self.Status.OPEN and self.due_at < (now or timezone.now())

"""People resolved across records: one `Person` for every mention of the same human being.

A gun's buyer is named in its purchase record (Form 4473), maybe in a multiple-sale report, and the
person it was taken from in the trace (the possessor). Each such mention is a `PersonRecord`; record
linkage (resolution/) groups the mentions of one human being under one `Person`, whatever the
spelling, so that a buyer on two traces is one buyer. Everything here but the keys is personal data:
shown only under PRODUCT.md's access rules, never in logs, URLs or error messages.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    """One human being as resolution found them. `key` is the opaque, stable id people and exports quote.

    A re-run of resolution keeps the key of every cluster that did not change (and, for a cluster
    that split or merged, of the part holding most of its records), so leads and bookmarks survive.
    """

    key = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    record_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class PersonRecord(models.Model):
    """One mention of a person in one record, with the fields resolution compares (already normalised).

    (`source`, `source_id`) points back to the record: a Purchase, a MultipleSale or a Trace (its possessor).
    """

    class Source(models.TextChoices):
        PURCHASE = "purchase", _("purchase record")
        MULTIPLE_SALE = "multiple_sale", _("multiple-sale report")
        POSSESSOR = "possessor", _("possessor in a trace")

    source = models.CharField(max_length=14, choices=Source.choices)
    source_id = models.BigIntegerField()
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, related_name="records")
    last_name = models.CharField(max_length=100, blank=True, help_text="Normalised: upper case, no accents")
    second_last_name = models.CharField(max_length=100, blank=True, help_text="A Spanish second surname, if any")
    first_name = models.CharField(max_length=100, blank=True, help_text="Normalised, nicknames to the full name")
    middle_name = models.CharField(max_length=100, blank=True)
    suffix = models.CharField(max_length=20, blank=True)
    date_of_birth = models.DateField(null=True)
    street = models.CharField(max_length=200, blank=True, help_text="Normalised, without the unit")
    unit = models.CharField(max_length=30, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    zip = models.CharField(max_length=10, blank=True)
    id_number = models.CharField(max_length=60, blank=True, help_text="Normalised: letters and digits only")
    phone = models.CharField(max_length=20, blank=True)
    seen_on = models.DateField(null=True, help_text="The record's date: transaction, sale or recovery")
    licensee_rds = models.CharField(max_length=8, blank=True, help_text="The dealer of a purchase or a multiple sale")
    match_weight = models.FloatField(null=True, help_text="How strongly it joined its person (Splink match weight)")
    resolved_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="person_record_source")]
        indexes = [models.Index(fields=["person"], name="person_record_person")]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_id}"


class ResolutionModel(models.Model):
    """The record-linkage model trained on the data (EM), kept so that new records link in seconds."""

    trained_at = models.DateTimeField(auto_now_add=True)
    records = models.PositiveIntegerField(help_text="How many records it was trained on")
    threshold = models.FloatField(help_text="The match probability above which two records are one person")
    settings = models.JSONField(help_text="Splink's settings with the trained parameters")

    class Meta:
        ordering = ["-trained_at"]
        get_latest_by = "trained_at"

    def __str__(self) -> str:
        return f"{self.trained_at:%Y-%m-%d %H:%M} ({self.records})"

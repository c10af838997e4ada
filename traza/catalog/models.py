"""Reference catalogs: places, makes and their licences, calibres, offence codes.

Users' free text (a make read off a gun, a calibre written in a dealer's book) is kept as
written on each record and resolved against these catalogs for comparison and statistics.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class FirearmType(models.TextChoices):
    PISTOL = "pistol", _("pistol")
    REVOLVER = "revolver", _("revolver")
    RIFLE = "rifle", _("rifle")
    SHOTGUN = "shotgun", _("shotgun")
    MACHINE_GUN = "machine_gun", _("machine gun")
    DERRINGER = "derringer", _("derringer")
    RECEIVER_FRAME = "receiver_frame", _("receiver or frame")
    COMBINATION = "combination", _("combination gun")
    OTHER = "other", _("other")


class Country(models.Model):
    """A country by its ISO 3166-1 alpha-2 code."""

    code = models.CharField(max_length=2, primary_key=True)
    alpha3 = models.CharField(max_length=3, blank=True, help_text=_("ISO 3166-1 alpha-3 code"))
    name_en = models.CharField(max_length=100)
    name_es = models.CharField(max_length=100)
    aliases = models.JSONField(default=list, blank=True, help_text=_("Other names the country is written as"))

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        """The country's name in the active language."""
        return self.name_es if (translation.get_language() or "").startswith("es") else self.name_en


class Region(models.Model):
    """A first-level subdivision (Mexican state, US state or territory) by its ISO 3166-2 code."""

    code = models.CharField(max_length=6, primary_key=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="regions")
    name = models.CharField(max_length=100)
    name_es = models.CharField(max_length=100, blank=True, help_text=_("Its Spanish name, where it differs"))
    statistical_code = models.CharField(max_length=2, help_text=_("INEGI CVE_ENT or US state FIPS"))
    postal_code = models.CharField(max_length=3, blank=True, help_text=_("US postal abbreviation"))
    aliases = models.JSONField(default=list, blank=True, help_text=_("Other names the region is written as"))

    class Meta:
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """Its name in the active language: `Nuevo México` for a Spanish reader, `New Mexico` for an English one."""
        return region_name(self.name, self.name_es)


def region_name(name: str, name_es: str) -> str:
    """A region's name in the active language, from its two stored names (for rows read with values())."""
    return name_es if name_es and (translation.get_language() or "").startswith("es") else name


class Municipality(models.Model):
    """A Mexican municipality (INEGI CVEGEO) or a US county (5-digit FIPS)."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    code = models.CharField(max_length=5)
    name = models.CharField(max_length=150)

    class Meta:
        ordering = ["region", "name"]
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="municipality_country_code")]
        verbose_name_plural = "municipalities"

    def __str__(self) -> str:
        return f"{self.name}, {self.region.name}"


class Make(models.Model):
    """A maker or importer of firearms, as a brand: the name stamped on guns.

    One make can hold several licences (Ruger's plants) and be written many ways (aliases).
    """

    class Source(models.TextChoices):
        CATALOG = "catalog", _("Traza's catalog of makes")
        AFMER = "afmer", _("ATF manufacturing report (AFMER)")
        FFL_LIST = "ffl_list", _("ATF licensee list")

    class Kind(models.TextChoices):
        MANUFACTURER = "manufacturer", _("manufacturer")
        IMPORTER = "importer", _("importer")
        BOTH = "both", _("manufacturer and importer")

    name = models.CharField(max_length=120, unique=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.MANUFACTURER)
    marked = models.BooleanField(default=True, help_text=_("False for guns with no maker's marking (homemade)"))
    ceased_year = models.PositiveSmallIntegerField(null=True, blank=True)
    importers = models.ManyToManyField("self", symmetrical=False, related_name="imported_makes", blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.CATALOG)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_foreign(self) -> bool:
        return self.country_id != "US"


class MakeAlias(models.Model):
    """One way of writing a make (`S&W`, `SMITH AND WESSON`), stored as its name key."""

    class Source(models.TextChoices):
        CATALOG = "catalog", _("catalog file")
        ANALYST = "analyst", _("added by an analyst")

    make = models.ForeignKey(Make, on_delete=models.CASCADE, related_name="aliases")
    key = models.CharField(max_length=150, unique=True)
    name = models.CharField(max_length=150)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.CATALOG)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name_plural = "make aliases"

    def __str__(self) -> str:
        return self.name


class MakeLicence(models.Model):
    """A federal firearms licence under which a make manufactures or imports (by RDS key)."""

    make = models.ForeignKey(Make, on_delete=models.CASCADE, related_name="licences")
    rds_key = models.CharField(max_length=8, db_index=True)
    primary = models.BooleanField(default=False, help_text=_("The licence that answers trace queries for the make"))
    name = models.CharField(
        max_length=200, blank=True, help_text=_("The licence name, as the list it came from writes it")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["make", "rds_key"], name="make_licence_unique")]

    def __str__(self) -> str:
        return f"{self.make} {self.rds_key}"


class Caliber(models.Model):
    """A cartridge or gauge. `group` joins the ones a firearms examiner treats as one (.223/5.56)."""

    class Kind(models.TextChoices):
        HANDGUN = "handgun", _("handgun")
        RIFLE = "rifle", _("rifle")
        RIMFIRE = "rimfire", _("rimfire")
        SHOTGUN = "shotgun", _("shotgun")
        OTHER = "other", _("other")

    name = models.CharField(max_length=80, unique=True)
    group = models.CharField(max_length=80, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CaliberAlias(models.Model):
    """One way of writing a calibre, stored as its key."""

    caliber = models.ForeignKey(Caliber, on_delete=models.CASCADE, related_name="aliases")
    key = models.CharField(max_length=80, unique=True)

    class Meta:
        verbose_name_plural = "caliber aliases"

    def __str__(self) -> str:
        return self.key


class CrimeCode(models.Model):
    """An NCIC Uniform Offense Classification code, with its English and Spanish names."""

    code = models.CharField(max_length=4, primary_key=True)
    category = models.CharField(max_length=100)
    name_en = models.CharField(max_length=150)
    name_es = models.CharField(max_length=150)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"


class CrimeCodeAlias(models.Model):
    """A Mexican offence name (e.g. `portación de arma de uso exclusivo`) mapped to an NCIC code."""

    crime_code = models.ForeignKey(CrimeCode, on_delete=models.CASCADE, related_name="aliases")
    key = models.CharField(max_length=200, unique=True)
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class PublishedTraceCount(models.Model):
    """ATF's published count of traced firearms first sold in one state and recovered in another, in a year.

    From ATF's yearly tables "Number of Firearms Sourced and Recovered in the United States and
    Territories": recoveries in the US and its territories only, and only the traces whose source
    state ATF identified (2023: 408,029). Context shown beside Traza's own figures, never mixed with
    them. ATF publishes Guam and the Northern Mariana Islands as one jurisdiction: its figures are kept
    whole under Guam's region (see `COMBINED_REGIONS` in traza.catalog.services).
    """

    year = models.PositiveSmallIntegerField(help_text=_("Calendar year of the recovery"))
    source_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", help_text=_("Where the firearm was first sold at retail")
    )
    recovery_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", help_text=_("Where law enforcement recovered it")
    )
    firearms = models.PositiveIntegerField()

    class Meta:
        ordering = ["year", "source_region", "recovery_region"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "source_region", "recovery_region"], name="published_trace_count_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.source_region_id}→{self.recovery_region_id} {self.firearms}"


class CatalogStamp(models.Model):
    """One row whose token changes, in the same transaction, with any change to a table the catalog index
    reads.

    The database changes it itself (triggers of migration 0006, on the catalogs and on the FFL list, whose
    makers' names are matched too), so a bulk load by COPY counts as well as an analyst's new alias. Each
    process keeps the index it built under the token it read (`traza.catalog.lookup`): a request asks for one
    short row instead of reading every catalog table again. No row (an emptied database) means no token:
    nothing is kept then.
    """

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token

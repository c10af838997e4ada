"""What the catalog API shows of each reference entry."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class MakeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MakeSerializer(serializers.Serializer):
    """A make as stamped on guns: who makes it, where, and who imports it into the US."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField(source="country_id", help_text=_("ISO 3166-1 alpha-2 code"))
    kind = serializers.CharField(help_text=_("manufacturer, importer or both"))
    kind_label = serializers.CharField(source="get_kind_display")
    is_foreign = serializers.BooleanField(help_text=_("Made outside the US"))
    marked = serializers.BooleanField(help_text=_("False for guns with no maker's marking (homemade)"))
    ceased_year = serializers.IntegerField(allow_null=True)
    aliases = serializers.SerializerMethodField(help_text=_("Other ways the make is written"))
    licences = serializers.SerializerMethodField(help_text=_("RDS keys of its licences, the query-answering one first"))
    importers = MakeRefSerializer(many=True, help_text=_("The makes that import it"))

    def get_aliases(self, make) -> list[str]:
        return [alias.name for alias in make.aliases.all()]

    def get_licences(self, make) -> list[str]:
        return [licence.rds_key for licence in make.licences.all()]


class CaliberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    group = serializers.CharField(help_text=_("Calibres a firearms examiner treats as one share a group"))
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    aliases = serializers.SerializerMethodField(
        help_text=_("Other ways the calibre is written, as Traza compares them")
    )

    def get_aliases(self, caliber) -> list[str]:
        return [alias.key for alias in caliber.aliases.all()]


class CrimeCodeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("NCIC Uniform Offense Classification code"))
    category = serializers.CharField()
    name_en = serializers.CharField()
    name_es = serializers.CharField()
    mexican_names = serializers.SerializerMethodField(help_text=_("Mexican offence names mapped to the code"))

    def get_mexican_names(self, crime_code) -> list[str]:
        return [alias.name for alias in crime_code.aliases.all()]


class RegionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("ISO 3166-2 code"))
    country = serializers.CharField(source="country_id")
    name = serializers.CharField()
    statistical_code = serializers.CharField(help_text=_("INEGI CVE_ENT or US state FIPS"))
    postal_code = serializers.CharField(help_text=_("US postal abbreviation"))


class MunicipalitySerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("INEGI CVEGEO (Mexico) or county FIPS (US)"))
    name = serializers.CharField()
    region = serializers.CharField(source="region_id", help_text=_("ISO 3166-2 code of its state"))
    country = serializers.CharField(source="country_id")

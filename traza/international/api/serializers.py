"""What the international requests API reads and writes: the export's row, and the foreign authority's answer."""

from rest_framework import serializers

from traza.international.exports import COLUMNS
from traza.international.models import InternationalRequest


class InternationalRequestSerializer(serializers.Serializer):
    """A request as `traza export international` writes it (JSON), keyed by the same column codes."""

    url = serializers.CharField(help_text="The request's address in this API")


for _code, _label in COLUMNS.items():
    InternationalRequestSerializer._declared_fields[_code] = serializers.CharField(
        allow_null=True, help_text=str(_label)
    )


class InternationalAnswerSerializer(serializers.Serializer):
    """The foreign authority's answer; an export names its party, the party's country and the date."""

    answer = serializers.ChoiceField(choices=InternationalRequest.Answer.choices)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=80)
    party = serializers.CharField(required=False, allow_blank=True, max_length=200)
    party_country = serializers.CharField(required=False, allow_blank=True, help_text="ISO 3166-1 alpha-2 code")
    export_date = serializers.CharField(required=False, allow_blank=True, help_text="2019-03-21 or 21/03/2019")


class InternationalSentSerializer(serializers.Serializer):
    reference = serializers.CharField(required=False, allow_blank=True, max_length=80)

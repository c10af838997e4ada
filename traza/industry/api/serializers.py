"""What the licensee queries API reads and writes.

An analyst reads a query whole: the trace, its agency, the licensee to call. An industry responder
reads only the firearm and the due time of the queries addressed to its licence. An answer's
fields are the columns of dispositions.csv and purchases.csv, checked by the importers' readers:
the request serializers only describe them for the OpenAPI schema.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.reverse import reverse

from traza.industry.selectors import licensee_contact
from traza.industry.services import DISPOSITION_COLUMNS, PURCHASE_COLUMNS
from traza.tracing.api.serializers import LicenseeSerializer

FILLED_BY_TRAZA = {"record_keeper_license", "licensee", "transaction_ref"}
REQUIRED = {"record_id", "serial_number", "manufacturer"}
PURCHASE = "purchase"


class QueryFirearmSerializer(serializers.Serializer):
    """The firearm a query asks about: all a licensee is told of it."""

    make = serializers.CharField(
        source="trace.make.name", allow_null=True, help_text=_("The catalog's name of the make")
    )
    model = serializers.CharField(source="trace.model")
    caliber = serializers.CharField(source="trace.caliber")
    serial_number = serializers.CharField(source="trace.serial_number")


class QueryBaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    status = serializers.CharField(help_text=_("open, answered or closed"))
    status_label = serializers.CharField(source="get_status_display")
    due_at = serializers.DateTimeField(help_text=_("When the licensee's answer is due (24 hours after it was asked)"))
    overdue = serializers.SerializerMethodField()
    closed_at = serializers.DateTimeField(allow_null=True)
    answer = serializers.CharField(help_text=_("record, no_record, or empty (not answered, or answered by an upload)"))
    answered_via = serializers.CharField(help_text=_("phone, web, api, or empty"))
    firearm = QueryFirearmSerializer(source="*")

    def get_url(self, query) -> str:
        return reverse("api-query-detail", kwargs={"pk": query.pk}, request=self.context.get("request"))

    def get_overdue(self, query) -> bool:
        return query.is_overdue()


class ResponderQuerySerializer(QueryBaseSerializer):
    """A query as the licensee it is addressed to reads it: the firearm and the due time, nothing of the case."""


class QueryLicenseeSerializer(LicenseeSerializer):
    phone = serializers.CharField(help_text=_("The business's phone, from the FFL list"))
    city = serializers.CharField()


class QueryTraceSerializer(serializers.Serializer):
    number = serializers.CharField()
    url = serializers.SerializerMethodField()
    agency_code = serializers.CharField(source="agency.code")
    priority = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")

    def get_url(self, trace) -> str:
        return reverse("api-trace-detail", kwargs={"number": trace.number}, request=self.context.get("request"))


class AnalystQuerySerializer(QueryBaseSerializer):
    """A query as the tracing centre works it: the trace, its agency, the licensee to call, who answered."""

    reason = serializers.CharField()
    reason_label = serializers.CharField(source="get_reason_display")
    created_at = serializers.DateTimeField()
    trace = QueryTraceSerializer()
    licensee = serializers.SerializerMethodField()
    answered_by = serializers.CharField(source="answered_by.username", allow_null=True, default=None)
    answer_record = serializers.CharField(
        source="answer_run.file_name",
        allow_null=True,
        default=None,
        help_text=_("How the evidence names the answer's record: the query, how it came, who entered it"),
    )

    @extend_schema_field(QueryLicenseeSerializer)
    def get_licensee(self, query) -> dict:
        return QueryLicenseeSerializer(licensee_contact(query.licensee_rds, self.context["licensees"])).data


def _fields(columns: Iterable[str], optional: set[str]) -> dict[str, serializers.Field]:
    return {
        name: serializers.CharField(required=name in REQUIRED and name not in optional, allow_blank=True)
        for name in columns
    }


PurchaseRequestSerializer = type(
    "PurchaseRequestSerializer",
    (serializers.Serializer,),
    {
        **_fields(PURCHASE_COLUMNS, FILLED_BY_TRAZA),
        "__doc__": "The purchase record (purchases.csv columns): licensee and transaction_ref default to the A&D "
        "record's.",
    },
)

AnswerRequestSerializer = type(
    "AnswerRequestSerializer",
    (serializers.Serializer,),
    {
        **_fields(DISPOSITION_COLUMNS, FILLED_BY_TRAZA - {"transaction_ref"}),
        PURCHASE: PurchaseRequestSerializer(required=False, allow_null=True),
        "__doc__": "The licensee's record of the firearm: dispositions.csv columns (record_keeper_license defaults "
        "to the queried licence), and `purchase` for a retail sale.",
    },
)

ANSWER_EXAMPLE = {
    "record_id": "AD-2021-0415",
    "serial_number": "RG-555",
    "manufacturer": "RUGER",
    "model": "P95",
    "caliber": "9MM",
    "acquisition_date": "2021-02-09",
    "acquired_from_license": "5-74-029-01-7A-01001",
    "disposition_date": "2021-03-11",
    "disposition_type": "sale",
    "transaction_ref": "4473-0099",
    "purchase": {
        "transaction_date": "2021-03-11",
        "last_name": "DOE",
        "first_name": "JOHN",
        "date_of_birth": "1990-04-02",
    },
}


def read_answer(data) -> tuple[dict[str, str], dict[str, str] | None]:
    """The request body as column texts, the way a file row arrives; unknown fields are errors."""
    if not isinstance(data, Mapping):
        raise ValidationError({"non_field_errors": [gettext("Send a JSON object of dispositions.csv columns.")]})
    body = data.dict() if hasattr(data, "dict") else dict(data)  # a form-encoded body: one value a field
    purchase = body.pop(PURCHASE, None)
    errors: dict[str, list[str]] = {}
    record = _texts(body, DISPOSITION_COLUMNS, "", errors)
    bought = None
    if isinstance(purchase, Mapping):
        bought = _texts(purchase, PURCHASE_COLUMNS, f"{PURCHASE}.", errors)
    elif purchase is not None:
        errors[PURCHASE] = [gettext("Must be an object of purchases.csv columns.")]
    if errors:
        raise ValidationError(errors)
    return record, bought


def _texts(data: Mapping, columns: tuple[str, ...], prefix: str, errors: dict[str, list[str]]) -> dict[str, str]:
    values = {}
    for name, value in data.items():
        if name not in columns:
            errors[prefix + name] = [gettext("Unknown field: the fields are the columns of the file.")]
        elif value is None:
            values[name] = ""
        elif isinstance(value, str | int | float | Decimal) and not isinstance(value, bool):
            values[name] = str(value)
        else:
            errors[prefix + name] = [gettext("Must be text or a number.")]
    return values

"""What the traces API reads and writes.

A trace request is checked by `TraceRequestReader`, the validator files and web forms use: the
request serializer only describes it for the OpenAPI schema. Responses never hold purchaser or
possessor names, or any other possessor data: the purchaser appears only as the opaque
`purchaser_id`.
"""

from collections.abc import Mapping
from decimal import Decimal
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.reverse import reverse

from traza.agencies.models import User
from traza.agencies.selectors.agencies import agencies_user_may_submit_for
from traza.catalog.lookup import CatalogIndex
from traza.intel.selectors.suspects import suspect_contacts
from traza.tracing.indicators import indicator_explanation
from traza.tracing.models import Trace
from traza.tracing.presentation import (
    resolution_note,
    status_reason_label,
    step_evidence,
    step_licensee,
    trace_warnings,
)
from traza.tracing.selectors import licence_number
from traza.tracing.validation import COLUMNS, TraceRequestReader

API_OPTIONAL = {"request_ref", "agency_code"}
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
PLACEHOLDER_REF = "-"

COLUMN_HELP = {
    "request_ref": _("Your reference for the request; Traza makes one up when it is left out."),
    "agency_code": _("Your agency's code; may be left out."),
    "priority": _("routine (the default) or urgent; urgent needs urgent_reason."),
    "crime_code": _("NCIC offence code, or a Mexican offence name the catalog knows."),
    "recovery_date": _("YYYY-MM-DD, not in the future."),
    "recovery_country": _("ISO 3166-1 alpha-2 code: MX, US, GT…"),
    "recovery_state": _("ISO 3166-2 code (MX-SIN, US-TX); a US postal code where the country is US."),
    "recovery_municipality": _("INEGI CVEGEO (Mexico) or county FIPS (US), 5 digits."),
    "serial_number": _("As stamped; with ? for each unreadable character when serial_obliterated is partial."),
    "serial_obliterated": _("N (legible, the default), Y (fully obliterated) or partial."),
    "manufacturer": _("The make as stamped on the gun."),
    "firearm_type": _("pistol, revolver, rifle, shotgun, machine_gun, derringer, receiver_frame, combination, other."),
    "country_of_origin": _("ISO 3166-1 alpha-2 code."),
    "mp_agent": _("The public prosecutor's agent (agente del Ministerio Público) handling the case."),
    "mp_office": _("The public prosecutor's office (agencia del Ministerio Público)."),
    "iph_number": _("The police report number (Informe Policial Homologado)."),
    "first_responder": _("The authority that made the seizure (primer respondiente), when not your agency."),
    "possessor_last_name": _("Personal data: used to find indicators, never shown by the API."),
    "possessor_first_name": _("Personal data: used to find indicators, never shown by the API."),
    "possessor_dob": _("Personal data, YYYY-MM-DD: never shown by the API."),
}


def _request_serializer() -> type[serializers.Serializer]:
    fields = {
        column.name: serializers.CharField(
            required=column.required and column.name not in API_OPTIONAL,
            allow_blank=not column.required or column.name in API_OPTIONAL,
            help_text=COLUMN_HELP.get(column.name, ""),
        )
        for column in COLUMNS
    }
    doc = "A trace request: the fields are the columns of trace_requests.csv (FORMATS.md)."
    return type("TraceRequestSerializer", (serializers.Serializer,), {**fields, "__doc__": doc})


TraceRequestSerializer = _request_serializer()


def read_trace_request(data, *, user: User) -> dict:
    """The checked Trace field values of an API request; ValidationError naming each wrong field.

    `agency_code` names the recovering agency: the caller's own when left out, or another agency
    the caller may submit for (a designated agency under a central access policy).
    """
    values = _column_values(data)
    allowed = submittable_agencies(user)
    given = values.get("agency_code", "").strip().upper()
    errors: dict[str, list[str]] = {}
    if given and given not in allowed:
        errors["agency_code"] = [gettext("agency_code must be your own agency's code, or one you may submit for.")]
    if given in allowed:
        values["agency_code"] = given
    elif user.agency is None:  # what CanSubmitTraces refuses: a caller of no agency submits for none
        raise PermissionDenied()
    else:
        values["agency_code"] = user.agency.code
    generated = not values.get("request_ref", "").strip()
    if generated:
        values["request_ref"] = PLACEHOLDER_REF
    reader = TraceRequestReader(catalog=CatalogIndex.load(), agencies=allowed, today=timezone.localdate())
    result = reader.read(1, values)
    if isinstance(result, list):
        for error in result:
            errors.setdefault(error.column, []).append(str(error.message))
    if errors or isinstance(result, list):  # the reader's list is never empty: its errors, or the values
        raise ValidationError(errors)
    if generated:
        result["request_ref"] = ""
    return result


def submittable_agencies(user: User) -> dict[str, int]:
    """Code (upper case) → id of the agencies `user` may submit traces for."""
    return {code.upper(): pk for code, pk in agencies_user_may_submit_for(user).values_list("code", "pk")}


def _column_values(data) -> dict[str, str]:
    """The request body as column texts, the way a file row arrives; unknown fields are errors."""
    if not isinstance(data, Mapping):
        raise ValidationError({"non_field_errors": [gettext("Send a JSON object of trace_requests.csv columns.")]})
    values, errors = {}, {}
    for name, value in data.items():
        if name not in COLUMN_NAMES:
            errors[name] = [gettext("Unknown field: the fields are the columns of trace_requests.csv.")]
        elif value is None:
            values[name] = ""
        elif isinstance(value, bool):
            values[name] = "Y" if value else "N"
        elif isinstance(value, str | int | float | Decimal):
            values[name] = str(value)
        else:
            errors[name] = [gettext("Must be text, a number or a boolean.")]
    if errors:
        raise ValidationError(errors)
    return values


class LicenseeSerializer(serializers.Serializer):
    rds = serializers.CharField(help_text=_("RDS key: the licensee's identity across renewals"))
    licence_number = serializers.CharField(help_text=_("Full FFL number; empty when the licensee is not listed"))
    name = serializers.CharField()
    state = serializers.CharField()
    listed = serializers.BooleanField(help_text=_("Whether the licensee's entry comes from the FFL list"))


class AnswerSerializer(serializers.Serializer):
    query = serializers.IntegerField(help_text=_("The query the licensee answered"))
    via = serializers.CharField(help_text=_("phone, web or api"))
    via_label = serializers.CharField()
    entered_by = serializers.CharField(help_text=_("Who entered the answer: an analyst, or the licensee's responder"))
    answered_at = serializers.DateTimeField(allow_null=True)


class EvidenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["disposition", "purchase", "theft"],
        help_text=_("An A&D record, a purchase record, or the licensee's own theft or loss report"),
    )
    record_id = serializers.CharField(
        help_text=_("The A&D record id, the purchase's transaction_ref, or the theft report's number")
    )
    file_name = serializers.CharField()
    imported_at = serializers.DateTimeField()
    line = serializers.IntegerField()
    make_confidence = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "Set when the make was matched by this licensee's record (the trace's was not resolved): how surely"
        ),
    )
    answer = AnswerSerializer(
        allow_null=True, help_text=_("Set when the record came in a licensee's answer to a query, not in a file")
    )


class WarningSerializer(serializers.Serializer):
    field = serializers.CharField()
    message = serializers.CharField()


class QuerySerializer(serializers.Serializer):
    """The question put to a licensee whose records are not in Traza, and when the answer is due."""

    status = serializers.CharField()
    reason = serializers.CharField()
    reason_label = serializers.CharField(source="get_reason_display")
    created_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.SerializerMethodField()

    def get_overdue(self, query) -> bool:
        return query.is_overdue()


class StepSerializer(serializers.Serializer):
    """One link of the chain, with the record it was read from (or the query it waits on)."""

    position = serializers.IntegerField()
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    licensee = serializers.SerializerMethodField()
    received_date = serializers.DateField(allow_null=True)
    disposed_date = serializers.DateField(allow_null=True)
    disposition_type = serializers.CharField()
    evidence = serializers.SerializerMethodField()
    purchaser_id = serializers.CharField(source="purchase.person_key", allow_null=True, default=None)
    query = QuerySerializer(allow_null=True)

    @extend_schema_field(LicenseeSerializer(allow_null=True))
    def get_licensee(self, step) -> dict | None:
        facts = step_licensee(step, self.context["licensees"])
        return self._licensee.to_representation(facts) if facts is not None else None

    @extend_schema_field(EvidenceSerializer(allow_null=True))
    def get_evidence(self, step) -> dict | None:
        facts = step_evidence(step, self.context.get("answers"))
        return self._evidence.to_representation(facts) if facts is not None else None

    # One of each for every step of the chain (this serializer is the list's one child): a serializer copies its
    # declared fields when it is made, and two per step were a good part of what an answer cost.
    @cached_property
    def _licensee(self) -> LicenseeSerializer:
        return LicenseeSerializer()

    @cached_property
    def _evidence(self) -> EvidenceSerializer:
        return EvidenceSerializer()


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    strong = serializers.BooleanField()
    # A serializer's metaclass takes its declared fields off the class: this is no Field.label (the stubs read it so).
    label = serializers.CharField(source="get_code_display")  # type: ignore[assignment]
    explanation = serializers.SerializerMethodField()

    def get_explanation(self, indicator) -> str:
        return indicator_explanation(indicator.code)


class RecoverySerializer(serializers.Serializer):
    date = serializers.DateField(source="recovery_date")
    country = serializers.CharField(source="recovery_country")
    state = serializers.CharField(source="recovery_region_id", allow_null=True)
    state_name = serializers.CharField(source="recovery_region.local_name", allow_null=True, default=None)
    municipality = serializers.CharField(source="recovery_municipality.code", allow_null=True, default=None)
    municipality_name = serializers.CharField(source="recovery_municipality.name", allow_null=True, default=None)
    locality = serializers.CharField(source="recovery_locality")
    address = serializers.CharField(source="recovery_address")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)


class FirearmSerializer(serializers.Serializer):
    serial_number = serializers.CharField()
    serial_obliterated = serializers.CharField()
    manufacturer = serializers.CharField(help_text=_("As written in the request"))
    make_id = serializers.IntegerField(allow_null=True, help_text=_("Empty while the spelling is not resolved"))
    make = serializers.CharField(
        source="make.name", allow_null=True, help_text=_("The catalog's name of the make; empty while unresolved")
    )
    make_basis = serializers.CharField(
        help_text=_("How the make was resolved: exact, alias, tokens, licence, fuzzy, importer-book; empty if not")
    )
    make_confidence = serializers.FloatField(allow_null=True, help_text=_("How surely, from 0 to 1"))
    importer = serializers.CharField()
    importer_make_id = serializers.IntegerField(allow_null=True)
    model = serializers.CharField()
    caliber = serializers.CharField()
    caliber_id = serializers.IntegerField(source="caliber_ref_id", allow_null=True)
    firearm_type = serializers.CharField()
    country_of_origin = serializers.CharField()
    markings = serializers.CharField()


class TraceSummarySerializer(serializers.Serializer):
    """What a list shows of each trace."""

    number = serializers.CharField()
    url = serializers.SerializerMethodField()
    request_ref = serializers.CharField()
    agency_code = serializers.CharField(source="agency.code")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    status_reason = serializers.CharField()
    status_reason_label = serializers.SerializerMethodField()
    priority = serializers.CharField()
    recovery_date = serializers.DateField()
    recovery_country = serializers.CharField()
    recovery_state = serializers.CharField(source="recovery_region_id", allow_null=True)
    serial_number = serializers.CharField()
    manufacturer = serializers.CharField()
    make_id = serializers.IntegerField(allow_null=True)
    make = serializers.CharField(source="make.name", allow_null=True)
    model = serializers.CharField()
    caliber = serializers.CharField()
    firearm_type = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    time_to_crime_days = serializers.IntegerField(source="time_to_crime", allow_null=True)
    retail_licensee_rds = serializers.CharField()
    awaiting_licensee = serializers.SerializerMethodField(
        help_text=_("The licensee the trace waits on: its full licence number (its RDS key when it is not listed)")
    )
    awaiting_licensee_rds = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField()

    def get_url(self, trace) -> str:
        return reverse("api-trace-detail", kwargs={"number": trace.number}, request=self.context.get("request"))

    def get_status_reason_label(self, trace) -> str:
        return status_reason_label(trace)

    def get_indicators(self, trace) -> list[str]:
        return [indicator.code for indicator in trace.indicators.all()]

    def get_awaiting_licensee_rds(self, trace) -> str:
        """The licensee a trace in progress waits on (its RDS key); empty once the trace is not waiting."""
        return trace.stopped_at_rds if trace.status == Trace.Status.IN_PROGRESS else ""

    def get_awaiting_licensee(self, trace) -> str:
        """The full licence number of the licensee the trace waits on (its RDS key when it is not listed)."""
        rds = self.get_awaiting_licensee_rds(trace)
        return (licence_number(self.context["licensees"].get(rds)) or rds) if rds else ""


class TraceDetailSerializer(TraceSummarySerializer):
    """Everything a trace found, with the evidence for each step. No personal data."""

    channel = serializers.CharField()
    resolution_note = serializers.SerializerMethodField()
    is_final = serializers.BooleanField()
    urgent_reason = serializers.CharField()
    officer_name = serializers.CharField()
    officer_badge = serializers.CharField()
    agency_case_number = serializers.CharField()
    mp_agent = serializers.CharField()
    mp_office = serializers.CharField()
    iph_number = serializers.CharField()
    first_responder = serializers.CharField()
    crime_code = serializers.CharField(source="crime_code_id", allow_null=True)
    seizure_ref = serializers.CharField()
    seizure_item = serializers.CharField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    recovery = RecoverySerializer(source="*")
    firearm = FirearmSerializer(source="*")
    sale_date = serializers.DateField(allow_null=True)
    first_licensee_rds = serializers.CharField()
    purchaser_id = serializers.CharField(source="purchase.person_key", allow_null=True, default=None)
    duplicate_of = serializers.SerializerMethodField()
    duplicate_of_status = serializers.CharField(
        source="duplicate_of.status",
        allow_null=True,
        default=None,
        help_text=_("The result of the first trace of the same gun and recovery, for a duplicate"),
    )
    duplicate_of_status_reason = serializers.CharField(
        source="duplicate_of.status_reason", allow_null=True, default=None
    )
    warnings = serializers.SerializerMethodField()
    # The metaclass takes declared fields off the class, so one may be declared again as another kind of field; the
    # stubs read them as class attributes of fixed type.
    indicators = IndicatorSerializer(many=True)  # type: ignore[assignment]
    suspect_contacts = serializers.SerializerMethodField(
        help_text=_("A suspect gun: the agency to contact and its case reference (agency, agency_code, case_ref)")
    )
    chain = StepSerializer(source="steps", many=True)

    def get_resolution_note(self, trace) -> str:
        return resolution_note(trace)

    @extend_schema_field(WarningSerializer(many=True))
    def get_warnings(self, trace) -> list[dict]:
        """Spellings kept as written because the catalog does not know them: an analyst will review them."""
        return [{"field": column, "message": message} for column, message in trace_warnings(trace).items()]

    def get_suspect_contacts(self, trace) -> list[dict]:
        return suspect_contacts(trace=trace, user=self.context["request"].user)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_duplicate_of(self, trace) -> str | None:
        """The number of the first trace of the same gun and recovery (it may be another agency's)."""
        return trace.duplicate_of.number if trace.duplicate_of_id else None


TRACE_EXAMPLE = {
    "request_ref": "CLN-2026-0042",
    "recovery_date": "2026-01-15",
    "recovery_country": "MX",
    "recovery_state": "MX-SIN",
    "recovery_municipality": "25006",
    "serial_number": "RG-12345",
    "manufacturer": "Ruger",
    "model": "P95",
    "caliber": "9mm",
    "firearm_type": "pistola",
    "priority": "routine",
}

"""The trace request form.

A trace request is checked by `TraceRequestReader`, the one validator of files, the API and this
form: the form only gathers the columns of trace_requests.csv as text, in the order an officer
reads a gun and its paperwork, and puts each of the reader's errors next to its field.
"""

import hashlib
import json
import uuid
from collections.abc import Iterable
from typing import cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import Agency, User
from traza.agencies.selectors.agencies import agencies_user_may_submit_for
from traza.catalog.lookup import CatalogIndex
from traza.catalog.models import FirearmType
from traza.imports.errors import Message, RowError
from traza.tracing.forms.fields import (
    BLANK,
    CALIBER_OPTIONS,
    MUNICIPALITY_OPTIONS,
    SEX_CHOICES,
    capitalised,
    country_choices,
    crime_code_choices,
    date_field,
    municipality_choices,
    radios_field,
    region_choices,
    reloads,
    select_field,
    suggested_field,
    text_field,
)
from traza.tracing.models import SerialObliterated, Trace
from traza.tracing.validation import COLUMNS, TraceRequestReader

GENERATED_REF = "-"
FILLED_BY_FORM = frozenset({"agency_code", "request_ref"})
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
OBLITERATION_CHOICES = [
    (SerialObliterated.NO.value, _("Yes, all of it (legible)")),
    (SerialObliterated.PARTIAL.value, _("Partly: some characters are unreadable")),
    (SerialObliterated.YES.value, _("No: fully obliterated")),
]


class TraceRequestForm(forms.Form):
    """A trace request as an officer fills it in: firearm, recovery, case, possessor."""

    # The firearm, as it is read off the gun.
    manufacturer = suggested_field(
        _("Make"),
        "manufacturer-options",
        reverse_lazy("trace-suggest-makes"),
        _("As stamped on the firearm: Ruger, Smith & Wesson, Glock…"),
    )
    model = suggested_field(
        _("Model"), "model-options", reverse_lazy("trace-suggest-models"), include="#id_manufacturer"
    )
    caliber = suggested_field(
        _("Calibre"), "caliber-options", CALIBER_OPTIONS, _("For example 9mm, .38 Special, 7.62×39.")
    )
    firearm_type = select_field(_("Type of firearm"), [BLANK, *capitalised(FirearmType.choices)])
    serial_number = text_field(
        _("Serial number"),
        _("As stamped. If some characters cannot be read, type ? for each one, for example AB?12?4."),
        autocapitalize="characters",
        spellcheck="false",
    )
    serial_obliterated = radios_field(_("Can the serial number be read?"), OBLITERATION_CHOICES, SerialObliterated.NO)
    importer = suggested_field(
        _("Importer"),
        "importer-options",
        reverse_lazy("trace-suggest-makes"),
        _("Only for firearms made outside the United States: the importer's name stamped on it."),
    )
    country_of_origin = select_field(_("Country where it was made"))
    markings = forms.CharField(
        label=_("Other markings"),
        required=False,
        help_text=_("Any other text or symbols stamped on the firearm."),
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
    )
    # Where and when it was recovered.
    recovery_date = date_field(_("Date of recovery"), _("The day the firearm was seized or found."))
    recovery_country = select_field(_("Country"))
    recovery_state = select_field(_("State"))
    recovery_municipality = select_field(_("Municipality or county"))
    recovery_locality = text_field(_("Locality"), _("Town, neighbourhood or colonia."))
    recovery_address = text_field(_("Address or place"))
    latitude = text_field(_("Latitude"), _("Decimal degrees, for example 24.8091."), inputmode="decimal")
    longitude = text_field(_("Longitude"), _("Decimal degrees, for example -107.3940."), inputmode="decimal")
    # The case it belongs to.
    agency_case_number = text_field(
        _("Case number (carpeta de investigación)"), _("Your agency's number for the investigation.")
    )
    crime_code = select_field(_("Offence"))
    priority = radios_field(_("Priority"), capitalised(Trace.Priority.choices), Trace.Priority.ROUTINE)
    urgent_reason = forms.CharField(
        label=_("Why is it urgent?"),
        required=False,
        help_text=_("Required for an urgent trace: for example a homicide, a kidnapping, a person at risk."),
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
    )
    officer_name = text_field(_("Officer's name"), autocomplete="name")
    officer_badge = text_field(_("Officer's badge number"))
    mp_agent = text_field(_("Public prosecutor's agent (agente del Ministerio Público)"))
    mp_office = text_field(_("Public prosecutor's office (agencia del Ministerio Público)"))
    iph_number = text_field(_("Police report number (IPH)"))
    first_responder = text_field(
        _("Authority that made the seizure (primer respondiente)"),
        _("The corporation and unit that seized the gun, when it was not your agency."),
    )
    seizure_ref = text_field(_("Seizure record (folio de aseguramiento)"))
    seizure_item = text_field(_("Item in the seizure record (partida)"))
    # The person it was taken from: personal data.
    possessor_last_name = text_field(_("Last names"))
    possessor_first_name = text_field(_("First names"))
    possessor_dob = date_field(_("Date of birth"))
    possessor_sex = select_field(_("Sex"), SEX_CHOICES)
    possessor_nationality = select_field(_("Nationality"))
    nonce = forms.CharField(required=False, widget=forms.HiddenInput)

    SECTIONS = (
        (
            _("Firearm"),
            (
                "manufacturer",
                "model",
                "caliber",
                "firearm_type",
                "serial_number",
                "serial_obliterated",
                "importer",
                "country_of_origin",
                "markings",
            ),
        ),
        (
            _("Recovery"),
            (
                "recovery_date",
                "recovery_country",
                "recovery_state",
                "recovery_municipality",
                "recovery_locality",
                "recovery_address",
                "latitude",
                "longitude",
            ),
        ),
        (
            _("Case"),
            (
                "agency_code",
                "agency_case_number",
                "crime_code",
                "priority",
                "urgent_reason",
                "officer_name",
                "officer_badge",
                "mp_agent",
                "mp_office",
                "iph_number",
                "first_responder",
                "seizure_ref",
                "seizure_item",
            ),
        ),
        (
            _("Person it was taken from"),
            ("possessor_last_name", "possessor_first_name", "possessor_dob", "possessor_sex", "possessor_nationality"),
        ),
    )
    REQUIRED = frozenset({c.name for c in COLUMNS if c.required} - FILLED_BY_FORM | {"serial_number"})
    WIDE = frozenset({"serial_obliterated", "markings", "priority", "urgent_reason"})

    def __init__(self, *args, agency: Agency, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.trace_data: dict | None = None
        self.agencies = self._submittable(agency, user)
        self.initial.setdefault("recovery_country", agency.country_id)
        self.initial.setdefault("recovery_state", agency.region_id or "")
        self.initial.setdefault("nonce", uuid.uuid4().hex)
        if user is not None:
            self.initial.setdefault("officer_name", user.get_full_name())
        self._set_choices()
        for name in self.REQUIRED:
            self.fields[name].widget.attrs["aria-required"] = "true"
        self.fields["recovery_date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["possessor_dob"].widget.attrs["max"] = timezone.localdate().isoformat()
        reloads(self.fields["recovery_country"], reverse_lazy("trace-suggest-states"), "#id_recovery_state")
        reloads(self.fields["recovery_state"], MUNICIPALITY_OPTIONS, "#id_recovery_municipality")

    def _submittable(self, agency: Agency, user: User | None) -> dict[str, int]:
        """The agencies the user may submit for; a choice of them when there are several (central policy)."""
        rows = list(agencies_user_may_submit_for(user).values_list("code", "pk", "name")) if user else []
        if len(rows) > 1:
            self.fields["agency_code"] = forms.ChoiceField(
                label=_("Recovering agency"),
                choices=[(code, f"{name} ({code})") for code, _pk, name in rows],
                initial=agency.code,
                help_text=_("The agency that recovered the gun. Your agency is recorded as the one that submitted it."),
            )
        return {code.upper(): pk for code, pk, _name in rows} or {agency.code.upper(): agency.pk}

    def _set_choices(self) -> None:
        countries = country_choices()
        for name in ("recovery_country", "country_of_origin", "possessor_nationality"):
            self.fields[name].widget.choices = countries
        self.fields["recovery_state"].widget.choices = region_choices(self._value("recovery_country"))
        self.fields["recovery_municipality"].widget.choices = municipality_choices(self._value("recovery_state"))
        self.fields["crime_code"].widget.choices = crime_code_choices()

    def _value(self, name: str) -> str:
        """What the field holds now: as submitted, else as first offered."""
        if self.is_bound:
            return str(self.data.get(name, "") or "")
        return str(self.initial.get(name, "") or "")

    @property
    def sections(self):
        """(legend, bound fields) in the order an officer reads a gun and its paperwork."""
        return [(legend, [self[name] for name in names if name in self.fields]) for legend, names in self.SECTIONS]

    @property
    def error_summary(self) -> list[tuple[str, str]]:
        """(id of the input to go to, message naming its field) for every error, in the order of the form."""
        order = {name: position for position, name in enumerate(self.fields)}
        items: list[tuple[str, str]] = []
        for name in sorted(self.errors, key=lambda name: order.get(name, -1)):
            if name == NON_FIELD_ERRORS:
                items += [("", message) for message in cast(Iterable[str], self.errors[name])]
                continue
            field = self[name]
            anchor = f"{field.auto_id}_0" if isinstance(field.field.widget, forms.RadioSelect) else field.auto_id
            items += [(anchor, _naming(field.label, message)) for message in cast(Iterable[str], self.errors[name])]
        return items

    def clean(self) -> dict:
        values = {name: self.cleaned_data.get(name, "") for name in COLUMN_NAMES if name in self.fields}
        chosen = str(self.cleaned_data.get("agency_code") or self.agency.code)
        values |= {"agency_code": chosen, "request_ref": GENERATED_REF}  # FILLED_BY_FORM
        reader = TraceRequestReader(catalog=CatalogIndex.load(), agencies=self.agencies, today=timezone.localdate())
        result = reader.read(1, values)
        if isinstance(result, list):
            for error in result:
                self.add_error(error.column if error.column in self.fields else None, self._message(error))
            return self.cleaned_data
        self.trace_data = {**result, "request_ref": ""}
        return self.cleaned_data

    def _message(self, error: RowError) -> str:
        """The reader's message in the active language, naming the field by its label rather than its column."""
        params = error.message.params
        if params.get("column") in self.fields:
            params = {**params, "column": self.fields[params["column"]].label}
        return str(Message(error.message.text, params))

    def idempotency_key(self) -> str:
        """The same form sent twice with the same values (a double click) makes one trace; other values, another."""
        values = {name: self.cleaned_data.get(name, "") for name in self.fields}
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def _naming(label, message: str) -> str:
    """The message as it reads away from its field: with the field's label in front, unless it names it already."""
    return message if str(label) in message else f"{label}: {message}"


class ImporterForm(forms.Form):
    """The importer field alone: what the form shows, or not, once the make is known."""

    importer = TraceRequestForm.base_fields["importer"]

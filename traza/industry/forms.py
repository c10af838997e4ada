"""The web forms about licensee queries: the queue's filters, a licensee's answer, a licensee's files.

An answer is checked by the importers' own row readers (services.answer_read), never by the form:
the form only gathers the columns of dispositions.csv and purchases.csv as text and puts each of
the readers' errors next to its field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from traza.catalog.models import FirearmType, Region, region_name
from traza.core.typing import Text
from traza.core.values import parse_bool
from traza.imports.errors import Message, RowError
from traza.imports.forms import UploadForm
from traza.imports.models import ImportKind
from traza.industry.models import Disposition, LicenseeQuery
from traza.industry.services import PURCHASE_PREFIX
from traza.tracing.forms.fields import (
    ANY,
    BLANK,
    SEX_CHOICES,
    capitalised,
    country_choices,
    date_field,
    select_field,
    text_field,
)
from traza.tracing.models import Trace

PURCHASE_FIELD = "purchase_"


def _flag_checked(value) -> bool:
    try:
        return value is True or (isinstance(value, str) and bool(value) and parse_bool(value))
    except ValueError:
        return False


class FlagInput(forms.CheckboxInput):
    """A checkbox whose text is read as a yes or no (`?overdue=true`, `?overdue=no`), not as any text at all."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=_flag_checked)

    def format_value(self, value):
        return "true"

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class FlagField(forms.Field):
    """Yes or no, written as Traza reads booleans everywhere (Y/N, yes/no, true/false, 1/0, sí/no)."""

    widget = FlagInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> bool:
        if value in (None, "", False):
            return False
        if value is True:
            return True
        try:
            return parse_bool(str(value))
        except ValueError:
            raise forms.ValidationError(_("Must be yes or no (true, false, 1, 0)."), code="invalid")


def us_state_choices() -> list[tuple[str, str]]:
    """The US states by postal code, as the FFL list writes a licensee's premises, named in the reader's language."""
    rows = Region.objects.filter(country_id="US").exclude(postal_code="").values_list("postal_code", "name", "name_es")
    return sorted(((code, region_name(name, name_es)) for code, name, name_es in rows), key=lambda row: row[1])


class QueueFilterForm(forms.Form):
    """The queue's filters, named as the API's list parameters; the API reads its parameters with this form too."""

    licensee_state = forms.CharField(label=_("Licensee's state"), required=False, widget=forms.Select)
    reason = forms.ChoiceField(
        label=_("Why the licensee is asked"), required=False, choices=[ANY, *capitalised(LicenseeQuery.Reason.choices)]
    )
    overdue = FlagField(label=_("Overdue only"))
    urgent = FlagField(label=_("Urgent traces only"))

    REQUIRED = WIDE = frozenset[str]()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.states = us_state_choices()
        self.fields["licensee_state"].widget.choices = [
            ANY,
            *((code, f"{name} ({code})") for code, name in self.states),
        ]

    def clean_licensee_state(self) -> str:
        code = self.cleaned_data["licensee_state"].strip().upper()
        if code and code not in {state for state, _name in self.states}:
            raise forms.ValidationError(_("Must be a US state's postal code (TX, AZ, …)."), code="invalid")
        return code


class AnswerForm(forms.Form):
    """A licensee's record of one gun: its A&D book entry and, for a retail sale, the purchase record.

    The fields are the columns of dispositions.csv (the record keeper is the queried licensee) and of
    purchases.csv (`purchase_` in front; the licensee and transaction_ref come from the A&D entry).
    """

    record_id = text_field(_("Entry number in the A&D book"), _("The licensee's own number for this entry."))
    serial_number = text_field(_("Serial number"), spellcheck="false", autocapitalize="characters")
    manufacturer = text_field(_("Make"), _("As the licensee's record writes it."))
    model = text_field(_("Model"))
    caliber = text_field(_("Calibre"))
    firearm_type = select_field(_("Type of firearm"), [BLANK, *capitalised(FirearmType.choices)])
    importer = text_field(_("Importer"))
    country_of_origin = select_field(_("Country where it was made"))
    acquisition_date = date_field(_("Acquired on"))
    acquired_from_license = text_field(_("Acquired from: licence number"), _("When it came from another licensee."))
    acquired_from_name = text_field(_("Acquired from: name"))
    disposition_date = date_field(_("Disposed of on"), _("Leave blank if the firearm is still in the inventory."))
    disposition_type = select_field(_("How it left"), [BLANK, *capitalised(Disposition.Type.choices)])
    disposed_to_license = text_field(_("Disposed to: licence number"), _("For a sale or transfer to another licensee."))
    disposed_to_name = text_field(_("Disposed to: name"))
    transaction_ref = text_field(
        _("Purchase record number (Form 4473)"), _("For a retail sale: the number of the buyer's purchase record.")
    )
    purchase_transaction_date = date_field(_("Date of the sale"))
    purchase_last_name = text_field(_("Buyer's last names"))
    purchase_first_name = text_field(_("Buyer's first names"))
    purchase_middle_name = text_field(_("Middle name"))
    purchase_suffix = text_field(_("Suffix"))
    purchase_date_of_birth = date_field(_("Date of birth"))
    purchase_place_of_birth = text_field(_("Place of birth"))
    purchase_sex = select_field(_("Sex"), SEX_CHOICES)
    purchase_street = text_field(_("Street"))
    purchase_city = text_field(_("City"))
    purchase_state = text_field(_("State"), _("Postal code, for example TX."))
    purchase_zip = text_field(_("ZIP code"))
    purchase_id_type = text_field(_("Identity document"), _("For example a driver's licence."))
    purchase_id_number = text_field(_("Document number"))
    purchase_id_issuer = text_field(_("Issued by"))

    REQUIRED = frozenset({"record_id", "serial_number", "manufacturer"})
    WIDE = frozenset[str]()
    FIREARM = ("serial_number", "manufacturer", "model", "caliber", "firearm_type", "importer", "country_of_origin")

    def __init__(self, *args, trace: Trace, **kwargs):
        kwargs["label_suffix"] = ""
        super().__init__(*args, **kwargs)
        for name in self.FIREARM:
            self.initial.setdefault(name, getattr(trace, name))
        self.fields["country_of_origin"].widget.choices = country_choices()
        for name in self.REQUIRED:
            self.fields[name].widget.attrs["aria-required"] = "true"

    @property
    def record_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith(PURCHASE_FIELD)]

    @property
    def purchase_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(PURCHASE_FIELD)]

    def record(self) -> dict[str, str]:
        """The dispositions.csv columns the form holds."""
        return {name: self.cleaned_data[name] for name in self.fields if not name.startswith(PURCHASE_FIELD)}

    def purchase(self) -> dict[str, str] | None:
        """The purchases.csv columns the form holds; None when none was filled in."""
        values = {
            name.removeprefix(PURCHASE_FIELD): self.cleaned_data[name]
            for name in self.fields
            if name.startswith(PURCHASE_FIELD)
        }
        return values if any(value.strip() for value in values.values()) else None

    def show_row_errors(self, errors: list[RowError]) -> None:
        """Put the readers' errors next to their fields, naming each field by its label rather than its column."""
        for error in errors:
            name = error.column.replace(PURCHASE_PREFIX, PURCHASE_FIELD, 1)
            field = self.fields.get(name)
            params = error.message.params
            if field is not None and params.get("column"):
                params = {**params, "column": field.label}
            self.add_error(name if field is not None else None, str(Message(error.message.text, params)))

    @property
    def error_count(self) -> int:
        return sum(len(messages) for messages in self.errors.values())


RECORD_KIND_CHOICES = [
    (ImportKind.DISPOSITIONS.value, _("A&D book (dispositions.csv): one row per firearm in and out")),
    (ImportKind.PURCHASES.value, _("Purchase records (purchases.csv): one row per retail sale")),
]


class RecordsForm(UploadForm):
    """A licensee's file of records: what it holds, the file, how its dates are written."""

    accepted = ".csv"

    kind = forms.ChoiceField(label=_("What the file holds"), choices=RECORD_KIND_CHOICES, widget=forms.RadioSelect)
    dayfirst = forms.BooleanField(
        label=_("Dates are day-first (DD/MM/YYYY)"),
        required=False,
        help_text=_("ISO dates (YYYY-MM-DD) always work."),
    )
    complete_book = forms.BooleanField(
        label=_("This is my complete A&D book"),
        required=False,
        help_text=_(
            "Tick it only for your whole book: Traza will then answer future queries from your records, and a gun "
            "missing from them will be reported as having no record."
        ),
    )

    def file_help(self) -> Text:
        return _("CSV, up to %(limit)s MB; the first row names the columns.")

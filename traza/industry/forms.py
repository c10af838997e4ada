"""The web forms about licensee queries: a licensee's answer, a licensee's files (the queue's filters: filters.py).

An answer is checked by the importers' own row readers (services.answer_read), never by the form:
the form only gathers the columns of dispositions.csv and purchases.csv as text and puts each of
the readers' errors next to its field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from traza.catalog.models import FirearmType
from traza.core.typing import Text
from traza.imports.errors import Message, RowError
from traza.imports.forms import UploadForm
from traza.imports.models import ImportKind
from traza.industry.models import Disposition
from traza.industry.services import PURCHASE_PREFIX
from traza.tracing.forms.fields import (
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

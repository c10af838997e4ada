"""Blank XLSX sheets an agency fills in to upload trace requests or a seizure inventory.

Headers in the reader's language (the Spanish ones are the file contract's Spanish aliases, which the importer
reads), required columns in bold, an example row, and drop-down lists where a column takes a fixed set of values
(states, firearm types, priority, obliterated serial). The agency column is left out: a file a user uploads is
their agency's.
"""

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext

from traza.catalog.lookup import firearm_type
from traza.catalog.models import FirearmType, Region
from traza.imports.models import ImportKind
from traza.imports.pipeline.kinds import AGENCY_COLUMN
from traza.imports.reading import Column, Layout

KINDS = (ImportKind.TRACE_REQUESTS, ImportKind.SEIZURES)
LISTS_SHEET = "listas"
EXAMPLE_ROWS = 200  # rows the drop-down lists apply to

# One example row per kind, by canonical column name; dates day-first for Spanish readers.
EXAMPLES: dict[str, dict[str, str]] = {
    ImportKind.TRACE_REQUESTS: {
        "request_ref": "SSP-CLN/2024/0412",
        "officer_name": "Ma. Guadalupe Ríos",
        "officer_badge": "P-4471",
        "agency_case_number": "FED/SIN/CLN/0001234/2024",
        "priority": "routine",
        "recovery_date": "2024-03-15",
        "recovery_country": "MX",
        "recovery_state": "Sinaloa",
        "recovery_municipality": "Culiacán",
        "serial_number": "ZY-1775807",
        "manufacturer": "Colt",
        "model": "M4",
        "caliber": "5.56",
        "firearm_type": "rifle",
        "serial_obliterated": "N",
        "seizure_ref": "FA-2024-118",
        "seizure_item": "1",
    },
    ImportKind.SEIZURES: {
        "seizure_ref": "FA-2024-118",
        "item_no": "1",
        "seizure_date": "2024-03-15",
        "country": "MX",
        "state": "Sinaloa",
        "municipality": "Culiacán",
        "serial_number": "ZY-1775807",
        "serial_obliterated": "N",
        "manufacturer": "Colt",
        "model": "M4",
        "caliber": "5.56",
        "firearm_type": "rifle",
    },
}
SPANISH_VALUES = {"routine": "rutina", "N": "no", "MX": "México"}


def blank_sheet(kind: str, *, layout: Layout) -> bytes:
    """The XLSX workbook for `kind` in the active language."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    spanish = (translation.get_language() or "").startswith("es")
    columns = [c for c in layout.columns if c.name != AGENCY_COLUMN]
    book = Workbook()
    sheet = book.active
    sheet.title = gettext("Traces") if kind == ImportKind.TRACE_REQUESTS else gettext("Seizures")
    sheet.append([_header(column, spanish) for column in columns])
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=column.required)
        sheet.column_dimensions[_letter(index)].width = max(14, len(_header(column, spanish)) + 2)
    sheet.append([_example(kind, column.name, spanish) for column in columns])
    sheet.freeze_panes = "A2"
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    for position, (name, values) in enumerate(_choices(spanish).items(), start=1):
        if name not in {c.name for c in columns}:
            continue
        for row, value in enumerate(values, start=1):
            lists.cell(row=row, column=position, value=value)
        letter = _letter(position)
        check = DataValidation(
            type="list", formula1=f"={LISTS_SHEET}!${letter}$1:${letter}${len(values)}", allow_blank=True
        )
        check.showErrorMessage = False  # a value outside the list is still read (and checked) by the importer
        column_letter = _letter(next(i for i, c in enumerate(columns, start=1) if c.name == name))
        check.add(f"{column_letter}2:{column_letter}{EXAMPLE_ROWS + 1}")
        sheet.add_data_validation(check)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header(column: Column, spanish: bool) -> str:
    return column.aliases[0] if spanish and column.aliases else column.name


def _example(kind: str, name: str, spanish: bool) -> str:
    value = EXAMPLES[kind].get(name, "")
    if spanish and name.endswith("_date") and value:
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    return SPANISH_VALUES.get(value, value) if spanish else value


def _choices(spanish: bool) -> dict[str, list[str]]:
    """The drop-down values of each column that has them, in the reader's language, each one the importer reads."""
    states = list(Region.objects.filter(country_id="MX").order_by("name").values_list("name", flat=True))
    types = [str(label) if firearm_type(str(label)) else value for value, label in FirearmType.choices]
    yes_no = ["no", "sí", "parcial"] if spanish else ["N", "Y", "partial"]
    priorities = ["rutina", "urgente"] if spanish else ["routine", "urgent"]
    return {
        "recovery_state": states,
        "state": states,
        "firearm_type": types,
        "serial_obliterated": yes_no,
        "priority": priorities,
    }


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)

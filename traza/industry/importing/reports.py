"""Reports naming firearms: multiple sales (3310.4, 3310.12) and thefts or losses (3310.11, police)."""

from django.utils import timezone
from django.utils.translation import gettext_noop as _

from traza.catalog.lookup import CatalogIndex
from traza.imports.cleaning import RowReader
from traza.imports.errors import RowError
from traza.imports.models import ImportKind, ImportRun
from traza.imports.pipeline import Kind, Target
from traza.imports.reading import Column, Layout, Table
from traza.industry.importing.common import PURCHASER_COLUMNS, FirearmFields, read_purchaser
from traza.industry.models import MultipleSale, Theft
from traza.intel.tasks import intel_refresh_soon

FIREARM_REPORT_COLUMNS = (
    "report_number",
    "serial_number",
    "serial_key",
    "manufacturer",
    "make_id",
    "model",
    "caliber",
    "firearm_type",
)


def read_firearm(row: RowReader, fields: FirearmFields) -> tuple:
    manufacturer = row.text("manufacturer", max_length=120)
    serial, key = row.serial("serial_number", required=True)
    return (
        row.text("report_number", max_length=60, required=True),
        serial,
        key,
        manufacturer,
        fields.make_id(manufacturer) if manufacturer else None,
        row.text("model", max_length=120),
        row.text("caliber", max_length=60),
        fields.read_type(row),
    )


class ReportKind(Kind):
    """Reports naming firearms: a new report may add an indicator to traces already done."""

    def prepare(self, run: ImportRun, table: Table) -> None:
        self.fields = FirearmFields(CatalogIndex.load())
        self.today = timezone.localdate()
        self.serials: set[str] = set()

    def read(self, line: int, cells: list[str], dayfirst: bool) -> tuple | list[RowError]:
        row = super().read(line, cells, dayfirst)
        if isinstance(row, tuple):
            self.serials.add(row[2])  # in the parsing thread; `finish` reads it once that thread has ended
        return row

    def finish(self, run: ImportRun) -> None:
        from traza.tracing.services import traces_resume

        traces_resume(serial_keys=sorted(self.serials))


MULTIPLE_SALE_FORMS = {"3310.4": "3310.4", "3310.12": "3310.12", "33104": "3310.4", "331012": "3310.12"}


class MultipleSalesKind(ReportKind):
    name = ImportKind.MULTIPLE_SALES
    reference = ("report_number",)
    layout = Layout(
        columns=(
            Column("report_number", required=True),
            Column("form", required=True),
            Column("licensee", required=True),
            Column("sale_date", required=True),
            Column("last_name", required=True),
            Column("first_name"),
            Column("middle_name"),
            Column("date_of_birth"),
            Column("street"),
            Column("city"),
            Column("state"),
            Column("zip"),
            Column("id_type"),
            Column("id_number"),
            Column("serial_number", required=True),
            Column("manufacturer", required=True),
            Column("importer"),
            Column("model"),
            Column("caliber"),
            Column("firearm_type"),
        )
    )
    target = Target(
        model=MultipleSale,
        key=("report_number", "serial_key"),
        columns=(
            *FIREARM_REPORT_COLUMNS,
            "form",
            "licensee_rds",
            "sale_date",
            *PURCHASER_COLUMNS,
            "importer",
        ),
    )

    def clean(self, line: int, values: dict[str, str], dayfirst: bool) -> tuple | list[RowError]:
        row = RowReader(line, values, dayfirst=dayfirst)
        firearm = read_firearm(row, self.fields)
        licence = row.licence("licensee", required=True)
        result = (
            *firearm,
            row.choice("form", MULTIPLE_SALE_FORMS, required=True),
            licence.rds if licence else "",
            row.date("sale_date", required=True, not_after=self.today),
            *read_purchaser(row, self.today),
            row.text("importer", max_length=120),
        )
        return row.errors or result

    def finish(self, run: ImportRun) -> None:
        super().finish(run)
        intel_refresh_soon()


INCIDENT_TYPES = {"theft": "theft", "loss": "loss", "robo": "theft", "extravio": "loss", "extravío": "loss"}


class TheftsKind(ReportKind):
    name = ImportKind.THEFTS
    reference = ("report_number",)
    layout = Layout(
        columns=(
            Column("report_number", required=True),
            Column("reported_by", required=True),
            Column("incident_date"),
            Column("incident_type", required=True),
            Column("serial_number", required=True),
            Column("manufacturer", required=True),
            Column("model"),
            Column("caliber"),
            Column("firearm_type"),
            Column("incident_country"),
            Column("incident_state"),
            Column("notes"),
        )
    )
    target = Target(
        model=Theft,
        key=("report_number", "serial_key"),
        columns=(
            *FIREARM_REPORT_COLUMNS,
            "reported_by",
            "reported_by_rds",
            "incident_date",
            "incident_type",
            "incident_country",
            "incident_state",
            "notes",
        ),
    )

    def prepare(self, run: ImportRun, table: Table) -> None:
        super().prepare(run, table)
        self.catalog = self.fields.catalog

    def clean(self, line: int, values: dict[str, str], dayfirst: bool) -> tuple | list[RowError]:
        row = RowReader(line, values, dayfirst=dayfirst)
        firearm = read_firearm(row, self.fields)
        reported_by = row.text("reported_by", max_length=25, required=True)
        licence = self.fields.licence(reported_by) if reported_by else None
        country = self.fields.read_country(row, "incident_country")
        state = row.raw("incident_state")
        region = self.catalog.region_code(country or "US", state) if state else ""
        if state and not region:
            row.error(
                "incident_state",
                _("%(column)s is not a state of %(other)s."),
                column="incident_state",
                other="incident_country",
            )
        result = (
            *firearm,
            reported_by,
            licence.rds if licence else "",
            row.date("incident_date", not_after=self.today),
            row.choice("incident_type", INCIDENT_TYPES, required=True),
            country,
            region or "",
            row.text("notes", max_length=2000),
        )
        return row.errors or result

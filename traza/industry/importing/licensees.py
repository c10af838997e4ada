"""The FFL list (licensees.csv) in ATF's published layout, plus Traza's optional columns."""

from django.utils import timezone
from django.utils.translation import gettext_noop as _

from traza.catalog.services import makes_of_licensees
from traza.imports.cleaning import RowReader, parse_licence
from traza.imports.errors import RowError
from traza.imports.models import ImportKind, ImportRun
from traza.imports.pipeline import Kind, Target
from traza.imports.reading import Column, Layout, Table
from traza.industry.importing.common import records_arrived
from traza.industry.models import Licensee

LICENSEE_STATUSES = {
    "active": Licensee.Status.ACTIVE,
    "activo": Licensee.Status.ACTIVE,
    "out_of_business": Licensee.Status.OUT_OF_BUSINESS,
    "out of business": Licensee.Status.OUT_OF_BUSINESS,
    "obr": Licensee.Status.OUT_OF_BUSINESS,
}


class LicenseesKind(Kind):
    """The ATF FFL list, in its public 17-column layout, plus Traza's optional columns."""

    name = ImportKind.LICENSEES
    parts = ("LIC_REGN", "LIC_DIST", "LIC_CNTY", "LIC_TYPE", "LIC_XPRDTE", "LIC_SEQN")
    layout = Layout(
        columns=(
            *(Column(name, required=True) for name in parts),
            Column("LICENSE_NAME", required=True),
            Column("BUSINESS_NAME"),
            Column("PREMISE_STREET"),
            Column("PREMISE_CITY"),
            Column("PREMISE_STATE"),
            Column("PREMISE_ZIP_CODE"),
            Column("MAIL_STREET"),
            Column("MAIL_CITY"),
            Column("MAIL_STATE"),
            Column("MAIL_ZIP_CODE"),
            Column("VOICE_PHONE"),
            Column("STATUS"),
            Column("OUT_OF_BUSINESS_DATE"),
            Column("ELECTRONIC_RECORDS"),
        )
    )
    base_columns = (
        "rds_key",
        "region",
        "district",
        "county",
        "lic_type",
        "expiration",
        "sequence",
        "license_name",
        "business_name",
        "premise_street",
        "premise_city",
        "premise_state",
        "premise_zip",
        "mail_street",
        "mail_city",
        "mail_state",
        "mail_zip",
        "voice_phone",
        "listed",
        "updated_at",
    )
    optional = {
        "STATUS": "status",
        "OUT_OF_BUSINESS_DATE": "out_of_business_date",
        "ELECTRONIC_RECORDS": "electronic_records",
    }

    def reference_of(self, cells: list[str]) -> str:
        """The licence number its parts spell (5-74-141-01-8G-06336)."""
        parts = [
            cells[i].strip() for i in (self.positions.get(p) for p in self.parts) if i is not None and i < len(cells)
        ]
        return "-".join(parts)[: self.REFERENCE_MAX] if any(parts) else ""

    def target_for(self, table: Table) -> Target:
        """Optional columns absent from the file leave what Traza knows of a licensee unchanged."""
        self.present = {name for name in self.optional if name in table.header.positions}
        absent = tuple(column for name, column in self.optional.items() if name not in self.present)
        columns = self.base_columns + tuple(self.optional.values())
        return Target(model=Licensee, key=("rds_key",), columns=columns, insert_only=("updated_at", *absent))

    def prepare(self, run: ImportRun, table: Table) -> None:
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.changed: set[str] = set()

    def clean(self, line: int, values: dict[str, str], dayfirst: bool) -> tuple | list[RowError]:
        row = RowReader(line, values, dayfirst=dayfirst)
        number = "-".join(row.raw(part) for part in self.parts)
        licence = parse_licence(number)
        if licence is None:
            row.error("LIC_SEQN", _("The licence number parts do not form a licence number (R-DD-CCC-TT-XX-SSSSS)."))
            return row.errors
        base = (
            licence.rds,
            *licence.parts,
            row.text("LICENSE_NAME", max_length=200, required=True),
            row.text("BUSINESS_NAME", max_length=200),
            row.text("PREMISE_STREET", max_length=200),
            row.text("PREMISE_CITY", max_length=100),
            row.text("PREMISE_STATE", max_length=2),
            row.text("PREMISE_ZIP_CODE", max_length=10),
            row.text("MAIL_STREET", max_length=200),
            row.text("MAIL_CITY", max_length=100),
            row.text("MAIL_STATE", max_length=2),
            row.text("MAIL_ZIP_CODE", max_length=10),
            row.text("VOICE_PHONE", max_length=20),
            True,
            self.now,
        )
        optional = (
            row.choice("STATUS", LICENSEE_STATUSES) or Licensee.Status.ACTIVE,
            row.date("OUT_OF_BUSINESS_DATE", not_after=self.today),
            bool(row.boolean("ELECTRONIC_RECORDS", default=False)),
        )
        return row.errors or (*base, *optional)

    def read(self, line: int, cells: list[str], dayfirst: bool) -> tuple | list[RowError]:
        row = super().read(line, cells, dayfirst)
        if isinstance(row, tuple):
            self.changed.add(row[0])  # in the parsing thread; `finish` reads it once that thread has ended
        return row

    def finish(self, run: ImportRun) -> None:
        if "ELECTRONIC_RECORDS" in self.present or "STATUS" in self.present:
            records_arrived(sorted(self.changed), run=run)
        makes_of_licensees()

"""Retail transaction records (purchases.csv, the content of a Form 4473). Names are personal data."""

from django.utils import timezone
from django.utils.translation import gettext_noop as _

from traza.imports.cleaning import RowReader
from traza.imports.errors import RowError
from traza.imports.models import ImportKind, ImportRun
from traza.imports.pipeline import Kind, Target
from traza.imports.reading import Column, Layout, Table
from traza.industry.importing.common import (
    PURCHASER_COLUMNS,
    SEXES,
    own_licence_row,
    person_key,
    read_purchaser,
    records_arrived,
)
from traza.industry.models import Purchase
from traza.intel.tasks import intel_refresh_soon

NAME_AND_BIRTH = tuple(PURCHASER_COLUMNS.index(name) for name in ("last_name", "first_name", "date_of_birth"))


class PurchasesKind(Kind):
    """Retail transaction records (Form 4473 content). Names are personal data."""

    name = ImportKind.PURCHASES
    reference = ("transaction_ref",)
    layout = Layout(
        columns=(
            Column("transaction_ref", required=True),
            Column("licensee", required=True),
            Column("transaction_date"),
            Column("last_name", required=True),
            Column("first_name"),
            Column("middle_name"),
            Column("suffix"),
            Column("date_of_birth"),
            Column("place_of_birth"),
            Column("sex"),
            Column("street"),
            Column("city"),
            Column("state"),
            Column("zip"),
            Column("id_type"),
            Column("id_number"),
            Column("id_issuer"),
        )
    )
    target = Target(
        model=Purchase,
        key=("licensee_rds", "transaction_ref"),
        columns=(
            "licensee_rds",
            "transaction_ref",
            "transaction_date",
            *PURCHASER_COLUMNS,
            "suffix",
            "place_of_birth",
            "sex",
            "id_issuer",
            "person_key",
        ),
    )

    def prepare(self, run: ImportRun, table: Table) -> None:
        self.prepare_reading()

    def prepare_reading(self) -> None:
        """What `clean` needs, which reads neither the run nor the file: a licensee's answer is read with it too."""
        self.today = timezone.localdate()
        self.licensees: set[str] = set()

    def clean(self, line: int, values: dict[str, str], dayfirst: bool) -> tuple | list[RowError]:
        row = RowReader(line, values, dayfirst=dayfirst)
        licence = row.licence("licensee", required=True)
        own_licence_row(row, "licensee", licence, self.licensee)
        sold = row.date("transaction_date", not_after=self.today)
        purchaser = read_purchaser(row, self.today)
        last, first, born = (purchaser[index] for index in NAME_AND_BIRTH)
        if born and sold and born >= sold:
            row.error(
                "date_of_birth",
                _("%(column)s is not before %(other)s."),
                column="date_of_birth",
                other="transaction_date",
            )
        result = (
            licence.rds if licence else "",
            row.text("transaction_ref", max_length=60, required=True),
            sold,
            *purchaser,
            row.text("suffix", max_length=20),
            row.text("place_of_birth", max_length=100),
            row.choice("sex", SEXES),
            row.text("id_issuer", max_length=60),
            person_key(last, first, born),
        )
        return row.errors or result

    def read(self, line: int, cells: list[str], dayfirst: bool) -> tuple | list[RowError]:
        row = super().read(line, cells, dayfirst)
        if isinstance(row, tuple):
            self.licensees.add(row[0])  # in the parsing thread; `finish` reads it once that thread has ended
        return row

    def finish(self, run: ImportRun) -> None:
        records_arrived(sorted(self.licensees), run=run)
        intel_refresh_soon()

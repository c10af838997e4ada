"""Retail transaction records (purchases.csv, the content of a Form 4473). Names are personal data."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_noop as _

from traza.core.bulk import update_rows
from traza.imports import rules
from traza.imports.cleaning import Licence
from traza.imports.errors import Message
from traza.imports.models import ImportKind, ImportRun
from traza.imports.pipeline import Chunk, Kind, Target
from traza.imports.reading import Column, Layout, Table
from traza.industry.importing.common import (
    PURCHASER_COLUMNS,
    SEXES,
    not_own_licence,
    person_keys,
    purchaser_fields,
    records_arrived,
)
from traza.industry.models import Purchase
from traza.intel.tasks import intel_refresh_soon

#: A purchase's person key until `after_chunk` computes it (found through the partial index `purchase_unkeyed`).
UNKEYED = ""
NAME_AND_BIRTH = tuple(PURCHASER_COLUMNS.index(name) for name in ("last_name", "first_name", "date_of_birth"))
BIRTH = PURCHASER_COLUMNS.index("date_of_birth")


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
        derived=("person_key",),  # people's resolution sets it to the person's key: a row sent again keeps that
    )

    streams_first_load = True

    def prepare(self, run: ImportRun, table: Table) -> None:
        self.prepare_reading()

    def prepare_reading(self) -> None:
        """What reading a row needs, which reads neither the run nor the file: a licensee's answer is read with it."""
        today = timezone.localdate()
        self.use_rules(
            (
                rules.licence("licensee", required=True),
                rules.text("transaction_ref", 60, required=True),
                rules.date("transaction_date", not_after=today),
                *purchaser_fields(today),
                rules.text("suffix", 20),
                rules.text("place_of_birth", 100),
                rules.choice("sex", SEXES),
                rules.text("id_issuer", 60),
            )
        )
        self.licensees: set[str] = set()

    def together(self, readings: list[list], problems: dict[int, list[tuple[str, Message]]]) -> None:
        """Another licensee's row in a file sent for one licensee; a buyer born on or after the sale."""
        licences, sold, born = readings[0], readings[2], readings[3 + BIRTH]
        if self.licensee:
            other = not_own_licence("licensee", self.licensee)
            for index, licence in enumerate(licences):
                if type(licence) is Licence and licence.rds != self.licensee:
                    problems.setdefault(index, []).append(("licensee", other))
        too_late = Message(
            _("%(column)s is not before %(other)s."), {"column": "date_of_birth", "other": "transaction_date"}
        )
        for index, (birth, sale) in enumerate(zip(born, sold, strict=True)):
            if birth is not None and sale is not None and type(birth) is date and type(sale) is date and birth >= sale:
                problems.setdefault(index, []).append(("date_of_birth", too_late))

    def records_of(self, readings: list[list]) -> list[list]:
        """The records; of a book sent again, without their person keys: only the rows the merge writes need one
        (`after_chunk`), and most rows of a book sent again are the same as before."""
        rds = [licence.rds for licence in readings[0]]
        self.licensees.update(rds)  # in the parsing thread; `finish` reads it once that thread has ended
        if self.sent_again:
            return [rds, *readings[1:], [UNKEYED] * len(rds)]
        last, first, born = (readings[3 + index] for index in NAME_AND_BIRTH)
        return [rds, *readings[1:], person_keys(last, first, born)]

    def after_chunk(self, run: ImportRun, chunk: Chunk) -> None:
        """The person keys of the rows of a book sent again that the merge has just written (new or changed)."""
        if not self.sent_again:
            return
        written = Purchase.objects.filter(person_key=UNKEYED, import_run=run)
        if rows := list(written.values_list("pk", "last_name", "first_name", "date_of_birth")):
            ids, last, first, born = zip(*rows, strict=True)
            keys = zip(ids, person_keys(last, first, born), strict=True)
            update_rows(Purchase._meta.db_table, "id", ["person_key"], list(keys))

    def finish(self, run: ImportRun) -> None:
        records_arrived(sorted(self.licensees), run=run)
        intel_refresh_soon()

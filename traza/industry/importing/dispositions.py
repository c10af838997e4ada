"""A&D books (dispositions.csv): one row per firearm per record keeper."""

from collections.abc import Iterable
from datetime import date
from operator import itemgetter
from typing import cast

from django.utils import timezone
from django.utils.translation import gettext_noop as _

from traza.catalog.lookup import CatalogIndex
from traza.core.bulk import batches
from traza.core.values import parse_date, serial_is_valid, serial_key
from traza.imports.cleaning import Licence, RowReader
from traza.imports.errors import RowError
from traza.imports.models import ImportKind, ImportRun
from traza.imports.pipeline import Chunk, Kind, Target
from traza.imports.reading import Column, Layout, Table
from traza.industry.importing.common import (
    DISPOSITION_TYPES,
    FirearmFields,
    licensee_stubs,
    own_licence_row,
    records_arrived,
)
from traza.industry.models import Disposition, Licensee

NULL = "\\N"
BAD = "\x00"  # in the fast path's caches: a text `clean` would refuse


class DispositionsKind(Kind):
    """A&D books. Once a complete book is loaded, its keepers' records count as electronic."""

    name = ImportKind.DISPOSITIONS
    reference = ("record_id",)
    layout = Layout(
        columns=(
            Column("record_id", required=True),
            Column("record_keeper_license", required=True),
            Column("serial_number", required=True),
            Column("manufacturer", required=True),
            Column("importer"),
            Column("model"),
            Column("caliber"),
            Column("firearm_type"),
            Column("country_of_origin"),
            Column("acquisition_date"),
            Column("acquired_from_license"),
            Column("acquired_from_name"),
            Column("disposition_date"),
            Column("disposition_type"),
            Column("disposed_to_license"),
            Column("disposed_to_name"),
            Column("transaction_ref"),
        )
    )
    target = Target(
        model=Disposition,
        key=("keeper_rds", "record_id"),
        columns=(
            "keeper_rds",
            "record_id",
            "keeper_license",
            "serial_number",
            "serial_key",
            "manufacturer",
            "make_id",
            "importer",
            "importer_make_id",
            "model",
            "caliber",
            "caliber_ref_id",
            "firearm_type",
            "country_of_origin",
            "acquisition_date",
            "acquired_from_license",
            "acquired_from_rds",
            "acquired_from_name",
            "disposition_date",
            "disposition_type",
            "disposed_to_license",
            "disposed_to_rds",
            "disposed_to_name",
            "transaction_ref",
        ),
    )

    def prepare(self, run: ImportRun, table: Table) -> None:
        self.prepare_reading()

    def prepare_reading(self) -> None:
        """What `clean` needs, which reads neither the run nor the file: a licensee's answer is read with it too."""
        self.fields = FirearmFields(CatalogIndex.load())
        self.today = timezone.localdate()
        self.keepers: set[str] = set()
        self.named: set[str] = set()  # licences already handed on as references
        self.references: dict[str, tuple[Licence, str]] = {}
        self.dates: dict[tuple[str, bool], date | None] = {}
        self.seen: dict[str, str] = {}  # licence text → RDS key, or BAD
        self.texts: dict[tuple[str, str], str] = {}  # (what, text) → COPY text, or BAD

    def bind(self, target: Target, table: Table) -> None:
        super().bind(target, table)
        self.at = tuple(self.positions.get(column.name) for column in self.layout.columns)
        present = None not in self.at
        self.cells_of = itemgetter(*self.at) if present else None
        self.width = max(cast(tuple[int, ...], self.at)) + 1 if present else 0

    writes_copy = True

    def read_copy(self, cells: list[str], dayfirst: bool) -> tuple[tuple, str] | None:
        """A row of a book by position, straight to COPY text: the millions of rows of a book go this way.

        It answers exactly what `clean` answers (a test holds the two together) for every row whose
        values are plainly right; any row it is unsure of returns None and goes through `clean`.
        Every value that repeats (licences, makes, calibres, dates…) is worked out once, then looked up.
        """
        joined = "".join(cells)  # a character COPY text must escape: the row goes the careful way
        if "\\" in joined or "\t" in joined or "\n" in joined or "\r" in joined or "\x00" in joined:
            return None
        count = len(cells)
        values: Iterable[str]
        if self.cells_of is not None and count >= self.width:
            values = map(str.strip, self.cells_of(cells))
        else:
            values = [cells[i].strip() if i is not None and i < count else "" for i in self.at]
        (record_id, keeper_text, serial, manufacturer, importer, model, caliber, kind_text, country_text,
         acquired_text, source_text, source_name, disposed_text, type_text, receiver_text, receiver_name,
         ref) = values  # fmt: skip
        if not (0 < len(record_id) <= 60 and 0 < len(serial) <= 60 and 0 < len(manufacturer) <= 120):
            return None
        if len(importer) > 120 or len(model) > 120 or len(caliber) > 60 or len(ref) > 60:
            return None
        if len(source_name) > 200 or len(receiver_name) > 200 or not serial.isascii():
            return None
        seen = self.seen
        keeper = seen.get(keeper_text) or self._learn(keeper_text, "")
        source = (seen.get(source_text) or self._learn(source_text, source_name)) if source_text else ""
        receiver = (seen.get(receiver_text) or self._learn(receiver_text, receiver_name)) if receiver_text else ""
        if keeper is BAD or source is BAD or receiver is BAD or (self.licensee and keeper != self.licensee):
            return None
        key = serial_key(serial)
        if not serial_is_valid(key):
            return None
        kind = DISPOSITION_TYPES.get(type_text.lower()) if type_text else ""
        texts = self.texts
        firearm = (texts.get(("t", kind_text)) or self._learn_text("t", kind_text)) if kind_text else ""
        country = (texts.get(("c", country_text)) or self._learn_text("c", country_text)) if country_text else ""
        day = "D" if dayfirst else "d"
        acquired = (texts.get((day, acquired_text)) or self._learn_text(day, acquired_text)) if acquired_text else NULL
        disposed = (texts.get((day, disposed_text)) or self._learn_text(day, disposed_text)) if disposed_text else NULL
        if kind is None or BAD in (firearm, country, acquired, disposed):
            return None
        if (acquired_text and disposed_text and disposed < acquired) or bool(kind) != bool(disposed_text):
            return None
        if receiver and kind not in Disposition.TRANSFERS:
            return None
        self.keepers.add(keeper)
        make = texts.get(("m", manufacturer)) or self._learn_text("m", manufacturer)
        made_for = (texts.get(("m", importer)) or self._learn_text("m", importer)) if importer else NULL
        calibre = (texts.get(("k", caliber)) or self._learn_text("k", caliber)) if caliber else NULL
        return (keeper, record_id), (
            f"{keeper}\t{record_id}\t{keeper_text[:25]}\t{serial}\t{key}\t{manufacturer}\t{make}\t{importer}\t"
            f"{made_for}\t{model}\t{caliber}\t{calibre}\t{firearm}\t{country}\t{acquired}\t{source_text[:25]}\t"
            f"{source}\t{source_name}\t{disposed}\t{kind}\t{receiver_text[:25]}\t{receiver}\t{receiver_name}\t{ref}"
        )

    def _learn(self, text: str, name: str) -> str:
        """The RDS key of the licence a text names (BAD if it names none), parsed once per text.

        A licensee seen for the first time is handed on as a reference, with the name this row gives it.
        """
        licence = self._licence(text, name)
        self.seen[text] = licence.rds if licence is not None else BAD
        return self.seen[text]

    def _learn_text(self, what: str, text: str) -> str:
        """COPY text of a value `clean` would read from `text`, worked out once: BAD where it would refuse it."""
        fields = self.fields
        if what in ("d", "D"):
            found = self._date(text, what == "D")
            value = found.isoformat() if found else BAD
        elif what == "t":
            value = fields.firearm_type(text) or BAD
        elif what == "c":
            value = fields.country(text) or BAD
        else:
            catalog_id = fields.make_id(text) if what == "m" else fields.caliber_id(text)
            value = NULL if catalog_id is None else str(catalog_id)
        self.texts[(what, text)] = value
        return value

    def read(self, line: int, cells: list[str], dayfirst: bool) -> tuple | list[RowError]:
        row = super().read(line, cells, dayfirst)
        if isinstance(row, tuple):
            self.keepers.add(row[0])
            for rds, text, name in ((row[0], row[2], ""), (row[16], row[15], row[17]), (row[21], row[20], row[22])):
                if rds:
                    self._licence(text, name)
        return row

    def _licence(self, text: str, name: str) -> Licence | None:
        """The licence a text names, parsed once; a licensee seen for the first time is handed on as a reference."""
        licence = self.fields.licence(text)
        if licence is not None and licence.rds not in self.named:
            self.named.add(licence.rds)
            self.references[licence.rds] = (licence, name)
        return licence

    def _date(self, text: str, dayfirst: bool) -> date | None:
        """A date `clean` would accept (readable, after 1800, not in the future), read once per text."""
        known = self.dates.get((text, dayfirst), False)
        if known is not False:
            return cast(date | None, known)
        try:
            value = parse_date(text, dayfirst=dayfirst)
        except ValueError:
            value = None
        if value is not None and (value.year < 1800 or value > self.today):
            value = None
        self.dates[(text, dayfirst)] = value
        return value

    def end_chunk(self) -> dict:
        references, self.references = self.references, {}
        return {"references": references}

    def clean(self, line: int, values: dict[str, str], dayfirst: bool) -> tuple | list[RowError]:
        row = RowReader(line, values, dayfirst=dayfirst)
        fields = self.fields
        record_id = row.text("record_id", max_length=60, required=True)
        keeper = fields.read_licence(row, "record_keeper_license", required=True)
        own_licence_row(row, "record_keeper_license", keeper, self.licensee)
        serial, key = row.serial("serial_number", required=True)
        manufacturer = row.text("manufacturer", max_length=120, required=True)
        importer = row.text("importer", max_length=120)
        caliber = row.text("caliber", max_length=60)
        acquired = row.date("acquisition_date", not_after=self.today)
        disposed = row.date("disposition_date", not_after=self.today)
        kind = row.choice("disposition_type", DISPOSITION_TYPES)
        source = fields.read_licence(row, "acquired_from_license")
        receiver = fields.read_licence(row, "disposed_to_license")
        if acquired and disposed and disposed < acquired:
            row.error(
                "disposition_date",
                _("%(column)s is before %(other)s."),
                column="disposition_date",
                other="acquisition_date",
            )
        if kind and not disposed and not row.errors:
            row.error(
                "disposition_date",
                _("%(column)s is required when %(other)s is given."),
                column="disposition_date",
                other="disposition_type",
            )
        if disposed and not row.raw("disposition_type"):
            row.error(
                "disposition_type",
                _("%(column)s is required when %(other)s is given."),
                column="disposition_type",
                other="disposition_date",
            )
        if receiver and kind not in Disposition.TRANSFERS and kind:
            row.error("disposed_to_license", _("Only a sale, transfer or return goes to another licensee."))
        result = (
            keeper.rds if keeper else "",
            record_id,
            row.raw("record_keeper_license")[:25],
            serial,
            key,
            manufacturer,
            fields.make_id(manufacturer) if manufacturer else None,
            importer,
            fields.make_id(importer) if importer else None,
            row.text("model", max_length=120),
            caliber,
            fields.caliber_id(caliber) if caliber else None,
            fields.read_type(row),
            fields.read_country(row, "country_of_origin"),
            acquired,
            row.raw("acquired_from_license")[:25],
            source.rds if source else "",
            row.text("acquired_from_name", max_length=200),
            disposed,
            kind,
            row.raw("disposed_to_license")[:25],
            receiver.rds if receiver else "",
            row.text("disposed_to_name", max_length=200),
            row.text("transaction_ref", max_length=60),
        )
        return row.errors or result

    def after_chunk(self, run: ImportRun, chunk: Chunk) -> None:
        licensee_stubs(chunk.extra.get("references", {}), run)

    def finish(self, run: ImportRun) -> None:
        keepers = sorted(self.keepers)
        if run.complete_book:
            for part in batches(keepers):
                Licensee.objects.filter(rds_key__in=part).update(electronic_records=True)
        records_arrived(keepers, run=run)

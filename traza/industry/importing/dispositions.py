"""A&D books (dispositions.csv): one row per firearm per record keeper."""

from django.utils import timezone
from django.utils.translation import gettext_noop as _

from traza.catalog.lookup import CatalogIndex
from traza.imports.cleaning import Licence, RowReader
from traza.imports.errors import RowError
from traza.imports.models import ImportKind, ImportRun
from traza.imports.pipeline import Chunk, Kind, Target
from traza.imports.reading import Column, Layout, Table
from traza.industry.importing.common import (
    DISPOSITION_TYPES,
    TRANSFERS,
    FirearmFields,
    licensee_stubs,
    own_licence_row,
    records_arrived,
)
from traza.industry.models import Disposition, Licensee


class DispositionsKind(Kind):
    """A&D books. Once a complete book is loaded, its keepers' records count as electronic."""

    name = ImportKind.DISPOSITIONS
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
        self.fields = FirearmFields(CatalogIndex.load())
        self.today = timezone.localdate()
        self.keepers: set[str] = set()

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
            row.error("disposition_date", _("disposition_date is before acquisition_date."))
        if kind and not disposed and not row.errors:
            row.error("disposition_date", _("disposition_date is required when disposition_type is given."))
        if disposed and not row.raw("disposition_type"):
            row.error("disposition_type", _("disposition_type is required when disposition_date is given."))
        if receiver and kind not in TRANSFERS and kind:
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
        references: dict[str, tuple[Licence, str]] = {}
        for row in chunk.rows:
            self.keepers.add(row[0])
            for text, name in ((row[2], ""), (row[15], row[17]), (row[20], row[22])):
                licence = self.fields.licence(text) if text else None
                if licence and licence.rds not in references:
                    references[licence.rds] = (licence, name)
        licensee_stubs(references, run)

    def finish(self, run: ImportRun) -> None:
        keepers = sorted(self.keepers)
        if run.complete_book:
            for start in range(0, len(keepers), 500):
                Licensee.objects.filter(rds_key__in=keepers[start : start + 500]).update(electronic_records=True)
        records_arrived(keepers, run=run)

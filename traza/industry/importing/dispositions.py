"""A&D books (dispositions.csv): one row per firearm per record keeper."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_noop as _

from traza.catalog.lookup import CatalogIndex
from traza.core.bulk import batches
from traza.imports import rules
from traza.imports.cleaning import Licence
from traza.imports.errors import Message
from traza.imports.models import ImportKind, ImportRun
from traza.imports.pipeline import Chunk, Kind, Target
from traza.imports.reading import Column, Layout, Table
from traza.imports.rules import Memo
from traza.industry.importing.common import (
    DISPOSITION_TYPES,
    FirearmFields,
    licensee_stubs,
    not_own_licence,
    records_arrived,
)
from traza.industry.models import Disposition, Licensee


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

    streams_first_load = True

    def prepare(self, run: ImportRun, table: Table) -> None:
        self.prepare_reading()

    def prepare_reading(self) -> None:
        """What reading a row needs, which reads neither the run nor the file: a licensee's answer is read with it."""
        firearm = self.firearm = FirearmFields(CatalogIndex.load())
        today = timezone.localdate()
        self.use_rules(
            (
                rules.text("record_id", 60, required=True),
                rules.licence("record_keeper_license", required=True),
                rules.serial("serial_number", required=True),
                rules.text("manufacturer", 120, required=True),
                rules.text("importer", 120),
                rules.text("model", 120),
                rules.text("caliber", 60),
                firearm.type_field("firearm_type"),
                firearm.country_field("country_of_origin"),
                rules.date("acquisition_date", not_after=today),
                rules.licence("acquired_from_license"),
                rules.text("acquired_from_name", 200),
                rules.date("disposition_date", not_after=today),
                rules.choice("disposition_type", DISPOSITION_TYPES),
                rules.licence("disposed_to_license"),
                rules.text("disposed_to_name", 200),
                rules.text("transaction_ref", 60),
            )
        )
        self.make_ids = Memo(firearm.make_id, None)
        self.caliber_ids = Memo(firearm.caliber_id, None)
        self.keepers: set[str] = set()
        self.named: set[str] = set()  # licences already handed on as references
        self.references: dict[str, tuple[Licence, str]] = {}

    def together(self, readings: list[list], problems: dict[int, list[tuple[str, Message]]]) -> None:
        """Another keeper's row in a file sent for one licensee, a disposal before its acquisition, a date without
        its disposition or the reverse, a receiving licensee of what is no transfer."""
        keepers, acquired, disposed, kinds, receivers = (readings[index] for index in (1, 9, 12, 13, 14))
        if self.licensee:
            other = not_own_licence("record_keeper_license", self.licensee)
            for index, keeper in enumerate(keepers):
                if type(keeper) is Licence and keeper.rds != self.licensee:
                    problems.setdefault(index, []).append(("record_keeper_license", other))
        transfers = Disposition.TRANSFERS
        for index, (bought, sold, kind, receiver) in enumerate(zip(acquired, disposed, kinds, receivers, strict=True)):
            # A row with no refused reading compares plainly; any doubt, and a row with refusals, is looked at closely.
            if (
                index in problems
                or (sold is None) is not (kind == "")
                or (bought is not None and sold is not None and sold < bought)
                or (receiver is not None and kind not in transfers)
            ):
                found = _disposal_problems(bought, sold, kind, receiver)
                if found:
                    problems.setdefault(index, []).extend(found)

    def records_of(self, readings: list[list]) -> list[list]:
        (record_id, keepers, serials, manufacturer, importer, model, caliber, firearm_type, country, acquired,
         sources, source_name, disposed, kind, receivers, receiver_name, ref) = readings  # fmt: skip
        keeper_rds, source_rds, receiver_rds = ([lic.rds if lic else "" for lic in column] for column in
                                                (keepers, sources, receivers))  # fmt: skip
        self.keepers.update(keeper_rds)
        self._name(
            ((keeper_rds, keepers, None), (source_rds, sources, source_name), (receiver_rds, receivers, receiver_name))
        )
        make_id, caliber_id = self.make_ids.__getitem__, self.caliber_ids.__getitem__
        serial, key = (list(column) for column in zip(*serials, strict=True)) if serials else ([], [])
        return [
            keeper_rds,
            record_id,
            [lic.written for lic in keepers],
            serial,
            key,
            manufacturer,
            list(map(make_id, manufacturer)),
            importer,
            list(map(make_id, importer)),
            model,
            caliber,
            list(map(caliber_id, caliber)),
            firearm_type,
            country,
            acquired,
            [lic.written if lic else "" for lic in sources],
            source_rds,
            source_name,
            disposed,
            kind,
            [lic.written if lic else "" for lic in receivers],
            receiver_rds,
            receiver_name,
            ref,
        ]

    def _name(self, columns: tuple[tuple[list[str], list, list | None], ...]) -> None:
        """A licensee seen for the first time is handed on as a reference, with the name the row where it first
        appears gives it. `columns`: each licence column of the block as (RDS keys, licences, names or None)."""
        new = set().union(*(rds for rds, _licences, _names in columns)) - self.named - {""}
        for index in range(len(columns[0][0]) if new else 0):
            for rds, licences, names in columns:
                key = rds[index]
                if key in new and key not in self.named:
                    self.named.add(key)
                    self.references[key] = (licences[index], names[index] if names is not None else "")

    def end_chunk(self) -> dict:
        references, self.references = self.references, {}
        return {"references": references}

    def after_chunk(self, run: ImportRun, chunk: Chunk) -> None:
        licensee_stubs(chunk.extra.get("references", {}), run)

    def finish(self, run: ImportRun) -> None:
        keepers = sorted(self.keepers)
        if run.complete_book:
            for part in batches(keepers):
                Licensee.objects.filter(rds_key__in=part).update(electronic_records=True)
        records_arrived(keepers, run=run)


def _disposal_problems(bought, sold, kind, receiver) -> list[tuple[str, Message]]:
    """What a row's acquisition date, disposal date, disposition and receiving licensee say together."""
    found = []
    dated = type(sold) is date
    if dated and type(bought) is date and sold < bought:
        before = Message(
            _("%(column)s is before %(other)s."), {"column": "disposition_date", "other": "acquisition_date"}
        )
        found.append(("disposition_date", before))
    if kind and type(kind) is str and sold is None:
        found.append(("disposition_date", _required_with("disposition_date", "disposition_type")))
    if dated and kind == "":
        found.append(("disposition_type", _required_with("disposition_type", "disposition_date")))
    if type(receiver) is Licence and type(kind) is str and kind and kind not in Disposition.TRANSFERS:
        found.append(("disposed_to_license", Message(_("Only a sale, transfer or return goes to another licensee."))))
    return found


def _required_with(column: str, other: str) -> Message:
    return Message(_("%(column)s is required when %(other)s is given."), {"column": column, "other": other})

"""How the industry's files are read: the FFL list, A&D books, purchases, multiple sales, thefts."""

import hashlib
import hmac
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop as _

from traza.catalog.lookup import CatalogIndex, firearm_type
from traza.core.values import name_key
from traza.imports.cleaning import Licence, RowReader, parse_licence
from traza.imports.errors import RowError
from traza.imports.models import ImportKind, ImportRun
from traza.imports.pipeline import Chunk, Kind, Target
from traza.imports.reading import Column, Layout, Table
from traza.industry.models import Disposition, Licensee, MultipleSale, Purchase, Theft

DISPOSITION_TYPES = {
    **{value: value for value in Disposition.Type.values},
    "venta": "sale",
    "transferencia": "transfer",
    "exportacion": "export",
    "exportación": "export",
    "robo": "theft",
    "extravio": "loss",
    "extravío": "loss",
    "perdida": "loss",
    "pérdida": "loss",
    "destruida": "destroyed",
    "destruido": "destroyed",
    "devolucion": "return",
    "devolución": "return",
}
TRANSFERS = {"sale", "transfer", "return"}
SEXES = {"m": "M", "male": "M", "f": "F", "female": "F", "x": "X", "u": "X", "hombre": "M", "mujer": "F"}


def person_key(last_name: str, first_name: str, date_of_birth: date | None) -> str:
    """An opaque, stable id for a person as written on a record (not reversible to the name)."""
    material = "|".join([name_key(last_name), name_key(first_name), date_of_birth.isoformat() if date_of_birth else ""])
    digest = hmac.new(settings.SECRET_KEY.encode(), material.encode(), hashlib.sha256).hexdigest()
    return digest[:32]


class FirearmFields:
    """Memoised resolution of the firearm fields that repeat across millions of rows."""

    def __init__(self, catalog: CatalogIndex):
        self.catalog = catalog
        self.make_id = lru_cache(maxsize=65536)(catalog.make_id)
        self.caliber_id = lru_cache(maxsize=65536)(catalog.caliber_id)
        self.country = lru_cache(maxsize=1024)(catalog.country_code)
        self.firearm_type = lru_cache(maxsize=1024)(firearm_type)
        self.licence = lru_cache(maxsize=65536)(parse_licence)

    def read_type(self, row: RowReader, column: str = "firearm_type") -> str:
        value = row.raw(column)
        if not value:
            return ""
        resolved = self.firearm_type(value)
        if resolved is None:
            row.error(column, _("%(column)s is not a known firearm type."), column=column)
            return ""
        return resolved

    def read_country(self, row: RowReader, column: str) -> str:
        value = row.raw(column)
        if not value:
            return ""
        resolved = self.country(value)
        if resolved is None:
            row.error(column, _("%(column)s is not an ISO country code (MX, US, …)."), column=column)
            return ""
        return resolved

    def read_licence(self, row: RowReader, column: str, *, required: bool = False) -> Licence | None:
        value = row.raw(column)
        if not value:
            if required:
                row.error(column, _("%(column)s is required."), column=column)
            return None
        licence = self.licence(value)
        if licence is None:
            row.error(column, _("%(column)s is not a licence number (R-DD-CCC-TT-XX-SSSSS)."), column=column)
        return licence


def own_licence_row(row: RowReader, column: str, licence: Licence | None, licensee: str) -> None:
    """A file sent for one licensee holds only its own records: a row of another record keeper is rejected."""
    if licensee and licence is not None and licence.rds != licensee:
        row.error(
            column,
            _("%(column)s is not your licence (RDS key %(licensee)s): a file you send may hold only your own records."),
            column=column,
            licensee=licensee,
        )


def licensee_stubs(references: dict[str, tuple[Licence, str]], run: ImportRun) -> None:
    """Create a licensee known only from other licensees' records, until the FFL list brings it."""
    if not references:
        return
    known = set()
    keys = list(references)
    for start in range(0, len(keys), 500):
        known.update(Licensee.objects.filter(rds_key__in=keys[start : start + 500]).values_list("rds_key", flat=True))
    stubs = [
        Licensee(
            rds_key=rds,
            region=licence.region,
            district=licence.district,
            county=licence.county,
            lic_type=licence.lic_type,
            expiration=licence.expiration,
            sequence=licence.sequence,
            license_name=name[:200],
            listed=False,
            import_run=run,
        )
        for rds, (licence, name) in references.items()
        if rds not in known
    ]
    Licensee.objects.bulk_create(stubs, ignore_conflicts=True, batch_size=1000)


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


def records_arrived(licensees: list[str], *, run: ImportRun | None) -> None:
    """Traces that waited for these licensees' records go on by themselves."""
    from traza.tracing.services import traces_resume

    traces_resume(licensee_rds=licensees)


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
            *licence,
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

    def after_chunk(self, run: ImportRun, chunk: Chunk) -> None:
        self.changed.update(row[0] for row in chunk.rows)

    def finish(self, run: ImportRun) -> None:
        if "ELECTRONIC_RECORDS" in self.present or "STATUS" in self.present:
            records_arrived(sorted(self.changed), run=run)


class PurchasesKind(Kind):
    """Retail transaction records (Form 4473 content). Names are personal data."""

    name = ImportKind.PURCHASES
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
            "last_name",
            "first_name",
            "middle_name",
            "suffix",
            "date_of_birth",
            "place_of_birth",
            "sex",
            "street",
            "city",
            "state",
            "zip",
            "id_type",
            "id_number",
            "id_issuer",
            "person_key",
        ),
    )

    def prepare(self, run: ImportRun, table: Table) -> None:
        self.today = timezone.localdate()
        self.licensees: set[str] = set()

    def clean(self, line: int, values: dict[str, str], dayfirst: bool) -> tuple | list[RowError]:
        row = RowReader(line, values, dayfirst=dayfirst)
        licence = row.licence("licensee", required=True)
        own_licence_row(row, "licensee", licence, self.licensee)
        last = row.text("last_name", max_length=100, required=True)
        first = row.text("first_name", max_length=100)
        born = row.date("date_of_birth", not_after=self.today)
        sold = row.date("transaction_date", not_after=self.today)
        if born and sold and born >= sold:
            row.error("date_of_birth", _("date_of_birth is not before transaction_date."))
        result = (
            licence.rds if licence else "",
            row.text("transaction_ref", max_length=60, required=True),
            sold,
            last,
            first,
            row.text("middle_name", max_length=100),
            row.text("suffix", max_length=20),
            born,
            row.text("place_of_birth", max_length=100),
            row.choice("sex", SEXES),
            row.text("street", max_length=200),
            row.text("city", max_length=100),
            row.text("state", max_length=2),
            row.text("zip", max_length=10),
            row.text("id_type", max_length=40),
            row.text("id_number", max_length=60),
            row.text("id_issuer", max_length=60),
            person_key(last, first, born),
        )
        return row.errors or result

    def after_chunk(self, run: ImportRun, chunk: Chunk) -> None:
        self.licensees.update(row[0] for row in chunk.rows)

    def finish(self, run: ImportRun) -> None:
        records_arrived(sorted(self.licensees), run=run)


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

    def after_chunk(self, run: ImportRun, chunk: Chunk) -> None:
        self.serials.update(row[2] for row in chunk.rows)

    def finish(self, run: ImportRun) -> None:
        from traza.tracing.services import traces_resume

        traces_resume(serial_keys=sorted(self.serials))


MULTIPLE_SALE_FORMS = {"3310.4": "3310.4", "3310.12": "3310.12", "33104": "3310.4", "331012": "3310.12"}


class MultipleSalesKind(ReportKind):
    name = ImportKind.MULTIPLE_SALES
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
            "last_name",
            "first_name",
            "middle_name",
            "date_of_birth",
            "street",
            "city",
            "state",
            "zip",
            "id_type",
            "id_number",
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
            row.text("last_name", max_length=100, required=True),
            row.text("first_name", max_length=100),
            row.text("middle_name", max_length=100),
            row.date("date_of_birth", not_after=self.today),
            row.text("street", max_length=200),
            row.text("city", max_length=100),
            row.text("state", max_length=2),
            row.text("zip", max_length=10),
            row.text("id_type", max_length=40),
            row.text("id_number", max_length=60),
            row.text("importer", max_length=120),
        )
        return row.errors or result


INCIDENT_TYPES = {"theft": "theft", "loss": "loss", "robo": "theft", "extravio": "loss", "extravío": "loss"}


class TheftsKind(ReportKind):
    name = ImportKind.THEFTS
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
            row.error("incident_state", _("incident_state is not a state of incident_country."))
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

"""How trace requests and seizure inventories are read from files (CSV or XLSX, Spanish headers too)."""

from django.utils import timezone
from django.utils.translation import gettext_noop as _

from traza.agencies.models import Agency
from traza.agencies.selectors.agencies import agencies_user_may_submit_for
from traza.audit.context import command_user
from traza.audit.models import AuditEvent
from traza.audit.services import audit_record_many
from traza.catalog.lookup import CatalogIndex
from traza.imports.cleaning import RowReader
from traza.imports.errors import Message, RowError
from traza.imports.models import ImportKind, ImportRun
from traza.imports.pipeline import Kind, Target
from traza.imports.reading import Column, Layout, Table
from traza.stats.refresh import facts_refresh_import
from traza.tracing import engine
from traza.tracing.models import Seizure, SerialObliterated, Trace
from traza.tracing.validation import COLUMNS, OBLITERATED, TraceRequestReader

REQUEST_FIELDS = (
    "agency_id",
    "request_ref",
    "officer_name",
    "officer_badge",
    "agency_case_number",
    "mp_agent",
    "mp_office",
    "iph_number",
    "first_responder",
    "crime_code_id",
    "priority",
    "urgent_reason",
    "recovery_date",
    "recovery_country",
    "recovery_region_id",
    "recovery_municipality_id",
    "recovery_locality",
    "recovery_address",
    "latitude",
    "longitude",
    "serial_number",
    "serial_key",
    "serial_obliterated",
    "manufacturer",
    "make_id",
    "make_basis",
    "make_confidence",
    "importer",
    "importer_make_id",
    "model",
    "caliber",
    "caliber_ref_id",
    "firearm_type",
    "country_of_origin",
    "markings",
    "possessor_last_name",
    "possessor_first_name",
    "possessor_dob",
    "possessor_sex",
    "possessor_nationality",
    "seizure_ref",
    "seizure_item",
)


def agency_codes() -> dict[str, int]:
    return {code.upper(): pk for code, pk in Agency.objects.values_list("code", "pk")}


def submittable_codes(run: ImportRun, agency: Agency | None) -> set[str]:
    """The agency codes a file sent for `agency` may name: its own, and under a central access policy
    the agencies a designated agency submits for."""
    if agency is None:
        return set()
    codes = set(agencies_user_may_submit_for(run.user).values_list("code", flat=True)) if run.user else set()
    return {code.upper() for code in codes | {agency.code}}


def own_agency_row(
    agency: Agency | None, allowed: set[str], line: int, values: dict[str, str]
) -> tuple[dict[str, str], list[RowError]]:
    """A file sent for one agency holds only rows it may submit: a row naming another agency is rejected.

    A row without agency_code is the sending agency's. Returns the row's values and the rejection, if any.
    """
    code = values.get("agency_code", "").strip()
    if agency is None or code.upper() in allowed:
        return values, []
    if not code:
        return {**values, "agency_code": agency.code}, []
    message = Message(
        _("%(column)s is not your agency's (%(agency)s): a file you send may hold only your own agency's rows."),
        {"column": "agency_code", "agency": agency.code},
    )
    return {**values, "agency_code": agency.code}, [RowError(line, "agency_code", message)]


class TraceRequestsKind(Kind):
    """Bulk trace submission. Every trace the file creates or changes is resolved when it is in."""

    name = ImportKind.TRACE_REQUESTS
    reference = ("request_ref",)
    layout = Layout(columns=COLUMNS, xlsx=True)
    target = Target(
        model=Trace,
        key=("agency_id", "request_ref"),
        columns=(*REQUEST_FIELDS, "channel", "submitted_at", "submitted_by_id", "submitting_agency_id"),
        insert_only=("channel", "submitted_at", "submitted_by_id", "submitting_agency_id"),
    )

    def prepare(self, run: ImportRun, table: Table) -> None:
        self.reader = TraceRequestReader(
            catalog=CatalogIndex.load(), agencies=agency_codes(), today=timezone.localdate()
        )
        self.allowed = submittable_codes(run, self.agency)
        self.spanish = table.header.spanish
        self.constants = (Trace.Channel.FILE, timezone.now(), run.user_id)

    def clean(self, line: int, values: dict[str, str], dayfirst: bool) -> tuple | list[RowError]:
        values, foreign = own_agency_row(self.agency, self.allowed, line, values)
        data = self.reader.read(line, values, dayfirst=dayfirst, spanish=self.spanish)
        if isinstance(data, list) or foreign:
            return foreign + (data if isinstance(data, list) else [])
        sender = self.agency.pk if self.agency and self.agency.pk != data["agency_id"] else None
        return (*(data[name] for name in REQUEST_FIELDS), *self.constants, sender)

    def finish(self, run: ImportRun) -> None:
        """Resolve the traces the file created or changed, and put each in the audit log once.

        A run taken up again after its worker died also finds the traces its first attempt created:
        they count as created (sent since the run began), and none already audited for the run is
        audited twice.
        """
        touched = list(
            Trace.objects.filter(import_run=run).order_by("id").values_list("id", "agency_id", "submitted_at")
        )
        engine.resolve(trace_id for trace_id, _agency, _at in touched)
        audited = set(
            AuditEvent.objects.filter(
                action__in=("trace.create", "trace.change"), at__gte=run.created_at, details__import_run=run.pk
            ).values_list("object_id", flat=True)
        )
        for action, created in (("trace.create", True), ("trace.change", False)):
            audit_record_many(
                actor=run.user,
                actor_name=command_user(),
                action=action,
                targets=(
                    ("trace", pk, agency)
                    for pk, agency, at in touched
                    if (at is not None and at >= run.created_at) == created and str(pk) not in audited
                ),
                details={"channel": Trace.Channel.FILE, "import_run": run.pk},
            )


class SeizuresKind(Kind):
    """The register of every firearm an agency seized: what coverage is measured against."""

    name = ImportKind.SEIZURES
    reference = ("seizure_ref", "item_no")
    layout = Layout(
        columns=(
            Column("seizure_ref", ("folio_aseguramiento",), required=True),
            Column("item_no", ("partida",), required=True),
            Column("agency_code", ("clave_agencia",), required=True),
            Column("seizure_date", ("fecha_aseguramiento",), required=True),
            Column("country", ("pais",), required=True),
            Column("state", ("entidad",)),
            Column("municipality", ("municipio",)),
            Column("serial_number", ("numero_serie",)),
            Column("serial_obliterated", ("serie_borrada",)),
            Column("manufacturer", ("marca",)),
            Column("model", ("modelo",)),
            Column("caliber", ("calibre",)),
            Column("firearm_type", ("tipo_arma",)),
        ),
        xlsx=True,
    )
    target = Target(
        model=Seizure,
        key=("agency_id", "seizure_ref", "item_no"),
        columns=(
            "agency_id",
            "seizure_ref",
            "item_no",
            "seizure_date",
            "country",
            "region_id",
            "municipality_id",
            "serial_number",
            "serial_key",
            "serial_obliterated",
            "manufacturer",
            "make_id",
            "model",
            "caliber",
            "firearm_type",
        ),
    )

    def prepare(self, run: ImportRun, table: Table) -> None:
        self.catalog = CatalogIndex.load()
        self.reader = TraceRequestReader(catalog=self.catalog, agencies=agency_codes(), today=timezone.localdate())
        self.allowed = submittable_codes(run, self.agency)
        self.today = timezone.localdate()

    def clean(self, line: int, values: dict[str, str], dayfirst: bool) -> tuple | list[RowError]:
        values, foreign = own_agency_row(self.agency, self.allowed, line, values)
        row = RowReader(line, values, dayfirst=dayfirst)
        row.errors.extend(foreign)
        reader = self.reader
        code = row.text("agency_code", max_length=20, required=True)
        agency = reader.agencies.get(code.upper())
        if code and agency is None:
            row.error("agency_code", _("%(column)s is not an agency known to Traza."), column="agency_code")
        country = reader.country(row, "country", required=True)
        region, municipality = reader.place(row, country, state="state", municipality="municipality")
        obliterated = row.choice("serial_obliterated", OBLITERATED) or SerialObliterated.NO
        serial, key = row.serial(
            "serial_number",
            required=obliterated == SerialObliterated.NO,
            partial=obliterated == SerialObliterated.PARTIAL,
        )
        manufacturer = row.text("manufacturer", max_length=120)
        result = (
            agency,
            row.text("seizure_ref", max_length=60, required=True),
            row.text("item_no", max_length=20, required=True),
            row.date("seizure_date", required=True, not_after=self.today),
            country,
            region,
            municipality,
            serial,
            key,
            obliterated,
            manufacturer,
            self.catalog.make_id(manufacturer) if manufacturer else None,
            row.text("model", max_length=120),
            row.text("caliber", max_length=60),
            reader.firearm_type(row),
        )
        return row.errors or result

    def finish(self, run: ImportRun) -> None:
        """Coverage figures and custody alerts take in the seized guns the file added or changed."""
        facts_refresh_import(run.pk)

"""Checking a trace request, whichever channel brought it: a file row, an API call, the web form.

The result is a dict of Trace field values, or the list of every error the request has, each
naming its field. Error messages are message ids translated when shown; they never repeat a
value, which may be personal data.

No request is refused for how a make, importer, model or calibre is spelled: an unknown spelling
is kept as written, with the trace's make left empty, and `spelling_warnings` says so where the
channel has room for a warning. Only an impossible request is refused.
"""

from datetime import date

from django.utils.translation import gettext_noop as _

from traza.catalog.lookup import NO_MATCH, CatalogIndex, Match, firearm_type
from traza.imports.cleaning import RowReader
from traza.imports.errors import RowError
from traza.imports.reading import Column
from traza.tracing.models import SerialObliterated, Trace

COLUMNS = (
    Column("request_ref", ("referencia",), required=True),
    Column("agency_code", ("clave_agencia",), required=True),
    Column("officer_name", ("nombre_agente",)),
    Column("officer_badge", ("placa_agente",)),
    Column("agency_case_number", ("numero_carpeta", "carpeta_investigacion")),
    Column("mp_agent", ("agente_mp", "ministerio_publico")),
    Column("mp_office", ("agencia_mp", "fiscalia")),
    Column("iph_number", ("iph", "numero_iph")),
    Column("first_responder", ("primer_respondiente",)),
    Column("priority", ("prioridad",)),
    Column("urgent_reason", ("motivo_urgencia",)),
    Column("crime_code", ("codigo_delito",)),
    Column("recovery_date", ("fecha_aseguramiento",), required=True),
    Column("recovery_country", ("pais",), required=True),
    Column("recovery_state", ("entidad",)),
    Column("recovery_municipality", ("municipio",)),
    Column("recovery_locality", ("localidad",)),
    Column("recovery_address", ("domicilio",)),
    Column("latitude", ("latitud",)),
    Column("longitude", ("longitud",)),
    Column("serial_number", ("numero_serie",)),
    Column("serial_obliterated", ("serie_borrada",)),
    Column("manufacturer", ("marca",), required=True),
    Column("importer", ("importador",)),
    Column("model", ("modelo",)),
    Column("caliber", ("calibre",)),
    Column("firearm_type", ("tipo_arma",)),
    Column("country_of_origin", ("pais_origen",)),
    Column("markings", ("marcas",)),
    Column("possessor_last_name", ("poseedor_apellidos",)),
    Column("possessor_first_name", ("poseedor_nombre",)),
    Column("possessor_dob", ("poseedor_fecha_nacimiento",)),
    Column("possessor_sex", ("poseedor_sexo",)),
    Column("possessor_nationality", ("poseedor_nacionalidad",)),
    Column("seizure_ref", ("folio_aseguramiento",)),
    Column("seizure_item", ("partida",)),
)

MAX_CANDIDATES = 8

PRIORITIES = {
    "routine": "routine",
    "rutina": "routine",
    "ordinaria": "routine",
    "normal": "routine",
    "urgent": "urgent",
    "urgente": "urgent",
}
OBLITERATED = {
    "n": "N",
    "no": "N",
    "false": "N",
    "0": "N",
    "y": "Y",
    "yes": "Y",
    "s": "Y",
    "si": "Y",
    "sí": "Y",
    "true": "Y",
    "1": "Y",
    "total": "Y",
    "partial": "partial",
    "parcial": "partial",
    "p": "partial",
}
SEX_EN = {"m": "M", "male": "M", "f": "F", "female": "F", "x": "X", "u": "X", "hombre": "M", "mujer": "F"}
SEX_ES = {**SEX_EN, "h": "M", "m": "F", "masculino": "M", "femenino": "F"}


MAKE_NOT_RECOGNISED = _("Make not recognised: kept as written, an analyst will review it.")
IMPORTER_NOT_RECOGNISED = _("Importer not recognised: kept as written, an analyst will review it.")


def spelling_warnings(data: dict) -> dict[str, str]:
    """Column → warning (a message id) for each spelling of a checked request the catalog did not resolve."""
    warnings = {}
    if data["manufacturer"] and data["make_id"] is None:
        warnings["manufacturer"] = MAKE_NOT_RECOGNISED
    if data["importer"] and data["importer_make_id"] is None:
        warnings["importer"] = IMPORTER_NOT_RECOGNISED
    return warnings


class TraceRequestReader:
    """Reads trace requests against the catalog and the agencies that may submit them."""

    def __init__(self, *, catalog: CatalogIndex, agencies: dict[str, int], today: date):
        self.catalog = catalog
        self.agencies = agencies
        self.today = today

    def read(self, line: int, values: dict, *, dayfirst: bool = False, spanish: bool = False) -> dict | list[RowError]:
        row = RowReader(line, values, dayfirst=dayfirst)
        recovery = self._recovery(row)
        data = {
            "request_ref": row.text("request_ref", max_length=60, required=True),
            "agency_id": self._agency(row),
            "officer_name": row.text("officer_name", max_length=150),
            "officer_badge": row.text("officer_badge", max_length=40),
            "agency_case_number": row.text("agency_case_number", max_length=80),
            "mp_agent": row.text("mp_agent", max_length=150),
            "mp_office": row.text("mp_office", max_length=150),
            "iph_number": row.text("iph_number", max_length=40),
            "first_responder": row.text("first_responder", max_length=150),
            "crime_code_id": self._crime_code(row),
            **self._priority(row),
            **recovery,
            **self._firearm(row),
            **self._possessor(row, spanish=spanish, recovered=recovery["recovery_date"]),
            "seizure_ref": row.text("seizure_ref", max_length=60),
            "seizure_item": row.text("seizure_item", max_length=20),
        }
        return row.errors or data

    def _agency(self, row: RowReader) -> int | None:
        code = row.text("agency_code", max_length=20, required=True)
        if code and code.upper() not in self.agencies:
            row.error("agency_code", _("%(column)s is not an agency known to Traza."), column="agency_code")
        return self.agencies.get(code.upper())

    def _crime_code(self, row: RowReader) -> str | None:
        value = row.raw("crime_code")
        if not value:
            return None
        code = self.catalog.crime_code(value)
        if code is None:
            row.error(
                "crime_code",
                _("%(column)s is not an NCIC offence code or a known offence name."),
                column="crime_code",
            )
        return code

    def _priority(self, row: RowReader) -> dict:
        priority = row.choice("priority", PRIORITIES) or Trace.Priority.ROUTINE
        reason = row.text("urgent_reason", max_length=500)
        if priority == Trace.Priority.URGENT and not reason:
            row.error(
                "urgent_reason",
                _("%(column)s is required for an urgent trace: say why it is urgent."),
                column="urgent_reason",
            )
        return {"priority": priority, "urgent_reason": reason}

    def _recovery(self, row: RowReader) -> dict:
        recovered = row.date("recovery_date", required=True, not_after=self.today)
        country = self.country(row, "recovery_country", required=True)
        region, municipality = self.place(row, country)
        return {
            "recovery_date": recovered,
            "recovery_country": country,
            "recovery_region_id": region,
            "recovery_municipality_id": municipality,
            "recovery_locality": row.text("recovery_locality", max_length=150),
            "recovery_address": row.text("recovery_address", max_length=250),
            "latitude": row.decimal("latitude", low=-90, high=90),
            "longitude": row.decimal("longitude", low=-180, high=180),
        }

    def country(self, row: RowReader, column: str, *, required: bool = False) -> str:
        value = row.raw(column)
        if not value:
            if required:
                row.error(column, _("%(column)s is required."), column=column)
            return ""
        code = self.catalog.country_code(value)
        if code is None:
            row.error(column, _("%(column)s is not an ISO country code (MX, US, …)."), column=column)
        return code or ""

    def place(
        self,
        row: RowReader,
        country: str,
        *,
        state: str = "recovery_state",
        municipality: str = "recovery_municipality",
    ) -> tuple[str | None, int | None]:
        """The state (ISO 3166-2 code) and municipality id of a place, checked against each other.

        Each is written as its code or its name, accents and case ignored (`Culiacán`, `CULIACAN`, `25006`); a name
        several municipalities share is refused with the candidates, unless the state given tells them apart.
        """
        state_text, town_text = row.raw(state), row.raw(municipality)
        region = self.catalog.region_code(country, state_text) if state_text and country else None
        if state_text and country and region is None:
            row.error(state, _("%(column)s is not a state of the country given."), column=state)
        town = self._municipality(row, municipality, country, town_text, region) if town_text and country else None
        if town is not None:
            within = self.catalog.municipality_region(town)
            if region and within != region:
                row.error(municipality, _("%(column)s is not in the state given."), column=municipality)
            region = region or within
        return region, town

    def _municipality(self, row: RowReader, column: str, country: str, text: str, region: str | None) -> int | None:
        town = self.catalog.municipality_id(country, text)
        if town is not None:
            return town
        named = self.catalog.municipalities_named(country, text, region=region or "")
        if len(named) == 1:
            return named[0]
        if named:
            candidates = "; ".join(self.catalog.municipality_label(pk) for pk in named[:MAX_CANDIDATES])
            row.error(
                column,
                _("%(column)s: several municipalities are called that (%(candidates)s). Give the state or the code."),
                column=column,
                candidates=candidates + ("; …" if len(named) > MAX_CANDIDATES else ""),
            )
        else:
            row.error(
                column,
                _(
                    "%(column)s is neither the name nor the code (INEGI CVEGEO or county FIPS) of a municipality "
                    "of the country given."
                ),
                column=column,
            )
        return None

    def _firearm(self, row: RowReader) -> dict:
        obliterated = row.choice("serial_obliterated", OBLITERATED) or SerialObliterated.NO
        serial, key = row.serial(
            "serial_number",
            required=obliterated != SerialObliterated.YES,
            partial=obliterated == SerialObliterated.PARTIAL,
        )
        if obliterated == SerialObliterated.PARTIAL and key and "?" not in key:
            row.error("serial_number", _("A partly obliterated serial marks each unreadable character with ?."))
        if obliterated == SerialObliterated.YES:
            serial, key = "", ""
        manufacturer = row.text("manufacturer", max_length=120, required=True)
        importer = row.text("importer", max_length=120)
        caliber = row.text("caliber", max_length=60)
        make = self._make(manufacturer)
        return {
            "serial_number": serial,
            "serial_key": key,
            "serial_obliterated": obliterated,
            "manufacturer": manufacturer,
            "make_id": make.id,
            "make_basis": make.basis,
            "make_confidence": make.confidence if make.id else None,
            "importer": importer,
            "importer_make_id": self._make(importer).id,
            "model": row.text("model", max_length=120),
            "caliber": caliber,
            "caliber_ref_id": self.catalog.caliber_id(caliber) if caliber else None,
            "firearm_type": self.firearm_type(row),
            "country_of_origin": self.country(row, "country_of_origin"),
            "markings": row.text("markings", max_length=250),
        }

    def _make(self, text: str) -> Match:
        """The catalog make a marking resolves to, if any: a spelling Traza does not know is kept as
        written (never an error), for the engine to match against the licensees' records."""
        return self.catalog.match_make(text) if text else NO_MATCH

    def firearm_type(self, row: RowReader) -> str:
        value = row.raw("firearm_type")
        if not value:
            return ""
        resolved = firearm_type(value)
        if resolved is None:
            row.error("firearm_type", _("%(column)s is not a known firearm type."), column="firearm_type")
        return resolved or ""

    def _possessor(self, row: RowReader, *, spanish: bool, recovered: date | None) -> dict:
        born = row.date("possessor_dob", not_after=self.today)
        if born and recovered and born >= recovered:
            row.error(
                "possessor_dob", _("%(column)s is not before %(other)s."), column="possessor_dob", other="recovery_date"
            )
        return {
            "possessor_last_name": row.text("possessor_last_name", max_length=100),
            "possessor_first_name": row.text("possessor_first_name", max_length=100),
            "possessor_dob": born,
            "possessor_sex": row.choice("possessor_sex", SEX_ES if spanish else SEX_EN),
            "possessor_nationality": self.country(row, "possessor_nationality"),
        }

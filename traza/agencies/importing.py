"""How the list of agencies is read from a file (agencies.csv)."""

from django.utils import timezone
from django.utils.translation import gettext_noop as _

from traza.agencies.models import Agency
from traza.catalog.lookup import CatalogIndex
from traza.core.bulk import update_rows
from traza.imports.cleaning import RowReader
from traza.imports.errors import RowError
from traza.imports.models import ImportKind, ImportRun
from traza.imports.pipeline import Kind, Target
from traza.imports.reading import Column, Layout, Table
from traza.tracing.validation import TraceRequestReader

LEVELS = {
    **{value: value for value in Agency.Level.values},
    "estatal": "state",
    "municipal": "municipal",
}
KINDS = {
    **{value: value for value in Agency.Kind.values},
    "policia": "police",
    "policía": "police",
    "fiscalia": "prosecutor",
    "fiscalía": "prosecutor",
    "ejercito": "military",
    "ejército": "military",
    "marina": "navy",
    "guardia_nacional": "national_guard",
    "aduanas": "customs",
    "otra": "other",
}


class AgenciesKind(Kind):
    """Agencies by their ORI-style code; a parent may come later in the same file."""

    name = ImportKind.AGENCIES
    reference = ("agency_code",)
    layout = Layout(
        columns=(
            Column("agency_code", ("clave_agencia",), required=True),
            Column("name", ("nombre",), required=True),
            Column("country", ("pais",), required=True),
            Column("level", ("nivel",), required=True),
            Column("kind", ("tipo",), required=True),
            Column("state", ("entidad",)),
            Column("municipality", ("municipio",)),
            Column("parent_code", ("clave_padre",)),
        )
    )
    target = Target(
        model=Agency,
        key=("code",),
        columns=(
            "code",
            "name",
            "country_id",
            "level",
            "kind",
            "region_id",
            "municipality_id",
            "created_at",
            "updated_at",
        ),
        insert_only=("created_at", "updated_at"),
    )

    def prepare(self, run: ImportRun, table: Table) -> None:
        position = table.header.positions["agency_code"]
        self.in_file = {cells[position].strip().upper() for _line, cells in table.rows() if position < len(cells)}
        self.known = set(Agency.objects.values_list("code", flat=True))
        self.reader = TraceRequestReader(catalog=CatalogIndex.load(), agencies={}, today=timezone.localdate())
        self.now = timezone.now()
        self.parents: dict[str, str] = {}

    def clean(self, line: int, values: dict[str, str], dayfirst: bool) -> tuple | list[RowError]:
        row = RowReader(line, values, dayfirst=dayfirst)
        code = row.text("agency_code", max_length=20, required=True).upper()
        country = self.reader.country(row, "country", required=True)
        region, municipality = self.reader.place(row, country, state="state", municipality="municipality")
        parent = row.text("parent_code", max_length=20).upper()
        if parent and parent not in self.in_file and parent not in self.known:
            row.error("parent_code", _("%(column)s is not an agency in this file or in Traza."), column="parent_code")
        if parent and parent == code:
            row.error("parent_code", _("An agency cannot be its own parent."))
        result = (
            code,
            row.text("name", max_length=200, required=True),
            country,
            row.choice("level", LEVELS, required=True),
            row.choice("kind", KINDS, required=True),
            region,
            municipality,
            self.now,
            self.now,
        )
        if row.errors:
            return row.errors
        self.parents[code] = parent
        return result

    def finish(self, run: ImportRun) -> None:
        ids = dict(Agency.objects.values_list("code", "pk"))
        rows = [(ids[code], ids.get(parent)) for code, parent in self.parents.items() if code in ids]
        update_rows(Agency._meta.db_table, "id", ("parent_id",), rows)

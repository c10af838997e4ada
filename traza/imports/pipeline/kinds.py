"""What a kind of file is to the pipeline: its target table, how its rows are checked, what follows a load."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import TYPE_CHECKING, cast

from django.db import models
from django.utils import timezone

from traza.imports.errors import RowError
from traza.imports.models import ImportRun
from traza.imports.reading import Layout, Table

if TYPE_CHECKING:
    from traza.agencies.models import Agency

EVIDENCE = ("import_run_id", "line")


@dataclass(frozen=True)
class Target:
    """Where a kind's rows go: the table, its natural key, the columns a row fills."""

    model: type[models.Model]
    key: tuple[str, ...]
    columns: tuple[str, ...]
    insert_only: tuple[str, ...] = ()

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def staged(self) -> tuple[str, ...]:
        return EVIDENCE + self.columns

    @property
    def compared(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.key and c not in self.insert_only)

    def defaults(self) -> dict[str, object]:
        """Values a new row takes for the model's columns that the file does not fill."""
        values: dict[str, object] = {}
        for model_field in self.model._meta.concrete_fields:
            if model_field.primary_key or model_field.column in self.staged:
                continue
            if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
                values[cast(str, model_field.column)] = timezone.now()
            elif model_field.has_default() or not model_field.null:
                values[cast(str, model_field.column)] = model_field.get_default()
        return values


AGENCY_COLUMN = "agency_code"


class Kind(ABC):
    """One kind of file: its layout, where its rows go, how a row is checked, what follows a load.

    `agency`, when given, is the agency the file is sent for: kinds whose rows name an agency
    reject the rows that name another one. `licensee`, when given, is the licence (RDS key) the
    file is sent for: kinds whose rows name a record keeper reject the rows of another one.
    """

    name: str
    layout: Layout
    target: Target
    reference: tuple[str, ...] = ()  # the layout columns that name a row to its sender (never personal data)
    REFERENCE_MAX = 120

    def __init__(self, *, agency: "Agency | None" = None, licensee: str = "") -> None:
        self.agency = agency
        self.licensee = licensee
        if agency is not None and any(c.name == AGENCY_COLUMN for c in self.layout.columns):
            self.layout = self.layout.optional(AGENCY_COLUMN)  # rows without it are the sending agency's

    def prepare(self, run: ImportRun, table: Table) -> None:
        """Load what `clean` needs (catalog, agencies) before the parsing thread starts."""

    def target_for(self, table: Table) -> Target:
        return self.target

    @abstractmethod
    def clean(self, line: int, values: dict[str, str], dayfirst: bool) -> tuple | list[RowError]:
        """The row's values in `target.columns` order, or its errors."""

    writes_copy = False

    def read_copy(self, cells: list[str], dayfirst: bool) -> tuple[tuple, str] | None:
        """(key, COPY text of the staged columns after import_run_id and line) of a row plainly right,
        or None to read it through `clean`. Only kinds with `writes_copy` have it; it must answer
        exactly what `clean` answers, formatted."""
        return None

    def read(self, line: int, cells: list[str], dayfirst: bool) -> tuple | list[RowError]:
        """`clean` on the row's cells by column name; its errors carry the row's reference."""
        count = len(cells)
        values = {name: cells[index] if index < count else "" for name, index in self.positions.items()}
        row = self.clean(line, values, dayfirst)
        if isinstance(row, list):
            reference = self.reference_of(cells)
            return [replace(error, reference=reference) for error in row] if reference else row
        return row

    def reference_of(self, cells: list[str]) -> str:
        """The row's reference as its file writes it (e.g. its request number), or "" when the row has none."""
        count = len(cells)
        parts = []
        for name in self.reference:
            index = self.positions.get(name)
            if index is not None and index < count and cells[index].strip():
                parts.append(cells[index].strip())
        return " / ".join(parts)[: self.REFERENCE_MAX]

    def bind(self, target: Target, table: Table) -> None:
        self.key_of = itemgetter(*(target.columns.index(k) for k in target.key))
        self.positions = table.header.positions

    def end_chunk(self) -> dict:
        """What the parsing thread gathered for the chunk it has just read (handed to `after_chunk`)."""
        return {}

    def after_chunk(self, run: ImportRun, chunk: "Chunk") -> None:
        """Set-based work a chunk needs once merged (e.g. licensees it names)."""

    def finish(self, run: ImportRun) -> None:
        """Work after the whole file is in (e.g. resuming traces that waited for these records).

        Runs after the parsing thread has ended, so it may read what `clean` gathered.
        """


@dataclass
class Chunk:
    rows: list[tuple] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    payload: str = ""
    read: int = 0

    @property
    def count(self) -> int:
        """The rows that passed their checks."""
        return len(self.lines)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

"""What a kind of file is to the pipeline: its target table, how its rows are checked, what follows a load."""

from abc import ABC
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import TYPE_CHECKING, cast

from django.db import models
from django.utils import timezone

from traza.imports.errors import Message, RowError
from traza.imports.models import ImportRun
from traza.imports.reading import Layout, Table
from traza.imports.rules import Field, Readings, Rules, keep

if TYPE_CHECKING:
    from traza.agencies.models import Agency

EVIDENCE = ("import_run_id", "line")


@dataclass(frozen=True)
class Target:
    """Where a kind's rows go: the table, its natural key, the columns a row fills.

    `insert_only`: columns a row sent again never changes. `derived`: columns made from the others (a key computed
    from the row's names), written whenever the row changes but not compared: something else may have set them
    since (a buyer's resolved person key), and a row sent again unchanged keeps that."""

    model: type[models.Model]
    key: tuple[str, ...]
    columns: tuple[str, ...]
    insert_only: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def staged(self) -> tuple[str, ...]:
        return EVIDENCE + self.columns

    @property
    def updated(self) -> tuple[str, ...]:
        """The columns a changed row's update writes."""
        return tuple(c for c in self.columns if c not in self.key and c not in self.insert_only)

    @property
    def compared(self) -> tuple[str, ...]:
        """The columns whose values tell a changed row from an unchanged one."""
        return tuple(c for c in self.updated if c not in self.derived)

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
        self.positions = {column.name: index for index, column in enumerate(self.layout.columns)}  # until `bind`

    def prepare(self, run: ImportRun, table: Table) -> None:
        """Load what `clean` needs (catalog, agencies) before the parsing thread starts."""

    def target_for(self, table: Table) -> Target:
        return self.target

    def clean(self, line: int, values: dict[str, str], dayfirst: bool) -> tuple | list[RowError]:
        """The row's values in `target.columns` order, or its errors (a row given by column name: an API body, a
        licensee's answer). A kind with `rules` reads it by them."""
        if self.rules is None:
            raise NotImplementedError
        block = self._checked([line], [""], self.rules.read_mapping(values, dayfirst))
        return block.errors or block.records[0]

    #: A book's first load on PostgreSQL may stream its checked rows straight into the table in one COPY.
    streams_first_load = False
    #: The file is a book the table holds already (set by the pipeline): most rows come again unchanged, and what a
    #: row needs only when it is written (a target's `derived` columns) may wait for the merge (`after_chunk`).
    sent_again = False

    #: How the kind's rows are read, field by field and a block of rows at once (see imports.rules); a kind without
    #: them reads row by row through `clean`.
    rules: Rules | None = None

    def use_rules(self, fields: Sequence[Field]) -> None:
        self.rules = Rules(fields)
        self.rules.bind(self.positions)

    def read(self, line: int, cells: list[str], dayfirst: bool) -> tuple | list[RowError]:
        """A file row's record, or its errors, each carrying the row's reference."""
        if self.rules is not None:
            block = self.read_block([(line, cells)], dayfirst)
            return block.errors or block.records[0]
        count = len(cells)
        values = {name: cells[index] if index < count else "" for name, index in self.positions.items()}
        row = self.clean(line, values, dayfirst)
        if isinstance(row, list):
            reference = self.reference_of(cells)
            return [replace(error, reference=reference) for error in row] if reference else row
        return row

    def read_block(self, rows: list[tuple[int, list[str]]], dayfirst: bool) -> "Block":
        """A block of file rows (line, cells) read together: the records of those that passed, the others' errors."""
        if self.rules is None:
            lines, records, errors = [], [], []
            for line, cells in rows:
                row = self.read(line, cells, dayfirst)
                if isinstance(row, list):
                    errors.extend(row)
                else:
                    lines.append(line)
                    records.append(row)
            return Block(lines, [list(column) for column in zip(*records, strict=True)], errors)
        readings = self.rules.read([cells for _line, cells in rows], dayfirst)
        return self._checked([line for line, _cells in rows], [cells for _line, cells in rows], readings)

    def _checked(self, lines: list[int], cells: list, readings: Readings) -> "Block":
        """The block of a kind with `rules`: its fields' refusals and what `together` finds, as errors with the
        rows' references; the other rows' records, made by `records_of`."""
        problems = cast(Rules, self.rules).refusals(readings)
        self.together(readings, problems)
        errors = [
            RowError(lines[index], column, message, self.reference_of(cells[index]) if cells[index] else "")
            for index in sorted(problems)
            for column, message in problems[index]
        ]
        return Block(keep(lines, problems), self.records_of([keep(column, problems) for column in readings]), errors)

    def together(self, readings: list[list], problems: dict[int, list[tuple[str, Message]]]) -> None:
        """What a block's readings say together (a kind with `rules`): each row's problems added to `problems`.
        A reading that refused its text is a Message and takes no part."""

    def records_of(self, readings: list[list]) -> list[list]:
        """The target's columns (in `target.columns` order) of a block's rows that passed (a kind with `rules`)."""
        raise NotImplementedError

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
        self.key_at = tuple(target.columns.index(k) for k in target.key)
        self.key_of = itemgetter(*self.key_at)
        self.positions = table.header.positions
        if self.rules is not None:
            self.rules.bind(self.positions)

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
class Block:
    """Rows of a file read together: the records of those that passed, as columns in `target.columns` order, with
    their lines; the errors of the others."""

    lines: list[int]
    columns: list[list]
    errors: list[RowError]

    @property
    def records(self) -> list[tuple]:
        return list(zip(*self.columns, strict=True))


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

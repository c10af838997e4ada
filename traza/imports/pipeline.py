"""The staged, set-based load shared by every kind of file.

Rows are read and checked in a background thread while the main thread loads the previous
chunk into a temporary staging table (COPY on PostgreSQL) and merges it into the real table
with one upsert per chunk: new keys are inserted, known keys with changed values updated,
known keys with equal values left alone. Nothing is written one row at a time.
"""

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as _

from traza.core.bulk import copy_line, copy_prepared, insert_rows, is_postgres, quote
from traza.imports.errors import Message, RowError
from traza.imports.models import ImportRowError, ImportRun
from traza.imports.reading import Layout, Table

if TYPE_CHECKING:
    from traza.agencies.models import Agency

CHUNK_ROWS = 50_000
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
        values = {}
        for model_field in self.model._meta.concrete_fields:
            if model_field.primary_key or model_field.column in self.staged:
                continue
            if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
                values[model_field.column] = timezone.now()
            elif model_field.has_default() or not model_field.null:
                values[model_field.column] = model_field.get_default()
        return values


class Kind:
    """One kind of file: its layout, where its rows go, how a row is checked, what follows a load.

    `agency`, when given, is the agency the file is sent for: kinds whose rows name an agency
    reject the rows that name another one. `licensee`, when given, is the licence (RDS key) the
    file is sent for: kinds whose rows name a record keeper reject the rows of another one.
    """

    name: str
    layout: Layout
    target: Target

    def __init__(self, *, agency: "Agency | None" = None, licensee: str = "") -> None:
        self.agency = agency
        self.licensee = licensee

    def prepare(self, run: ImportRun, table: Table) -> None:
        """Load what `clean` needs (catalog, agencies) before the parsing thread starts."""

    def target_for(self, table: Table) -> Target:
        return self.target

    def clean(self, line: int, values: dict[str, str], dayfirst: bool) -> tuple | list[RowError]:
        """The row's values in `target.columns` order, or its errors."""
        raise NotImplementedError

    def key_of(self, row: tuple) -> tuple:
        return tuple(row[self._key_positions[i]] for i in range(len(self._key_positions)))

    def bind(self, target: Target) -> None:
        self._key_positions = [target.columns.index(k) for k in target.key]

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
    payload: str = ""
    read: int = 0


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


def _chunks(kind: Kind, table: Table, run_id: int, dayfirst: bool, for_copy: bool) -> Iterator[Chunk]:
    positions = table.header.positions
    chunk = Chunk()
    seen: dict[tuple, int] = {}
    for line, cells in table.rows():
        chunk.read += 1
        values = {name: cells[index] if index < len(cells) else "" for name, index in positions.items()}
        result = kind.clean(line, values, dayfirst)
        if isinstance(result, list):
            chunk.errors.extend(result)
        else:
            key = kind.key_of(result)
            first = seen.get(key)
            if first is not None:
                chunk.errors.append(_duplicate(line, first))
            else:
                seen[key] = line
                chunk.rows.append(result)
                chunk.lines.append(line)
        if chunk.read >= CHUNK_ROWS:
            yield _finish_chunk(chunk, run_id, for_copy)
            chunk, seen = Chunk(), {}
    yield _finish_chunk(chunk, run_id, for_copy)


def _duplicate(line: int, first: int) -> RowError:
    return RowError(
        line, "", Message(_("The same record as line %(first)s (same key); not imported."), {"first": first})
    )


def _finish_chunk(chunk: Chunk, run_id: int, for_copy: bool) -> Chunk:
    if for_copy:
        rows = zip(chunk.lines, chunk.rows, strict=True)
        chunk.payload = "".join(copy_line((run_id, line, *row)) for line, row in rows)
    return chunk


def _threaded(source: Iterator[Chunk]) -> Iterator[Chunk]:
    """Run the parsing generator in a thread, one chunk ahead of the database work."""
    handoff: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in source:
                if stop.is_set():
                    return
                handoff.put(item)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            handoff.put(exc)
        handoff.put(None)

    thread = threading.Thread(target=produce, name="traza-import-parse", daemon=True)
    thread.start()
    try:
        while (item := handoff.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            try:
                handoff.get(timeout=0.1)
            except queue.Empty:
                pass


class Stage:
    """A temporary table shaped like the target's staged columns."""

    def __init__(self, target: Target):
        self.target = target
        self.name = f"traza_stage_{target.table}"

    def __enter__(self) -> "Stage":
        columns = ", ".join(quote(c) for c in self.target.staged)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {quote(self.name)}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {quote(self.name)} AS "
                f"SELECT {columns} FROM {quote(self.target.table)} WHERE 1=0"
            )
        return self

    def __exit__(self, *exc) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {quote(self.name)}")

    def load(self, chunk: Chunk, run_id: int) -> None:
        if is_postgres():
            copy_prepared(self.name, self.target.staged, chunk.payload)
        else:
            rows = ((run_id, line, *row) for line, row in zip(chunk.lines, chunk.rows, strict=True))
            insert_rows(self.name, self.target.staged, rows)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {quote(self.name)}")

    def merge(self, run_id: int, staged: int) -> tuple[int, int, list[RowError]]:
        """Upsert the staged rows; return (inserted, updated, duplicates of rows merged earlier in this run)."""
        target = self.target
        table, stage = quote(target.table), quote(self.name)
        columns = ", ".join(quote(c) for c in target.staged)
        key = ", ".join(quote(c) for c in target.key)
        assignments = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in EVIDENCE + target.compared)
        old = ", ".join(f"t.{quote(c)}" for c in target.compared)
        new = ", ".join(f"excluded.{quote(c)}" for c in target.compared)
        distinct = "IS DISTINCT FROM" if is_postgres() else "IS NOT"
        changed = f"({old}) {distinct} ({new})" if len(target.compared) > 1 else f"{old} {distinct} {new}"
        defaults = target.defaults()
        filled = "".join(f", {quote(c)}" for c in defaults)
        values = "".join(", %s" for _c in defaults)
        upsert = (
            f"INSERT INTO {table} AS t ({columns}{filled}) SELECT {columns}{values} FROM {stage} WHERE 1=1 "
            f"ON CONFLICT ({key}) DO UPDATE SET {assignments} WHERE t.import_run_id <> %s AND {changed}"
        )
        params = [*defaults.values(), run_id]
        with connection.cursor() as cursor:
            if is_postgres():
                cursor.execute(
                    f"WITH r AS ({upsert} RETURNING (xmax = 0) AS inserted) "
                    "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM r",
                    params,
                )
                inserted, updated = cursor.fetchone()
            else:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
                (before,) = cursor.fetchone()
                cursor.execute(upsert, params)
                changes = cursor.rowcount
                cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE id > %s", [before])
                (inserted,) = cursor.fetchone()
                updated = changes - inserted
            duplicates = self._duplicates(cursor, run_id) if staged > inserted + updated else []
        return inserted, updated, duplicates

    def _duplicates(self, cursor, run_id: int) -> list[RowError]:
        join = " AND ".join(f"t.{quote(k)} = s.{quote(k)}" for k in self.target.key)
        cursor.execute(
            f"SELECT s.line, t.line FROM {quote(self.name)} s JOIN {quote(self.target.table)} t ON {join} "
            "WHERE t.import_run_id = %s AND t.line <> s.line",
            [run_id],
        )
        return [_duplicate(line, first) for line, first in cursor.fetchall()]


def load(kind: Kind, table: Table, run: ImportRun, *, dayfirst: bool, progress=None) -> Counts:
    """Load every row of `table` into the kind's target; record row errors and counts on `run`."""
    target = kind.target_for(table)
    kind.bind(target)
    kind.prepare(run, table)
    counts = Counts()
    with Stage(target) as stage:
        for chunk in _threaded(_chunks(kind, table, run.pk, dayfirst, is_postgres())):
            with transaction.atomic():
                if chunk.rows:
                    stage.load(chunk, run.pk)
                    inserted, updated, duplicates = stage.merge(run.pk, len(chunk.rows))
                    kind.after_chunk(run, chunk)
                    stage.clear()
                else:
                    inserted, updated, duplicates = 0, 0, []
                errors = chunk.errors + duplicates
                counts.created += inserted
                counts.updated += updated
                counts.unchanged += len(chunk.rows) - inserted - updated - len(duplicates)
                counts.rejected += len({e.line for e in errors})
                _save_errors(run, errors)
                run.rows_read += chunk.read
                _save_counts(run, counts)
            if progress:
                progress(run)
    kind.finish(run)
    return counts


def _save_errors(run: ImportRun, errors: list[RowError]) -> None:
    ImportRowError.objects.bulk_create(
        [
            ImportRowError(run=run, line=e.line, column=e.column, message=e.message.text, params=e.message.params)
            for e in errors
        ],
        batch_size=1000,
    )


def _save_counts(run: ImportRun, counts: Counts) -> None:
    run.rows_created, run.rows_updated = counts.created, counts.updated
    run.rows_unchanged, run.rows_rejected = counts.unchanged, counts.rejected
    ImportRun.objects.filter(pk=run.pk).update(
        rows_read=run.rows_read,
        rows_created=run.rows_created,
        rows_updated=run.rows_updated,
        rows_unchanged=run.rows_unchanged,
        rows_rejected=run.rows_rejected,
    )

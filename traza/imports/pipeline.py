"""The staged, set-based load shared by every kind of file.

Rows are read and checked in a background thread while the main thread loads the previous
chunk into a temporary staging table (COPY on PostgreSQL) and merges it into the real table
with one upsert per chunk: new keys are inserted, known keys with changed values updated,
known keys with equal values left alone. Nothing is written one row at a time.
"""

import itertools
import queue
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as _

from traza.core.bulk import copy_into, copy_row, insert_rows, is_postgres, quote
from traza.imports.errors import Message, RowError
from traza.imports.models import ImportRowError, ImportRun
from traza.imports.reading import Layout, Table

if TYPE_CHECKING:
    from traza.agencies.models import Agency

CHUNK_ROWS = 50_000
COPY_BATCH = 2_000
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


class Kind(ABC):
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
        """`clean` on the row's cells by column name."""
        count = len(cells)
        values = {name: cells[index] if index < count else "" for name, index in self.positions.items()}
        return self.clean(line, values, dayfirst)

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


def _chunks(kind: Kind, table: Table, dayfirst: bool, *, copy_prefix: str | None) -> Iterator[Chunk]:
    """Chunks of checked rows, read in the parsing thread.

    On PostgreSQL (`copy_prefix` given: the run's id) a chunk holds its rows as COPY text, written
    here too; a kind with millions of rows a file may write that text itself (`read_copy`).
    """
    fast = copy_prefix is not None and kind.writes_copy
    chunk, seen, texts = Chunk(), {}, []
    for line, cells in table.rows():
        chunk.read += 1
        quick = kind.read_copy(cells, dayfirst) if fast else None
        if quick is not None:
            key, row = quick
        else:
            row = kind.read(line, cells, dayfirst)
            if isinstance(row, list):
                chunk.errors.extend(row)
                row = None
            else:
                key = kind.key_of(row)
        if row is not None:
            first = seen.get(key)
            if first is not None:
                chunk.errors.append(_duplicate(line, first))
            else:
                seen[key] = line
                chunk.lines.append(line)
                if copy_prefix is None:
                    chunk.rows.append(row)
                else:
                    texts.append(f"{copy_prefix}\t{line}\t{row if quick is not None else copy_row(row)}\n")
        if chunk.read >= CHUNK_ROWS:
            yield _close(chunk, kind, texts)
            chunk, seen, texts = Chunk(), {}, []
    yield _close(chunk, kind, texts)


def _close(chunk: Chunk, kind: Kind, texts: list[str]) -> Chunk:
    chunk.payload = "".join(texts)
    chunk.extra = kind.end_chunk()
    return chunk


def _duplicate(line: int, first: int) -> RowError:
    return RowError(
        line, "", Message(_("The same record as line %(first)s (same key); not imported."), {"first": first})
    )


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
        self.new_keys_only = True  # until a chunk meets a key already in the table

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
        if chunk.payload:
            copy_into(self.name, self.target.staged, chunk.payload)
            return
        rows = ((run_id, line, *row) for line, row in zip(chunk.lines, chunk.rows, strict=True))
        insert_rows(self.name, self.target.staged, rows)

    def copy_new(self, chunk: Chunk) -> bool:
        """COPY a chunk straight into the table when none of its keys is there yet (a book's first load):
        the cheapest set-based merge there is. False, and nothing written, when a key is already there."""
        if not (self.new_keys_only and chunk.payload and not self.target.defaults()):
            return False
        try:
            with transaction.atomic():
                copy_into(self.target.table, self.target.staged, chunk.payload)
            return True
        except IntegrityError:
            self.new_keys_only = False
            return False

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {quote(self.name)}")

    def merge(self, run_id: int, staged: int) -> tuple[int, int, list[RowError]]:
        """Merge the staged rows; return (inserted, updated, duplicates of rows merged earlier in this run).

        A first load of a book meets no key it knows: its chunks go in with a plain INSERT … SELECT,
        which costs a third less than an upsert. The first chunk that meets a known key rolls back to
        its savepoint and is upserted, and so is every chunk after it.
        """
        if self.new_keys_only:
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(self._insert_sql(), list(self.target.defaults().values()))
                    return cursor.rowcount, 0, []
            except IntegrityError:
                self.new_keys_only = False
        return self._upsert(run_id, staged)

    def _insert_sql(self) -> str:
        columns = ", ".join(quote(c) for c in self.target.staged)
        defaults = self.target.defaults()
        filled = "".join(f", {quote(c)}" for c in defaults)
        values = "".join(", %s" for _c in defaults)
        table, stage = quote(self.target.table), quote(self.name)
        return f"INSERT INTO {table} ({columns}{filled}) SELECT {columns}{values} FROM {stage}"

    def _upsert(self, run_id: int, staged: int) -> tuple[int, int, list[RowError]]:
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
    """Load every row of `table` into the kind's target; record row errors and counts on `run`.

    A book's first load on PostgreSQL streams in one COPY (`copy_whole`); any other load goes
    chunk by chunk through the staging table, once the whole file has been read for its structure.
    """
    target = kind.target_for(table)
    kind.bind(target, table)
    kind.prepare(run, table)
    if is_postgres() and kind.writes_copy and not target.defaults() and not table.is_xlsx:
        first_load = not _keys_known(kind, target, table, dayfirst)
        kind.prepare(run, table)
        counts = copy_whole(kind, target, table, run, dayfirst=dayfirst, progress=progress) if first_load else None
        if counts is not None:
            kind.finish(run)
            return counts
        kind.prepare(run, table)  # a key was there already: start again, chunk by chunk
    run.rows_total = table.scan()
    ImportRun.objects.filter(pk=run.pk).update(rows_total=run.rows_total)
    counts = Counts()
    with Stage(target) as stage:
        prefix = str(run.pk) if is_postgres() else None
        for chunk in _threaded(_chunks(kind, table, dayfirst, copy_prefix=prefix)):
            with transaction.atomic():
                inserted, updated, duplicates = 0, 0, []
                if chunk.count and stage.copy_new(chunk):
                    inserted = chunk.count
                elif chunk.count:
                    stage.load(chunk, run.pk)
                    inserted, updated, duplicates = stage.merge(run.pk, chunk.count)
                    stage.clear()
                if chunk.count:
                    kind.after_chunk(run, chunk)
                errors = chunk.errors + duplicates
                counts.created += inserted
                counts.updated += updated
                counts.unchanged += chunk.count - inserted - updated - len(duplicates)
                counts.rejected += len({e.line for e in errors})
                _save_errors(run, errors)
                run.rows_read += chunk.read
                _save_counts(run, counts)
            if progress:
                progress(run)
    kind.finish(run)
    return counts


def _keys_known(kind: Kind, target: Target, table: Table, dayfirst: bool, sample: int = 1000) -> bool:
    """Whether the table already holds a key of the file's first rows: then it is no first load
    (a COPY would stream the whole file before PostgreSQL said so)."""
    keys = []
    for _line, cells in itertools.islice(table.rows(), sample):
        quick = kind.read_copy(cells, dayfirst)
        if quick is not None:
            keys.append(quick[0])
    if not keys:
        return False
    columns = ", ".join(quote(c) for c in target.key)
    tuples = ", ".join(["(" + ", ".join(["%s"] * len(target.key)) + ")"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {quote(target.table)} WHERE ({columns}) IN ({tuples}) LIMIT 1",
            [value for key in keys for value in key],
        )
        return cursor.fetchone() is not None


def copy_whole(kind: Kind, target: Target, table: Table, run: ImportRun, *, dayfirst: bool, progress=None):
    """A first load: every row checked here and streamed in one COPY straight into the table, in one
    transaction, while PostgreSQL writes the rows on the other core. Returns the counts, or None with
    nothing written when a key is already in the table or repeats in the file (a unique violation).

    A file found broken on the way (a quote never closed) rolls everything back and is refused.
    """
    counts, errors, texts = Counts(), [], []
    columns = ", ".join(quote(c) for c in target.staged)
    try:
        with transaction.atomic(), connection.wrap_database_errors, connection.cursor() as cursor:
            with cursor.copy(f"COPY {quote(target.table)} ({columns}) FROM STDIN") as copy:
                for line, cells in table.rows():
                    counts.created += _copy_row(kind, line, cells, dayfirst, run.pk, texts, errors)
                    run.rows_read += 1
                    if len(texts) >= COPY_BATCH:
                        copy.write("".join(texts))
                        texts.clear()
                    if progress and not run.rows_read % CHUNK_ROWS:
                        progress(run)
                copy.write("".join(texts))
            kind.after_chunk(run, Chunk(extra=kind.end_chunk()))
            counts.rejected = len({e.line for e in errors})
            _save_errors(run, errors)
            _save_counts(run, counts)
    except IntegrityError:
        run.rows_read = 0
        return None
    return counts


def _copy_row(kind: Kind, line: int, cells: list[str], dayfirst: bool, run_id: int, texts: list, errors: list) -> int:
    """Check one row and add its COPY text to `texts` (1), or its errors to `errors` (0)."""
    quick = kind.read_copy(cells, dayfirst)
    if quick is not None:
        texts.append(f"{run_id}\t{line}\t{quick[1]}\n")
        return 1
    row = kind.read(line, cells, dayfirst)
    if isinstance(row, list):
        errors.extend(row)
        return 0
    texts.append(f"{run_id}\t{line}\t{copy_row(row)}\n")
    return 1


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

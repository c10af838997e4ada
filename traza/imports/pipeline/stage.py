"""The staging table a chunk is loaded into and merged from: a plain insert while keys are new, then an
update of the changed rows and an insert of the new ones."""

from contextlib import contextmanager

from django.db import IntegrityError, connection, transaction

from traza.core.bulk import copy_into, insert_rows, is_postgres, quote
from traza.imports.errors import RowError
from traza.imports.pipeline.chunks import duplicate_error
from traza.imports.pipeline.kinds import EVIDENCE, Chunk, Target

COUNTS = -1  # the merge's answer row with its counts, beside the duplicates' lines


class Stage:
    """A temporary table shaped like the target's staged columns.

    `reference`: the staged columns that name a row to its sender, for the duplicates found by the merge.
    `keys_known`: the table already holds keys of the file (a book sent again), so no chunk tries a plain
    insert first, only to roll it back.
    """

    def __init__(self, target: Target, *, reference: tuple[str, ...] = (), keys_known: bool = False):
        self.target = target
        self.reference = tuple(c for c in reference if c in target.columns)
        self.name = f"traza_stage_{target.table}"
        self.new_keys_only = not keys_known  # until a chunk meets a key already in the table
        self.run_wrote = False  # until a chunk inserts or updates a row: only then can a key repeat an earlier one

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
            self.run_wrote = True
            return True
        except IntegrityError:
            self.new_keys_only = False
            return False

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"{'TRUNCATE' if is_postgres() else 'DELETE FROM'} {quote(self.name)}")

    def merge(self, run_id: int, staged: int) -> tuple[int, int, list[RowError]]:
        """Merge the staged rows; return (inserted, updated, duplicates of rows merged earlier in this run).

        A first load of a book meets no key it knows: its chunks go in with a plain INSERT … SELECT,
        which costs a third less than a merge. The first chunk that meets a known key rolls back to
        its savepoint and is merged (`_merge_known`), and so is every chunk after it.
        """
        if self.new_keys_only:
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(self._insert_sql(), self._default_values())
                    self.run_wrote = True
                    return cursor.rowcount, 0, []
            except IntegrityError:
                self.new_keys_only = False
        return self._merge_known(run_id, staged)

    def _insert_sql(self, source: str = "", where: str = "") -> str:
        """INSERT into the table of the staged columns of `source` (the stage by default), with the defaults."""
        columns = ", ".join(quote(c) for c in self.target.staged)
        defaults = self.target.defaults()
        filled = "".join(f", {quote(c)}" for c in defaults)
        values = "".join(", %s" for _c in defaults)
        table, source = quote(self.target.table), source or quote(self.name)
        return f"INSERT INTO {table} ({columns}{filled}) SELECT {columns}{values} FROM {source} {where}".rstrip()

    def _merge_known(self, run_id: int, staged: int) -> tuple[int, int, list[RowError]]:
        """Rows of known keys updated where a value changed, the others inserted. A book is mostly sent again
        unchanged, and an INSERT … ON CONFLICT DO UPDATE would lock, so write, every unchanged row.

        On PostgreSQL one statement looks each staged key up once in the table's unique index and does all of
        it from that one join (`_merge_once`); SQLite, which has no data-modifying WITH, takes two statements.
        """
        if is_postgres():
            return self._merge_once(run_id)
        table, stage = quote(self.target.table), quote(self.name)
        with connection.cursor() as cursor:
            updated = 0
            if self.target.compared:
                cursor.execute(
                    f"UPDATE {table} AS t SET {self._assignments()} FROM {stage} AS s "
                    f"WHERE {self._join()} AND t.import_run_id <> %s AND {self._changed()}",
                    [run_id],
                )
                updated = cursor.rowcount
            cursor.execute(self._insert_sql(where="WHERE true ON CONFLICT DO NOTHING"), self._default_values())
            inserted = cursor.rowcount
            repeats = self.run_wrote and staged > inserted + updated
            duplicates = self._duplicates(cursor, run_id) if repeats else []
        self.run_wrote = self.run_wrote or bool(inserted or updated)
        return inserted, updated, duplicates

    def _merge_once(self, run_id: int) -> tuple[int, int, list[RowError]]:
        """The PostgreSQL merge: the staged rows joined once to the table by its unique index, keeping only those
        with something to do (`found`: new, changed, or a key this run wrote earlier from another line; a book
        sent again is mostly none of these), then from them the changed rows updated by primary key, the new
        ones inserted and the duplicates read back, all in one statement."""
        target = self.target
        table, stage = quote(target.table), quote(self.name)
        staged_columns = ", ".join(f"s.{quote(c)}" for c in target.staged)
        named = "".join(f", {quote(c)}" for c in self.reference)
        no_reference = ", NULL" * len(self.reference)
        sql = (
            f"WITH found AS MATERIALIZED ("
            f"SELECT {staged_columns}, t.id AS found_id, t.import_run_id AS found_run, t.line AS found_line "
            f"FROM {stage} AS s LEFT JOIN {table} AS t ON {self._join()} "
            f"WHERE t.id IS NULL OR (t.import_run_id = %s AND t.line <> s.line) "
            f"OR (t.import_run_id IS DISTINCT FROM %s AND {self._changed()})), "
            f"updated AS (UPDATE {table} AS t SET {self._assignments('f')} FROM found AS f "
            f"WHERE t.id = f.found_id AND f.found_run IS DISTINCT FROM %s RETURNING 1), "
            f"inserted AS ({self._insert_sql('found', 'WHERE found_id IS NULL ON CONFLICT DO NOTHING RETURNING 1')}) "
            f"SELECT {COUNTS}, (SELECT count(*) FROM inserted), (SELECT count(*) FROM updated){no_reference} "
            f"UNION ALL SELECT line, found_line, NULL{named} FROM found "
            f"WHERE found_run = %s AND found_line <> line"
        )
        with connection.cursor() as cursor, _index_lookups(cursor):
            cursor.execute(sql, [run_id, run_id, run_id, *self._default_values(), run_id])
            rows = cursor.fetchall()
        counts = next(row for row in rows if row[0] == COUNTS)
        inserted, updated = counts[1], counts[2]
        duplicates = [
            duplicate_error(line, first, " / ".join(str(v) for v in reference if v not in (None, "")))
            for line, first, _none, *reference in rows
            if line != COUNTS
        ]
        self.run_wrote = self.run_wrote or bool(inserted or updated)
        return inserted, updated, duplicates

    def _join(self) -> str:
        return " AND ".join(f"t.{quote(k)} = s.{quote(k)}" for k in self.target.key)

    def _assignments(self, source: str = "s") -> str:
        """SET of an update: the evidence and updated columns from the row `source` names."""
        return ", ".join(f"{quote(c)} = {source}.{quote(c)}" for c in EVIDENCE + self.target.updated)

    def _changed(self) -> str:
        """Whether a staged row `s` differs from the table's row `t` in a compared column."""
        if not self.target.compared:
            return "false"
        old = ", ".join(f"t.{quote(c)}" for c in self.target.compared)
        new = ", ".join(f"s.{quote(c)}" for c in self.target.compared)
        distinct = "IS DISTINCT FROM" if is_postgres() else "IS NOT"
        return f"({old}) {distinct} ({new})" if len(self.target.compared) > 1 else f"{old} {distinct} {new}"

    def _default_values(self) -> list:
        return list(self.target.defaults().values())

    def _duplicates(self, cursor, run_id: int) -> list[RowError]:
        """The staged rows whose key this run wrote earlier, from another line.

        Each staged key is looked up in the table's unique index, and only then is the run compared: asked
        for the run's rows first, PostgreSQL (whose statistics know nothing of a run under way) scanned the
        whole table and, for each of the run's rows, the whole staging table, for 40 s a chunk at 1M rows.
        """
        join = " AND ".join(f"t.{quote(k)} = s.{quote(k)}" for k in self.target.key)
        named = "".join(f", s.{quote(c)}" for c in self.reference)
        cursor.execute(
            f"WITH pairs AS {'MATERIALIZED ' if is_postgres() else ''}("
            f"SELECT s.line AS line, t.line AS first, t.import_run_id AS run_id{named} "
            f"FROM {quote(self.name)} s JOIN {quote(self.target.table)} t ON {join}) "
            f"SELECT line, first{''.join(f', {quote(c)}' for c in self.reference)} FROM pairs "
            "WHERE run_id = %s AND first <> line",
            [run_id],
        )
        return [
            duplicate_error(line, first, " / ".join(str(v) for v in reference if v not in (None, "")))
            for line, first, *reference in cursor.fetchall()
        ]


@contextmanager
def _index_lookups(cursor):
    """Join a chunk's few thousand staged rows to the table by its unique index, never by reading the whole
    table (PostgreSQL knows nothing of a fresh temporary table's size); SQLite always does so."""
    if not is_postgres():
        yield
        return
    cursor.execute("SET LOCAL enable_hashjoin = off")
    cursor.execute("SET LOCAL enable_mergejoin = off")
    yield  # on an error the transaction is rolled back, and these settings with it
    cursor.execute("SET LOCAL enable_hashjoin TO DEFAULT")
    cursor.execute("SET LOCAL enable_mergejoin TO DEFAULT")

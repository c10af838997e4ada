"""The staging table a chunk is loaded into and merged from: insert while keys are new, upsert after."""

from django.db import IntegrityError, connection, transaction

from traza.core.bulk import copy_into, insert_rows, is_postgres, quote
from traza.imports.errors import RowError
from traza.imports.pipeline.chunks import duplicate_error
from traza.imports.pipeline.kinds import EVIDENCE, Chunk, Target


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
        return [duplicate_error(line, first) for line, first in cursor.fetchall()]

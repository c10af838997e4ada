"""The staged, set-based load shared by every kind of file.

Rows are read and checked in a background thread while the main thread loads the previous
chunk into a temporary staging table (COPY on PostgreSQL) and merges it into the real table
with set-based statements per chunk: new keys are inserted, known keys with changed values
updated, known keys with equal values left alone. Nothing is written one row at a time.
"""

import itertools

from django.db import IntegrityError, connection, transaction

from traza.core.bulk import copy_lines, cyclic_gc_paused, is_postgres, quote
from traza.imports.errors import RowError
from traza.imports.models import ImportRowError, ImportRun
from traza.imports.pipeline.chunks import BLOCK_ROWS, CHUNK_ROWS, read_chunks, threaded
from traza.imports.pipeline.kinds import Chunk, Counts, Kind, Target
from traza.imports.pipeline.stage import Stage
from traza.imports.reading import Header, Scan, Table

__all__ = ["Chunk", "Counts", "Kind", "Target", "copy_whole", "load"]


def load(kind: Kind, table: Table, run: ImportRun, *, dayfirst: bool, progress=None) -> Counts:
    """Load every row of `table` into the kind's target; record row errors and counts on `run`.

    A book's first load on PostgreSQL streams in one COPY (`copy_whole`); any other load goes
    chunk by chunk through the staging table, once the whole file has been read for its structure.
    """
    with cyclic_gc_paused():
        return _load(kind, table, run, dayfirst=dayfirst, progress=progress)


def _load(kind: Kind, table: Table, run: ImportRun, *, dayfirst: bool, progress=None) -> Counts:
    target = kind.target_for(table)
    kind.bind(target, table)
    kind.prepare(run, table)
    known = False
    if is_postgres() and kind.streams_first_load and not target.defaults() and not table.is_xlsx:
        known = _keys_known(kind, target, table, dayfirst)
        if not known:
            kind.prepare(run, table)
            counts = copy_whole(kind, target, table, run, dayfirst=dayfirst, progress=progress)
            if counts is not None:
                kind.finish(run)
                return counts
        kind.prepare(run, table)  # a key was there already: start again, chunk by chunk
    kind.sent_again = known
    scan = table.scan_aside()  # the file counted in another process while the first chunks are read
    try:
        return _load_chunks(kind, target, table, run, scan, known=known, dayfirst=dayfirst, progress=progress)
    finally:
        scan.stop()


def _load_chunks(
    kind: Kind, target: Target, table: Table, run: ImportRun, scan: Scan, *, known: bool, dayfirst: bool, progress
) -> Counts:
    """Each chunk merged in a transaction of its own, once the whole file is known to be readable (`scan`)."""
    counts, counted = Counts(), False
    with Stage(target, reference=kind.reference, keys_known=known) as stage:
        prefix = str(run.pk) if is_postgres() else None
        for chunk in threaded(read_chunks(kind, table, dayfirst, copy_prefix=prefix)):
            if not counted:
                run.rows_total, counted = scan.wait(), True
                ImportRun.objects.filter(pk=run.pk).update(rows_total=run.rows_total)
            with transaction.atomic():
                inserted, updated = 0, 0
                duplicates: list[RowError] = []
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
                _save_errors(run, errors, table)
                run.rows_read += chunk.read
                _save_counts(run, counts)
            if progress:
                progress(run)
    kind.finish(run)
    return counts


def _keys_known(kind: Kind, target: Target, table: Table, dayfirst: bool, sample: int = 1000) -> bool:
    """Whether the table already holds a key of the file's first rows: then it is no first load
    (a COPY would stream the whole file before PostgreSQL said so)."""
    block = kind.read_block(list(itertools.islice(table.rows(), sample)), dayfirst)
    keys = [kind.key_of(record) for record in block.records]
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
    counts, prefix = Counts(), str(run.pk)
    errors: list[RowError] = []
    columns = ", ".join(quote(c) for c in target.staged)
    rows = table.rows()
    try:
        with transaction.atomic(), connection.wrap_database_errors, connection.cursor() as cursor:
            with cursor.copy(f"COPY {quote(target.table)} ({columns}) FROM STDIN") as copy:
                while block_rows := list(itertools.islice(rows, BLOCK_ROWS)):
                    block = kind.read_block(block_rows, dayfirst)
                    copy.write(copy_lines(prefix, block.lines, block.columns))
                    counts.created += len(block.lines)
                    errors += block.errors
                    run.rows_read += len(block_rows)
                    if progress and not run.rows_read % CHUNK_ROWS:
                        progress(run)
            kind.after_chunk(run, Chunk(extra=kind.end_chunk()))
            counts.rejected = len({e.line for e in errors})
            _save_errors(run, errors, table)
            _save_counts(run, counts)
    except IntegrityError:
        run.rows_read = 0
        return None
    return counts


def _save_errors(run: ImportRun, errors: list[RowError], table: Table) -> None:
    """Record the rejected rows in the file's own words: a column is named by the header its sender wrote
    (`Número de serie`, not `serial_number`), in the column of the report and in the reason alike."""
    header = table.header
    ImportRowError.objects.bulk_create(
        [
            ImportRowError(
                run=run,
                line=e.line,
                column=e.column,
                header=header.name_of(e.column)[: ImportRowError.HEADER_MAX] if e.column else "",
                reference=e.reference,
                message=e.message.text,
                params=_in_file_words(e.message.params, header),
            )
            for e in errors
        ],
        batch_size=1000,
    )


def _in_file_words(params: dict, header: Header) -> dict:
    """A message's parameters with every layout column named by the file's header for it."""
    return {
        name: header.name_of(value) if isinstance(value, str) and value in header.written else value
        for name, value in params.items()
    }


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

"""Set-based writes: PostgreSQL COPY where we run on PostgreSQL, batched executemany on SQLite."""

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import repeat

from django.db import connection

BATCH = 5000
FEW_ROWS = 50  # update_rows: up to this many rows, one statement each


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def batches(values: Sequence, size: int = 1000) -> Iterator[Sequence]:
    """Consecutive slices of `values`, for questions that name many values at once (SQLite takes at most
    32,766 parameters a statement)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": ""})


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cycle collector off while a bulk load reads blocks of thousands of rows: each block's rows and
    columns are alive together, and the collector walked them (and every object of the process) again and again,
    a quarter of a book's first load. The rows hold no reference cycles; they are freed as each block ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def copy_value(value) -> str:
    """One value in PostgreSQL's COPY text format, escaped."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    return str(value)


def copy_row(row: Sequence) -> str:
    """One row in COPY text format, without its line end. Most values need no escaping: a row is
    escaped value by value only when, joined plainly, it shows a character COPY treats specially."""
    text = "\t".join(["\\N" if v is None else v if type(v) is str else str(v) for v in row])
    special = text.count("\t") != len(row) - 1 or text.count("\\") != row.count(None)
    if special or "\n" in text or "\r" in text or "\x00" in text:
        return "\t".join(map(copy_value, row))
    return text


def copy_lines(prefix: str, lines: Sequence[int], columns: Sequence[Sequence]) -> str:
    """Rows given as columns, in COPY text: one line `prefix<TAB>line<TAB>values…` a row. Texts go as they are
    unless the block shows a character COPY treats specially (then each value is escaped); None is \\N; dates
    and numbers as `str` writes them."""
    if not lines:
        return ""
    texts = [_plain(column) for column in columns]
    payload = _joined(prefix, lines, texts)
    nulls = sum(column.count(None) for column, text in zip(columns, texts, strict=True) if text is not column)
    tabs, ends = len(lines) * (len(columns) + 1), len(lines)
    if payload.count("\t") != tabs or payload.count("\n") != ends or payload.count("\\") != nulls:
        return _joined(prefix, lines, [list(map(copy_value, column)) for column in columns])
    if "\r" in payload or "\x00" in payload:
        return _joined(prefix, lines, [list(map(copy_value, column)) for column in columns])
    return payload


def _joined(prefix: str, lines: Sequence[int], texts: Sequence[Sequence[str]]) -> str:
    return "\n".join(map("\t".join, zip(repeat(prefix), map(str, lines), *texts))) + "\n"


def _plain(values: Sequence) -> Sequence[str]:
    """A column's values as COPY text, before any escaping: texts as they are, None as \\N, others as `str`."""
    try:
        "".join(values)  # the quickest proof that every value is a text (a TypeError otherwise)
        return values
    except TypeError:
        return ["\\N" if value is None else value if type(value) is str else str(value) for value in values]


def copy_into(table: str, columns: Sequence[str], payload: str) -> None:
    """COPY text already formatted (see copy_text) into `table`."""
    column_list = ", ".join(quote(c) for c in columns)
    with connection.wrap_database_errors, connection.cursor() as cursor:  # a unique violation is IntegrityError
        with cursor.copy(f"COPY {quote(table)} ({column_list}) FROM STDIN") as copy:
            copy.write(payload)


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert many rows into `table`: COPY on PostgreSQL, executemany in batches on SQLite."""
    column_list = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if is_postgres():
            with (
                connection.wrap_database_errors,
                cursor.copy(f"COPY {quote(table)} ({column_list}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        statement = f"INSERT INTO {quote(table)} ({column_list}) VALUES ({placeholders})"
        batch: list[Sequence] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(statement, batch)
                batch.clear()
        if batch:
            cursor.executemany(statement, batch)


def update_rows(table: str, key: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Set `columns` of many rows, each row given as (key value, *column values), set-based.

    On PostgreSQL, more than a few rows go through a temporary table filled by COPY and one joined UPDATE;
    a few (one submitted trace, a small upload) are one UPDATE each, sent together: creating and dropping
    the table costs more than they do. SQLite always takes the statements, in one call.
    """
    if not rows:
        return
    with connection.cursor() as cursor:
        if is_postgres() and len(rows) > FEW_ROWS:
            temp = f"traza_update_{table}"
            cursor.execute(f"DROP TABLE IF EXISTS {quote(temp)}")
            column_list = ", ".join(quote(c) for c in (key, *columns))
            cursor.execute(
                f"CREATE TEMPORARY TABLE {quote(temp)} AS SELECT {column_list} FROM {quote(table)} WHERE 1=0"
            )
            insert_rows(temp, (key, *columns), rows)
            assignments = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in columns)
            cursor.execute(
                f"UPDATE {quote(table)} AS t SET {assignments} "
                f"FROM {quote(temp)} AS v WHERE t.{quote(key)} = v.{quote(key)}"
            )
            cursor.execute(f"DROP TABLE {quote(temp)}")
            return
        setters = ", ".join(f"{quote(c)} = %s" for c in columns)
        statement = f"UPDATE {quote(table)} SET {setters} WHERE {quote(key)} = %s"
        cursor.executemany(statement, [(*row[1:], row[0]) for row in rows])

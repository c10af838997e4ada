"""Set-based writes: PostgreSQL COPY where we run on PostgreSQL, batched executemany on SQLite."""

from collections.abc import Iterable, Sequence

from django.db import connection

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": ""})
BATCH = 5000


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


def copy_line(values: Sequence) -> str:
    return "\t".join(copy_text(v) for v in values) + "\n"


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert many rows into `table`: COPY on PostgreSQL, executemany in batches on SQLite."""
    column_list = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if is_postgres():
            with cursor.copy(f"COPY {quote(table)} ({column_list}) FROM STDIN") as copy:
                buffer: list[str] = []
                for row in rows:
                    buffer.append(copy_line(row))
                    if len(buffer) >= BATCH:
                        copy.write("".join(buffer))
                        buffer.clear()
                if buffer:
                    copy.write("".join(buffer))
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


def copy_prepared(table: str, columns: Sequence[str], payload: str) -> None:
    """COPY text already in COPY format (built elsewhere, e.g. in a parsing thread)."""
    column_list = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor, cursor.copy(f"COPY {quote(table)} ({column_list}) FROM STDIN") as copy:
        copy.write(payload)


def update_rows(table: str, key: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Set `columns` of many rows, each row given as (key value, *column values), set-based."""
    if not rows:
        return
    assignments = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in columns)
    with connection.cursor() as cursor:
        if is_postgres():
            temp = f"traza_update_{table}"
            cursor.execute(f"DROP TABLE IF EXISTS {quote(temp)}")
            column_list = ", ".join(quote(c) for c in (key, *columns))
            cursor.execute(
                f"CREATE TEMPORARY TABLE {quote(temp)} AS SELECT {column_list} FROM {quote(table)} WHERE 1=0"
            )
            insert_rows(temp, (key, *columns), rows)
            cursor.execute(
                f"UPDATE {quote(table)} AS t SET {assignments} "
                f"FROM {quote(temp)} AS v WHERE t.{quote(key)} = v.{quote(key)}"
            )
            cursor.execute(f"DROP TABLE {quote(temp)}")
            return
        setters = ", ".join(f"{quote(c)} = %s" for c in columns)
        statement = f"UPDATE {quote(table)} SET {setters} WHERE {quote(key)} = %s"
        cursor.executemany(statement, [(*row[1:], row[0]) for row in rows])

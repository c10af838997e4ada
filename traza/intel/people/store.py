"""Person records between Django's database and DuckDB: read in bulk, written back set-based.

Reads stream through one cursor into column lists (DuckDB takes them as Arrow); writes are COPY into a
temporary table and one UPDATE … FROM on PostgreSQL, batched statements on SQLite (core/bulk.py).
"""

from datetime import datetime

from django.db import connection

from traza.core.bulk import insert_rows, update_rows
from traza.industry.models import Purchase
from traza.intel.models import Person, PersonRecord
from traza.intel.people.resolution import RECORD_COLUMNS

RECORDS = PersonRecord._meta.db_table
PEOPLE = Person._meta.db_table
_SELECTED = (
    "r.id, r.last_name, r.second_last_name, r.first_name, r.middle_name, r.suffix, "
    "CAST(r.date_of_birth AS text), r.street, r.unit, r.city, r.state, r.zip, r.id_number, r.phone, r.person_id"
)


def read_records(*, where: str = "", params: tuple = ()) -> dict[str, list]:
    """Person records as column lists (RECORD_COLUMNS and person_id), optionally filtered by SQL on `r`."""
    names = (*RECORD_COLUMNS, "person_id")
    columns: dict[str, list] = {name: [] for name in names}
    sql = f"SELECT {_SELECTED} FROM {RECORDS} r {where}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(50_000):
            for name, values in zip(names, zip(*rows, strict=True), strict=True):
                columns[name].extend(values)
    columns["dob"] = [str(value) if value is not None else None for value in columns["dob"]]
    return columns


def create_people(keys: list[str], *, now: datetime) -> dict[str, int]:
    """Insert people with these keys (COPY on PostgreSQL); their ids by key."""
    if not keys:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {PEOPLE}")
        (last,) = cursor.fetchone()
        insert_rows(PEOPLE, ("key", "created_at", "updated_at", "record_count"), ((key, now, now, 0) for key in keys))
        cursor.execute(f"SELECT key, id FROM {PEOPLE} WHERE id > %s", [last])
        return dict(cursor.fetchall())


def assign_records(rows: list[tuple[int, int, float | None]], *, now: datetime) -> None:
    """Point records at their person: (record id, person id, match weight) rows."""
    update_rows(RECORDS, "id", ("person_id", "match_weight", "resolved_at"), [(*row, now) for row in rows])


def refresh_people(*, now: datetime) -> None:
    """Recount every person's records, drop the people left with none, and show keys on purchases.

    On PostgreSQL the tables are analysed first: after a first load, or in one transaction, the planner
    otherwise takes the records for a handful and joins purchases to them by a loop over every purchase
    for each record (minutes for 50,000 records, where a hash join takes a fraction of a second).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {RECORDS}, {PEOPLE}, {Purchase._meta.db_table}")
        cursor.execute(
            f"UPDATE {PEOPLE} SET record_count = c.n, updated_at = %s FROM "
            f"(SELECT person_id, count(*) AS n FROM {RECORDS} WHERE person_id IS NOT NULL GROUP BY person_id) c "
            f"WHERE {PEOPLE}.id = c.person_id AND {PEOPLE}.record_count <> c.n",
            [now],
        )
        cursor.execute(
            f"DELETE FROM {PEOPLE} WHERE NOT EXISTS (SELECT 1 FROM {RECORDS} r WHERE r.person_id = {PEOPLE}.id)"
        )
        purchases = Purchase._meta.db_table
        cursor.execute(
            f"UPDATE {purchases} SET person_key = x.key FROM (SELECT r.source_id, p.key FROM {RECORDS} r "
            f"JOIN {PEOPLE} p ON p.id = r.person_id WHERE r.source = %s) x "
            f"WHERE {purchases}.id = x.source_id AND {purchases}.person_key <> x.key",
            [PersonRecord.Source.PURCHASE],
        )

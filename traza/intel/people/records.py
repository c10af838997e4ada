"""Person records collected from the records that name people: purchases, multiple sales, trace possessors.

Set-based: one query finds the rows not recorded yet (an anti-join), each row is normalised in Python
(memoised per distinct text, see normalise.py) and the records are written in bulk (COPY on PostgreSQL).
"""

from collections.abc import Iterable, Iterator
from functools import lru_cache

from django.db.models import Exists, OuterRef, QuerySet

from traza.core.bulk import insert_rows
from traza.industry.models import MultipleSale, Purchase
from traza.intel.models import PersonRecord
from traza.intel.people import normalise
from traza.tracing.models import Trace

BATCH = 100_000
COLUMNS = (
    "source",
    "source_id",
    "last_name",
    "second_last_name",
    "first_name",
    "middle_name",
    "suffix",
    "date_of_birth",
    "street",
    "unit",
    "city",
    "state",
    "zip",
    "id_number",
    "phone",
    "seen_on",
    "licensee_rds",
)
# (source, model, fields read: id, last, first, middle, suffix, dob, street, city, state, zip, id number, seen on,
# licensee), "" where the source has no such field.
SOURCES = (
    (
        PersonRecord.Source.PURCHASE,
        Purchase,
        ("id", "last_name", "first_name", "middle_name", "suffix", "date_of_birth", "street", "city", "state", "zip")
        + ("id_number", "transaction_date", "licensee_rds"),
    ),
    (
        PersonRecord.Source.MULTIPLE_SALE,
        MultipleSale,
        ("id", "last_name", "first_name", "middle_name", "", "date_of_birth", "street", "city", "state", "zip")
        + ("id_number", "sale_date", "licensee_rds"),
    ),
    (
        PersonRecord.Source.POSSESSOR,
        Trace,
        ("id", "possessor_last_name", "possessor_first_name", "", "", "possessor_dob", "", "", "", "", "")
        + ("recovery_date", ""),
    ),
)


def person_records_collect() -> int:
    """Write a PersonRecord for every purchase, multiple sale and trace possessor that has none. How many."""
    written = 0
    for source, model, fields in SOURCES:
        while rows := _unrecorded(source, model, fields):
            insert_rows(PersonRecord._meta.db_table, COLUMNS, list(_normalised(source, rows)))
            written += len(rows)
    return written


def _unrecorded(source: str, model, fields: tuple[str, ...]) -> list[tuple]:
    """The next batch of rows with no person record yet (read whole: the connection then writes them)."""
    recorded = PersonRecord.objects.filter(source=source, source_id=OuterRef("pk"))
    rows: QuerySet = model.objects.filter(~Exists(recorded))
    if model is Trace:
        rows = rows.exclude(possessor_last_name="")
    present = [name for name in fields if name]
    batch = []
    for values in rows.order_by("pk").values_list(*present)[:BATCH]:
        found = dict(zip(present, values, strict=True))
        batch.append(tuple(found.get(name, "") if name else "" for name in fields))
    return batch


def _normalised(source: str, rows: Iterable[tuple]) -> Iterator[tuple]:
    for row_id, last, first, middle, suffix, born, street, city, state, zip_code, document, seen, rds in rows:
        last_name, second_last, last_suffix = normalise.surnames(last or "")
        first_name, middle_name, given_suffix = normalise.given_names(first or "", middle or "")
        street_name, unit = normalise.street_address(street or "")
        yield (
            source,
            row_id,
            last_name[:100],
            second_last[:100],
            first_name[:100],
            middle_name[:100],
            normalise.suffix(suffix or "") or last_suffix or given_suffix,
            born or None,
            street_name[:200],
            unit[:30],
            _place(city or "")[:100],
            _place(state or "")[:2],
            normalise.zip_code(zip_code or ""),
            normalise.id_number(document or "")[:60],
            "",
            seen or None,
            rds or "",
        )


_place = lru_cache(maxsize=16384)(normalise.clean)

"""What the engine reads for a batch of traces: records of the guns, their licensees and purchasers, earlier traces."""

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import cast

from django.db import connection
from django.db.models import F, Q

from traza.catalog.lookup import CatalogIndex
from traza.catalog.models import Make
from traza.core.bulk import batches
from traza.core.lookups import array_literal
from traza.core.values import name_key
from traza.industry.models import Disposition, Licensee, LicenseeQuery, MultipleSale, Purchase, Theft
from traza.international.selectors import answers_for
from traza.tracing.models import Trace

Status = Trace.Status

RECORD_FIELDS = (
    "id",
    "keeper_rds",
    "serial_key",
    "manufacturer",
    "make_id",
    "importer_make_id",
    "caliber_ref_id",
    "firearm_type",
    "acquisition_date",
    "acquired_from_rds",
    "disposition_date",
    "disposition_type",
    "disposed_to_rds",
    "transaction_ref",
)


class Evidence:
    """Every record the engine may need for one batch of traces, read in a fixed number of queries."""

    def __init__(self, traces: list[dict], catalog: CatalogIndex):
        self.catalog = catalog
        exact = {t["serial_key"] for t in traces if t["serial_key"] and "?" not in t["serial_key"]}
        patterns = {t["serial_key"] for t in traces if "?" in t["serial_key"]}
        self.records = self._records(exact, patterns)
        self.first_traces = self._first_traces(exact | patterns)
        self.thefts = _by_serial(
            Theft.objects.filter(serial_key__any=exact),
            ("id", "serial_key", "make_id", "manufacturer", "reported_by_rds"),
        )
        self.multiple_sales = _by_serial(
            MultipleSale.objects.filter(serial_key__any=exact), ("serial_key", "make_id", "manufacturer")
        )
        rds: set[str] = set()
        for records in self.records.values():
            for record in records:
                rds.update((record["keeper_rds"], record["disposed_to_rds"], record["acquired_from_rds"]))
        for trace in traces:
            rds.update(self._licences_of(trace))
        for thefts in self.thefts.values():
            rds.update(t["reported_by_rds"] for t in thefts)
        rds.discard("")
        self.licensees = {
            row["rds_key"]: row
            for row in rows_of(
                Licensee.objects.filter(rds_key__any=rds),
                ("rds_key", "lic_type", "status", "electronic_records", "premise_state"),
            )
        }
        self.purchases = self._purchases()
        self.answers = answers_for(t["id"] for t in traces)
        self.no_record = self._no_record(exact | patterns)
        makes = {t["make_id"] for t in traces} | {r["make_id"] for rows in self.records.values() for r in rows}
        makes.discard(None)
        self.make_countries = dict(Make.objects.filter(id__any=sorted(makes)).values_list("id", "country_id"))

    def _no_record(self, keys: set[str]) -> set[tuple[tuple, str]]:
        """(gun, licensee) for each licensee that answered it has no record of the gun, whichever trace asked."""
        rows = LicenseeQuery.objects.filter(trace__serial_key__any=keys, answer=LicenseeQuery.Answer.NO_RECORD).values(
            "licensee_rds",
            serial_key=F("trace__serial_key"),
            make_id=F("trace__make_id"),
            manufacturer=F("trace__manufacturer"),
        )
        return {(gun_key(cast(dict, row)), row["licensee_rds"]) for row in rows}

    def _licences_of(self, trace: dict) -> set[str]:
        """The licences the engine may ask about a trace: its make's, its importer's, the make's importers'."""
        makes = {trace["make_id"], trace["importer_make_id"]} - {None}
        for make in list(makes):
            makes |= self.catalog.make_importers(make)
        return {rds for make in makes for rds in self.catalog.make_licences(make)}

    def _records(self, exact: set[str], patterns: set[str]) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = defaultdict(list)
        for record in rows_of(Disposition.objects.filter(serial_key__any=exact), RECORD_FIELDS):
            found[record["serial_key"]].append(record)
        if patterns:
            fits = {pattern: _pattern_regex(pattern) for pattern in patterns}
            for record in rows_of(Disposition.objects.filter(serial_key__like_any=sorted(patterns)), RECORD_FIELDS):
                for pattern, regex in fits.items():
                    if regex.match(record["serial_key"]):
                        found[pattern].append(record)
        return found

    def _first_traces(self, keys: set[str]) -> dict[tuple, int]:
        """The first trace of each gun and recovery, for duplicates (any agency's): the earliest that stands and
        follows no other. A duplicate of a withdrawn trace follows none: the earliest of them becomes the first."""
        first: dict[tuple, int] = {}
        rows = rows_of(
            Trace.objects.filter(serial_key__any=keys)
            .exclude(status__in=[Status.CANCELLED, Status.DRAFT, Status.REJECTED])
            .exclude(Q(status=Status.DUPLICATE) & ~Q(duplicate_of__status=Status.CANCELLED)),
            ("id", "serial_key", "make_id", "manufacturer", "recovery_date", "recovery_country", "recovery_region_id"),
        )
        for row in rows:
            key = recovery_key(row)
            if key not in first or row["id"] < first[key]:
                first[key] = row["id"]
        return first

    def _purchases(self) -> dict[tuple[str, str], dict]:
        pairs = {
            (r["keeper_rds"], r["transaction_ref"])
            for records in self.records.values()
            for r in records
            if r["transaction_ref"] and not r["disposed_to_rds"]
        }
        return {(p["licensee_rds"], p["transaction_ref"]): p for p in purchases_of(pairs)}


def _pattern_regex(pattern: str) -> re.Pattern:
    """A partial serial (`?` for each unreadable character) as the serials it fits."""
    return re.compile("^" + "".join("." if c == "?" else re.escape(c) for c in pattern) + "$")


PURCHASE_FIELDS = ("id", "licensee_rds", "transaction_ref", "transaction_date", "last_name", "first_name")


def purchases_of(pairs: set[tuple[str, str]]) -> list[dict]:
    """The purchase records of these (licensee, transaction_ref) pairs, exactly those: dealers number
    their records in sequence, so asking by licensee and by reference apart would bring back most of
    every dealer's book.

    On PostgreSQL, one look-up of the natural key per pair (LATERAL … LIMIT 1): joined plainly, a batch's
    thousands of pairs made the planner hash the whole purchase table, four times slower at 300,000 records
    and slower with every record added."""
    if not pairs:
        return []
    table = Purchase._meta.db_table
    columns = ", ".join(f"p.{name}" for name in PURCHASE_FIELDS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            licensees, refs = (list(part) for part in zip(*pairs, strict=True))
            cursor.execute(
                f"SELECT {columns} FROM unnest(%s::varchar[], %s::varchar[]) AS k(rds, ref) CROSS JOIN LATERAL "
                f"(SELECT * FROM {table} p WHERE p.licensee_rds = k.rds AND p.transaction_ref = k.ref LIMIT 1) p",
                [array_literal(licensees), array_literal(refs)],
            )
            return [dict(zip(PURCHASE_FIELDS, row, strict=True)) for row in cursor.fetchall()]
        found = []
        for part in batches(sorted(pairs), 400):
            tuples = ", ".join(["(%s, %s)"] * len(part))
            cursor.execute(
                f"SELECT {columns} FROM {table} p WHERE (p.licensee_rds, p.transaction_ref) IN ({tuples})",
                [value for pair in part for value in pair],
            )
            found += [dict(zip(PURCHASE_FIELDS, row, strict=True)) for row in cursor.fetchall()]
        return found


def _by_serial(queryset, fields: tuple[str, ...]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = defaultdict(list)
    for row in rows_of(queryset, fields):
        found[row["serial_key"]].append(row)
    return found


def rows_of(queryset, fields: Sequence[str]) -> list[dict]:
    """The rows of `queryset` as dicts of these plain columns, read straight from the cursor.

    A batch reads tens of thousands of records; building them through the ORM cost more than the
    query itself. Only for columns the database returns as Python wants them (no JSON, no enums).
    """
    sql, params = queryset.values_list(*fields).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(fields, row, strict=True)) for row in cursor.fetchall()]


def gun_key(row: dict) -> tuple:
    """One gun: its serial and its make (as written while the make is unresolved)."""
    return (row["serial_key"], row["make_id"] or name_key(row["manufacturer"]))


def recovery_key(row: dict) -> tuple:
    """One gun and one recovery: the gun, when and where it was recovered."""
    return (*gun_key(row), row["recovery_date"], row["recovery_country"], row["recovery_region_id"])

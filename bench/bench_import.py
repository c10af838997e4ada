"""Import throughput of licensees' records: `traza import dispositions` and `traza import purchases`, each against
a plain COPY of the same file.

For each size (1M rows by default; 10M too with BENCH_LARGE=1 or --large) the script writes a
dispositions.csv with the diversity of a real book (`world.DiverseBook`: a different serial on every
row, about a thousand models, dates over fourteen years, every row its own transaction; `--market`
writes the older market file instead, three rows a gun), then times, in this order, on the same database:

  1. the baseline: `COPY … FROM '<file>' WITH (FORMAT csv, HEADER)` into a table with the file's
     columns (text and date types), a bigserial primary key, a unique index on
     (record_keeper_license, record_id) and an index on serial_number: the real table's
     PK + natural key + serial index;
  2. the import through `import_file(kind="dispositions")`, in-process, after `traza catalog load`
     and the FFL list (so licensees are known, as in production);
  3. the same file imported again (every row unchanged);
  4. the same book with 1% of its rows changed (a model name corrected, a later sale) imported again;
  5. the baseline again; the faster of the two baseline runs is the one printed;
  6. the purchase records (Form 4473) of the same book's retail sales, about two rows in three: a COPY of the
     file into a table with its columns, a primary key and the natural key (licensee, transaction_ref), the
     import through `import_file(kind="purchases")`, the same file again, then the COPY again.

Each import's memory is followed too (`harness.PeakMemory`: how far the process's resident memory rose above its
start, at its highest). With both sizes, the first loads' and the re-loads' highest at 10M are printed against the
same at 1M: memory flat in the file's size is a ratio near 1.

One gun in three has its maker written another way (legal names with suffixes, abbreviations,
typos such as `RUGGER` or `SMITH & WESON`; see `world.SPELLINGS`), so the make matcher and its
memo are part of what is timed.

    python bench/bench_import.py [--rows N] [--large]
"""

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from harness import (
    PeakMemory,
    bench,
    large,
    log,
    scratch_dir,
    setup_django,
    size_label,
    stopwatch,
    vacuum_analyze,
)
from world import DISPOSITION_COLUMNS, PURCHASE_COLUMNS, DiverseBook, Market, write_licensees

BASELINE_TABLE = "bench_copy_baseline"


@dataclass(frozen=True)
class BaselineTable:
    """The table a baseline COPY fills: the file's columns, a bigserial primary key and the real table's keys."""

    columns: str
    dates: frozenset[str]
    unique: str
    indexed: str = ""


AD_TABLE = BaselineTable(
    DISPOSITION_COLUMNS,
    frozenset({"acquisition_date", "disposition_date"}),
    "record_keeper_license, record_id",
    "serial_number",
)
PURCHASES_TABLE = BaselineTable(
    PURCHASE_COLUMNS, frozenset({"transaction_date", "date_of_birth"}), "licensee, transaction_ref"
)
LARGE_ROWS = 10_000_000
#: The highest memory (MB above the process's start) of each kind's first loads and re-loads, by size label.
MEMORY: dict[tuple[str, str], list[float]] = {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="A&D rows of the default size (1,000,000)")
    parser.add_argument("--large", action="store_true", help="also 10,000,000 rows (or BENCH_LARGE=1); slow")
    parser.add_argument("--market", action="store_true", help="the market file (three rows a gun), not a real book")
    args = parser.parse_args()
    sizes = [args.rows] + ([LARGE_ROWS] if large() and args.rows != LARGE_ROWS else [])
    setup_django()
    from traza.catalog.services import catalog_load

    with stopwatch() as watch:
        catalog_load()
    log(f"catalog loaded in {watch.seconds:.1f}s")
    with scratch_dir() as folder:
        for rows in sizes:
            measure(rows, folder, market=args.market)
    if len(sizes) == 2:
        small, big = (size_label(rows) for rows in sizes)
        for kind in ("ad", "purchases"):
            if (kind, big) in MEMORY:
                bench(f"import_{kind}_memory_{big}", max(MEMORY[kind, big]), "MB", max(MEMORY[kind, small]))


def measure(rows: int, folder: Path, *, market: bool) -> None:
    label = size_label(rows)
    reset_tables()
    path = folder / f"dispositions-{label}.csv"
    book = Market(rows) if market else DiverseBook(rows)
    with stopwatch() as watch:
        book.write(path)
    size = path.stat().st_size / 1e6
    log(f"{label}: wrote {path.name} ({size:.0f} MB, {book.gun_count:,} guns) in {watch.seconds:.1f}s")
    load_licensees(folder, book)

    first_copy = copy_baseline(path, rows, AD_TABLE)
    first = import_records("dispositions", path, rows, expect="created", label=label)
    second = import_records("dispositions", path, rows, expect="unchanged", label=label)
    edited = None
    if not market:
        changed = folder / f"dispositions-{label}-changed.csv"
        DiverseBook(rows, changed=0.01).write(changed)
        edited = import_records("dispositions", changed, rows, expect="updated", share=0.01, label=label)
        changed.unlink()
    second_copy = copy_baseline(path, rows, AD_TABLE)

    baseline = max(first_copy, second_copy)
    bench(f"import_ad_{label}", first, "rows/s", baseline)
    bench(f"import_ad_{label}_second", second, "rows/s", baseline)
    if edited is not None:
        bench(f"import_ad_{label}_changed_1pct", edited, "rows/s", baseline)
    path.unlink()
    if not market:
        measure_purchases(book, folder, label)


def measure_purchases(book: DiverseBook, folder: Path, label: str) -> None:
    """The purchase records of the book's retail sales: first load and re-load, against a COPY of the file."""
    path = folder / f"purchases-{label}.csv"
    with stopwatch() as watch:
        book.write(Path(os.devnull), purchases=path)
    with path.open(encoding="utf-8") as file:
        rows = sum(1 for _line in file) - 1
    log(f"{label}: wrote {path.name} ({path.stat().st_size / 1e6:.0f} MB, {rows:,} rows) in {watch.seconds:.1f}s")
    first_copy = copy_baseline(path, rows, PURCHASES_TABLE)
    first = import_records("purchases", path, rows, expect="created", label=label)
    second = import_records("purchases", path, rows, expect="unchanged", label=label)
    second_copy = copy_baseline(path, rows, PURCHASES_TABLE)
    baseline = max(first_copy, second_copy)
    bench(f"import_purchases_{label}", first, "rows/s", baseline)
    bench(f"import_purchases_{label}_second", second, "rows/s", baseline)
    path.unlink()


def reset_tables() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE industry_disposition, industry_purchase, industry_licensee, imports_importrowerror CASCADE"
        )
        cursor.execute(f"DROP TABLE IF EXISTS {BASELINE_TABLE}")


def load_licensees(folder: Path, market: Market | DiverseBook) -> None:
    from traza.imports.services import import_file

    path = folder / "licensees.csv"
    count = write_licensees(path, market.licensees)
    run = import_file(kind="licensees", path=path)
    assert run.rows_rejected == 0, f"{run.rows_rejected} licensees rejected"
    log(f"FFL list: {count} licensees")


def checkpoint() -> None:
    """Start each timed phase without the previous phase's dirty pages to write."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")


def copy_baseline(path: Path, rows: int, table: BaselineTable) -> float:
    from django.db import connection

    columns = table.columns.split(",")
    definitions = ", ".join(f"{c} {'date' if c in table.dates else 'text'}" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BASELINE_TABLE}")
        cursor.execute(f"CREATE TABLE {BASELINE_TABLE} (id bigserial PRIMARY KEY, {definitions})")
        cursor.execute(f"CREATE UNIQUE INDEX {BASELINE_TABLE}_key ON {BASELINE_TABLE} ({table.unique})")
        if table.indexed:
            cursor.execute(f"CREATE INDEX {BASELINE_TABLE}_index ON {BASELINE_TABLE} ({table.indexed})")
    checkpoint()
    with stopwatch() as watch, connection.cursor() as cursor:
        cursor.execute(f"COPY {BASELINE_TABLE} ({', '.join(columns)}) FROM %s WITH (FORMAT csv, HEADER)", [str(path)])
        copied = cursor.rowcount
    assert copied == rows, f"COPY loaded {copied} rows of {rows}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {BASELINE_TABLE}")
    log(f"baseline COPY: {rows:,} rows in {watch.seconds:.1f}s = {rows / watch.seconds:,.0f} rows/s")
    return rows / watch.seconds


def import_records(kind: str, path: Path, rows: int, *, expect: str, label: str, share: float = 1.0) -> float:
    """Import the file in-process; its rows a second (and its highest memory, kept in MEMORY under the book's size
    `label`)."""
    from traza.imports.services import import_file

    marks: list[float] = []

    def progress(run) -> None:
        marks.append(time.perf_counter())

    checkpoint()
    with PeakMemory() as memory, stopwatch() as watch:
        started = time.perf_counter()
        run = import_file(kind=kind, path=path, progress=progress)
    counts = f"{run.rows_created:,} created, {run.rows_updated:,} updated, {run.rows_unchanged:,} unchanged, "
    counts += f"{run.rows_rejected:,} rejected"
    assert run.status == "accepted" and run.rows_rejected == 0, counts
    assert getattr(run, f"rows_{expect}") == round(rows * share), counts
    opened = marks[0] - started if marks else 0.0
    log(
        f"import {kind} ({expect}): {rows:,} rows in {watch.seconds:.1f}s = {rows / watch.seconds:,.0f} rows/s "
        f"[first chunk merged after {opened:.1f}s, memory +{memory.grown_mb:,.0f} MB]; {counts}"
    )
    MEMORY.setdefault(("ad" if kind == "dispositions" else kind, label), []).append(memory.grown_mb)
    vacuum_analyze("industry_disposition" if kind == "dispositions" else "industry_purchase")
    return rows / watch.seconds


if __name__ == "__main__":
    sys.exit(main())

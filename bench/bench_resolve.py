"""Trace resolution throughput: `engine.resolve` against a hand-written recursive SQL query.

Loads the catalog, the FFL list, an A&D book of 1M rows (10M with BENCH_LARGE=1 or --large)
with the purchase records of its retail sales, and 100k trace requests imported through
`import_file(kind="trace-requests")`, which resolves them once (that first resolution is
timed too, and reported on standard error only). Then, on the same data:

  1. every trace is reset to `submitted` (steps, indicators and queries deleted) and
     `engine.resolve(ids)` is timed: the figure `resolve_<size>`, in traces/s;
  2. the baseline: one recursive CTE from each trace's maker record (no acquired_from) along
     serial_key + keeper = previous disposed_to, to the retail sale and its purchase, its rows
     written to a temporary table (the set-based equivalent of the steps the engine writes),
     planned as index look-ups (hash and merge joins and JIT off for that statement);
  3. `engine.resolve(ids)` again over traces already resolved: `resolve_<size>_again`;
  4. the baseline again; the faster of the two baseline runs is the one printed;
  5. a few partial serials (`AB?12?4`), resolved by the engine: `resolve_partial_<size>`,
     against the exact-serial figure of step 1 as its baseline.

One gun in three has its maker written another way (legal names with suffixes, abbreviations,
typos such as `RUGGER` or `SMITH & WESON`; see `world.SPELLINGS`), so the make matcher and its
memo are part of what is timed.

    python bench/bench_resolve.py [--rows N] [--traces N] [--large]
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

from harness import bench, large, log, scratch_dir, setup_django, size_label, stopwatch, vacuum_analyze
from world import TRACE_COLUMNS, Market, trace_rows, write_agencies, write_csv, write_licensees

LARGE_ROWS = 10_000_000
PARTIAL_TRACES = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=None, help="A&D rows (1,000,000; 10,000,000 with --large)")
    parser.add_argument("--traces", type=int, default=100_000, help="trace requests (100,000)")
    parser.add_argument("--large", action="store_true", help="10,000,000 A&D rows (or BENCH_LARGE=1); slow")
    args = parser.parse_args()
    rows = args.rows or (LARGE_ROWS if large() else 1_000_000)
    setup_django()
    with scratch_dir() as folder:
        run_id, agencies, market = load_world(folder, rows, args.traces)
        fresh = measure(run_id, size_label(rows))
        measure_partial(folder, market, agencies, size_label(rows), fresh)


def load_world(folder: Path, rows: int, traces: int) -> tuple[int, list[str], Market]:
    from traza.catalog.services import catalog_load

    catalog_load()
    market = Market(rows, trace_guns=traces)
    with stopwatch() as watch:
        market.write(folder / "dispositions.csv", folder / "purchases.csv")
    log(f"wrote {rows:,} A&D rows ({market.gun_count:,} guns) and their purchases in {watch.seconds:.1f}s")
    write_licensees(folder / "licensees.csv", market.licensees)
    agencies = write_agencies(folder / "agencies.csv")
    write_csv(folder / "traces.csv", TRACE_COLUMNS, trace_rows(market.guns, traces, 11, agencies))
    for kind, name in (
        ("agencies", "agencies.csv"),
        ("licensees", "licensees.csv"),
        ("dispositions", "dispositions.csv"),
        ("purchases", "purchases.csv"),
    ):
        import_timed(kind, folder / name)
        (folder / name).unlink()
    vacuum_analyze("industry_disposition", "industry_purchase", "industry_licensee")
    run = import_timed("trace-requests", folder / "traces.csv", time_resolution=True)
    return run.pk, agencies, market


def import_timed(kind: str, path: Path, *, time_resolution: bool = False):
    from traza.imports.services import import_file
    from traza.tracing import engine

    resolve = engine.resolve

    def timed_resolve(ids) -> int:
        with stopwatch() as watch:
            done = resolve(ids)
        rate = done / watch.seconds
        log(f"  first resolution (inside the import): {done:,} traces in {watch.seconds:.1f}s = {rate:,.0f} traces/s")
        return done

    if time_resolution:
        engine.resolve = timed_resolve
    try:
        with stopwatch() as watch:
            run = import_file(kind=kind, path=path)
    finally:
        engine.resolve = resolve
    assert run.status == "accepted", run.message
    log(
        f"imported {kind}: {run.rows_read:,} rows ({run.rows_created:,} created, {run.rows_rejected:,} rejected) "
        f"in {watch.seconds:.1f}s"
    )
    if run.rows_rejected:
        for error in run.row_errors.all()[:5]:
            log(f"  line {error.line} {error.column}: {error.text}")
    return run


def trace_ids(run_id: int) -> list[int]:
    from traza.tracing.models import Trace

    return list(Trace.objects.filter(import_run_id=run_id).values_list("id", flat=True))


def outcome_summary(ids: list[int]) -> Counter:
    from traza.tracing.models import Trace

    rows = Trace.objects.filter(id__in=ids).values_list("status", "status_reason")
    return Counter(f"{status}/{reason}" if reason else status for status, reason in rows)


def reset(run_id: int) -> None:
    """Back to `submitted`, as the import left them before resolving."""
    from django.db import connection

    traces = "SELECT id FROM tracing_trace WHERE import_run_id = %s"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM tracing_tracestep WHERE trace_id IN ({traces})", [run_id])
        cursor.execute(f"DELETE FROM tracing_traceindicator WHERE trace_id IN ({traces})", [run_id])
        cursor.execute(f"DELETE FROM industry_licenseequery WHERE trace_id IN ({traces})", [run_id])
        cursor.execute(
            "UPDATE tracing_trace SET status = 'submitted', status_reason = '', resolution_note = '', "
            "duplicate_of_id = NULL, first_licensee_rds = '', retail_licensee_rds = '', sale_date = NULL, "
            "purchase_id = NULL, resolved_at = NULL, completed_at = NULL WHERE import_run_id = %s",
            [run_id],
        )
    vacuum_analyze("tracing_trace", "tracing_tracestep", "tracing_traceindicator", "industry_licenseequery")


def engine_resolve(ids: list[int], what: str) -> float:
    from traza.tracing import engine

    with stopwatch() as watch:
        done = engine.resolve(ids)
    assert done == len(ids), f"resolved {done} of {len(ids)}"
    log(f"engine.resolve ({what}): {done:,} traces in {watch.seconds:.1f}s = {done / watch.seconds:,.0f} traces/s")
    return done / watch.seconds


BASELINE_SQL = """
CREATE TEMPORARY TABLE bench_baseline_steps AS
WITH RECURSIVE chain (trace_id, position, disposition_id, serial_key, keeper_rds, disposed_to_rds, transaction_ref) AS (
    SELECT t.id, 0, d.id, d.serial_key, d.keeper_rds, d.disposed_to_rds, d.transaction_ref
    FROM tracing_trace t
    JOIN industry_disposition d ON d.serial_key = t.serial_key AND d.acquired_from_rds = ''
    WHERE t.import_run_id = %s AND t.serial_key <> ''
  UNION ALL
    SELECT c.trace_id, c.position + 1, d.id, d.serial_key, d.keeper_rds, d.disposed_to_rds, d.transaction_ref
    FROM chain c
    JOIN industry_disposition d ON d.serial_key = c.serial_key AND d.keeper_rds = c.disposed_to_rds
    WHERE c.disposed_to_rds <> '' AND c.position < 8
)
SELECT c.trace_id, c.position, c.keeper_rds, c.disposition_id, p.id AS purchase_id
FROM chain c
LEFT JOIN industry_purchase p
    ON c.disposed_to_rds = '' AND c.transaction_ref <> ''
    AND p.licensee_rds = c.keeper_rds AND p.transaction_ref = c.transaction_ref
"""


def sql_baseline(run_id: int, traces: int) -> float:
    """The hops as one statement, planned as written: index look-ups along the chain, no JIT.

    Left alone, the planner hashes the whole A&D table once per hop (its estimate of the recursive
    term is far too high), and JIT compilation adds a second or more.
    """
    from django.db import connection, transaction

    with stopwatch() as watch, transaction.atomic(), connection.cursor() as cursor:
        for setting in ("jit", "enable_hashjoin", "enable_mergejoin"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(BASELINE_SQL, [run_id])
        steps = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT trace_id) FROM bench_baseline_steps WHERE purchase_id IS NOT NULL")
        (purchasers,) = cursor.fetchone()
        cursor.execute("DROP TABLE bench_baseline_steps")
    log(
        f"baseline SQL: {traces:,} traces ({steps:,} steps, {purchasers:,} reaching a purchaser) in "
        f"{watch.seconds:.1f}s = {traces / watch.seconds:,.0f} traces/s"
    )
    return traces / watch.seconds


def measure(run_id: int, label: str) -> float:
    ids = trace_ids(run_id)
    first = outcome_summary(ids)
    log(f"outcomes: {dict(first.most_common())}")
    reset(run_id)
    fresh = engine_resolve(ids, "fresh, from submitted")
    assert outcome_summary(ids) == first, "a second resolution of the same data gave other outcomes"
    baseline = sql_baseline(run_id, len(ids))
    again = engine_resolve(ids, "again, over resolved traces")
    baseline = max(baseline, sql_baseline(run_id, len(ids)))
    bench(f"resolve_{label}", fresh, "traces/s", baseline)
    bench(f"resolve_{label}_again", again, "traces/s", baseline)
    return fresh


def measure_partial(folder: Path, market: Market, agencies: list[str], label: str, exact: float) -> None:
    """Partial serials: each is a pattern, not a key the serial index can find."""
    rows = trace_rows(market.guns[-PARTIAL_TRACES:], PARTIAL_TRACES, 13, agencies, prefix="PARTIAL")
    for row in rows:
        serial = row[8] or market.guns[0].serial
        row[8] = "".join("?" if i in (1, 4) else c for i, c in enumerate(serial.replace(" ", "").upper()))
        row[9] = "partial"
    write_csv(folder / "partial.csv", TRACE_COLUMNS, rows)
    run = import_timed("trace-requests", folder / "partial.csv")
    ids = trace_ids(run.pk)
    reset(run.pk)
    figure = engine_resolve(ids, f"{len(ids)} partial serials")
    log(f"partial outcomes: {dict(outcome_summary(ids).most_common())}")
    bench(f"resolve_partial_{label}", figure, "traces/s", exact)


if __name__ == "__main__":
    sys.exit(main())

"""The markings review queue at scale: grouping the unresolved spellings, and mapping one.

Fills the A&D table with 1M rows (10M with BENCH_LARGE=1 or --large) straight in SQL, one row in
fifty written in one of 1,000 spellings no catalog knows (`TALLER 17`, `Taller 17.`…), plus 10,000
traces waiting on those spellings. Then, on the same data:

  1. `unresolved_spellings` (every kind of record, folded by the catalog's make key): the figure
     `markings_queue_<size>`, in seconds, against the baseline of the one GROUP BY over the A&D
     table that any such page needs;
  2. the same without the partial indexes that the A&D table keeps on its unresolved manufacturer
     and importer texts (`markings_queue_<size>_without_partial_index`, against step 1's time: what
     the indexes save);
  3. `spelling_resolve` for one spelling (its A&D rows and traces pointed at the make, the traces
     resolved again): `markings_map_<size>`, against the baseline of the two plain UPDATEs of the
     rows written exactly as the bench wrote them, and the engine on the traces they return.

    python bench/bench_markings.py [--rows N] [--large]
"""

import argparse

from harness import bench, large, log, setup_django, size_label, stopwatch, vacuum_analyze

LARGE_ROWS = 10_000_000
SPELLINGS = 1_000
TRACES = 10_000
DISPOSITIONS = "industry_disposition"
FILL = """
INSERT INTO industry_disposition (
    import_run_id, line, keeper_rds, record_id, keeper_license, serial_number, serial_key, manufacturer, make_id,
    importer, model, caliber, firearm_type, country_of_origin, acquisition_date, acquired_from_license,
    acquired_from_rds, acquired_from_name, disposition_type, disposed_to_license, disposed_to_rds,
    disposed_to_name, transaction_ref
)
SELECT 1, g, '15615352', g::text, '1-56-157-07-6K-15352', 'B' || g, 'B' || g,
       CASE WHEN g % 50 = 0 THEN (ARRAY['TALLER ', 'Taller ', 'taller. '])[1 + g % 3] || (g / 50) % {spellings}
            ELSE 'Ruger' END,
       CASE WHEN g % 50 = 0 THEN NULL ELSE {ruger} END,
       '', '', '9mm', 'pistol', '', DATE '2015-01-01' + (g % 3000), '', '', '', '', '', '', '', ''
FROM generate_series(1, {rows}) AS g
"""
PARTIAL_INDEXES = ("disposition_unknown_make", "disposition_unknown_importer")
BASELINE_QUEUE = (
    "SELECT manufacturer, count(*), min(acquisition_date), max(acquisition_date) FROM industry_disposition"
    " WHERE make_id IS NULL GROUP BY manufacturer"
)
BASELINE_MAP = "UPDATE industry_disposition SET make_id = %s WHERE manufacturer = ANY(%s) AND make_id IS NULL"
BASELINE_MAP_TRACES = (
    "UPDATE tracing_trace SET make_id = %s, make_basis = 'alias', make_confidence = 1"
    " WHERE manufacturer = ANY(%s) AND make_id IS NULL RETURNING id"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=None, help="A&D rows (1,000,000; 10,000,000 with --large)")
    parser.add_argument("--large", action="store_true", help="10,000,000 A&D rows (or BENCH_LARGE=1); slow")
    args = parser.parse_args()
    rows = args.rows or (LARGE_ROWS if large() else 1_000_000)
    setup_django()
    fill(rows)
    label = size_label(rows)
    queue = measure_queue(label)
    with sql_cursor() as cursor:
        for index in PARTIAL_INDEXES:
            cursor.execute(f"DROP INDEX {index}")
    vacuum_analyze(DISPOSITIONS)
    measure_queue(label, suffix="_without_partial_index", base=queue)
    measure_map(label)


def sql_cursor():
    from django.db import connection

    return connection.cursor()


def fill(rows: int) -> None:
    from traza.catalog.models import Make
    from traza.catalog.services import catalog_load

    log("loading the catalog")
    catalog_load()
    ruger = Make.objects.get(name="Ruger").pk
    log(f"writing {rows:,} A&D rows, one in fifty in one of {SPELLINGS:,} unknown spellings")
    with sql_cursor() as cursor:
        cursor.execute(FILL.format(rows=int(rows), ruger=int(ruger), spellings=SPELLINGS))
    log(f"writing {TRACES:,} traces waiting on those spellings")
    waiting_traces()
    vacuum_analyze(DISPOSITIONS, "tracing_trace")


def waiting_traces() -> None:
    from datetime import date

    from traza.agencies.models import Agency
    from traza.tracing.models import Trace

    agency = Agency.objects.create(code="BENCH0001", name="Bench", country_id="MX", level="state", kind="police")
    traces = [
        Trace(
            agency=agency,
            request_ref=f"B-{n}",
            channel=Trace.Channel.FILE,
            recovery_date=date(2024, 1, 1),
            recovery_country="MX",
            serial_number=f"B{n * 50}",
            serial_key=f"B{n * 50}",
            manufacturer=f"Taller {n % SPELLINGS}",
        )
        for n in range(1, TRACES + 1)
    ]
    Trace.objects.bulk_create(traces, batch_size=5000)


def baseline(sql: str) -> float:
    """The faster of two runs of one plain statement."""
    best = float("inf")
    for _run in range(2):
        with sql_cursor() as cursor, stopwatch() as watch:
            cursor.execute(sql)
            cursor.fetchall()
        best = min(best, watch.seconds)
    return best


def baseline_map(make_id: int, texts: list[str]) -> float:
    """The faster of two runs (rolled back) of the two UPDATEs a mapping needs and the engine on its traces."""
    from django.db import transaction

    from traza.tracing import engine

    best = float("inf")
    for _run in range(2):
        with transaction.atomic(), sql_cursor() as cursor, stopwatch() as watch:
            cursor.execute(BASELINE_MAP, [make_id, texts])
            cursor.execute(BASELINE_MAP_TRACES, [make_id, texts])
            engine.resolve([row[0] for row in cursor.fetchall()])
            transaction.set_rollback(True)
        best = min(best, watch.seconds)
    return best


def measure_queue(label: str, *, suffix: str = "", base: float | None = None) -> float:
    """Time the queue's grouping; return it. Its baseline is the plain GROUP BY, or `base` when given."""
    from traza.catalog.lookup import CatalogIndex
    from traza.catalog.review import unresolved_spellings

    base = baseline(BASELINE_QUEUE) if base is None else base
    catalog = CatalogIndex.load()
    with stopwatch() as watch:
        found = unresolved_spellings(catalog=catalog)
    log(f"{len(found):,} spellings, the first waited on by {found[0].waiting:,} traces")
    bench(f"markings_queue_{label}{suffix}", watch.seconds, "s", base)
    return watch.seconds


def measure_map(label: str) -> None:
    from traza.catalog.keys import make_key
    from traza.catalog.models import Make, MakeAlias
    from traza.catalog.review import spelling_resolve

    texts = ["TALLER 7", "Taller 7", "taller. 7"]
    make = Make.objects.get(name="Colt")
    base = baseline_map(make.pk, texts)
    alias = MakeAlias.objects.create(make=make, key=make_key("Taller 7"), name="Taller 7", source="analyst")
    with stopwatch() as watch:
        changed = spelling_resolve(alias=alias)
    log(f"changed {changed}")
    bench(f"markings_map_{label}", watch.seconds, "s", base)


if __name__ == "__main__":
    main()

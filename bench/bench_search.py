"""Case search at 1M traces: any part of a serial, as an officer types it, through the list's own filter.

Writes 1,000,000 traces (COPY) with serials in makers' styles (bench/world.py), then runs 200 searches for
parts of 4 to 7 characters of serials that exist (the start, the middle, the digits alone) through
`TraceFilter` — the code behind the web list, its CSV and the API — counting and fetching the first page of
50 as the list does. Baseline, in the same run and on the same server: the same queries with index scans
turned off (the sequential scan a search without the trigram index does).

    BENCH serial_search_1m <median ms> ms baseline=<median ms, sequential scan> ratio=…

    python bench/bench_search.py [--traces 1000000] [--searches 200]     (through bench/run)
"""

import argparse
import random
import statistics
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import bench, log, setup_django, size_label, stopwatch, vacuum_analyze  # noqa: E402
from world import serial_for  # noqa: E402

STYLES = ("ruger", "letters3", "letters4", "letters2", "prefix", "suffix", "digits")
START = date(2015, 1, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--traces", type=int, default=1_000_000)
    parser.add_argument("--searches", type=int, default=200)
    args = parser.parse_args()
    setup_django()
    rng = random.Random(1775807)
    from traza.catalog.services import catalog_load

    catalog_load()
    serials = write_traces(rng, args.traces)
    parts = [part_of(rng, serials[rng.randrange(len(serials))]) for _ in range(args.searches)]
    indexed = [search(part) for part in parts]
    scanned = [search(part, scan=True) for part in parts]
    bench(
        f"serial_search_{size_label(args.traces)}",
        statistics.median(indexed),
        "ms",
        statistics.median(scanned),
        note=f"p95={p95(indexed):.1f}ms searches={len(parts)}",
    )


def write_traces(rng: random.Random, size: int) -> list[str]:
    from traza.agencies.models import Agency
    from traza.core.bulk import insert_rows
    from traza.core.values import serial_key
    from traza.tracing.models import Trace

    with stopwatch() as watch:
        Agency.objects.bulk_create(
            [
                Agency(code=f"BENCH{n:03d}", name=f"Bench agency {n}", country_id="MX", region_id="MX-SIN")
                for n in range(50)
            ]
        )
        agencies = list(Agency.objects.filter(code__startswith="BENCH").values_list("pk", flat=True))
        fields = {f.column: f for f in Trace._meta.concrete_fields if not f.primary_key}
        columns = list(fields)
        defaults = {name: (None if f.null else f.get_default()) for name, f in fields.items()}
        serials: list[str] = []

        def rows():
            for n in range(size):
                serial = serial_for(STYLES[n % len(STYLES)], n // len(STYLES))
                serials.append(serial)
                moment = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=n)
                row = {
                    **defaults,
                    "agency_id": agencies[n % len(agencies)],
                    "request_ref": f"S-{n}",
                    "channel": "file",
                    "status": "completed_dealer",
                    "recovery_date": START + timedelta(days=rng.randrange(3000)),
                    "recovery_country": "MX",
                    "serial_number": serial,
                    "serial_key": serial_key(serial),
                    "manufacturer": "BENCH",
                    "created_at": moment,
                    "submitted_at": moment,
                }
                yield [row[c] for c in columns]

        insert_rows(Trace._meta.db_table, columns, rows())
        vacuum_analyze(Trace._meta.db_table)
    log(f"{size:,} traces written in {watch.seconds:.1f}s")
    return serials


def part_of(rng: random.Random, serial: str) -> str:
    """What an officer types: the start, a middle part or the last digits, 4 to 7 characters as compared (dashes
    and spaces do not count), sometimes lower case."""
    from traza.core.values import serial_key

    while True:
        length = min(len(serial), rng.randint(4, 8))
        start = rng.choice((0, rng.randrange(len(serial) - length + 1), len(serial) - length))
        part = serial[start : start + length]
        if len(serial_key(part)) >= 4:
            return part.lower() if rng.random() < 0.3 else part


def search(part: str, *, scan: bool = False) -> float:
    """Milliseconds to count the matches and read the first page of 50, as the list does."""
    from django.db import connection, transaction

    from traza.tracing.filters import TraceListFilter
    from traza.tracing.models import Trace

    with transaction.atomic(), connection.cursor() as cursor:
        if scan:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        with stopwatch() as watch:
            traces = TraceListFilter({"serial": part}).apply(Trace.objects.all())
            count = traces.count()
            list(traces[:50].values_list("id", "serial_number"))
    if count == 0:
        raise SystemExit(f"no trace found for a part of an existing serial: {part!r}")
    return watch.seconds * 1000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


if __name__ == "__main__":
    main()

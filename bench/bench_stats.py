"""Statistics: every dashboard call at 1M traces and 1M seized guns, against the same figures from the raw tables.

Generates (and says so) a country's worth of rows written straight into the tables with COPY: 300
agencies of three levels in 12 Mexican states, recoveries spread over three years, statuses mixed
as the engine leaves them (about half traced to a US retail dealer in one of 15 states, with a sale
date), makes and calibres from the catalog, a quarter submitted by a designated agency, a policy
change half-way; 1M seized guns of the same agencies, a third of them traced by serial. Then:

  1. `facts_refresh_all()` builds the facts (reported on standard error);
  2. `stats_dashboard_<size>`: the 95th percentile of the time of every chart call a dashboard makes
     (each `measure()` behind CHARTS, for a country's scope and an agency's, unfiltered and with a
     state and a year), against the same figures computed from the raw tables with hand-written SQL
     (traces joined to agencies, licensees and the policy history; seizures matched to traces);
  3. `stats_refresh_after_100k`: 100k traces change status (as resolution batches would) and
     `facts_refresh_traces` brings the facts up to date, against the bare UPDATE of those rows;
     and what a batch of 1,000 adds to the engine's batch (standard error).

    python bench/bench_stats.py [--traces N] [--runs N]

At 1M on 2 cores: about 2 minutes to write the rows, 1 to build the facts, 50 s a run of the 129 chart calls
(its charts for two scopes and three filters), half a minute to refresh; `--runs 20` for 20 runs of
each call (about 20 minutes).

Through bench/run it runs on PostgreSQL. `--sqlite` runs it on the SQLite database of DATABASE_URL (or
the default one in TRAZA_DATA_DIR, migrated first), e.g. `--sqlite --traces 100000`; SQLite has no
percentile, so there the raw-table baseline takes averages instead of medians (less work than ours).
"""

import argparse
import random
import re
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from harness import bench, log, setup_django, size_label, stopwatch, vacuum_analyze

STATES = [
    "MX-SIN",
    "MX-SON",
    "MX-CHH",
    "MX-BCN",
    "MX-TAM",
    "MX-JAL",
    "MX-MIC",
    "MX-GRO",
    "MX-CMX",
    "MX-NLE",
    "MX-ZAC",
    "MX-COA",
]
SOURCE_STATES = ["TX", "AZ", "CA", "NM", "FL", "NV", "GA", "IL", "CO", "OK", "WA", "OR", "UT", "LA", "NC"]
STATUSES = [
    ("completed_purchaser", 40),
    ("completed_dealer", 12),
    ("not_traced", 20),
    ("in_progress", 18),
    ("traced_foreign", 6),
    ("duplicate", 2),
    ("rejected", 2),
]
START = date(2023, 1, 1)
DAYS = 3 * 365


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--traces", type=int, default=1_000_000, help="traces and seized guns (1,000,000 each)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each dashboard call (3: about 6 minutes at 1M)")
    parser.add_argument("--sqlite", action="store_true", help="run on SQLite (see above)")
    args = parser.parse_args()
    setup_django(sqlite=args.sqlite)
    rng = random.Random(1968)
    from traza.catalog.services import catalog_load
    from traza.stats.refresh import facts_refresh_all

    catalog_load()
    world = write_world(rng, args.traces)
    with stopwatch() as watch:
        traces, seized = facts_refresh_all()
    log(f"facts built: {traces:,} traces and {seized:,} seized guns in {watch.seconds:.1f}s")
    vacuum_analyze("stats_tracefact", "stats_seizurefact")
    dashboard(world, args.traces, args.runs)
    refresh_after(rng, args.traces)


# The world ---------------------------------------------------------------------------------------------------


def write_world(rng: random.Random, size: int) -> dict:
    from django.db import connection

    from traza.agencies.models import AccessPolicy, Agency
    from traza.catalog.models import Caliber, CrimeCode, Make, Municipality
    from traza.core.bulk import insert_rows
    from traza.imports.models import ImportRun
    from traza.industry.models import Licensee
    from traza.tracing.models import Seizure, Trace

    with stopwatch() as watch:
        municipalities = {
            state: list(Municipality.objects.filter(region_id=state).values_list("pk", flat=True)) for state in STATES
        }
        agencies = []
        for n in range(300):
            state = STATES[n % len(STATES)]
            level = ("municipal", "state", "federal")[n % 3]
            agencies.append(
                Agency(
                    code=f"BENCH{n:04d}",
                    name=f"Bench agency {n}",
                    country_id="MX",
                    level=level,
                    kind="police",
                    region_id=state,
                    designated=(n % 10 == 0),
                )
            )
        Agency.objects.bulk_create(agencies)
        agencies = list(Agency.objects.filter(code__startswith="BENCH").values_list("pk", "region_id"))
        designated = [pk for pk, _region in agencies[::10]]
        licensees = [
            Licensee(
                rds_key=f"9{n:07d}",
                region="9",
                district="99",
                sequence=f"{n:05d}",
                license_name=f"BENCH DEALER {n}",
                premise_state=SOURCE_STATES[n % len(SOURCE_STATES)],
            )
            for n in range(2000)
        ]
        Licensee.objects.bulk_create(licensees)
        AccessPolicy.objects.create(country_id="MX", policy="central", effective_at=_moment(START))
        AccessPolicy.objects.create(country_id="MX", policy="distributed", effective_at=_moment(START + timedelta(540)))
        makes = list(Make.objects.filter(source=Make.Source.CATALOG).values_list("pk", flat=True)[:80]) or list(
            Make.objects.values_list("pk", flat=True)[:80]
        )
        calibers = list(Caliber.objects.values_list("pk", flat=True)[:40])
        crimes = list(CrimeCode.objects.values_list("code", flat=True)[:30])
        statuses = [s for s, weight in STATUSES for _ in range(weight)]
        run = ImportRun.objects.create(kind="seizures", file_name="bench.csv", status=ImportRun.Status.ACCEPTED)
        trace_fields = {
            "agency_id",
            "submitting_agency_id",
            "request_ref",
            "channel",
            "status",
            "recovery_date",
            "recovery_country",
            "recovery_region_id",
            "recovery_municipality_id",
            "crime_code_id",
            "serial_number",
            "serial_key",
            "manufacturer",
            "make_id",
            "caliber_ref_id",
            "firearm_type",
            "created_at",
            "submitted_at",
            "completed_at",
            "retail_licensee_rds",
            "sale_date",
            "latitude",
            "longitude",
        }
        columns, defaults = _columns(Trace, trace_fields)

        def traces():
            for n in range(size):
                agency, region = agencies[rng.randrange(len(agencies))]
                recovered = START + timedelta(days=rng.randrange(DAYS))
                submitted = _moment(recovered + timedelta(days=int(rng.expovariate(1 / 20))))
                status = statuses[rng.randrange(len(statuses))]
                sold = status in ("completed_purchaser", "completed_dealer") or (status == "not_traced" and n % 5 == 0)
                municipality = (
                    municipalities[region][n % len(municipalities[region])] if municipalities[region] else None
                )
                row = {
                    "agency_id": agency,
                    "submitting_agency_id": designated[n % len(designated)] if n % 4 == 0 else None,
                    "request_ref": f"B-{n}",
                    "channel": "file",
                    "status": status,
                    "recovery_date": recovered,
                    "recovery_country": "MX",
                    "recovery_region_id": region,
                    "recovery_municipality_id": municipality,
                    "crime_code_id": crimes[n % len(crimes)],
                    "serial_number": f"BX{n:08d}",
                    "serial_key": f"BX{n:08d}",
                    "manufacturer": "BENCH",
                    "make_id": makes[n % len(makes)],
                    "caliber_ref_id": calibers[n % len(calibers)],
                    "firearm_type": ("pistol", "rifle", "revolver", "shotgun")[n % 4],
                    "created_at": submitted,
                    "submitted_at": submitted,
                    "completed_at": submitted + timedelta(hours=rng.randrange(1, 400))
                    if status != "in_progress"
                    else None,
                    "retail_licensee_rds": f"9{rng.randrange(2000):07d}" if sold else "",
                    "sale_date": recovered - timedelta(days=rng.randrange(20, 4000)) if sold else None,
                    "latitude": None,
                    "longitude": None,
                }
                yield [row[c] if c in row else defaults[c] for c in columns]

        insert_rows(Trace._meta.db_table, columns, traces())
        seizure_fields = {
            "import_run_id",
            "line",
            "agency_id",
            "seizure_ref",
            "item_no",
            "seizure_date",
            "country",
            "region_id",
            "municipality_id",
            "serial_number",
            "serial_key",
            "manufacturer",
            "make_id",
            "firearm_type",
        }
        seizure_columns, seizure_defaults = _columns(Seizure, seizure_fields)
        first_trace = Trace.objects.order_by("pk").values_list("pk", flat=True).first()

        def seizures():
            for n in range(size):
                traced = n % 3 == 0  # a third are the serials of traces of the same agency
                if traced:  # the same seizure as the trace: its agency, its day
                    trace = first_trace + rng.randrange(size)
                    agency, region, seized_on = _trace_agency(trace)
                    serial = f"BX{trace - first_trace:08d}"
                else:
                    agency, region = agencies[rng.randrange(len(agencies))]
                    serial, seized_on = f"SZ{n:08d}", START + timedelta(days=rng.randrange(DAYS))
                row = {
                    "import_run_id": run.pk,
                    "line": n + 2,
                    "agency_id": agency,
                    "seizure_ref": f"F-{n // 4}",
                    "item_no": str(n % 4 + 1),
                    "seizure_date": seized_on,
                    "country": "MX",
                    "region_id": region,
                    "municipality_id": None,
                    "serial_number": serial,
                    "serial_key": serial,
                    "manufacturer": "BENCH",
                    "make_id": makes[n % len(makes)],
                    "firearm_type": "pistol",
                }
                yield [row[c] if c in row else seizure_defaults[c] for c in seizure_columns]

        trace_agencies = {
            pk: (agency, day)
            for pk, agency, day in Trace.objects.values_list("pk", "agency_id", "recovery_date").iterator(
                chunk_size=50_000
            )
        }
        regions = dict(agencies)

        def _trace_agency(trace: int):
            agency, day = trace_agencies[trace]
            return agency, regions[agency], day

        insert_rows(Seizure._meta.db_table, seizure_columns, seizures())
    vacuum_analyze("tracing_trace", "tracing_seizure", "agencies_agency", "industry_licensee")
    log(f"wrote {size:,} traces and {size:,} seized guns (generated, COPY) in {watch.seconds:.1f}s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM agencies_agency WHERE code = 'BENCH0000'")
        agency = cursor.fetchone()[0]
    return {"agency": agency}


def _columns(model, given: set[str]) -> tuple[list[str], dict]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    defaults = {f.column: (None if f.null else f.get_default()) for f in fields if f.column not in given}
    return columns, defaults


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, tzinfo=UTC)


# The dashboard -------------------------------------------------------------------------------------------------


def dashboard(world: dict, size: int, runs: int) -> None:
    from traza.stats.dashboard import CHARTS
    from traza.stats.measures import Filters
    from traza.stats.scopes import AGENCY, COUNTRY, Scope

    scopes = [Scope(COUNTRY, country="MX"), Scope(AGENCY, country="MX", agency_id=world["agency"])]
    filters = [Filters(), Filters(region="MX-SIN"), Filters(start=date(2024, 1, 1), end=date(2024, 12, 31))]
    ours, slowest = [], ("", 0.0)
    for _run in range(runs):
        for scope in scopes:
            for chosen in filters:
                for chart in CHARTS:
                    if not chart.shown_to(scope):
                        continue
                    started = time.perf_counter()
                    chart.compute(scope, chosen)
                    seconds = time.perf_counter() - started
                    ours.append(seconds)
                    if seconds > slowest[1]:
                        slowest = (f"{chart.key}/{scope.name}", seconds)
    raw = [seconds for _run in range(runs) for seconds in raw_dashboard(world)]
    ours_p95, raw_p95 = _p95(ours) * 1000, _p95(raw) * 1000
    log(
        f"dashboard calls: {len(ours)}, median {statistics.median(ours) * 1000:.0f} ms, p95 {ours_p95:.0f} ms, "
        f"slowest {slowest[0]} {slowest[1] * 1000:.0f} ms; raw-table SQL p95 {raw_p95:.0f} ms"
    )
    from django.db import connection

    suffix = "" if connection.vendor == "postgresql" else f"_{connection.vendor}"
    bench(
        f"stats_dashboard_{size_label(size)}{suffix}",
        ours_p95,
        "ms_p95",
        raw_p95,
        note="(each chart call of a dashboard; baseline: the same figures from the raw tables)",
    )


RAW = {
    "traces by month and status": """
        SELECT date_trunc('month', t.recovery_date), t.status, count(*) FROM tracing_trace t
        WHERE t.recovery_country = 'MX' {where} GROUP BY 1, 2""",
    "completion and days by month": """
        SELECT date_trunc('month', t.recovery_date), count(*),
               count(*) FILTER (WHERE t.status IN ('completed_purchaser','completed_dealer','traced_foreign')),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.completed_at - t.submitted_at)),
               percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM t.completed_at - t.submitted_at))
        FROM tracing_trace t WHERE t.recovery_country = 'MX' {where} GROUP BY 1""",
    "time-to-crime": """
        SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY t.recovery_date - t.sale_date)
        FROM tracing_trace t WHERE t.recovery_country = 'MX' AND t.sale_date IS NOT NULL {where}""",
    "source states": """
        SELECT l.premise_state, count(*) FROM tracing_trace t
        JOIN industry_licensee l ON l.rds_key = t.retail_licensee_rds
        WHERE t.recovery_country = 'MX' {where} GROUP BY 1""",
    "flows": """
        SELECT l.premise_state, t.recovery_region_id, count(*) FROM tracing_trace t
        JOIN industry_licensee l ON l.rds_key = t.retail_licensee_rds
        WHERE t.recovery_country = 'MX' {where} GROUP BY 1, 2""",
    "lag by level and policy": """
        SELECT a.level, (SELECT p.policy FROM agencies_accesspolicy p WHERE p.country_id = a.country_id
                         AND p.effective_at <= t.submitted_at ORDER BY p.effective_at DESC LIMIT 1),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY t.submitted_at::date - t.recovery_date)
        FROM tracing_trace t JOIN agencies_agency a ON a.id = t.agency_id
        WHERE t.recovery_country = 'MX' {where} GROUP BY 1, 2""",
    "top makes": """
        SELECT t.make_id, count(*) FROM tracing_trace t WHERE t.recovery_country = 'MX' {where}
        GROUP BY 1 ORDER BY 2 DESC LIMIT 10""",
    "coverage by agency": """
        SELECT s.agency_id, count(*), count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM tracing_trace t WHERE t.agency_id = s.agency_id AND t.serial_key = s.serial_key))
        FROM tracing_seizure s WHERE s.country = 'MX' {seizure_where} GROUP BY 1""",
}


def _sqlite(sql: str) -> str:
    """The same statement in SQLite's dialect (no date_trunc, no percentile: an average instead)."""
    sql = sql.replace("date_trunc('month', t.recovery_date)", "strftime('%Y-%m', t.recovery_date)")
    sql = sql.replace(
        "extract(epoch FROM t.completed_at - t.submitted_at)", "julianday(t.completed_at) - julianday(t.submitted_at)"
    )
    sql = sql.replace("t.recovery_date - t.sale_date", "julianday(t.recovery_date) - julianday(t.sale_date)")
    sql = sql.replace(
        "t.submitted_at::date - t.recovery_date", "julianday(date(t.submitted_at)) - julianday(t.recovery_date)"
    )
    return re.sub(r"percentile_cont\(0\.\d\) WITHIN GROUP \(ORDER BY (.*?)\)(,?)\n", r"avg(\1)\2\n", sql)


def raw_dashboard(world: dict) -> list[float]:
    from django.db import connection

    dialect = (lambda sql: sql) if connection.vendor == "postgresql" else _sqlite

    timings = []
    conditions = [
        ("", ""),
        ("AND t.recovery_region_id = 'MX-SIN'", "AND s.region_id = 'MX-SIN'"),
        (f"AND t.agency_id = {world['agency']}", f"AND s.agency_id = {world['agency']}"),
    ]
    with connection.cursor() as cursor:
        for where, seizure_where in conditions:
            for sql in RAW.values():
                started = time.perf_counter()
                cursor.execute(dialect(sql).format(where=where, seizure_where=seizure_where))
                cursor.fetchall()
                timings.append(time.perf_counter() - started)
    return timings


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


# Keeping the facts up to date ---------------------------------------------------------------------------------


def refresh_after(rng: random.Random, size: int) -> None:
    from django.db import connection

    from traza.stats.refresh import facts_refresh_traces
    from traza.tracing.models import Trace

    ids = list(Trace.objects.order_by("pk").values_list("pk", flat=True)[: min(100_000, size)])
    with connection.cursor() as cursor, stopwatch() as plain:
        cursor.execute(
            "UPDATE tracing_trace SET status = 'completed_dealer' WHERE id BETWEEN %s AND %s", [ids[0], ids[-1]]
        )
    with stopwatch() as watch:
        for start in range(0, len(ids), 1000):
            facts_refresh_traces(ids[start : start + 1000])
    batch = ids[:1000]
    with stopwatch() as one:
        facts_refresh_traces(batch)
    log(f"facts of a resolution batch of 1,000 traces: {one.seconds * 1000:.0f} ms")
    bench(
        f"stats_refresh_after_{size_label(len(ids))}",
        watch.seconds,
        "s",
        plain.seconds,
        note="(facts of 100k changed traces, in batches of 1,000 as the engine writes them; baseline: the bare UPDATE)",
    )


if __name__ == "__main__":
    main()

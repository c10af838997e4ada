"""What every benchmark script shares: Django set up against DATABASE_URL, progress, timing, BENCH lines.

Figures go to standard output as `BENCH <name> <figure> <unit> baseline=<figure> ratio=<figure/baseline>`;
everything else goes to standard error. The machine is shared and noisy: a figure means something
only against the baseline measured in the same run.
"""

import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

STARTED = time.monotonic()


def setup_django(*, sqlite: bool = False) -> None:
    """Settings as in production (no query log), the database from DATABASE_URL (SQLite only if `sqlite`)."""
    if not sqlite and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("This benchmark needs PostgreSQL: run it through bench/run (or scripts/with-postgres).")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("TRAZA_TESTING", "true")
    os.environ.setdefault("TRAZA_ENV_FILE", "/dev/null")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "traza.settings")
    import django

    django.setup()
    import logging

    logging.getLogger("traza").setLevel(logging.WARNING)


def log(message: str) -> None:
    elapsed = time.monotonic() - STARTED
    print(f"[{elapsed:7.1f}s] {message}", file=sys.stderr, flush=True)


def bench(name: str, figure: float, unit: str, baseline: float, *, note: str = "") -> None:
    """Print one figure with its baseline and the ratio figure/baseline."""
    ratio = figure / baseline if baseline else float("nan")
    line = f"BENCH {name} {_number(figure)} {unit} baseline={_number(baseline)} ratio={ratio:.3g}"
    print(line + (f" {note}" if note else ""), flush=True)


def _number(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.4g}"


@contextmanager
def stopwatch():
    """`with stopwatch() as watch: ...` then `watch.seconds`."""

    class Watch:
        seconds = 0.0

    watch = Watch()
    start = time.perf_counter()
    try:
        yield watch
    finally:
        watch.seconds = time.perf_counter() - start


@contextmanager
def scratch_dir():
    """A temporary folder for generated files, readable by the PostgreSQL server (for COPY FROM a file)."""
    path = Path(tempfile.mkdtemp(prefix="traza-bench-data."))
    try:
        path.chmod(0o755)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def size_label(rows: int) -> str:
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}m"
    if rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


def large() -> bool:
    return os.environ.get("BENCH_LARGE", "") not in ("", "0", "false", "no") or "--large" in sys.argv


def vacuum_analyze(*tables: str) -> None:
    """VACUUM ANALYZE these tables (ANALYZE on SQLite); every table when none is named."""
    from django.db import connection

    with connection.cursor() as cursor:
        if not tables and connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        for table in tables:
            verb = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
            cursor.execute(f"{verb} {connection.ops.quote_name(table)}")

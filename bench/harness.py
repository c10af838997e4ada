"""What every benchmark script shares: Django set up against DATABASE_URL, progress, timing, BENCH lines.

Figures go to standard output as `BENCH <name> <figure> <unit> baseline=<figure> ratio=<figure/baseline>`;
everything else goes to standard error. The machine is shared and noisy: a figure means something
only against the baseline measured in the same run.
"""

import ctypes
import gc
import os
import shutil
import sys
import tempfile
import threading
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


class PeakMemory:
    """`with PeakMemory() as memory:` then `memory.grown_mb`: how far the process's resident memory rose above what
    it was at the start, at its highest while the block ran (sampled every 20 ms by a thread). Memory freed before
    the block is handed back to the system first (a collection, then glibc's `malloc_trim`), so the start is low."""

    INTERVAL = 0.02

    def __enter__(self) -> "PeakMemory":
        gc.collect()
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc: the start may be a little higher
            pass
        self.start = self.peak = _resident()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, _resident())

    def _sample(self) -> None:
        while not self._done.wait(self.INTERVAL):
            self.peak = max(self.peak, _resident())

    @property
    def grown_mb(self) -> float:
        return (self.peak - self.start) / 2**20


def _resident() -> int:
    """The process's resident memory in bytes (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


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

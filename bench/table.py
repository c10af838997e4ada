"""The benchmarks' BENCH lines as the README's table, so the two can be compared row by row.

    python bench/table.py [FILE...]     the table of the BENCH lines in FILEs (standard input without FILE)
    python bench/table.py --measured    the line bench/run writes first: when, where and at which commit

`bench/run` keeps a run's lines in build/bench/bench-<UTC time>.txt and ends by printing their table. Each
figure gets a row in the order of ROWS below, labelled in words with the size its name carries (and the line's
note after a dash); a line whose name ROWS does not know still gets a row, under its raw name, after the others.
Other lines of the input are skipped, except a `# Measured …` line, which becomes the table's header. The labels
describe the scripts' default runs (what `make bench` does): keep them in step with the README's table.
"""

import argparse
import math
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

# The rows, in the table's order: (name, what is measured, what the baseline is). `{size}` stands for the size in
# the name (1m, 10m, 100k…), written 1M, 10M, 100k in the words. A group's rows are shown size by size (its 1M
# rows, then its 10M rows). The README's rows come first, in its order.
ROWS: list[list[tuple[str, str, str]]] = [
    [
        ("import_ad_{size}", "A&D import, {size} rows (first load)", "plain `COPY` into an equally indexed table"),
        ("import_ad_{size}_second", "the same {size} file again (every row unchanged)", "plain `COPY`"),
        ("import_ad_{size}_changed_1pct", "the same {size} book again, 1% of its rows changed", "plain `COPY`"),
        (
            "import_purchases_{size}",
            "purchase records (Form 4473) of the {size} book's retail sales (first load)",
            "plain `COPY` into a table with the natural key",
        ),
        ("import_purchases_{size}_second", "the same purchase records again (every row unchanged)", "plain `COPY`"),
        (
            "import_ad_memory_{size}",
            "memory an A&D import of {size} rows takes at its highest (first load and re-loads)",
            "the same at 1M rows (flat in the file's size: a ratio near 1)",
        ),
        (
            "import_purchases_memory_{size}",
            "memory a purchases import of the {size} book takes at its highest (first load and re-load)",
            "the same at 1M rows",
        ),
    ],
    [
        (
            "resolve_{size}",
            "resolving 100k trace requests against {size} A&D rows, the statistics' facts, suspect-gun matches and "
            "notifications written in each batch",
            "one recursive SQL query doing the same hops (and nothing else)",
        ),
        (
            "resolve_{size}_again",
            "the same 100k traces resolved again, already resolved ({size} A&D rows)",
            "one recursive SQL query doing the same hops (and nothing else)",
        ),
        (
            "resolve_partial_{size}",
            "20 partial serials (`AB?12?4`) resolved against {size} A&D rows",
            "the 100k exact serials (the first resolving row)",
        ),
    ],
    [
        (
            "api_trace_submit_to_final_median",
            "one trace over the API, submit to final result (median of 50)",
            "the same POSTs to a minimal endpoint that inserts one row (same server, same run)",
        )
    ],
    [
        (
            "stats_dashboard_{size}",
            "statistics dashboard, {size} traces and {size} seized guns: every chart call, 2 scopes × 3 filters, "
            "3 runs (95th percentile)",
            "the same figures from the raw tables, hand-written SQL",
        )
    ],
    [
        (
            "stats_dashboard_{size}_sqlite",
            "the same at {size} on SQLite (95th percentile)",
            "raw-table SQL (averages for medians)",
        )
    ],
    [
        (
            "stats_refresh_after_{size}",
            "facts brought up to date after {size} of the 1M traces change status, in batches of 1,000",
            "the bare `UPDATE` of those rows",
        )
    ],
    [
        (
            "serial_search_{size}",
            "case search: any part of a serial (4 to 8 characters as typed, 200 searches) at {size} traces, "
            "counted and first page read, as the list does (median)",
            "the same queries with index scans off (sequential scan)",
        )
    ],
    [
        (
            "people_{size}",
            "people resolved from scratch, {size} purchase records of synthetic people",
            "a plain Splink run of the same records (standard comparisons on the raw fields)",
        ),
        ("people_{size}_precision", "pairwise precision of those people, {size} records", "the plain Splink run's"),
        ("people_{size}_recall", "pairwise recall of those people, {size} records", "the plain Splink run's"),
    ],
    [
        (
            "leads_{size}",
            "every lead recomputed, {size} traces and 1M purchase records",
            "reading the same inputs with plain SQL",
        )
    ],
    [
        (
            "international_open_{size}",
            "resolving {size} traces of a foreign maker no US importer brings in, each opening an international "
            "request",
            "the same traces resolved with international requests switched off",
        ),
        (
            "international_again_{size}",
            "the same {size} traces resolved again, every international request already open",
            "the same traces resolved with international requests switched off",
        ),
    ],
    [
        (
            "markings_queue_{size}",
            "markings review queue: the unresolved spellings grouped, {size} A&D rows (1,000 spellings, 10,000 traces)",
            "one plain `GROUP BY` over the A&D table",
        ),
        (
            "markings_queue_{size}_without_partial_index",
            "the same queue without the A&D table's partial indexes on unresolved makers and importers",
            "the queue with them",
        ),
        (
            "markings_map_{size}",
            "one spelling mapped to a make, {size} A&D rows (its records and traces pointed at the make, the traces "
            "resolved again)",
            "the two plain `UPDATE`s and the engine on the traces they return",
        ),
    ],
    [
        (
            "load_submissions_per_s",
            "under load (50 users, 4 web workers, 2 task workers, 60 s): trace submissions",
            "the same load on a minimal endpoint",
        ),
        ("load_latency_p50", "under load: latency of every request, median", "the same load on a minimal endpoint"),
        (
            "load_latency_p95",
            "under load: latency of every request, 95th percentile",
            "the same load on a minimal endpoint",
        ),
        (
            "load_latency_p99",
            "under load: latency of every request, 99th percentile",
            "the same load on a minimal endpoint",
        ),
        ("load_errors", "under load: requests that failed", "the same load on a minimal endpoint"),
        (
            "load_final_exactly_once",
            "under load: every accepted trace final once and only once, the audit chain verified",
            "required",
        ),
    ],
]

MEASURED = "# Measured "
SIZE = r"(?P<size>\d+[km]?)"
LINE = re.compile(r"BENCH (?P<name>\S+) (?P<figure>\S+) (?P<unit>\S+) baseline=(?P<baseline>\S+) ratio=(?P<ratio>\S+)")
DAY = 24 * 3600
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass
class Row:
    """One figure of the table: where it goes in the order, and its four cells."""

    order: tuple[int, float, int, int]
    cells: tuple[str, str, str, str]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="files of BENCH lines (standard input without any)")
    parser.add_argument("--measured", action="store_true", help="print when, where and at which commit, and stop")
    args = parser.parse_args()
    if args.measured:
        print(measured_line())
        return 0
    if args.files:
        lines = [line for path in args.files for line in path.read_text(encoding="utf-8").splitlines()]
    else:
        lines = sys.stdin.read().splitlines()
    print(table(lines))
    return 0


def measured_line() -> str:
    """When (UTC) and where this runs: the machine's cores and memory, and the commit of the checkout."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{MEASURED}on {when}, on {cores()} cores and {memory_gib()} GiB, at commit {commit()}"


def cores() -> int:
    """The cores this process may use, as `nproc` counts them."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def memory_gib() -> str:
    try:
        meminfo = Path("/proc/meminfo").read_text(encoding="ascii")
    except OSError:
        return "?"
    found = re.search(r"^MemTotal:\s+(\d+) kB", meminfo, re.MULTILINE)
    return f"{int(found.group(1)) / 2**20:.0f}" if found else "?"


def commit() -> str:
    """The short commit, with "+ changes" when a tracked file differs from it."""
    root = Path(__file__).resolve().parent.parent

    def git(*arguments: str) -> str:
        return subprocess.run(["git", *arguments], cwd=root, capture_output=True, text=True, check=True).stdout

    try:
        head = git("rev-parse", "--short", "HEAD").strip()
        dirty = git("status", "--porcelain", "--untracked-files=no").strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} + changes" if dirty else head


def table(lines: Iterable[str]) -> str:
    """The Markdown table of the BENCH lines among `lines`, after the header their `# Measured` lines give."""
    header, rows = [], []
    for index, line in enumerate(line.strip() for line in lines):
        if line.startswith(MEASURED):
            header.append(line.removeprefix("# ") + ":")
        elif line == "BENCH" or line.startswith("BENCH "):
            rows.append(row(line, index))
    if not header:
        header.append(measured_line().removeprefix("# ") + " (when this table was printed):")
    body = ["| figure | Traza | baseline | ratio |", "| --- | --- | --- | --- |"]
    for found in sorted(rows, key=lambda found: found.order):
        body.append("| " + " | ".join(cell.replace("|", "\\|") for cell in found.cells) + " |")
    return "\n".join([*header, "", *body])


def row(line: str, index: int) -> Row:
    """The row of one BENCH line: labelled in words when ROWS knows its name, under its raw name otherwise."""
    parsed = LINE.match(line)
    if not parsed:
        return Row((len(ROWS), 0, 0, index), (line, "", "", ""))
    name, unit = parsed["name"], parsed["unit"]
    note = line[parsed.end() :].strip()
    try:
        figure, baseline = amount(float(parsed["figure"]), unit), amount(float(parsed["baseline"]), unit)
    except ValueError:
        figure, baseline = f"{parsed['figure']} {unit}", f"{parsed['baseline']} {unit}"
    group, size, place, label, baseline_words = known(name)
    if baseline_words:
        baseline = f"{baseline_words}: {baseline}"
    if note:
        label = f"{label} — {note}"
    return Row((group, size, place, index), (label, figure, baseline, ratio(parsed["ratio"])))


def known(name: str) -> tuple[int, float, int, str, str]:
    """Where `name` goes (its group, size and place in the group), its words and its baseline's ("" if unknown)."""
    for group, rows in enumerate(ROWS):
        for place, (pattern, label, baseline) in enumerate(rows):
            found = re.fullmatch(re.escape(pattern).replace(re.escape("{size}"), SIZE), name)
            if found:
                size = found.groupdict().get("size") or ""
                return group, size_value(size), place, label.format(size=size_words(size)), baseline
    return len(ROWS), 0, 0, name, ""


def size_value(size: str) -> float:
    if not size:
        return 0
    return int(size.rstrip("km")) * {"k": 1_000, "m": 1_000_000}.get(size[-1], 1)


def size_words(size: str) -> str:
    """1m → 1M, 100k → 100k, 12345 → 12,345 (as harness.size_label writes them, and the README reads)."""
    if size.endswith("m"):
        return size[:-1] + "M"
    return size if not size.isdigit() else f"{int(size):,}"


def amount(value: float, unit: str) -> str:
    """A figure or a baseline in the README's words: 110,428 rows/s, 104 ms, 11.2 s, 5 days, 0.995."""
    if unit == "s":
        return duration(value)
    if unit in ("ms", "ms_p95"):
        return f"{number(value)} ms"
    if unit == "pairs":
        return f"{value:.3f}"
    if unit == "bool":
        return "yes" if value else "no"
    if unit == "1/s":
        return f"{number(value)}/s"
    return f"{number(value)} {unit}"


def duration(seconds: float) -> str:
    if seconds >= DAY:
        days = f"{seconds / DAY:.1f}".removesuffix(".0")
        return f"{days} day" if days == "1" else f"{days} days"
    if seconds < 1:
        return f"{number(seconds * 1000)} ms"
    return f"{number(seconds)} s"


def number(value: float) -> str:
    """Whole numbers with thousands separators from 100 up, one decimal from 1, two significant digits below."""
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.1f}"
    return f"{value:#.2g}"


def ratio(text: str) -> str:
    """Two significant digits (0.77, 2.0, 0.0041), whole from 10 up, powers of ten when tiny (2.4 × 10⁻⁷)."""
    try:
        value = float(text)
    except ValueError:
        return text
    if not math.isfinite(value):
        return "—"
    if value == 0:
        return "0"
    if abs(value) >= 10:
        return f"{value:,.0f}"
    written = f"{value:#.2g}"
    if "e" not in written:
        return written
    mantissa, exponent = written.split("e")
    return f"{mantissa} × 10{str(int(exponent)).translate(SUPERSCRIPT)}"


if __name__ == "__main__":
    sys.exit(main())

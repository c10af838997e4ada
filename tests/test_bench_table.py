"""bench/table.py: the BENCH lines of a run printed as the README's table, nothing dropped."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "table.py"

# As bench/run keeps them (harness.bench() writes the BENCH lines), out of order, with the scripts' other output,
# Windows line ends and stray spaces, as a file copied around by hand comes back.
RUN = """\
# Measured on 2026-12-06 21:40 UTC, on 2 cores and 24 GiB, at commit a603875 + changes\r
== bench/bench_api.py
BENCH api_trace_submit_to_final_median 0.104 s baseline=0.004123 ratio=25.2 mode=http
[  12.0s] something on standard error that was kept anyway
== bench/bench_import.py
BENCH import_ad_10m 91250 rows/s baseline=140000 ratio=0.652\r
BENCH import_ad_1m_second 41681 rows/s baseline=144049 ratio=0.289
   BENCH import_ad_1m 110428 rows/s baseline=144049 ratio=0.767
BENCH import_ad_1m_changed_1pct 7605 rows/s baseline=22000 ratio=0.346
BENCH serial_search_1m 1.834 ms baseline=435 ratio=0.00422 p95=102.0ms searches=200
BENCH people_1m_precision 0.995 pairs baseline=0.983 ratio=1.01
BENCH people_1m 102 s baseline=32.9 ratio=3.1
BENCH tiempo_de_búsqueda_1m 12.5 ms baseline=10 ratio=1.25 nota: ¿más|menos?
BENCH resolve_1m 2916 traces/s baseline=38793 ratio=0.0752
BENCH load_errors 0 requests baseline=0 ratio=nan of 12,345
BENCH stats_refresh_after_100k 11.2 s baseline=5.5 ratio=2.04 (facts of 100k changed traces)
BENCH half a line
"""


@pytest.fixture(scope="module")
def bench_table():
    spec = importlib.util.spec_from_file_location("bench_table", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows_of(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.startswith("| ")][2:]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]


def test_it_prints_the_readme_columns_under_the_runs_measured_line(bench_table):
    text = bench_table.table(RUN.splitlines())

    header, blank, columns, rule = text.splitlines()[:4]
    assert header == "Measured on 2026-12-06 21:40 UTC, on 2 cores and 24 GiB, at commit a603875 + changes:"
    assert (blank, columns, rule) == ("", "| figure | Traza | baseline | ratio |", "| --- | --- | --- | --- |")


def test_it_labels_each_known_figure_in_words_with_the_readmes_formatting(bench_table):
    rows = {row[0]: row[1:] for row in rows_of(bench_table.table(RUN.splitlines()))}

    assert rows["A&D import, 1M rows (first load)"] == [
        "110,428 rows/s",
        "plain `COPY` into an equally indexed table: 144,049 rows/s",
        "0.77",
    ]
    assert rows["one trace over the API, submit to final result (median of 50) — mode=http"] == [
        "104 ms",
        "the same POSTs to a minimal endpoint that inserts one row (same server, same run): 4.1 ms",
        "25",
    ]
    assert rows[
        "facts brought up to date after 100k of the 1M traces change status, in batches of 1,000 — "
        "(facts of 100k changed traces)"
    ] == ["11.2 s", "the bare `UPDATE` of those rows: 5.5 s", "2.0"]
    assert rows["pairwise precision of those people, 1M records"] == ["0.995", "the plain Splink run's: 0.983", "1.0"]
    search = next(cells for label, cells in rows.items() if label.startswith("case search"))
    assert search == ["1.8 ms", "the same queries with index scans off (sequential scan): 435 ms", "0.0042"]
    assert rows["under load: requests that failed — of 12,345"] == [
        "0 requests",
        "the same load on a minimal endpoint: 0 requests",
        "—",
    ]


def test_rows_come_in_the_fixed_order_whatever_order_the_run_printed_them(bench_table):
    labels = [row[0] for row in rows_of(bench_table.table(RUN.splitlines()))]

    assert labels[:9] == [
        "A&D import, 1M rows (first load)",
        "the same 1M file again (every row unchanged)",
        "the same 1M book again, 1% of its rows changed",
        "A&D import, 10M rows (first load)",
        "resolving 100k trace requests against 1M A&D rows, the statistics' facts, suspect-gun matches and "
        "notifications written in each batch",
        "one trace over the API, submit to final result (median of 50) — mode=http",
        "facts brought up to date after 100k of the 1M traces change status, in batches of 1,000 — "
        "(facts of 100k changed traces)",
        "case search: any part of a serial (4 to 8 characters as typed, 200 searches) at 1M traces, counted and "
        "first page read, as the list does (median) — p95=102.0ms searches=200",
        "people resolved from scratch, 1M purchase records of synthetic people",
    ]


def test_no_bench_line_is_dropped_not_even_an_unknown_or_a_broken_one(bench_table):
    rows = rows_of(bench_table.table(RUN.splitlines()))

    assert len(rows) == sum(line.strip().startswith("BENCH ") for line in RUN.splitlines())
    assert rows[-2] == ["tiempo_de_búsqueda_1m — nota: ¿más\\|menos?", "12.5 ms", "10.0 ms", "1.2"]
    assert rows[-1] == ["BENCH half a line", "", "", ""]


def test_without_a_measured_line_it_says_the_table_was_measured_now(bench_table):
    header = bench_table.table(["BENCH import_ad_1m 110428 rows/s baseline=144049 ratio=0.767"]).splitlines()[0]

    assert re.fullmatch(
        r"Measured on \d{4}-\d\d-\d\d \d\d:\d\d UTC, on \d+ cores and \d+ GiB, at commit \S+( \+ changes)? "
        r"\(when this table was printed\):",
        header,
    )


@pytest.mark.parametrize(
    ("value", "unit", "written"),
    [
        (144049, "rows/s", "144,049 rows/s"),
        (66.67, "traces/s", "66.7 traces/s"),
        (0.104, "s", "104 ms"),
        (102, "s", "102 s"),
        (1500, "s", "1,500 s"),
        (86400, "s", "1 day"),
        (432000, "s", "5 days"),
        (2205, "ms_p95", "2,205 ms"),
        (0.42, "ms", "0.42 ms"),
        (33.21, "1/s", "33.2/s"),
        (0, "bool", "no"),
    ],
)
def test_figures_are_written_as_the_readme_writes_them(bench_table, value, unit, written):
    assert bench_table.amount(value, unit) == written


@pytest.mark.parametrize(
    ("text", "written"),
    [("0.767", "0.77"), ("0.0752", "0.075"), ("0.5", "0.50"), ("2.04", "2.0"), ("12.4", "12"), ("1234", "1,234")],
)
def test_ratios_keep_two_significant_digits(bench_table, text, written):
    assert bench_table.ratio(text) == written


def test_the_command_reads_standard_input_or_files_and_writes_the_measured_line(tmp_path):
    line = "BENCH import_ad_1m 110428 rows/s baseline=144049 ratio=0.767\n"
    expected = "| A&D import, 1M rows (first load) | 110,428 rows/s |"
    by_stdin = subprocess.run([sys.executable, SCRIPT], input=line, capture_output=True, text=True, check=True)
    (tmp_path / "bench.txt").write_text(line, encoding="utf-8")
    by_file = subprocess.run(
        [sys.executable, SCRIPT, tmp_path / "bench.txt"], capture_output=True, text=True, check=True
    )
    measured = subprocess.run([sys.executable, SCRIPT, "--measured"], capture_output=True, text=True, check=True)

    assert expected in by_stdin.stdout
    assert expected in by_file.stdout
    assert measured.stdout.startswith("# Measured on ")

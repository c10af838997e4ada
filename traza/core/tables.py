"""Writing the CSV files Traza hands out (trace exports, international requests, the audit log).

One writer for every export, so that each one streams line by line and defuses every cell the
same way: a spreadsheet runs a cell that starts like a formula (`=HYPERLINK(…)`, `+`, `-`, `@`, a
tab), and a cell of an export may hold text that somebody outside typed.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text(value) -> str:
    """A value as an export writes it: ISO dates, UTC date-times, `;`-joined lists, blanks for none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    return str(value)


def cell(value) -> str:
    """A value as a CSV cell a spreadsheet will not run: text that starts like a formula gets a leading apostrophe."""
    written = text(value)
    return "'" + written if written[:1] in FORMULA_STARTS else written


class _Echo:
    """A stream whose `write` hands back what it is given, so that csv.writer returns each line it makes."""

    def write(self, text: str) -> str:
        return text


def csv_lines(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV text line by line, the header first, every cell defused: what a streamed download sends."""
    writer = csv.writer(_Echo())
    yield writer.writerow([cell(value) for value in header])
    for row in rows:
        yield writer.writerow([cell(value) for value in row])

"""Statistics as files: CSV, JSON or XLSX of exactly a `Result`, for downloads, `traza export stats` and the API.

Machine files (the command line's and the API's) have the columns' keys as headers and the values
as numbers (shares from 0 to 1); files downloaded from a page have the headers in the reader's
language and a BOM, so a spreadsheet opens accents right. A suppressed cell is written `<5` (the
threshold in force) in CSV and XLSX, null with the row's `suppressed` list in JSON. ATF's caveat
travels with every file: a field of the JSON, a note below the XLSX table, a note row at the end of
a downloaded CSV. A machine CSV (the command line's, the API's `format=csv`) keeps only its documented
columns, so a program reads every line as data: the command prints the caveat with its report (on
standard error when the file goes to standard output), the API in an `X-Traza-Caveat` header (RFC 2047
encoded when it is not Latin-1) as well as in its JSON answer.
"""

import io
import json
from typing import TextIO, cast

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from traza.core.tables import csv_lines, json_value, write_lines, write_xlsx
from traza.stats.measures import Result
from traza.stats.services import stats_exported

FORMATS = ("csv", "json", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def header(result: Result, *, labels: bool) -> list[str]:
    return [str(column.label) if labels else column.key for column in result.columns]


def rows(result: Result) -> list[list]:
    """The result's rows in column order, suppressed cells written `<N`."""
    shown = f"<{result.suppressed_below}" if result.suppressed_below else ""
    out = []
    for row, hidden in zip(result.rows, result.suppressed or [frozenset()] * len(result.rows), strict=True):
        out.append([shown if column.key in hidden else row.get(column.key) for column in result.columns])
    return out


def as_json(result: Result, *, scope: str = "", by=(), filters: dict | None = None) -> dict:
    """The result as the API answers it (and `traza export stats --format json` writes it)."""
    marks = result.suppressed or [frozenset()] * len(result.rows)
    return {
        "measure": result.measure,
        "scope": scope,
        "by": list(by),
        "filters": filters or {},
        "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind} for c in result.columns],
        "rows": [
            {**{c.key: json_value(row.get(c.key)) for c in result.columns}, "suppressed": sorted(hidden)}
            for row, hidden in zip(result.rows, marks, strict=True)
        ],
        "suppressed_below": result.suppressed_below,
        "caveat": str(result.caveat),
    }


def write_result(result: Result, stream, *, file_format: str, headers: str = "keys", meta: dict | None = None) -> int:
    """Write `result` to `stream` (text for csv/json, binary for xlsx); return the rows written.

    `headers="keys"`: the columns' keys (machine files); `"labels"`: their names in the active language,
    and a CSV gets the caveat as a last row (a person reads it).
    """
    labels = headers == "labels"
    if file_format == "json":
        json.dump(as_json(result, **(meta or {})), stream, ensure_ascii=False, indent=1)
        stream.write("\n")
        return len(result.rows)
    if file_format == "xlsx":
        title = str(result.measure)
        return write_xlsx(header(result, labels=labels), rows(result), stream, title=title, notes=[result.caveat])
    lines = csv_lines(header(result, labels=labels), rows(result))
    count = write_lines(lines, stream)
    if labels:
        write_lines(csv_lines([gettext("Note")], [[result.caveat]]), cast(TextIO, _Skip(stream)))
    return count


class _Skip:
    """Writes every line but the first (the note's own header) to `stream`."""

    def __init__(self, stream: TextIO):
        self.stream, self.first = stream, True

    def write(self, line: str) -> None:
        if self.first:
            self.first = False
            return
        self.stream.write(line)


def stats_download(*, request: HttpRequest, result: Result, name: str, file_format: str) -> HttpResponse:
    """A page's chart as a file (csv or xlsx) in the reader's language, recorded in the audit log."""
    if file_format not in ("csv", "xlsx"):
        return HttpResponse(gettext("Choose CSV or XLSX."), status=404, content_type="text/plain; charset=utf-8")
    if file_format == "xlsx":
        stream = io.BytesIO()
        write_result(result, stream, file_format="xlsx", headers="labels")
        body = stream.getvalue()
    else:
        text = io.StringIO()
        text.write("\ufeff")
        write_result(result, text, file_format="csv", headers="labels")
        body = text.getvalue().encode("utf-8")
    stats_exported(actor=request.user, measure=result.measure, file_format=file_format, chart=name)
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    filename = f"{gettext('statistics')}-{name}-{timezone.localdate():%Y%m%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""Taking in a file of any kind: the one entry point for the command line, uploads and the API."""

import csv
import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from traza.agencies.models import Agency, User
from traza.imports.errors import FileRefused
from traza.imports.models import ImportKind, ImportRowError, ImportRun
from traza.imports.pipeline import Kind, load
from traza.imports.reading import open_table

logger = logging.getLogger(__name__)

KINDS = {
    ImportKind.AGENCIES: "traza.agencies.importing.AgenciesKind",
    ImportKind.LICENSEES: "traza.industry.importing.LicenseesKind",
    ImportKind.DISPOSITIONS: "traza.industry.importing.DispositionsKind",
    ImportKind.PURCHASES: "traza.industry.importing.PurchasesKind",
    ImportKind.MULTIPLE_SALES: "traza.industry.importing.MultipleSalesKind",
    ImportKind.THEFTS: "traza.industry.importing.TheftsKind",
    ImportKind.SEIZURES: "traza.tracing.importing.SeizuresKind",
    ImportKind.TRACE_REQUESTS: "traza.tracing.importing.TraceRequestsKind",
}


def kind_for(name: str) -> Kind:
    return import_string(KINDS[ImportKind(name)])()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    *,
    kind: str,
    path: Path,
    user: User | None = None,
    agency: Agency | None = None,
    encoding: str | None = None,
    dayfirst: bool | None = None,
    file_name: str | None = None,
    run: ImportRun | None = None,
    progress: Callable[[ImportRun], None] | None = None,
) -> ImportRun:
    """Import one file; return its run, `accepted` (with its rejected rows) or `refused` (nothing written)."""
    if run is None:
        run = ImportRun.objects.create(kind=kind, file_name=file_name or path.name, user=user, agency=agency)
    run.status = ImportRun.Status.RUNNING
    run.file_size = path.stat().st_size if path.is_file() else 0
    run.file_sha256 = file_sha256(path) if path.is_file() else ""
    run.save(update_fields=["status", "file_size", "file_sha256"])
    handler = kind_for(kind)
    try:
        table = open_table(path, handler.layout, encoding=encoding)
    except FileRefused as refusal:
        return _finish(run, ImportRun.Status.REFUSED, message=refusal.message)
    run.encoding = table.encoding
    run.rows_total = table.row_count
    run.dayfirst = table.header.spanish if dayfirst is None else dayfirst
    run.warnings = [[w.text, w.params] for w in table.header.warnings]
    run.save(update_fields=["encoding", "rows_total", "dayfirst", "warnings"])
    load(handler, table, run, dayfirst=run.dayfirst, progress=progress)
    logger.info("Imported %s file %s: run %s", kind, run.file_sha256[:12], run.pk)
    return _finish(run, ImportRun.Status.ACCEPTED)


def _finish(run: ImportRun, status: str, *, message=None) -> ImportRun:
    run.status = status
    run.finished_at = timezone.now()
    if message is not None:
        run.message, run.message_params = message.text, message.params
    run.save(update_fields=["status", "finished_at", "message", "message_params"])
    return run


def write_error_report(run: ImportRun, path: Path) -> int:
    """The rejected rows as CSV (line, column, reason), in the active language. Returns the row count."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([gettext("line"), gettext("column"), gettext("reason")])
        count = 0
        for error in ImportRowError.objects.filter(run=run).iterator(chunk_size=5000):
            writer.writerow([error.line, error.column, error.text])
            count += 1
    return count

"""Taking in a file of any kind: the one entry point for the command line, uploads and the API."""

import hashlib
import logging
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from traza.agencies.models import Agency, User
from traza.audit.context import command_user
from traza.audit.services import audit_record
from traza.core.leases import Lease, LeaseTaken, lease_held
from traza.core.tables import csv_lines, write_lines, write_xlsx
from traza.imports.errors import FileRefused, Message
from traza.imports.models import ImportKind, ImportRowError, ImportRun
from traza.imports.pipeline import Kind, load
from traza.imports.pipeline.bounds import statements_bounded, timed_out
from traza.imports.reading import XLSX_MAGIC, looks_binary, open_table

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


UPLOAD_KINDS = (ImportKind.TRACE_REQUESTS, ImportKind.SEIZURES)
UPLOAD_SUFFIXES = (".csv", ".xlsx")
UPLOAD_FAILED = gettext_noop(
    "The import stopped on an unexpected error. The rows counted here were imported; send the file again "
    "to import the rest (rows already in Traza are not created twice)."
)
RESTARTED = gettext_noop(
    "The worker importing this file stopped before the end; another imported it again from the start. "
    "Rows the first attempt had imported count as unchanged."
)
TIMED_OUT = gettext_noop(
    "A step of the import took longer than the %(seconds)s seconds allowed and was stopped. The rows counted "
    "here were imported; import the file again for the rest (rows already in Traza are not created twice)."
)
OUT_OF_MEMORY = gettext_noop(
    "The import needed more memory than an import may use and was stopped. The rows counted here were "
    "imported; split the file into smaller ones and send each one."
)
INTERRUPTED = gettext_noop(
    "The import was interrupted: the process running it stopped before the end. The rows counted here were "
    "imported; import the file again for the rest (rows already in Traza are not created twice)."
)


def kind_for(name: str, *, agency: Agency | None = None, licensee: str = "") -> Kind:
    return import_string(KINDS[ImportKind(name)])(agency=agency, licensee=licensee)


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
    licensee: str = "",
    complete_book: bool = True,
    encoding: str | None = None,
    dayfirst: bool | None = None,
    file_name: str | None = None,
    run: ImportRun | None = None,
    progress: Callable[[ImportRun], None] | None = None,
) -> ImportRun:
    """Import one file; return its run, `accepted` (with its rejected rows) or `refused` (nothing written).

    `agency` is the agency the file is sent for: it is recorded on a new run and, when given, a trace
    request or seizure row naming another agency is rejected. `licensee` (an RDS key) is the licence
    an industry member sends its records for: when given, an A&D or purchase row of another record
    keeper is rejected. The command line gives neither. `complete_book` False says an A&D file is
    only part of a licensee's book: its keepers' records do not then count as electronic.
    """
    if run is None:
        # Others see a new run only once this process holds its lease: a process killed before then leaves no run,
        # never one `pending` for ever that no process and no task will take up.
        with transaction.atomic():
            run = ImportRun.objects.create(
                kind=kind,
                file_name=file_name or path.name,
                user=user,
                agency=agency,
                licensee_rds=licensee,
                complete_book=complete_book,
                status=ImportRun.Status.RUNNING,
            )
            lease = _lease_of(run)
    else:
        lease = _lease_of(run)
    try:  # while the lease is held, the run is `running` and not abandoned
        return _import(run, path=path, encoding=encoding, dayfirst=dayfirst, progress=progress)
    finally:
        lease.release()


def _lease_of(run: ImportRun) -> Lease:
    """The run's lease, held by this process; LeaseTaken when another live process holds it."""
    lease = Lease(run_lease_name(run.pk))
    if not lease.acquire():
        raise LeaseTaken(lease.name)
    return lease


def run_lease_name(run_id: int) -> str:
    return f"import-run:{run_id}"


def _import(run: ImportRun, *, path: Path, encoding: str | None, dayfirst: bool | None, progress) -> ImportRun:
    run.status = ImportRun.Status.RUNNING
    run.file_size = path.stat().st_size if path.is_file() else 0
    run.file_sha256 = file_sha256(path) if path.is_file() else ""
    run.save(update_fields=["status", "file_size", "file_sha256"])
    kind, agency, licensee = run.kind, run.agency, run.licensee_rds
    handler = kind_for(kind, agency=agency, licensee=licensee)
    try:
        table = open_table(path, handler.layout, encoding=encoding, scan=False)
    except FileRefused as refusal:
        return _finish(run, ImportRun.Status.REFUSED, message=refusal.message)
    run.encoding = table.encoding
    run.rows_total = table.row_count
    run.dayfirst = table.header.spanish if dayfirst is None else dayfirst
    run.warnings = [[w.text, w.params] for w in table.header.warnings]
    run.save(update_fields=["encoding", "rows_total", "dayfirst", "warnings"])
    try:
        with statements_bounded():
            load(handler, table, run, dayfirst=run.dayfirst, progress=progress)
    except FileRefused as refusal:  # found broken while reading it: nothing was written
        return _finish(run, ImportRun.Status.REFUSED, message=refusal.message)
    except DatabaseError as error:
        if not timed_out(error):
            raise
        logger.warning("Import run %s stopped: a statement ran past its time limit", run.pk)
        return _stopped(run, Message(TIMED_OUT, {"seconds": settings.TRAZA_IMPORT_STATEMENT_TIMEOUT}))
    except MemoryError:
        logger.warning("Import run %s stopped: out of the memory an import may use", run.pk)
        return _stopped(run, Message(OUT_OF_MEMORY, {}))
    logger.info("Imported %s file %s: run %s", kind, run.file_sha256[:12], run.pk)
    return _finish(run, ImportRun.Status.ACCEPTED)


def _stopped(run: ImportRun, message: Message) -> ImportRun:
    """End, as refused, a run stopped by a limit: its counts are read again from the database, where only
    the transactions that ended before the limit left anything."""
    run.refresh_from_db(fields=COUNTS)
    return _finish(run, ImportRun.Status.REFUSED, message=message)


COUNTS = ["rows_read", "rows_created", "rows_updated", "rows_unchanged", "rows_rejected"]


def _finish(run: ImportRun, status: str, *, message=None) -> ImportRun:
    """End the run and record it in the audit log, both or neither (one transaction)."""
    with transaction.atomic():
        _end(run, status, message=message)
    return run


def _end(run: ImportRun, status: str, *, message=None) -> None:
    run.status = status
    run.finished_at = timezone.now()
    if message is not None:
        run.message, run.message_params = message.text, message.params
    run.save(update_fields=["status", "finished_at", "message", "message_params"])
    audit_record(
        actor=run.user,
        actor_name=command_user(),
        action="import.finish",
        target=run,
        agency=run.agency,
        details={
            "kind": run.kind,
            "status": run.status,
            "file_sha256": run.file_sha256,
            "created": run.rows_created,
            "updated": run.rows_updated,
            "unchanged": run.rows_unchanged,
            "rejected": run.rows_rejected,
        },
    )


def error_report_rows(run: ImportRun) -> tuple[list[str], Iterator[list]]:
    """The error report's header and rows, in the active language: line (an XLSX file's sheet row), the row's
    reference, the column as the file names it, the reason."""
    header = [gettext("line"), gettext("reference"), gettext("column"), gettext("reason")]
    errors = ImportRowError.objects.filter(run=run).order_by("line", "id").iterator(chunk_size=5000)
    return header, ([e.line, e.reference, e.column_shown, e.text] for e in errors)


def write_error_report(run: ImportRun, path: Path, *, bom: bool = False, xlsx: bool = False) -> int:
    """The rejected rows as CSV, or XLSX with `xlsx`, through the shared export writer. Returns the row count.

    With `bom`, a CSV file starts with a UTF-8 byte order mark, so that Excel shows accents as written.
    """
    header, rows = error_report_rows(run)
    if xlsx:
        with path.open("wb") as stream:
            return write_xlsx(header, rows, stream, title=gettext("Rejected rows"))
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        return write_lines(csv_lines(header, rows), handle)


def upload_check(file: File) -> None:
    """Refuse, before anything is stored, a file that cannot be imported: misnamed, too big, empty or binary.

    What only a full read can tell (its encoding, a broken quote, a missing column) is found by
    the import itself and shown on the upload's page.
    """
    suffix = Path(file.name or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ValidationError(_("Send a CSV (.csv) or Excel (.xlsx) file."), code="file_extension")
    limit = settings.TRAZA_MAX_UPLOAD_MB
    if file.size > limit * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(limit)s MB. Split it into smaller files and send each one."),
            code="file_too_big",
            params={"limit": limit},
        )
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if not head:
        raise ValidationError(_("The file is empty."), code="file_empty")
    if head.startswith(XLSX_MAGIC):
        return
    if suffix == ".xlsx":
        raise ValidationError(_("The file is named .xlsx but is not an Excel spreadsheet."), code="file_not_xlsx")
    if looks_binary(head):
        raise ValidationError(_("This is not a CSV or XLSX file (it holds binary data)."), code="file_binary")


def upload_create(*, actor: User, kind: str, file: UploadedFile, dayfirst: bool | None = None) -> ImportRun:
    """Store a file sent by a user and queue its import for the user's agency; the run starts `pending`.

    `dayfirst` None lets the import decide (files with Spanish headers are read day-first).
    Only the agency's own rows are imported: a row naming another agency is rejected.
    """
    if actor.agency_id is None:
        raise ValidationError(_("Only a user of an agency may send files."), code="no_agency")
    if kind not in UPLOAD_KINDS:
        raise ValidationError({"kind": [_("Send trace requests or a seizure inventory.")]}, code="kind")
    upload_check(file)
    return upload_store(actor=actor, kind=kind, file=file, dayfirst=dayfirst, agency=actor.agency)


def upload_store(
    *,
    actor: User,
    kind: str,
    file: UploadedFile,
    dayfirst: bool | None,
    agency: Agency | None = None,
    licensee_rds: str = "",
    complete_book: bool = True,
) -> ImportRun:
    """Keep a checked file and queue its import, restricted to `agency`'s or `licensee_rds`'s own rows.

    The callers decide who may send what (upload_create for agencies, the industry's for licensees).
    """
    name = Path(cast(str, file.name)).name[-255:]
    stored = ""
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(
                kind=kind,
                file_name=name,
                file_size=cast(int, file.size),
                dayfirst=bool(dayfirst),
                user=actor,
                agency=agency,
                licensee_rds=licensee_rds,
                complete_book=complete_book,
            )
            stored = default_storage.save(f"uploads/{run.pk}{Path(name).suffix.lower()}", file)
            audit_record(actor=actor, action="upload.create", target=run, details={"kind": kind, "size": file.size})
            transaction.on_commit(partial(_enqueue_upload, run.pk, stored, dayfirst))
    except Exception:
        if stored:  # the run was rolled back: its file goes too
            default_storage.delete(stored)
        raise
    logger.info("Upload %s stored for agency %s, licence %r by user %s", run.pk, run.agency_id, licensee_rds, actor.pk)
    return run


def _enqueue_upload(run_id: int, stored: str, dayfirst: bool | None) -> None:
    from traza.imports.tasks import import_upload

    import_upload.enqueue(run_id=run_id, stored=stored, dayfirst=dayfirst)


def upload_import(*, run: ImportRun, stored: str, dayfirst: bool | None) -> ImportRun:
    """Import a stored upload for the agency or licensee that sent it (the background worker's part).

    A pending run is imported. A run left `running` by a worker that died is taken up again from
    the start of its file, still stored: its rows already in are found unchanged, not created twice,
    and its counts and rejected rows are counted afresh. A run that ended is left alone, so a task
    delivered twice imports once. The stored file, which may hold personal data, is deleted once the
    run has ended, whichever way: the run keeps its SHA-256, its counts and its rejected rows.
    """
    restarted = run.status == ImportRun.Status.RUNNING
    if restarted:
        if lease_held(run_lease_name(run.pk)):  # still being imported by a live process
            return run
        _restart(run)
    elif run.status != ImportRun.Status.PENDING:
        default_storage.delete(stored)
        return run
    try:
        run = import_file(
            kind=run.kind,
            path=Path(default_storage.path(stored)),
            agency=run.agency,
            licensee=run.licensee_rds,
            dayfirst=dayfirst,
            run=run,
        )
        if restarted:
            run.warnings = [*run.warnings, [RESTARTED, {}]]
            run.save(update_fields=["warnings"])
        return run
    except Exception:
        logger.exception("Upload %s failed", run.pk)
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.REFUSED, finished_at=timezone.now(), message=UPLOAD_FAILED, message_params={}
        )
        raise
    finally:
        default_storage.delete(stored)


def _restart(run: ImportRun) -> None:
    """Forget what an interrupted attempt counted: the next one reads the whole file again."""
    with transaction.atomic():
        ImportRowError.objects.filter(run=run).delete()
        for name in ("rows_read", "rows_created", "rows_updated", "rows_unchanged", "rows_rejected"):
            setattr(run, name, 0)
        run.save(update_fields=["rows_read", "rows_created", "rows_updated", "rows_unchanged", "rows_rejected"])
    logger.warning("Upload %s: its worker stopped during the import; importing it again", run.pk)


def import_runs_abandoned() -> int:
    """End, as interrupted, the runs left `running` by a process that died; return how many.

    A run is abandoned when no live process holds its lease and no queued or running task will take
    it up again (an upload whose worker died is given back to the queue first: see
    `traza.core.workers`). Its stored upload, if any, is deleted. Run by `traza import` and
    `traza worker` as they start, and by the worker every so often.
    """
    from traza.imports.tasks import import_upload

    tasks = DBTaskResult.objects.filter(task_path=import_upload.module_path)
    live = set(
        tasks.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).values_list(
            "args_kwargs__kwargs__run_id", flat=True
        )
    )
    ended = 0
    for run in ImportRun.objects.filter(status=ImportRun.Status.RUNNING).select_related("user", "agency"):
        if run.pk in live or lease_held(run_lease_name(run.pk)):
            continue
        lease = Lease(run_lease_name(run.pk))
        if not lease.acquire():  # taken up in the meantime
            continue
        try:
            run.refresh_from_db(fields=["status"])
            if run.status != ImportRun.Status.RUNNING:
                continue
            _finish(run, ImportRun.Status.REFUSED, message=Message(INTERRUPTED, {}))
            for stored in tasks.filter(args_kwargs__kwargs__run_id=run.pk).values_list(
                "args_kwargs__kwargs__stored", flat=True
            ):
                default_storage.delete(stored)
            ended += 1
        finally:
            lease.release()
    if ended:
        logger.warning("%d import run(s) interrupted by a stopped process marked as such", ended)
    return ended

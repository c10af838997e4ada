"""Writes on licensee queries: a licensee's answer, taken by phone or sent by the licensee, and its files.

An answer is the licensee's record of the gun: one row of its A&D book (dispositions.csv) and, for a
retail sale, the purchase record (purchases.csv). Both are read by the file importers' own row
readers, restricted to the queried licence, and written with evidence of who entered them; then
every trace waiting on that licensee goes on by itself.
"""

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from traza.agencies.models import User
from traza.audit.services import audit_record
from traza.imports.errors import Message, RowError
from traza.imports.models import ImportKind, ImportRun
from traza.imports.pipeline import Chunk
from traza.imports.services import upload_check, upload_store
from traza.industry.importing import DispositionsKind, PurchasesKind
from traza.industry.models import Disposition, Licensee, LicenseeQuery, Purchase
from traza.industry.selectors import RECORD_KINDS, queries_workable_by, user_is_responder
from traza.notifications.triggers import query_answered_notify
from traza.tracing.engine import traces_waiting_on
from traza.tracing.models import Trace, TraceStep
from traza.tracing.services import resolve_now

logger = logging.getLogger(__name__)

ANSWER_LINE = 1
PURCHASE_PREFIX = "purchase."
DISPOSITION_COLUMNS = tuple(column.name for column in DispositionsKind.layout.columns)
PURCHASE_COLUMNS = tuple(column.name for column in PurchasesKind.layout.columns)
# How the evidence names an answer's record, as a file name names an uploaded one (stored, not translated).
ANSWER_SOURCES: dict[str, str] = {
    LicenseeQuery.Via.PHONE: "by phone",
    LicenseeQuery.Via.WEB: "on the web",
    LicenseeQuery.Via.API: "through the API",
}

NOT_THE_GUN = gettext_noop("serial_number is not the serial of the traced firearm (%(serial)s).")
NOT_RETAIL = gettext_noop(
    "A purchase record goes with a retail sale: disposition_type sale (or transfer, return) and no disposed_to_license."
)
NO_REF = gettext_noop("transaction_ref is required with a purchase record: it links the sale to it.")
OTHER_REF = gettext_noop("transaction_ref is not the A&D record's transaction_ref.")


class AnswerInvalid(ValidationError):
    """The answer's record has errors; `row_errors` keeps each one's column (`purchase.` columns for the purchase)."""

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = row_errors
        fields: dict[str, list[str]] = {}
        for error in row_errors:
            fields.setdefault(error.column or NON_FIELD_ERRORS, []).append(str(error.message))
        super().__init__(fields)


@dataclass(frozen=True)
class CheckedAnswer:
    """An answer read and checked: the Disposition row, and the Purchase row when it was a retail sale."""

    kind: DispositionsKind
    record: tuple
    purchase: tuple | None

    @property
    def record_fields(self) -> dict:
        return dict(zip(DispositionsKind.target.columns, self.record, strict=True))

    @property
    def purchase_fields(self) -> dict | None:
        return dict(zip(PurchasesKind.target.columns, self.purchase, strict=True)) if self.purchase else None


def answer_read(
    *, query: LicenseeQuery, record: Mapping[str, str], purchase: Mapping[str, str] | None = None
) -> CheckedAnswer | list[RowError]:
    """Check an answer as the importers check a file row, for the queried licence only; its errors otherwise.

    `record` holds dispositions.csv columns (record_keeper_license defaults to the queried licence),
    `purchase` purchases.csv columns (licensee and transaction_ref default to the A&D record's).
    """
    licence = _licence_text(query.licensee_rds)
    values = {**record, "record_keeper_license": record.get("record_keeper_license") or licence}
    kind = DispositionsKind(licensee=query.licensee_rds)
    kind.prepare_reading()
    row = kind.clean(ANSWER_LINE, values, False)
    errors = list(row) if isinstance(row, list) else []
    fields = None if errors else dict(zip(kind.target.columns, row, strict=True))
    if fields is not None:
        errors += _same_gun(query.trace, fields)
    bought = None
    if purchase is not None and any(str(value).strip() for value in purchase.values()):
        ref = fields["transaction_ref"] if fields is not None else str(values.get("transaction_ref", "")).strip()
        if fields is not None:
            errors += _retail_sale(fields)
        bought = _read_purchase(query, licence, ref, purchase, errors)
    if errors or isinstance(row, list):  # the reader's list is never empty: its errors are in `errors`
        return errors
    return CheckedAnswer(kind=kind, record=row, purchase=bought)


def _licence_text(rds: str) -> str:
    """The licence number a record keeper writes: the full FFL number when listed, else the RDS key."""
    licensee = Licensee.objects.filter(rds_key=rds).first()
    return licensee.licence_number if licensee is not None and licensee.listed else rds


def _same_gun(trace: Trace, fields: dict) -> list[RowError]:
    """The record must be of the traced gun: its serial, or one the partial serial (`?` unreadable) fits."""
    wanted, key = trace.serial_key, fields["serial_key"]
    pattern = "".join("." if character == "?" else re.escape(character) for character in wanted)
    if not wanted or not key or re.fullmatch(pattern, key):
        return []
    return [RowError(ANSWER_LINE, "serial_number", Message(NOT_THE_GUN, {"serial": trace.serial_number}))]


def _retail_sale(fields: dict) -> list[RowError]:
    errors = []
    if fields["disposition_type"] not in Disposition.TRANSFERS or fields["disposed_to_rds"]:
        errors.append(RowError(ANSWER_LINE, "disposition_type", Message(NOT_RETAIL)))
    if not fields["transaction_ref"]:
        errors.append(RowError(ANSWER_LINE, "transaction_ref", Message(NO_REF)))
    return errors


def _read_purchase(
    query: LicenseeQuery, licence: str, ref: str, purchase: Mapping[str, str], errors: list[RowError]
) -> tuple | None:
    """The purchase row of the A&D record's `ref`, checked by the purchases importer's reader; errors go to `errors`."""
    values = {
        **purchase,
        "licensee": purchase.get("licensee") or licence,
        "transaction_ref": purchase.get("transaction_ref") or ref,
    }
    kind = PurchasesKind(licensee=query.licensee_rds)
    kind.prepare_reading()
    row = kind.clean(ANSWER_LINE, values, False)
    if isinstance(row, list):
        missing_ref = not values["transaction_ref"]  # the A&D record's own error says so
        errors += [
            RowError(e.line, PURCHASE_PREFIX + e.column, e.message)
            for e in row
            if not (missing_ref and e.column == "transaction_ref")
        ]
        return None
    if ref and row[1] != ref:
        errors.append(RowError(ANSWER_LINE, PURCHASE_PREFIX + "transaction_ref", Message(OTHER_REF)))
    return row


@transaction.atomic
def query_answer(
    *,
    actor: User,
    query: LicenseeQuery,
    record: Mapping[str, str],
    purchase: Mapping[str, str] | None = None,
    via: str,
) -> LicenseeQuery:
    """Record the licensee's answer (its A&D record of the gun, and the purchase for a retail sale).

    The rows are written as an import would write them, pointing to a run that names the query, how
    the answer came and who entered it; the query is answered, and every trace waiting on the licensee
    is resolved again once committed. AnswerInvalid names each wrong field; nothing is written then.
    """
    locked = _open_query(actor, query, via)
    answer = answer_read(query=locked, record=record, purchase=purchase)
    if isinstance(answer, list):
        raise AnswerInvalid(answer)
    now = timezone.now()
    run = ImportRun.objects.create(
        kind=ImportKind.DISPOSITIONS,
        status=ImportRun.Status.ACCEPTED,
        file_name=f"answer to query {locked.pk} {ANSWER_SOURCES[via]}, entered by {actor.get_username()}",
        user=actor,
        licensee_rds=locked.licensee_rds,
        finished_at=now,
    )
    _write_answer(run, answer)
    answer.kind.after_chunk(run, Chunk(rows=[answer.record]))  # licensees it names, as an import does
    locked.status, locked.answer, locked.answered_via = LicenseeQuery.Status.ANSWERED, LicenseeQuery.Answer.RECORD, via
    locked.answered_by, locked.answer_run, locked.closed_at = actor, run, now
    locked.save(update_fields=["status", "answer", "answered_via", "answered_by", "answer_run", "closed_at"])
    details = {"via": via, "licensee": locked.licensee_rds, "trace": locked.trace_id, "run": run.pk}
    audit_record(
        actor=actor, action="query.answer", target=locked, details={**details, "purchase": bool(answer.purchase)}
    )
    query_answered_notify(query=locked)
    transaction.on_commit(partial(_resume, locked.licensee_rds))
    logger.info("Query %s answered %s by user %s", locked.pk, via, actor.pk)
    return locked


def _write_answer(run: ImportRun, answer: CheckedAnswer) -> None:
    """Write the answer's rows by their natural keys (an earlier record with the same key is replaced)."""
    fields = answer.record_fields
    keys = {"keeper_rds": fields.pop("keeper_rds"), "record_id": fields.pop("record_id")}
    evidence = {"import_run": run, "line": ANSWER_LINE}
    _record, created = Disposition.objects.update_or_create(**keys, defaults={**fields, **evidence})
    counts = [created]
    bought = answer.purchase_fields
    if bought is not None:
        keys = {"licensee_rds": bought.pop("licensee_rds"), "transaction_ref": bought.pop("transaction_ref")}
        _purchase, created = Purchase.objects.update_or_create(**keys, defaults={**bought, **evidence})
        counts.append(created)
    run.rows_total = run.rows_read = len(counts)
    run.rows_created = sum(counts)
    run.rows_updated = len(counts) - run.rows_created
    run.save(update_fields=["rows_total", "rows_read", "rows_created", "rows_updated"])


@transaction.atomic
def query_no_record(*, actor: User, query: LicenseeQuery, via: str) -> LicenseeQuery:
    """The licensee has no record of the gun: the query is answered so, and every trace waiting on it is resolved again.

    The engine reads the answer and ends the trace not traced, for want of a record (no_record).
    """
    locked = _open_query(actor, query, via)
    locked.status, locked.answer, locked.answered_via = (
        LicenseeQuery.Status.ANSWERED,
        LicenseeQuery.Answer.NO_RECORD,
        via,
    )
    locked.answered_by, locked.closed_at = actor, timezone.now()
    locked.save(update_fields=["status", "answer", "answered_via", "answered_by", "closed_at"])
    details = {"via": via, "licensee": locked.licensee_rds, "trace": locked.trace_id}
    audit_record(actor=actor, action="query.no_record", target=locked, details=details)
    query_answered_notify(query=locked)
    asking = {locked.trace_id, *TraceStep.objects.filter(query=locked).values_list("trace_id", flat=True)}
    transaction.on_commit(partial(resolve_now, sorted(asking)))  # every trace of the gun that waited on it
    logger.info("Query %s closed without a record, %s, by user %s", locked.pk, via, actor.pk)
    return locked


def _open_query(actor: User, query: LicenseeQuery, via: str) -> LicenseeQuery:
    """The query, locked, if `actor` may answer it and it is still open."""
    if via not in LicenseeQuery.Via.values:
        raise ValueError(f"Unknown answer channel {via!r}")
    locked = queries_workable_by(actor).select_for_update().filter(pk=query.pk).first()
    if locked is None:
        raise PermissionDenied(_("You may not answer this query."))
    if locked.status != LicenseeQuery.Status.OPEN:
        raise ValidationError(
            _("This query is closed: it was answered, or the trace no longer needs it."), code="closed"
        )
    return locked


def _resume(licensee_rds: str) -> None:
    """Every trace waiting on this licensee goes on (the worker retries if resolving fails now)."""
    waiting = traces_waiting_on([licensee_rds])
    if waiting:
        resolve_now(waiting)


def records_upload_create(
    *, actor: User, kind: str, file: UploadedFile, dayfirst: bool | None = None, complete_book: bool = False
) -> ImportRun:
    """A licensee's responder sends its A&D book or purchase records (CSV), imported in the background.

    Only the licence's own rows are imported: a row of another record keeper is rejected. Every trace
    waiting on the licensee goes on. Only a book the responder says is complete makes its records
    count as electronic: a gun missing from it then ends as "no record" instead of waiting on a query.
    """
    if not user_is_responder(actor) or not actor.licensee_rds:
        raise PermissionDenied(_("Only a licensee's responder sends its records."))
    if kind not in RECORD_KINDS:
        raise ValidationError({"kind": [_("Send an A&D book or purchase records.")]}, code="kind")
    if Path(file.name or "").suffix.lower() != ".csv":
        raise ValidationError(_("Send a CSV (.csv) file."), code="file_extension")
    upload_check(file)
    return upload_store(
        actor=actor,
        kind=kind,
        file=file,
        dayfirst=dayfirst,
        licensee_rds=actor.licensee_rds,
        complete_book=complete_book and kind == ImportKind.DISPOSITIONS,
    )

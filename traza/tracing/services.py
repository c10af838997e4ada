"""Writes on traces: submitting one, resolving many, resuming the ones that waited."""

import logging
import uuid
from collections.abc import Iterable
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import Agency, User
from traza.agencies.selectors.agencies import agencies_user_may_submit_for
from traza.audit.services import audit_record
from traza.core.bulk import batches
from traza.industry.models import LicenseeQuery
from traza.stats.refresh import facts_refresh_traces
from traza.tracing import engine
from traza.tracing.engine.writing import RESULT_COLUMNS
from traza.tracing.models import Trace, TraceStep
from traza.tracing.selectors import traces_editable_by

logger = logging.getLogger(__name__)


def trace_submit(
    *, actor: User | None, agency: Agency, data: dict, channel: str, idempotency_key: str = ""
) -> tuple[Trace, bool]:
    """Create a trace from a checked request (see validation.py) and resolve it once committed.

    `agency` is the recovering agency of record. A designated agency under a central access policy
    may submit for another agency: it is then kept as the submitting agency. Returns the trace and
    whether this call created it: a repeated `idempotency_key` from the same agency with the same request
    returns the trace it first created; with a different request it raises ValidationError (code
    `idempotency_key_reused`), as a payment API does, instead of dropping the new request silently.
    """
    if actor is not None and not agencies_user_may_submit_for(actor).filter(pk=agency.pk).exists():
        raise PermissionDenied(_("You may not submit traces for this agency."))
    submitting = actor.agency if actor is not None and actor.agency_id != agency.pk else None
    asked = {key: value for key, value in data.items() if key != "agency_id"}
    if idempotency_key:
        existing = Trace.objects.filter(agency=agency, idempotency_key=idempotency_key).first()
        if existing is not None:
            return _repeated(existing, asked, idempotency_key), False
    fields = dict(asked)
    fields["request_ref"] = fields.get("request_ref") or f"{channel.upper()}-{uuid.uuid4().hex[:12].upper()}"
    try:
        with transaction.atomic():
            trace = Trace.objects.create(
                **fields,
                agency=agency,
                channel=channel,
                submitted_by=actor,
                submitted_at=timezone.now(),
                status=Trace.Status.SUBMITTED,
                idempotency_key=idempotency_key,
                submitting_agency=submitting,
            )
            audit_record(actor=actor, action="trace.create", target=trace, agency=agency, details={"channel": channel})
            transaction.on_commit(lambda: resolve_now([trace.pk]))
    except IntegrityError:
        existing = (
            Trace.objects.filter(agency=agency, idempotency_key=idempotency_key).first() if idempotency_key else None
        )
        if existing is None:
            raise
        return _repeated(existing, asked, idempotency_key), False
    return trace, True


def _repeated(existing: Trace, asked: dict, key: str) -> Trace:
    """The trace a repeated idempotency key first created, if the repeat asks for the same trace.

    The fields resolution rewrites (the make the engine settled on, for one) are not compared, nor a
    request reference the request left to Traza.
    """
    differs = [
        name
        for name, value in asked.items()
        if name not in RESULT_COLUMNS
        and not (name == "request_ref" and not value)
        and getattr(existing, name, value) != value
    ]
    if differs:
        raise ValidationError(
            _("The Idempotency-Key %(key)s was already used for trace %(number)s with a different request.")
            % {"key": key, "number": existing.number},
            code="idempotency_key_reused",
        )
    return existing


def trace_cancel(*, actor: User, trace: Trace) -> Trace:
    """The requesting agency withdraws a trace that has no final result yet.

    A licensee is asked once about a gun, for every trace of it: an open query of this trace that another
    trace still waits on passes to the earliest of them; the others close. Those traces and this one's
    duplicates are resolved again once committed, so that none follows a withdrawn trace. Cancelling a
    trace already cancelled changes nothing. Any other final trace raises ValidationError (code `final`):
    its result stands.
    """
    with transaction.atomic():
        locked = traces_editable_by(actor).select_for_update().filter(pk=trace.pk).first()
        if locked is None:
            raise PermissionDenied(_("You may not withdraw this trace."))
        if locked.status == Trace.Status.CANCELLED:
            return locked
        if locked.is_final:
            raise ValidationError(_("This trace already has a final result and cannot be cancelled."), code="final")
        now = timezone.now()
        locked.status, locked.status_reason, locked.completed_at = Trace.Status.CANCELLED, "", now
        locked.save(update_fields=["status", "status_reason", "completed_at"])
        audit_record(actor=actor, action="trace.cancel", target=locked)
        waiting = _queries_pass_on(actor=actor, withdrawn=locked, now=now)
        following = Trace.objects.filter(duplicate_of=locked).exclude(status=Trace.Status.CANCELLED)
        others = sorted(waiting | set(following.values_list("id", flat=True)))
        facts_refresh_traces([locked.pk])
        if others:
            transaction.on_commit(partial(resolve_now, others))
    logger.info("Trace %s cancelled by user %s", locked.pk, actor.pk)
    return locked


def _queries_pass_on(*, actor: User, withdrawn: Trace, now) -> set[int]:
    """Each open query of a withdrawn trace passes to the earliest other trace still waiting on it (the same
    gun recovered again, a duplicate), so that the licensee's answer reaches it; a query no trace waits on
    closes. Returns the traces that waited on them."""
    queries = list(LicenseeQuery.objects.select_for_update().filter(trace=withdrawn, status=LicenseeQuery.Status.OPEN))
    waiting = list(
        TraceStep.objects.filter(query__in=queries)
        .exclude(trace=withdrawn)
        .exclude(trace__status__in=[Trace.Status.CANCELLED, Trace.Status.DRAFT])
        .order_by("trace_id")
        .values_list("query_id", "trace_id")
    )
    heirs: dict[int, int] = {}
    for query_id, trace_id in waiting:
        heirs.setdefault(query_id, trace_id)
    for query in queries:
        if query.pk in heirs:
            query.trace_id = heirs[query.pk]
            query.save(update_fields=["trace"])
            details = {"from": withdrawn.pk, "to": query.trace_id}
            audit_record(actor=actor, action="query.transfer", target=query, details=details)
        else:
            query.status, query.closed_at = LicenseeQuery.Status.CLOSED, now
            query.save(update_fields=["status", "closed_at"])
    return {trace_id for _query_id, trace_id in waiting}


def resolve_now(trace_ids: list[int]) -> None:
    """Resolve at once; if that fails, leave it to the background worker."""
    try:
        engine.resolve(trace_ids)
    except Exception:
        logger.exception("Resolving %d trace(s) failed; queued for the worker", len(trace_ids))
        from traza.tracing.tasks import resolve_traces

        resolve_traces.enqueue(trace_ids)


def traces_resolve(trace_ids: Iterable[int]) -> int:
    return engine.resolve(trace_ids)


def traces_resume(*, licensee_rds: Iterable[str] = (), serial_keys: Iterable[str] = ()) -> int:
    """Resolve again the traces that new records may move on: waiting on these licensees, or of these serials."""
    ids = set(engine.traces_waiting_on(licensee_rds))
    keys = list(serial_keys)
    for part in batches(keys):
        ids.update(
            Trace.objects.filter(serial_key__in=part)
            .exclude(status__in=[Trace.Status.CANCELLED, Trace.Status.DRAFT])
            .values_list("id", flat=True)
        )
    return engine.resolve(ids) if ids else 0


def traces_resolve_pending() -> int:
    """Resolve every trace still only submitted (after a crash, or a bulk load whose worker was down)."""
    return engine.resolve(Trace.objects.filter(status=Trace.Status.SUBMITTED).values_list("id", flat=True))


def traces_exported(*, actor: User | None, file_format: str, count: int, criteria: dict[str, str]) -> None:
    """Record that traces left Traza in a file: who, how many, in which format, chosen how."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="trace.export",
            object_type="trace",
            actor_name="" if actor is not None else "traza export",
            details={"format": file_format, "count": count, "criteria": criteria},
        )

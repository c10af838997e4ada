"""Writes on international trace requests: opening them after the engine, sending them, recording the answer.

A `traced_foreign` trace is asked about to the country of manufacture (the make's country, or the
trace's country of origin), or, when the records show a lawful export, to the country of last legal
import: the country the gun was exported to and recovered in. The coordinator marks the request
sent with the foreign authority's reference and records its answer; the trace then takes the
answered chain, and keeps it whenever the engine resolves it again (see `selectors.answers_for`).
"""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import User
from traza.audit.services import audit_record
from traza.catalog.models import Country
from traza.international.models import InternationalRequest
from traza.international.selectors import requests_workable_by
from traza.tracing.models import Trace

Status, Answer = InternationalRequest.Status, InternationalRequest.Answer
UNANSWERED = InternationalRequest.UNANSWERED
TRACE_FIELDS = ("id", "status", "status_reason", "recovery_country", "country_of_origin")
TRACE_JOINED = {
    "made_in": F("make__country_id"),
    "request_id": F("international_request__id"),
    "request_status": F("international_request__status"),
}


def international_requests_open(*, trace_ids: Iterable[int]) -> int:
    """Open a request for each of these traces that ended `traced_foreign` and has none; close the unanswered
    requests of those that no longer do, and open again those closed so whose trace ends abroad again.

    For a whole engine batch: one read of the batch's traces that end abroad or have a request, then
    a write for each kind of change there is. Returns how many requests were opened.
    """
    abroad = Trace.Status.TRACED_FOREIGN
    rows = list(
        Trace.objects.filter(id__any=list(trace_ids))
        .filter(Q(status=abroad) | Q(international_request__isnull=False))
        .values(*TRACE_FIELDS, **TRACE_JOINED)
    )
    stale = [r["request_id"] for r in rows if r["status"] != abroad and r["request_status"] in UNANSWERED]
    if stale:
        InternationalRequest.objects.filter(pk__in=stale).update(status=Status.CLOSED, closed_at=timezone.now())
    again = [r["request_id"] for r in rows if r["status"] == abroad and r["request_status"] == Status.CLOSED]
    if again:
        InternationalRequest.objects.filter(pk__in=again).update(
            status=Case(When(sent_at__isnull=True, then=Value(Status.OPEN)), default=Value(Status.SENT)),
            closed_at=None,
        )
    return _open([r for r in rows if r["status"] == abroad and r["request_id"] is None])


def _open(traces: list[dict]) -> int:
    if not traces:
        return 0
    known = set(Country.objects.values_list("code", flat=True))
    now = timezone.now()
    due = now + timedelta(days=settings.TRAZA_INTERNATIONAL_DUE_DAYS)
    requests = [
        InternationalRequest(trace_id=trace["id"], country_id=country, basis=basis, created_at=now, due_at=due)
        for trace in traces
        for country, basis in [addressee(trace)]
        if country in known
    ]
    InternationalRequest.objects.bulk_create(requests, batch_size=1000, ignore_conflicts=True)
    return len(requests)


def addressee(trace: dict) -> tuple[str, str]:
    """(country, basis) a traced_foreign trace is asked about to: where the gun was last lawfully imported when
    the records show an export (where it was recovered), else where it was made (the make's country, or the
    stated country of origin)."""
    if trace["status_reason"] == Trace.Reason.EXPORTED:
        return trace["recovery_country"], InternationalRequest.Basis.IMPORT
    made_in = trace["made_in"]
    if not made_in or made_in == "US":
        made_in = (trace["country_of_origin"] or "").upper()
    return made_in, InternationalRequest.Basis.MANUFACTURE


def international_request_send(
    *, actor: User, request: InternationalRequest, reference: str = ""
) -> InternationalRequest:
    """The request has gone to the foreign authority (through INTERPOL's channel); `reference` is the one it gave."""
    with transaction.atomic():
        locked = _locked(actor, request)
        if locked.status != Status.OPEN:
            raise ValidationError(_("This request was already sent."), code="sent")
        locked.status, locked.sent_at = Status.SENT, timezone.now()
        locked.foreign_reference = reference.strip()[:80] or locked.foreign_reference
        locked.save(update_fields=["status", "sent_at", "foreign_reference"])
        audit_record(actor=actor, action="international.send", target=locked, details={"country": locked.country_id})
    return locked


def international_request_answer(
    *,
    actor: User,
    request: InternationalRequest,
    answer: str,
    reference: str = "",
    party: str = "",
    party_country: str = "",
    export_date: date | None = None,
) -> InternationalRequest:
    """Record the foreign authority's answer: a lawful export to a named party (name, country, date), or no record.

    The trace then takes the answered chain at once (and keeps it whenever it is resolved again).
    Raises ValidationError with one message per wrong field, naming it; nothing is saved then.
    """
    _check_answer(answer=answer, party=party, party_country=party_country, export_date=export_date)
    with transaction.atomic():
        locked = _locked(actor, request)
        if not locked.is_open:
            raise ValidationError(_("This request already has an answer, or was closed."), code="answered")
        export = answer == Answer.EXPORT
        locked.status, locked.answer = Status.ANSWERED, answer
        locked.foreign_reference = reference.strip()[:80] or locked.foreign_reference
        locked.export_party = party.strip() if export else ""
        locked.export_country_id = party_country.upper() if export else None
        locked.export_date = export_date if export else None
        locked.answered_at, locked.answered_by = timezone.now(), actor
        locked.save()
        details = {"answer": answer, "country": locked.country_id, "export_country": locked.export_country_id or ""}
        audit_record(actor=actor, action="international.answer", target=locked, details=details)
        transaction.on_commit(partial(_resolve_again, locked.trace_id))
    return locked


def _check_answer(*, answer: str, party: str, party_country: str, export_date: date | None) -> None:
    if answer not in Answer.values:
        raise ValidationError({"answer": _("answer: choose a lawful export or no record.")})
    if answer != Answer.EXPORT:
        return
    errors = {}
    if not party.strip():
        errors["party"] = _("party: give the name of the party the firearm was exported to.")
    elif len(party.strip()) > 200:
        errors["party"] = _("party: at most 200 characters.")
    if not Country.objects.filter(code=party_country.upper()).exists():
        errors["party_country"] = _("party_country: give the country the firearm was exported to.")
    if export_date is None:
        errors["export_date"] = _("export_date: give the date of the export.")
    elif export_date > timezone.localdate():
        errors["export_date"] = _("export_date: the export cannot be in the future.")
    if errors:
        raise ValidationError(errors)


def _locked(actor: User, request: InternationalRequest) -> InternationalRequest:
    locked = requests_workable_by(actor).select_for_update(of=("self",)).filter(pk=request.pk).first()
    if locked is None:
        raise PermissionDenied(_("You may not work this international request."))
    return locked


def _resolve_again(trace_id: int) -> None:
    # Imported here: the engine opens requests through this module after each batch.
    from traza.tracing.services import resolve_now

    resolve_now([trace_id])


def international_requests_exported(*, actor: User | None, file_format: str, count: int, criteria: dict) -> None:
    """Record that international requests left Traza in a file: who, how many, in which format, chosen how."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="international.export",
            object_type="internationalrequest",
            actor_name="" if actor is not None else "traza export",
            details={"format": file_format, "count": count, "criteria": criteria},
        )

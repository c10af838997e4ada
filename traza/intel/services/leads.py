"""Writes on leads by the people who work them: assigning, the life cycle, notes, exports.

A lead moves new → reviewing → referred (to an agency, under its case reference) → closed (saying
why); a closed lead may be reopened, back to reviewing, and any open lead may be closed. Every
other move is refused with a translated error and changes nothing. Each service locks the lead,
checks the move on the locked row, and writes its audit entry in the same transaction; the
entries hold codes and numbers, never a note's text, a closing reason or anybody's personal data.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import Agency, User
from traza.audit.services import audit_record
from traza.intel.models import Lead, LeadNote
from traza.intel.selectors.leads import lead_assignees, leads_visible_to, referral_agencies
from traza.notifications.services import notify

Status = Lead.Status
OPEN = frozenset({Status.NEW, Status.REVIEWING, Status.REFERRED})
CASE_REF_MAX, REASON_MAX, NOTE_MAX = 80, 500, 2000

ASSIGNEE_REFUSED = _("assignee: choose an active investigator of your agency.")
AGENCY_REFUSED = _("agency: choose an agency Traza knows.")
CASE_REF_REQUIRED = _("case_ref: give the case reference the lead is referred under.")
CASE_REF_TOO_LONG = _("case_ref: at most 80 characters.")
REASON_REQUIRED = _("reason: say why the lead is closed.")
REASON_TOO_LONG = _("reason: at most 500 characters.")
NOTE_REQUIRED = _("text: write the note.")
NOTE_TOO_LONG = _("text: at most 2,000 characters.")
MOVES_REFUSED = {
    Status.REVIEWING: _("Only a new lead can be taken into review; a closed one is reopened."),
    Status.REFERRED: _("Only a lead under review can be referred."),
    Status.CLOSED: _("This lead is already closed."),
    "reopen": _("Only a closed lead can be reopened."),
}


def lead_assign(*, actor: User, lead: Lead, assignee: User) -> Lead:
    """Give the lead to an investigator of the actor's agency to work; they are notified."""
    if not lead_assignees(actor).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": ASSIGNEE_REFUSED})
    with transaction.atomic():
        locked = _locked(actor, lead)
        locked.assigned_to = assignee
        locked.save(update_fields=["assigned_to"])
        audit_record(actor=actor, action="lead.assign", target=locked, details={"assignee": assignee.username})
        url = reverse("intel-lead", args=[locked.number])
        notify(users=[assignee], kind="lead_assigned", params={"lead": locked.number}, url=url)
    return locked


def lead_review(*, actor: User, lead: Lead) -> Lead:
    """Take a new lead into review."""
    return _move(actor, lead, to=Status.REVIEWING, allowed_from={Status.NEW}, refusal=MOVES_REFUSED[Status.REVIEWING])


def lead_reopen(*, actor: User, lead: Lead) -> Lead:
    """Reopen a closed lead: it is under review again, its closing reason kept only in the audit log."""
    return _move(actor, lead, to=Status.REVIEWING, allowed_from={Status.CLOSED}, refusal=MOVES_REFUSED["reopen"])


def lead_refer(*, actor: User, lead: Lead, agency: Agency, case_ref: str) -> Lead:
    """Refer a lead under review to an agency (the actor's own or another), under that agency's case reference."""
    case_ref = case_ref.strip()
    errors = {}
    if not referral_agencies().filter(pk=agency.pk).exists():
        errors["agency"] = AGENCY_REFUSED
    if not case_ref:
        errors["case_ref"] = CASE_REF_REQUIRED
    elif len(case_ref) > CASE_REF_MAX:
        errors["case_ref"] = CASE_REF_TOO_LONG
    if errors:
        raise ValidationError(errors)
    details = {"agency": agency.code, "case_ref": case_ref}
    return _move(
        actor,
        lead,
        to=Status.REFERRED,
        allowed_from={Status.REVIEWING},
        refusal=MOVES_REFUSED[Status.REFERRED],
        changes={"referred_to": agency, "referred_case": case_ref},
        action="lead.refer",
        details=details,
    )


def lead_close(*, actor: User, lead: Lead, reason: str) -> Lead:
    """Close an open lead, saying why (kept on the lead; the audit log records only that it was closed)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": REASON_TOO_LONG})
    return _move(
        actor,
        lead,
        to=Status.CLOSED,
        allowed_from=OPEN,
        refusal=MOVES_REFUSED[Status.CLOSED],
        changes={"closed_reason": reason},
        action="lead.close",
    )


def lead_note_add(*, actor: User, lead: Lead, text: str) -> LeadNote:
    """Add a note to a lead; the audit log records that a note was written, not what it says."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": NOTE_REQUIRED})
    if len(text) > NOTE_MAX:
        raise ValidationError({"text": NOTE_TOO_LONG})
    with transaction.atomic():
        locked = _locked(actor, lead)
        note = LeadNote.objects.create(lead=locked, author=actor, text=text)
        audit_record(actor=actor, action="lead.note", target=locked, details={"note": note.pk})
    return note


def leads_exported(*, actor: User | None, file_format: str, count: int, criteria: dict) -> None:
    """Record that leads left Traza in a file: who, how many, in which format, chosen how."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="lead.export",
            object_type="lead",
            actor_name="" if actor is not None else "traza export",
            details={"format": file_format, "count": count, "criteria": criteria},
        )


def _move(
    actor: User,
    lead: Lead,
    *,
    to: str,
    allowed_from: set | frozenset,
    refusal,
    changes: dict | None = None,
    action: str = "lead.status",
    details: dict | None = None,
) -> Lead:
    """Move the lead to status `to` when its locked row is in `allowed_from`; refuse with `refusal` otherwise."""
    with transaction.atomic():
        locked = _locked(actor, lead)
        if locked.status not in allowed_from:
            raise ValidationError(refusal, code="status")
        before = locked.status
        locked.status, locked.status_changed_at = to, timezone.now()
        if to == Status.REVIEWING:
            locked.closed_reason = ""
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", "status_changed_at", "closed_reason", *(changes or {})])
        audit_record(actor=actor, action=action, target=locked, details={"from": before, "to": to, **(details or {})})
    return locked


def _locked(actor: User, lead: Lead) -> Lead:
    """The lead, locked until the transaction ends, if `actor` may work it."""
    locked = leads_visible_to(actor).select_for_update(of=("self",)).filter(pk=lead.pk).first()
    if locked is None:
        raise PermissionDenied(_("You may not work this lead."))
    return locked

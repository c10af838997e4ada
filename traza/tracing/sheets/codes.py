"""The verification code printed on a trace's result sheet, and checking a sheet against the record.

The code is an HMAC, keyed from SECRET_KEY, over the trace number, its status, its last change and a digest of
what the sheet shows (facts, chain, indicators): the same state of a trace always gives the same code, and any
change gives another, so a sheet of an older state no longer matches. Personal data is left out of the digest:
the code is the same whoever printed the sheet, masked or not.
"""

import base64
import enum
import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from traza.audit.services import audit_record
from traza.tracing.models import Trace, TraceSheet, TraceStep, parse_trace_number

KEY_SALT = "traza.tracing.sheet"
CODE_LENGTH = 16  # base32 characters: 80 bits of the HMAC
GROUP = 4
ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
# What people type for letters base32 does not use (it has no 0, 1 or 8), and what they put between groups.
LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B", " ": None, "-": None, ".": None, "\t": None})
TRACE_FIELDS = (
    "agency_id",
    "status_reason",
    "resolution_note",
    "priority",
    "urgent_reason",
    "officer_name",
    "officer_badge",
    "agency_case_number",
    "mp_agent",
    "mp_office",
    "iph_number",
    "first_responder",
    "crime_code_id",
    "recovery_date",
    "recovery_country",
    "recovery_region_id",
    "recovery_municipality_id",
    "recovery_locality",
    "recovery_address",
    "latitude",
    "longitude",
    "serial_number",
    "serial_obliterated",
    "manufacturer",
    "make_id",
    "importer",
    "importer_make_id",
    "model",
    "caliber",
    "caliber_ref_id",
    "firearm_type",
    "country_of_origin",
    "markings",
    "seizure_ref",
    "seizure_item",
    "submitted_at",
    "resolved_at",
    "completed_at",
    "duplicate_of_id",
    "retail_licensee_rds",
    "sale_date",
    "purchase_id",
)


class Verdict(enum.Enum):
    MATCH = "match"  # the sheet shows the trace as it is now
    OUTDATED = "outdated"  # Traza issued the sheet, but the trace changed since
    INVALID = "invalid"  # no sheet of this trace ever had this code


@dataclass(frozen=True)
class SheetCheck:
    """What a sheet's code says about it; `trace` and `printed` (the issued sheet) when the code was Traza's."""

    verdict: Verdict
    trace: Trace | None = None
    printed: TraceSheet | None = None


def last_change(trace: Trace):
    """When the trace last changed: submitted, resolved again by the engine, completed or withdrawn."""
    return max(
        moment for moment in (trace.created_at, trace.submitted_at, trace.resolved_at, trace.completed_at) if moment
    )


def sheet_code(trace: Trace) -> str:
    """The 16-character code of the trace's current state (use `trace_sheet_queryset` to load it in a few queries)."""
    content = {
        "trace": [getattr(trace, field) for field in TRACE_FIELDS],
        "steps": [[getattr(step, field) for field in TraceStep.WRITTEN] for step in trace.steps.all()],
        "indicators": sorted([indicator.code, indicator.strong] for indicator in trace.indicators.all()),
    }
    digest = hashlib.sha256(_canonical(content)).hexdigest()
    payload = _canonical([trace.number, trace.status, last_change(trace), digest])
    mac = salted_hmac(KEY_SALT, payload, algorithm="sha256").digest()
    return base64.b32encode(mac[:10]).decode("ascii")


def _canonical(value) -> bytes:
    return json.dumps(value, default=str, separators=(",", ":"), ensure_ascii=False).encode()


def format_code(code: str) -> str:
    """The code as printed, in groups to read aloud: ABCD-EFGH-IJKL-MNOP."""
    return "-".join(code[start : start + GROUP] for start in range(0, len(code), GROUP))


def normalise_code(text: str) -> str:
    """The code someone typed, as Traza writes it (upper case, no spaces or dashes); "" when it cannot be one."""
    code = (text or "").strip().upper().translate(LOOKALIKES)
    return code if len(code) == CODE_LENGTH and set(code) <= ALPHABET else ""


def trace_sheet_queryset():
    """Traces with what their code is computed from."""
    return Trace.objects.prefetch_related("steps", "indicators")


def sheet_check(*, number: str, code: str) -> SheetCheck:
    """Whether a sheet with this trace number and (normalised) code shows the trace as it is now.

    An unknown trace number, a malformed code and a code never issued are all INVALID, alike.
    """
    parsed = parse_trace_number(number or "")
    if parsed is None or not code:
        return SheetCheck(Verdict.INVALID)
    year, pk = parsed
    trace = trace_sheet_queryset().filter(pk=pk).first()
    if trace is None or trace.created_at.year != year:
        return SheetCheck(Verdict.INVALID)
    if constant_time_compare(sheet_code(trace), code):
        return SheetCheck(Verdict.MATCH, trace=trace)
    printed = TraceSheet.objects.filter(trace=trace, code=code).first()
    if printed is None:
        return SheetCheck(Verdict.INVALID)
    return SheetCheck(Verdict.OUTDATED, trace=trace, printed=printed)


def sheet_issue(*, actor, trace: Trace, sheet_format: str) -> TraceSheet:
    """Record that `actor` took the trace's result sheet (html or pdf): the state it shows, by its code, and who.

    Printing the same state again keeps the first row; every sheet taken is in the audit log.
    """
    code = sheet_code(trace)
    with transaction.atomic():
        sheet, _created = TraceSheet.objects.get_or_create(
            trace=trace,
            code=code,
            defaults={"status": trace.status, "status_reason": trace.status_reason, "changed_at": last_change(trace)},
        )
        audit_record(actor=actor, action="trace.sheet", target=trace, details={"format": sheet_format, "code": code})
    return sheet

"""How an entry's details read: labelled fields in the reader's language, codes (roles, statuses, kinds) in words.

The stored details stay as they were written (the hash chain covers them); only their presentation is
translated here. A key no entry of this list names still shows, under a generic label.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import AccessPolicy, User
from traza.audit.actions import LABELS
from traza.imports.models import ImportKind, ImportRun
from traza.industry.models import LicenseeQuery
from traza.intel.models import Lead
from traza.international.models import InternationalRequest
from traza.stats.models import CustodyAlert
from traza.tracing.models import Trace

OTHER = _("Other detail")

FIELDS: dict[str, Promise] = {
    "username": _("User name"),
    "user": _("User name"),
    "role": _("Role"),
    "agency": _("Agency"),
    "agency_code": _("Agency code"),
    "code": _("Agency code"),
    "from": _("Before"),
    "to": _("After"),
    "prefix": _("Token prefix"),
    "days": _("Valid for (days)"),
    "count": _("Count"),
    "trace": _("Trace"),
    "trace_agency": _("Agency of the trace"),
    "name": _("Name"),
    "agreement": _("Sharing agreement"),
    "stage": _("Moment"),
    "left": _("Recovery codes left"),
    "mou_reference": _("Agreement reference (MOU)"),
    "mou_date": _("Agreement date (MOU)"),
    "country": _("Country"),
    "via": _("Answered"),
    "licensee": _("Licence (RDS)"),
    "run": _("Import number"),
    "import_run": _("Import number"),
    "purchase": _("With the purchase"),
    "measure": _("Measure"),
    "format": _("Format"),
    "chart": _("Chart"),
    "criteria": _("Filters"),
    "kind": _("Kind"),
    "channel": _("Channel"),
    "status": _("Result"),
    "file_sha256": _("File fingerprint (SHA-256)"),
    "created": _("Rows created"),
    "updated": _("Rows updated"),
    "unchanged": _("Rows unchanged"),
    "rejected": _("Rows rejected"),
    "size": _("Size (bytes)"),
    "answer": _("Answer"),
    "export_country": _("Country of export"),
    "text": _("Spelling"),
    "key": _("Comparison key"),
    "make": _("Make"),
    "make_id": _("Make number"),
    "previous_make": _("Make before the correction"),
    "previous_make_id": _("Number of the make before the correction"),
    "assignee": _("Assigned to"),
    "case_ref": _("Case reference"),
    "note": _("Note number"),
    "person": _("Person (key)"),
    "by_person": _("Flagged from a person's guns"),
    "action": _("Action"),
    "actor": _("User name"),
    "object_type": _("Record type"),
    "object_id": _("Record id"),
    "since": _("From (date)"),
    "until": _("Until"),
    "status_reason": _("Reason code(s) of the status"),
    "submitted_from": _("Submitted on or after"),
    "submitted_to": _("Submitted on or before"),
    "recovery_country": _("ISO 3166-1 country code"),
    "request_ref": _("The agency's own reference"),
}

ORDER = {key: place for place, key in enumerate(FIELDS)}

# Where one action gives a key a more precise name than the general one.
ACTION_FIELDS: dict[tuple[str, str], Promise] = {
    ("user.role_change", "from"): _("Previous role"),
    ("user.role_change", "to"): _("New role"),
    ("policy.change", "from"): _("Previous policy"),
    ("policy.change", "to"): _("New policy"),
    **{(action, "from"): _("Previous status") for action in ("lead.status", "lead.refer", "lead.close")},
    **{(action, "to"): _("New status") for action in ("lead.status", "lead.refer", "lead.close")},
    ("query.answer", "trace"): _("Trace (internal id)"),
    ("query.no_record", "trace"): _("Trace (internal id)"),
    ("token.revoke", "count"): _("Tokens revoked"),
    ("trace.export", "count"): _("Rows exported"),
    ("lead.export", "count"): _("Rows exported"),
    ("international.export", "count"): _("Rows exported"),
    ("sharing.join", "agency"): _("Agency that joined"),
    ("sharing.leave", "agency"): _("Agency that left"),
    ("lead.refer", "agency"): _("Referred to"),
    ("trace.sheet", "code"): _("Verification code"),
    ("international.export", "status"): _("Status"),
}

BOOLEANS = {"True": True, "False": False}  # how a form's yes/no filter is kept among an export's criteria
STAGES = {"set-up": _("setting up two-factor authentication"), "sign-in": _("signing in")}
FORMATS = {"case-file-csv": _("case file, CSV"), "case-file-xlsx": _("case file, XLSX")}


def _choices(choices) -> Callable[[], dict]:
    return lambda: dict(choices)


def _measures() -> dict:
    from traza.stats.measures import MEASURES

    return {key: measure.label for key, measure in MEASURES.items()}


def _charts() -> dict:
    from traza.stats.dashboard import CHARTS_BY_KEY

    return {key: chart.title for key, chart in CHARTS_BY_KEY.items()}


def _record_types() -> dict:
    from traza.audit.records import RECORD_TYPES

    return RECORD_TYPES


ROLES = _choices(User.Role.choices)
LEAD_STATUSES = _choices(Lead.Status.choices)

# The words for coded values: by (action, key) first, then by key.
CODES: dict[tuple[str, str] | str, Callable[[], dict]] = {
    "role": ROLES,
    ("user.role_change", "from"): ROLES,
    ("user.role_change", "to"): ROLES,
    ("policy.change", "from"): _choices(AccessPolicy.Policy.choices),
    ("policy.change", "to"): _choices(AccessPolicy.Policy.choices),
    **{
        (action, key): LEAD_STATUSES for action in ("lead.status", "lead.refer", "lead.close") for key in ("from", "to")
    },
    ("import.finish", "kind"): _choices(ImportKind.choices),
    ("upload.create", "kind"): _choices(ImportKind.choices),
    ("import.finish", "status"): _choices(ImportRun.Status.choices),
    ("custody.close", "kind"): _choices(CustodyAlert.Kind.choices),
    ("international.answer", "answer"): _choices(InternationalRequest.Answer.choices),
    ("international.export", "status"): _choices(InternationalRequest.Status.choices),
    "via": _choices(LicenseeQuery.Via.choices),
    "channel": _choices(Trace.Channel.choices),
    "stage": lambda: STAGES,
    "format": lambda: FORMATS,
    "measure": _measures,
    "chart": _charts,
    ("audit.export", "action"): lambda: LABELS,
    ("audit.export", "object_type"): _record_types,
}


@dataclass(frozen=True)
class Detail:
    """One fact of an entry as a person reads it; `key` is the name it is stored under."""

    key: str
    label: str
    value: str


def details_of(action: str, details: dict) -> list[Detail]:
    """The entry's details as labelled fields in the active language, in the order of FIELDS (PostgreSQL keeps
    no order of a JSON object's keys), keys it does not name last."""
    return [
        Detail(
            key=key,
            label=str(ACTION_FIELDS.get((action, key)) or FIELDS.get(key) or OTHER),
            value=_value(action, key, value),
        )
        for key, value in sorted((details or {}).items(), key=_place)
    ]


def _place(item: tuple) -> tuple:
    return (ORDER.get(item[0], len(ORDER)), item[0])


def details_text(action: str, details: dict) -> str:
    """The details on one line, for a file: `Label: value; Label: value`."""
    return "; ".join(f"{detail.label}: {detail.value}" for detail in details_of(action, details))


def role_label(role: str) -> str:
    """A stored role in words ("" stays "")."""
    return str(dict(User.Role.choices).get(role, role))


def _filter_fields() -> dict[str, dict]:
    """The list filters an export was chosen by, per action: their labels and choices name its criteria."""
    from traza.intel.filters import LeadListFilter
    from traza.tracing.filters import TraceListFilter

    return {"trace.export": TraceListFilter.base_fields, "lead.export": LeadListFilter.base_fields}


def _criteria(action: str, criteria: dict) -> str:
    """An export's filters as `Label = value` in words; a filter no list form names keeps its parameter name."""
    fields = _filter_fields().get(action, {})
    parts = []
    for name, value in criteria.items():
        field = fields.get(name)
        label = field.label if field is not None else ACTION_FIELDS.get((action, name)) or FIELDS.get(name)
        if label is None:
            parts.append(f"{name}={value}")
            continue
        choices = dict(getattr(field, "choices", None) or getattr(getattr(field, "widget", None), "choices", ()) or ())
        words = [
            str(choices.get(part) or _value(action, name, BOOLEANS.get(part, part))) for part in str(value).split(",")
        ]
        parts.append(f"{label} = {', '.join(words)}")
    return "; ".join(parts)


def _value(action: str, key: str, value) -> str:
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return _criteria(action, value) or "—"
    if isinstance(value, list):
        return ", ".join(_value(action, key, item) for item in value) or "—"
    codes = CODES.get((action, key)) or CODES.get(key)
    if codes is not None:
        word = codes().get(value)
        if word is not None:
            return str(word)
    if key == "format":
        return str(value).upper()
    return str(value)

"""How a trace's result is put into words and facts for people: shared by the web pages and the API.

Nothing here reads personal data: a purchase appears by its record (transaction_ref, file, line)
and the purchaser by the opaque `person_key`, never by name.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from django.utils import timezone, translation
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext

from traza.core.rows import Row, T
from traza.industry.models import Disposition, Licensee, LicenseeQuery, Purchase, Theft
from traza.tracing.models import Trace, TraceStep
from traza.tracing.selectors import licence_number
from traza.tracing.validation import spelling_warnings


def catalog_name(row) -> str:
    """A catalog row's name in the active language: countries and offences have `name_es` and `name_en`."""
    return getattr(row, name_field())


def name_field() -> str:
    """The catalog column that holds names in the active language."""
    return "name_es" if (translation.get_language() or "").startswith("es") else "name_en"


def licensee_facts(rds: str, licensees: dict[str, Licensee]) -> dict:
    """What a person is told about a licensee: RDS key, full licence number, name, state, whether listed."""
    licensee = licensees.get(rds)
    return {
        "rds": rds,
        "licence_number": licence_number(licensee),
        "name": licensee.display_name if licensee else "",
        "state": licensee.premise_state if licensee else "",
        "listed": bool(licensee and licensee.listed),
    }


def step_licensee(step: TraceStep, licensees: dict[str, Licensee]) -> dict | None:
    """The licensee of a chain step (None for the purchaser's step)."""
    return licensee_facts(step.licensee_rds, licensees) if step.licensee_rds else None


def step_evidence(step: TraceStep, answers: dict[int, dict] | None = None) -> dict | None:
    """The record a step was read from: its kind, its id, the file it came in, when that was imported, its line.

    A dealer's theft report is the evidence of its step; a record that gave the trace its make says how surely.
    `answers` (from `answers_of`) tells a record that came in a licensee's answer to a query, not in a file.
    """
    record = _step_record(step)
    if record is None:
        return None
    kind, row, record_id = record
    return {
        "kind": kind,
        "record_id": record_id,
        "file_name": row.import_run.file_name,
        "imported_at": row.import_run.created_at,
        "line": row.line,
        "make_confidence": step.make_confidence,
        "answer": (answers or {}).get(row.import_run_id),
    }


def _step_record(step: TraceStep) -> tuple[str, Disposition | Purchase | Theft, str] | None:
    if step.disposition is not None:
        return "disposition", step.disposition, step.disposition.record_id
    if step.purchase is not None:
        return "purchase", step.purchase, step.purchase.transaction_ref
    if step.theft is not None:
        return "theft", step.theft, step.theft.report_number
    return None


def answers_of(steps: Iterable[TraceStep]) -> dict[int, dict]:
    """For the runs the steps' records came in, those that were a licensee's answer to a query (not a file):
    which query, how, entered by whom, by run id, in one query.

    Put into words where it is shown, in the reader's language: the run's stored name is for the operator.
    """
    runs = {record[1].import_run_id for record in map(_step_record, steps) if record is not None}
    if not runs:
        return {}
    queries = (
        LicenseeQuery.objects.filter(answer_run_id__in=runs)
        .select_related("answered_by")
        .only(
            "pk",
            "answer_run_id",
            "answered_via",
            "closed_at",
            "answered_by__username",
            "answered_by__first_name",
            "answered_by__last_name",
        )
    )
    return {cast(int, query.answer_run_id): _answer_facts(query) for query in queries}


def _answer_facts(query: LicenseeQuery) -> dict:
    who = query.answered_by
    return {
        "query": query.pk,
        "via": query.answered_via,
        "via_label": query.get_answered_via_display(),
        "entered_by": (who.get_full_name() or who.get_username()) if who is not None else "",
        "answered_at": query.closed_at,
    }


def query_due_words(query: LicenseeQuery, *, now: datetime | None = None) -> str:
    """When the licensee's answer is due, in words: "due in 20 hours", "overdue by 3 hours", "answered"."""
    now = now or timezone.now()
    if query.status == LicenseeQuery.Status.ANSWERED:
        return gettext("answered")
    if query.status != LicenseeQuery.Status.OPEN:
        return gettext("closed")
    return due_words(query.due_at, now=now)


def due_words(due_at: datetime, *, now: datetime | None = None) -> str:
    """ "due in 20 hours" or "overdue by 3 hours": how far a due time is, in words rather than colour."""
    now = now or timezone.now()
    if due_at < now:
        return gettext("overdue by %(time)s") % {"time": timesince(due_at, now, depth=1)}
    return gettext("due in %(time)s") % {"time": timesince(now, due_at, depth=1)}


def resolution_note(trace: Trace) -> str:
    """The engine's note on the result (a message id), in the active language."""
    return gettext(trace.resolution_note) if trace.resolution_note else ""


def trace_warnings(trace: Trace) -> dict[str, str]:
    """Field → what a person is told about a spelling Traza kept as written, in the active language."""
    values = {
        "manufacturer": trace.manufacturer,
        "make_id": trace.make_id,
        "importer": trace.importer,
        "importer_make_id": trace.importer_make_id,
    }
    return {column: gettext(message) for column, message in spelling_warnings(values).items()}


def status_reason_label(trace: Trace) -> str:
    return str(trace.get_status_reason_display()) if trace.status_reason else ""


def calendar_span(start: date, end: date) -> tuple[int, int, int] | None:
    """Whole years, months and days from `start` to `end`, the way a calendar counts them; None if end < start."""
    if end < start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    year, month = divmod(start.month - 1 + months, 12)
    anchor_year = start.year + year
    anchor = date(anchor_year, month + 1, min(start.day, calendar.monthrange(anchor_year, month + 1)[1]))
    years, months = divmod(months, 12)
    return years, months, (end - anchor).days


def time_to_crime_words(trace: Trace) -> str:
    """Time-to-crime as a person says it: "2 years, 3 months and 4 days" ("" when the sale is not known)."""
    if trace.sale_date is None:
        return ""
    span = calendar_span(trace.sale_date, trace.recovery_date)
    if span is None:
        return gettext("recovered before the recorded sale")
    years, months, days = span
    parts = [
        ngettext("%(count)d year", "%(count)d years", years) % {"count": years} if years else "",
        ngettext("%(count)d month", "%(count)d months", months) % {"count": months} if months else "",
        ngettext("%(count)d day", "%(count)d days", days) % {"count": days} if days or not (years or months) else "",
    ]
    parts = [part for part in parts if part]
    if len(parts) == 1:
        return parts[0]
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


@dataclass(frozen=True)
class DueRow(Row[T]):
    """A trace, query or request of a list, with its due time in words and whether it is overdue."""

    due_words: str
    overdue: bool

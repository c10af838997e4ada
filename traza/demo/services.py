"""Writes for the demo: loading a generated world through the ordinary importer, its history, the demo users,
and what intelligence makes of it (people resolved, suspect guns flagged, leads, notifications)."""

import csv
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from traza.agencies.models import AccessPolicy, Agency, User
from traza.agencies.services import user_create
from traza.agencies.services.agencies import agency_tracing_centre_set
from traza.catalog.lookup import CatalogIndex
from traza.catalog.models import Make
from traza.catalog.services import catalog_load
from traza.core.bulk import batches, update_rows
from traza.demo.selectors import busiest_licensee
from traza.demo.world.files import LOAD_ORDER, SIDECARS
from traza.imports.models import ImportKind, ImportRun
from traza.imports.services import import_file
from traza.industry.models import LicenseeQuery
from traza.intel.services.suspects import suspect_flag
from traza.intel.suspects import read_serial
from traza.notifications.triggers import queries_overdue_notify
from traza.stats.refresh import facts_refresh_all, facts_refresh_traces
from traza.tracing.models import Trace

logger = logging.getLogger(__name__)


class DemoLoadError(RuntimeError):
    """A demo file did not import cleanly: the generator and the importer disagree."""


@dataclass(frozen=True)
class DemoUser:
    """A demo account: who it is for, and where it belongs (an agency's code; none for a sysadmin or a responder)."""

    username: str
    role: str
    agency: str
    language: str
    first_name: str
    last_name: str


#: The licensee's responder, who answers for the licence with the most open questions (`busiest_licensee`).
RESPONDER = "responder.ffl"

DEMO_USERS = (
    DemoUser("admin", User.Role.SYSADMIN, "", "es", "Fernando", "Castro Ibarra"),
    DemoUser("oficial.sinaloa", User.Role.OFFICER, "MXFGR2500", "es", "Lucía", "Valenzuela Quintero"),
    DemoUser("investigador.sinaloa", User.Role.INVESTIGATOR, "MXFGR2500", "es", "Ramón", "Gaxiola Urías"),
    DemoUser("oficial.estatal", User.Role.OFFICER, "MXSINSSP0", "es", "Brenda", "Zazueta Ontiveros"),
    DemoUser("oficial.culiacan", User.Role.OFFICER, "MXSIN006PM", "es", "Jesús", "Armenta Leyva"),
    DemoUser("officer.elpaso", User.Role.OFFICER, "TX0710200", "en", "Daniel", "Reyes"),
    DemoUser("analista", User.Role.ANALYST, "MXFGR0000", "es", "Mariana", "Ochoa Beltrán"),
    DemoUser("admin.culiacan", User.Role.AGENCY_ADMIN, "MXSIN006PM", "es", "Rosa", "Inzunza Félix"),
    DemoUser("coordinacion.mx", User.Role.COORDINATOR, "MXFGR0000", "es", "Alejandro", "Robles Camacho"),
    DemoUser("auditoria.mx", User.Role.AUDITOR, "MXFGR0000", "es", "Patricia", "Lugo Sandoval"),
    DemoUser(RESPONDER, User.Role.INDUSTRY, "", "en", "Megan", "Castillo"),
)


#: The demo's tracing centre: the federal prosecutor's office, whose analyst works the Mexican traces' queries.
TRACING_CENTRES = ("MXFGR0000",)


def catalog_ensure() -> bool:
    """Load the reference catalogs if they are not loaded yet; return whether they were loaded now."""
    if Make.objects.exists():
        return False
    catalog_load()
    return True


def demo_load(*, directory: Path, progress: Callable[[str, ImportRun], None] | None = None) -> list[ImportRun]:
    """Import a demo world's files in dependency order through `import_file`, as `traza import` does.

    Trace requests are resolved by their own import; then `demo_history_apply` dates them as the
    world's history says. Raises DemoLoadError at the first file that is refused or has a rejected
    row: the demo world must import cleanly.
    """
    catalog_ensure()
    for name in (*(name for name, _kind in LOAD_ORDER), *SIDECARS):
        path = directory / f"{name}.csv"
        if not path.is_file():
            raise DemoLoadError(_("%(path)s is missing: generate the demo world first.") % {"path": path})
    runs = []
    for name, kind in LOAD_ORDER:
        path = directory / f"{name}.csv"
        run = import_file(kind=kind, path=path)
        if progress:
            progress(name, run)
        if run.status != ImportRun.Status.ACCEPTED or run.rows_rejected:
            raise DemoLoadError(_rejection(name, run))
        runs.append(run)
    demo_history_apply(directory=directory)
    return runs


@transaction.atomic
def demo_history_apply(*, directory: Path, now: datetime | None = None) -> int:
    """Date the loaded world as its history says; return how many traces were dated.

    The importer stamps each trace with the time of the import and resolves it at once. The world's
    demo-only `history.csv` (beside the FORMATS files, read by no importer) says when each request was
    submitted (never later than `now`), by which designated agency under a central access policy, and
    how many hours its resolution took. Applied after the import in bulk, one UPDATE per batch of
    traces and one per batch of licensee queries, never one save per row: `submitted_at`,
    `submitting_agency`, `resolved_at` (submission + hours), `completed_at` (the same, for traces with
    a final result; none while in progress). The queries a trace opened are dated from its
    resolution: asked then, due `TRAZA_QUERY_DUE_HOURS` later, closed (if closed) when the trace was
    completed. The agencies that submitted for others are marked designated, and `policies.csv` adds
    the dated access-policy rows that are missing. The statistics' facts are then rebuilt (set-based),
    since the import wrote them with the import's dates; custody alerts depend on no date it changes.
    Applying it twice changes nothing.
    """
    now = now or timezone.now()
    traces = {
        (code, ref): (pk, completed is not None)
        for pk, code, ref, completed in Trace.objects.values_list("id", "agency__code", "request_ref", "completed_at")
    }
    agencies = dict(Agency.objects.values_list("code", "id"))
    rows = [_dated(line, row, traces, agencies, now) for line, row in _sidecar(directory, "history")]
    update_rows(Trace._meta.db_table, "id", HISTORY_FIELDS, [(pk, *map(_stored, at), via) for pk, *at, via in rows])
    _date_queries({pk: (resolved, completed) for pk, _submitted, resolved, completed, _via in rows})
    designated = {agency_id for *_dates, agency_id in rows if agency_id}
    Agency.objects.filter(id__in=designated, designated=False).update(designated=True)
    _policies_add(directory)
    facts_refresh_all()
    return len(rows)


HISTORY_FIELDS = ("submitted_at", "resolved_at", "completed_at", "submitting_agency_id")


def _sidecar(directory: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of a demo-only file with their line numbers; DemoLoadError when a column is missing."""
    with (directory / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in SIDECARS[name] if column not in (reader.fieldnames or ())]
        if missing:
            raise DemoLoadError(_("%(file)s.csv has no column %(column)s.") % {"file": name, "column": missing[0]})
        return [(line, row) for line, row in enumerate(reader, start=2)]


def _dated(line: int, row: dict[str, str], traces: dict, agencies: dict[str, int], now: datetime) -> tuple:
    """(trace id, submitted_at, resolved_at, completed_at, submitting agency id) of one history row."""
    found = traces.get((row["agency_code"], row["request_ref"]))
    if found is None:
        raise _history_error(line, "request_ref", _("no trace request has this agency and reference"))
    via = row["submitted_by"].strip()
    if via and via not in agencies:
        raise _history_error(line, "submitted_by", _("unknown agency"))
    try:
        submitted = min(datetime.fromisoformat(row["submitted_at"]), now)
    except (TypeError, ValueError):
        raise _history_error(line, "submitted_at", _("not a date and time")) from None
    if timezone.is_naive(submitted):
        raise _history_error(line, "submitted_at", _("the time zone is missing"))
    try:
        hours = float(row["hours_to_complete"])
    except ValueError:
        raise _history_error(line, "hours_to_complete", _("not a number")) from None
    if not 0 <= hours < 24 * 365:
        raise _history_error(line, "hours_to_complete", _("not a number of hours"))
    trace_id, final = found
    resolved = min(submitted + timedelta(hours=hours), now)
    return trace_id, submitted, resolved, resolved if final else None, agencies.get(via)


def _stored(value: datetime | None):
    """A date and time as the database stores it (SQLite: UTC text, as the ORM writes it)."""
    return connection.ops.adapt_datetimefield_value(value)


def _history_error(line: int, column: str, reason: str) -> DemoLoadError:
    return DemoLoadError(
        _("history.csv, line %(line)s, %(column)s: %(reason)s") % {"line": line, "column": column, "reason": reason}
    )


def _date_queries(dates: dict[int, tuple[datetime, datetime | None]]) -> None:
    """The licensee queries of the dated traces: asked when the trace was resolved, due a day later."""
    due = timedelta(hours=settings.TRAZA_QUERY_DUE_HOURS)
    rows = []
    for part in batches(list(dates), 1000):
        for pk, trace_id, closed in LicenseeQuery.objects.filter(trace_id__in=part).values_list(
            "id", "trace_id", "closed_at"
        ):
            asked, completed = dates[trace_id]
            closed_at = None if closed is None else max(asked, completed or asked)
            rows.append((pk, _stored(asked), _stored(asked + due), _stored(closed_at)))
    update_rows(LicenseeQuery._meta.db_table, "id", ("created_at", "due_at", "closed_at"), rows)


def _policies_add(directory: Path) -> None:
    """The access-policy settings of the world's history that are not in the database yet."""
    held = set(AccessPolicy.objects.values_list("country_id", "policy", "effective_at"))
    wanted = []
    for line, row in _sidecar(directory, "policies"):
        try:
            effective = datetime.fromisoformat(row["effective_at"])
        except ValueError:
            raise DemoLoadError(
                _("policies.csv, line %(line)s, effective_at: not a date and time") % {"line": line}
            ) from None
        if row["policy"] not in AccessPolicy.Policy.values:
            raise DemoLoadError(_("policies.csv, line %(line)s, policy: unknown access policy") % {"line": line})
        if (row["country"], row["policy"], effective) not in held:
            wanted.append(
                AccessPolicy(country_id=row["country"], policy=row["policy"], effective_at=effective, note=row["note"])
            )
    AccessPolicy.objects.bulk_create(wanted)


def _rejection(name: str, run: ImportRun) -> str:
    if run.status != ImportRun.Status.ACCEPTED:
        return _("%(file)s was refused: %(reason)s") % {"file": name, "reason": run.message_text}
    errors = "; ".join(
        _("line %(line)s, %(column)s: %(reason)s") % {"line": e.line, "column": e.column or "-", "reason": e.text}
        for e in run.row_errors.all()[:10]
    )
    return ngettext(
        "%(file)s: %(count)s row rejected (%(errors)s)",
        "%(file)s: %(count)s rows rejected (%(errors)s)",
        run.rows_rejected,
    ) % {
        "file": name,
        "count": run.rows_rejected,
        "errors": errors,
    }


@transaction.atomic
def demo_users_ensure(*, password: str | None = None) -> tuple[str, list[User]]:
    """Create the demo users, or reset the password of those that exist; return the password and the users.

    The demo's tracing centres are designated first: only their people may be analysts. The responder answers
    for the licensee with the most open questions; a user whose agency (or, for the responder, any open
    question) the database lacks is left out.
    """
    password = password or secrets.token_urlsafe(12)
    for centre in Agency.objects.filter(code__in=TRACING_CENTRES):
        agency_tracing_centre_set(actor=None, agency=centre, tracing_centre=True)
    licensee = busiest_licensee()
    users = []
    for spec in DEMO_USERS:
        if spec.agency and not Agency.objects.filter(code=spec.agency).exists():
            continue
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            if spec.role == User.Role.INDUSTRY and not licensee:
                continue
            user = user_create(
                username=spec.username,
                role=spec.role,
                agency_code=spec.agency,
                licensee_rds=licensee if spec.role == User.Role.INDUSTRY else "",
                password=password,
                language=spec.language,
            )
        else:
            validate_password(password, user)
            user.set_password(password)
        user.first_name, user.last_name = spec.first_name, spec.last_name
        user.save()
        users.append(user)
    logger.info("Demo users ready: %s", ", ".join(u.username for u in users))
    return password, users


#: The demo investigator who flags the world's suspect guns, and the officer of the same delegation who traces.
INVESTIGATOR = "investigador.sinaloa"
OFFICER = "oficial.sinaloa"
#: The investigator's case the suspect guns are flagged for (a federal prosecutor's file number).
SUSPECT_CASE = "FED/SIN/0001968/2026"


@dataclass(frozen=True)
class IntelSummary:
    """What `demo_intel_apply` did."""

    flagged: int
    later_traces: int
    notifications: int


def demo_intel_apply(*, directory: Path) -> IntelSummary:
    """What intelligence makes of the loaded world, once the demo users exist.

    People are resolved across its records; each demo officer is recorded as the submitter of their
    agency's traces (the world's files name no user), so the worker's notifications reach them; the demo
    investigator flags the guns of `suspects.csv` (every gun one straw buyer bought) for SUSPECT_CASE;
    then the delegation's officer uploads `later_requests.csv`, the trace of one of those guns recovered
    last, through the ordinary importer: the engine finds the suspect gun, tells the investigator and the
    officer. The new records link to their people, the leads are computed, the newest questions to the
    responder's licence are dated today (`_questions_asked_today`), and the overdue questions to licensees
    are told to their submitters. Applying it twice flags, traces and tells nothing twice.
    """
    from traza.intel.leads.compute import leads_recompute
    from traza.intel.people.services import people_link_new, people_resolve_all

    people_resolve_all()
    _officers_submitted()
    investigator = User.objects.get(username=INVESTIGATOR)
    officer = User.objects.get(username=OFFICER)
    flagged = suspect_flag(actor=investigator, serials=_suspects(directory), case_ref=SUSPECT_CASE)
    run = import_file(
        kind=ImportKind.TRACE_REQUESTS,
        path=directory / "later_requests.csv",
        user=officer,
        agency=officer.agency,
    )
    if run.status != ImportRun.Status.ACCEPTED or run.rows_rejected:
        raise DemoLoadError(_rejection("later_requests", run))
    people_link_new()
    leads_recompute()
    _questions_asked_today(now=timezone.now())
    told = queries_overdue_notify()
    logger.info("Demo intelligence applied: %d flags, %d later traces", len(flagged), run.rows_created)
    return IntelSummary(flagged=len(flagged), later_traces=run.rows_created, notifications=told)


def _officers_submitted() -> None:
    """Each demo officer submitted the traces of their agency (or that it submitted for others) that name no user."""
    for spec in DEMO_USERS:
        if spec.role != User.Role.OFFICER:
            continue
        user = User.objects.filter(username=spec.username).select_related("agency").first()
        if user is not None and user.agency_id:
            mine = Q(agency_id=user.agency_id) | Q(submitting_agency_id=user.agency_id)
            Trace.objects.filter(mine, submitted_by__isnull=True).update(submitted_by=user)


#: How far apart the responder's newest questions were asked, the newest this long before the demo is loaded.
FRESH_HOURS = timedelta(hours=3)


def _questions_asked_today(*, now: datetime) -> None:
    """The newer half of the requests waiting on the responder's licence came in the hours before `now`.

    The world's history ends months before the demo is loaded, so every question it asked is overdue; the
    responder's queue shows questions still in time beside them. Their requests came in late (they lay in a
    drawer, as DRAWER_SHARE of the world's do): each is submitted FRESH_HOURS apart, resolved as long after
    as before, and its questions asked then and due TRAZA_QUERY_DUE_HOURS later. Only requests submitted by
    their own agency and waiting on no answered question count, so that no other date contradicts them.
    """
    responder = User.objects.filter(username=RESPONDER, role=User.Role.INDUSTRY).first()
    if responder is None:
        return
    settled = LicenseeQuery.objects.exclude(status=LicenseeQuery.Status.OPEN).values("trace_id")
    waiting = (
        Trace.objects.filter(queries__licensee_rds=responder.licensee_rds, queries__status=LicenseeQuery.Status.OPEN)
        .filter(submitting_agency__isnull=True, completed_at__isnull=True)
        .exclude(id__in=settled)
        .order_by("-submitted_at", "-id")
        .distinct()
    )
    traces = list(waiting.values_list("id", "submitted_at", "resolved_at"))
    moved = {}
    for order, (pk, submitted, resolved) in enumerate(traces[: len(traces) // 2]):
        asked = now - (order + 1) * FRESH_HOURS
        took = resolved - submitted if resolved and submitted else timedelta(0)
        moved[pk] = (asked - took, asked)
    update_rows(Trace._meta.db_table, "id", ("submitted_at", "resolved_at"), [
        (pk, _stored(submitted), _stored(resolved)) for pk, (submitted, resolved) in moved.items()
    ])  # fmt: skip
    due = timedelta(hours=settings.TRAZA_QUERY_DUE_HOURS)
    questions = LicenseeQuery.objects.filter(trace_id__in=list(moved)).values_list("id", "trace_id")
    update_rows(LicenseeQuery._meta.db_table, "id", ("created_at", "due_at"), [
        (pk, _stored(moved[trace_id][1]), _stored(moved[trace_id][1] + due)) for pk, trace_id in questions
    ])  # fmt: skip
    facts_refresh_traces(moved)


def _suspects(directory: Path) -> list:
    """The guns of `suspects.csv`, read as an investigator's list is (DemoLoadError on a line it refuses)."""
    catalog = CatalogIndex.load()
    entries = []
    for line, row in _sidecar(directory, "suspects"):
        entry = read_serial(row["serial_number"], row["manufacturer"], catalog=catalog)
        if isinstance(entry, str):
            raise DemoLoadError(_("suspects.csv: %(reason)s") % {"reason": entry % {"line": line}})
        entries.append(entry)
    return entries

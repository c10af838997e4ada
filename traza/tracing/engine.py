"""The trace engine: from a seized gun's serial and make to its maker, dealers and first buyer.

Traces are resolved in batches with a fixed number of queries per batch, whatever the number
of hops: every A&D record of every serial in the batch is read at once, and the chains are
walked in memory. Resolving a trace again is always safe: the result is computed afresh from
the records Traza holds now, so a trace that waited for a licensee goes on when its records
arrive.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as _

from traza.catalog.lookup import CatalogIndex
from traza.core.bulk import insert_rows, update_rows
from traza.core.values import name_key
from traza.industry.models import Disposition, Licensee, LicenseeQuery, MultipleSale, Purchase, Theft
from traza.tracing.models import Indicator, SerialObliterated, Trace, TraceIndicator, TraceStep

BATCH = 5000
GCA_1968 = date(1968, 12, 16)
MAKER_TYPES = {"07", "10"}
IMPORTER_TYPES = {"08", "11"}
TRANSFERS = {"sale", "transfer", "return"}
SHORT_TTC_DAYS = 3 * 365
STRONG_TTC_DAYS = 365
SKIPPED = {Trace.Status.CANCELLED, Trace.Status.DRAFT}
Status, Reason, Role = Trace.Status, Trace.Reason, TraceStep.Role

NOTE_PARTIAL_SERIAL = _("Resolved from a partial serial: exactly one record matched.")
NOTE_PARTIAL_AMBIGUOUS = _("The partial serial matches more than one firearm.")
NOTE_PARTIAL_NONE = _("The partial serial matches no record.")
NOTE_IMPORTER_NEEDED = _("This make is imported by several companies: give the importer's name stamped on the gun.")
NOTE_NO_LICENCE = _("No licence of this make or importer is known to Traza.")
NOTE_BRIDGED = _("A licensee's step was taken from the next licensee's record of acquisition.")
NOTE_RECOVERY_BEFORE_SALE = _(
    "recovery_date is before the retail sale that the records show: check the recovery date and the serial."
)

RECORD_FIELDS = (
    "id",
    "keeper_rds",
    "serial_key",
    "manufacturer",
    "make_id",
    "importer_make_id",
    "caliber_ref_id",
    "acquisition_date",
    "acquired_from_rds",
    "disposition_date",
    "disposition_type",
    "disposed_to_rds",
    "transaction_ref",
)
TRACE_FIELDS = (
    "id",
    "status",
    "serial_key",
    "serial_obliterated",
    "manufacturer",
    "make_id",
    "importer_make_id",
    "caliber_ref_id",
    "recovery_date",
    "recovery_country",
    "recovery_region_id",
    "possessor_last_name",
    "possessor_first_name",
    "completed_at",
    "priority",
)


@dataclass
class Step:
    role: str
    licensee: str
    record: dict | None = None
    purchase: int | None = None
    awaiting: str = ""


@dataclass
class Outcome:
    """What the engine found for one trace."""

    status: str
    reason: str = ""
    note: str = ""
    steps: list[Step] = field(default_factory=list)
    indicators: dict[str, bool] = field(default_factory=dict)
    sale_date: date | None = None
    purchase: dict | None = None
    duplicate_of: int | None = None
    query: tuple[str, str] | None = None
    stopped_at: str = ""

    @property
    def first_licensee(self) -> str:
        return next((s.licensee for s in self.steps if s.licensee and s.role != Role.AWAITING), "")

    @property
    def retail_licensee(self) -> str:
        return next((s.licensee for s in self.steps if s.role == Role.RETAILER), "")


class Evidence:
    """Every record the engine may need for one batch of traces, read in a fixed number of queries."""

    def __init__(self, traces: list[dict], catalog: CatalogIndex):
        self.catalog = catalog
        exact = {t["serial_key"] for t in traces if t["serial_key"] and "?" not in t["serial_key"]}
        patterns = {t["serial_key"] for t in traces if "?" in t["serial_key"]}
        self.records = self._records(exact, patterns)
        self.first_traces = self._first_traces(exact | patterns)
        self.thefts = _by_serial(
            Theft.objects.filter(serial_key__any=exact), ("serial_key", "make_id", "manufacturer", "reported_by_rds")
        )
        self.multiple_sales = _by_serial(
            MultipleSale.objects.filter(serial_key__any=exact), ("serial_key", "make_id", "manufacturer")
        )
        rds = set()
        for records in self.records.values():
            for record in records:
                rds.update((record["keeper_rds"], record["disposed_to_rds"], record["acquired_from_rds"]))
        for trace in traces:
            for make in (trace["make_id"], trace["importer_make_id"]):
                if make:
                    rds.update(catalog.make_licences(make))
        for thefts in self.thefts.values():
            rds.update(t["reported_by_rds"] for t in thefts)
        rds.discard("")
        self.licensees = {
            row["rds_key"]: row
            for row in Licensee.objects.filter(rds_key__any=rds).values(
                "rds_key", "lic_type", "status", "electronic_records", "premise_state"
            )
        }
        self.purchases = self._purchases()
        self.no_record = set(
            LicenseeQuery.objects.filter(
                trace_id__any=[t["id"] for t in traces], answer=LicenseeQuery.Answer.NO_RECORD
            ).values_list("trace_id", "licensee_rds")
        )

    def _records(self, exact: set[str], patterns: set[str]) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = defaultdict(list)
        for record in Disposition.objects.filter(serial_key__any=exact).values(*RECORD_FIELDS):
            found[record["serial_key"]].append(record)
        if patterns:
            fits = {pattern: _pattern_regex(pattern) for pattern in patterns}
            for record in Disposition.objects.filter(serial_key__like_any=sorted(patterns)).values(*RECORD_FIELDS):
                for pattern, regex in fits.items():
                    if regex.match(record["serial_key"]):
                        found[pattern].append(record)
        return found

    def _first_traces(self, keys: set[str]) -> dict[tuple, int]:
        """The first trace of each gun and recovery, for duplicates (any agency's)."""
        first: dict[tuple, int] = {}
        rows = (
            Trace.objects.filter(serial_key__any=keys)
            .exclude(status__in=[Status.CANCELLED, Status.DUPLICATE, Status.DRAFT, Status.REJECTED])
            .values("id", "serial_key", "make_id", "recovery_date", "recovery_country", "recovery_region_id")
        )
        for row in rows:
            key = _recovery_key(row)
            if key not in first or row["id"] < first[key]:
                first[key] = row["id"]
        return first

    def _purchases(self) -> dict[tuple[str, str], dict]:
        pairs = {
            (r["keeper_rds"], r["transaction_ref"])
            for records in self.records.values()
            for r in records
            if r["transaction_ref"] and not r["disposed_to_rds"]
        }
        return {(p["licensee_rds"], p["transaction_ref"]): p for p in purchases_of(pairs)}


def _pattern_regex(pattern: str) -> re.Pattern:
    """A partial serial (`?` for each unreadable character) as the serials it fits."""
    return re.compile("^" + "".join("." if c == "?" else re.escape(c) for c in pattern) + "$")


PURCHASE_FIELDS = ("id", "licensee_rds", "transaction_ref", "transaction_date", "last_name", "first_name")


def purchases_of(pairs: set[tuple[str, str]]) -> list[dict]:
    """The purchase records of these (licensee, transaction_ref) pairs, exactly those: dealers number
    their records in sequence, so asking by licensee and by reference apart would bring back most of
    every dealer's book."""
    if not pairs:
        return []
    table = Purchase._meta.db_table
    columns = ", ".join(f"p.{name}" for name in PURCHASE_FIELDS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            licensees, refs = (list(part) for part in zip(*pairs, strict=True))
            cursor.execute(
                f"SELECT {columns} FROM {table} p JOIN unnest(%s::varchar[], %s::varchar[]) AS k(rds, ref) "
                "ON p.licensee_rds = k.rds AND p.transaction_ref = k.ref",
                [licensees, refs],
            )
            return [dict(zip(PURCHASE_FIELDS, row, strict=True)) for row in cursor.fetchall()]
        found = []
        listed = sorted(pairs)
        for start in range(0, len(listed), 400):
            part = listed[start : start + 400]
            tuples = ", ".join(["(%s, %s)"] * len(part))
            cursor.execute(
                f"SELECT {columns} FROM {table} p WHERE (p.licensee_rds, p.transaction_ref) IN ({tuples})",
                [value for pair in part for value in pair],
            )
            found += [dict(zip(PURCHASE_FIELDS, row, strict=True)) for row in cursor.fetchall()]
        return found


def _by_serial(queryset, fields: tuple[str, ...]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = defaultdict(list)
    for row in queryset.values(*fields):
        found[row["serial_key"]].append(row)
    return found


def _recovery_key(row: dict) -> tuple:
    return (row["serial_key"], row["make_id"], row["recovery_date"], row["recovery_country"], row["recovery_region_id"])


class Walker:
    """Follows one trace through the evidence of its batch."""

    def __init__(self, evidence: Evidence):
        self.evidence = evidence
        self.catalog = evidence.catalog

    def resolve(self, trace: dict) -> Outcome:
        if trace["serial_obliterated"] == SerialObliterated.YES:
            return self._finish(trace, Outcome(Status.NOT_TRACED, Reason.OBLITERATED))
        if not self.catalog.make_is_marked(trace["make_id"]):
            return self._finish(trace, Outcome(Status.NOT_TRACED, Reason.INVALID_MARKINGS))
        if trace["serial_obliterated"] != SerialObliterated.PARTIAL:
            first = self.evidence.first_traces.get(_recovery_key(trace))
            if first is not None and first != trace["id"]:
                return Outcome(Status.DUPLICATE, duplicate_of=first)
        records = [r for r in self.evidence.records.get(trace["serial_key"], []) if self._compatible(r, trace)]
        note = ""
        if trace["serial_obliterated"] == SerialObliterated.PARTIAL:
            guns = {r["serial_key"] for r in records}
            if len(guns) != 1:
                note = NOTE_PARTIAL_AMBIGUOUS if guns else NOTE_PARTIAL_NONE
                return self._finish(trace, Outcome(Status.NOT_TRACED, Reason.OBLITERATED, note=note))
            note = NOTE_PARTIAL_SERIAL
        outcome = self._walk(trace, records) if records else self._without_records(trace)
        outcome.note = outcome.note or note
        return self._finish(trace, outcome)

    def _compatible(self, record: dict, trace: dict) -> bool:
        """Same gun: the make agrees (directly, or through the importer) and the calibres do not clash."""
        make, importer = trace["make_id"], trace["importer_make_id"]
        record_make, record_importer = record["make_id"], record["importer_make_id"]
        if record_make is None:
            agrees = name_key(record["manufacturer"]) == name_key(
                trace["manufacturer"]
            ) or make in self.catalog.makes_of_licence(record["keeper_rds"])
        else:
            agrees = (
                record_make in (make, importer)
                or (record_importer is not None and record_importer == make)
                or make in self.catalog.make_importers(record_make)
                or record_make in self.catalog.make_importers(make)
            )
        if not agrees:
            return False
        mine, theirs = trace["caliber_ref_id"], record["caliber_ref_id"]
        return mine is None or theirs is None or self.catalog.caliber_group(mine) == self.catalog.caliber_group(theirs)

    def _origins(self, records: list[dict]) -> list[dict]:
        """Records no other record hands the gun to, directly or through a licensee without records."""
        keepers = {r["keeper_rds"] for r in records}
        received = {r["disposed_to_rds"] for r in records if r["disposed_to_rds"]}
        origins = [
            r
            for r in records
            if r["keeper_rds"] not in received
            and not (r["acquired_from_rds"] and r["acquired_from_rds"] in keepers | received)
        ]
        return origins or sorted(records, key=lambda r: (r["acquisition_date"] or date.min, r["id"]))[:1]

    def _walk(self, trace: dict, records: list[dict]) -> Outcome:
        origins = self._origins(records)
        if len(origins) > 1:
            keeper = origins[0]["keeper_rds"]
            return Outcome(Status.IN_PROGRESS, query=(keeper, LicenseeQuery.Reason.AMBIGUOUS), stopped_at=keeper)
        outcome = Outcome(Status.IN_PROGRESS)
        current, used = origins[0], set()
        while current is not None:
            used.add(current["id"])
            current = self._step(trace, current, records, used, outcome)
        return outcome

    def _step(self, trace: dict, record: dict, records: list[dict], used: set[int], outcome: Outcome) -> dict | None:
        """Add `record`'s licensee to the chain; return the next record to follow, or None at the end."""
        kind, receiver = record["disposition_type"], record["disposed_to_rds"]
        retail = kind in TRANSFERS and not receiver
        outcome.steps.append(
            Step(self._role(trace, record, retail, first=not outcome.steps), record["keeper_rds"], record)
        )
        if kind in TRANSFERS and receiver:
            following = self._record_at(receiver, record, records, used)
            if following is not None:
                return following
            bridge = next((r for r in records if r["acquired_from_rds"] == receiver and r["id"] not in used), None)
            if bridge is not None:
                outcome.steps.append(Step(self._role_of_licensee(receiver), receiver))
                outcome.note = NOTE_BRIDGED
                return bridge
            self._stop_at(receiver, record, outcome)
            return None
        if retail:
            self._retail(trace, record, outcome)
        elif kind in ("theft", "loss"):
            outcome.status, outcome.reason = Status.COMPLETED_DEALER, Reason.STOLEN_REPORTED
            outcome.indicators[Indicator.STOLEN_REPORTED] = False
        elif kind == "export":
            outcome.status, outcome.reason = Status.TRACED_FOREIGN, Reason.EXPORTED
        elif kind == "destroyed":
            outcome.status, outcome.reason = Status.COMPLETED_DEALER, Reason.DESTROYED
        else:
            outcome.status, outcome.reason = Status.COMPLETED_DEALER, Reason.IN_INVENTORY
        return None

    def _record_at(self, keeper: str, previous: dict, records: list[dict], used: set[int]) -> dict | None:
        """The receiving licensee's record: the first acquired on or after the hand-over, else its first one.

        Books written by hand into a system are often a few days off; the gun is the same.
        """
        after = previous["disposition_date"] or date.min
        candidates = sorted(
            (r for r in records if r["keeper_rds"] == keeper and r["id"] not in used),
            key=lambda r: (r["acquisition_date"] or date.min, r["id"]),
        )
        return next((r for r in candidates if (r["acquisition_date"] or after) >= after), None) or next(
            iter(candidates), None
        )

    def _stop_at(self, licensee_rds: str, record: dict, outcome: Outcome) -> None:
        """The chain reaches a licensee without a record of the gun."""
        licensee = self.evidence.licensees.get(licensee_rds)
        outcome.stopped_at = licensee_rds
        if licensee and licensee["electronic_records"]:
            out_of_business = licensee["status"] == Licensee.Status.OUT_OF_BUSINESS
            outcome.status = Status.NOT_TRACED
            outcome.reason = Reason.OBR_NOT_FOUND if out_of_business else Reason.NO_RECORD
        elif record["disposition_date"] and record["disposition_date"] < GCA_1968:
            outcome.status, outcome.reason = Status.NOT_TRACED, Reason.PRE_1968
        else:
            outcome.query = (licensee_rds, LicenseeQuery.Reason.NO_ELECTRONIC_RECORDS)

    def _retail(self, trace: dict, record: dict, outcome: Outcome) -> None:
        outcome.sale_date = record["disposition_date"]
        if outcome.sale_date and outcome.sale_date > trace["recovery_date"]:
            outcome.status, outcome.reason, outcome.note = Status.REJECTED, "", NOTE_RECOVERY_BEFORE_SALE
            return
        purchase = self.evidence.purchases.get((record["keeper_rds"], record["transaction_ref"]))
        if purchase is not None:
            outcome.status, outcome.purchase = Status.COMPLETED_PURCHASER, purchase
            outcome.steps.append(Step(Role.PURCHASER, "", purchase=purchase["id"]))
        elif record["transaction_ref"]:
            outcome.status, outcome.reason = Status.COMPLETED_DEALER, Reason.PURCHASE_RECORD_MISSING
            outcome.stopped_at = record["keeper_rds"]
        else:
            outcome.status = Status.COMPLETED_DEALER

    def _role(self, trace: dict, record: dict, retail: bool, *, first: bool) -> str:
        if retail:
            return Role.RETAILER
        keeper, licence_type = record["keeper_rds"], self._type(record["keeper_rds"])
        if keeper in self._licences(trace["importer_make_id"]) or licence_type in IMPORTER_TYPES:
            return Role.IMPORTER
        maker = keeper in self._licences(trace["make_id"]) or licence_type in MAKER_TYPES
        if first and (maker or not record["acquired_from_rds"]):
            return Role.MANUFACTURER
        if not record["disposed_to_rds"] and licence_type in ("01", "02", ""):
            return Role.RETAILER
        return Role.WHOLESALER

    def _role_of_licensee(self, rds: str) -> str:
        return Role.IMPORTER if self._type(rds) in IMPORTER_TYPES else Role.WHOLESALER

    def _licences(self, make_id: int | None) -> tuple[str, ...]:
        return self.catalog.make_licences(make_id) if make_id else ()

    def _type(self, rds: str) -> str:
        licensee = self.evidence.licensees.get(rds)
        return licensee["lic_type"] if licensee else ""

    def _without_records(self, trace: dict) -> Outcome:
        """No licensee's record of this gun is in Traza: ask the first licensee, or say why not."""
        make, importer = trace["make_id"], trace["importer_make_id"]
        ceased = self.catalog.make_ceased_year(make)
        if ceased is not None and ceased < 1969:
            return Outcome(Status.NOT_TRACED, Reason.PRE_1968)
        if self.catalog.make_is_foreign(make) and not (importer and importer != make):
            if self.catalog.make_licences(make):
                return self._ask_maker(make)
            if self.catalog.make_importers(make):
                return Outcome(Status.NOT_TRACED, Reason.INCOMPLETE_REQUEST, note=NOTE_IMPORTER_NEEDED)
            return Outcome(Status.TRACED_FOREIGN, Reason.FOREIGN_NOT_IMPORTED)
        return self._ask_maker(importer if importer and self.catalog.make_is_foreign(make) else make)

    def _ask_maker(self, make: int) -> Outcome:
        licences = self.catalog.make_licences(make)
        if not licences:
            return Outcome(Status.NOT_TRACED, Reason.NO_RECORD, note=NOTE_NO_LICENCE)
        electronic = [rds for rds in licences if self.evidence.licensees.get(rds, {}).get("electronic_records")]
        if electronic:
            return Outcome(Status.NOT_TRACED, Reason.NO_RECORD, stopped_at=electronic[0])
        return Outcome(
            Status.IN_PROGRESS, query=(licences[0], LicenseeQuery.Reason.NO_ELECTRONIC_RECORDS), stopped_at=licences[0]
        )

    def _finish(self, trace: dict, outcome: Outcome) -> Outcome:
        """Indicators, the licensee-theft rule, licensees that answered they have no record, the awaiting step."""
        self._theft_reports(trace, outcome)
        if outcome.query and (trace["id"], outcome.query[0]) in self.evidence.no_record:
            outcome.status, outcome.reason, outcome.query = Status.NOT_TRACED, Reason.NO_RECORD, None
        if outcome.query:
            outcome.steps.append(Step(Role.AWAITING, outcome.query[0], awaiting=outcome.query[1]))
        self._indicators(trace, outcome)
        return outcome

    def _theft_reports(self, trace: dict, outcome: Outcome) -> None:
        reports = [t for t in self.evidence.thefts.get(trace["serial_key"], []) if self._report_matches(t, trace)]
        if not reports:
            return
        outcome.indicators[Indicator.STOLEN_REPORTED] = False
        reached = {s.licensee for s in outcome.steps}
        by_licensee = next((t["reported_by_rds"] for t in reports if t["reported_by_rds"]), "")
        unfinished = outcome.status == Status.IN_PROGRESS or outcome.reason in (Reason.NO_RECORD, Reason.IN_INVENTORY)
        if by_licensee and unfinished and outcome.status != Status.COMPLETED_PURCHASER:
            if by_licensee not in reached:
                outcome.steps.append(Step(self._role_of_licensee(by_licensee), by_licensee))
            outcome.status, outcome.reason, outcome.query = Status.COMPLETED_DEALER, Reason.STOLEN_REPORTED, None
            outcome.stopped_at = ""

    def _report_matches(self, report: dict, trace: dict) -> bool:
        make = report["make_id"]
        if make is None:
            return name_key(report["manufacturer"]) == name_key(trace["manufacturer"])
        return make in (trace["make_id"], trace["importer_make_id"]) or make in self.catalog.make_importers(
            trace["make_id"]
        )

    def _indicators(self, trace: dict, outcome: Outcome) -> None:
        found = outcome.indicators
        if trace["serial_obliterated"] != SerialObliterated.NO:
            found[Indicator.OBLITERATED_SERIAL] = trace["serial_obliterated"] == SerialObliterated.YES
        if outcome.status == Status.REJECTED:
            return
        if outcome.sale_date:
            days = (trace["recovery_date"] - outcome.sale_date).days
            if days <= SHORT_TTC_DAYS:
                found[Indicator.SHORT_TTC] = days <= STRONG_TTC_DAYS
        if outcome.purchase and trace["possessor_last_name"]:
            buyer = name_key(f"{outcome.purchase['last_name']} {outcome.purchase['first_name']}")
            holder = name_key(f"{trace['possessor_last_name']} {trace['possessor_first_name']}")
            if buyer != holder:
                found[Indicator.PURCHASER_NOT_POSSESSOR] = False
        if any(self._report_matches(m, trace) for m in self.evidence.multiple_sales.get(trace["serial_key"], [])):
            found[Indicator.MULTIPLE_SALE] = False
        if outcome.retail_licensee and trace["recovery_country"] != "US":
            found[Indicator.CROSS_BORDER] = False


def resolve(trace_ids: Iterable[int]) -> int:
    """Resolve these traces (any number), batch by batch; return how many were resolved."""
    ids = sorted(set(trace_ids))
    catalog = CatalogIndex.load()
    done = 0
    for start in range(0, len(ids), BATCH):
        done += _resolve_batch(ids[start : start + BATCH], catalog)
    return done


def _resolve_batch(ids: list[int], catalog: CatalogIndex) -> int:
    traces = [t for t in Trace.objects.filter(id__any=ids).values(*TRACE_FIELDS) if t["status"] not in SKIPPED]
    if not traces:
        return 0
    walker = Walker(Evidence(traces, catalog))
    outcomes = {t["id"]: walker.resolve(t) for t in traces}
    with transaction.atomic():
        _write(traces, outcomes)
    return len(traces)


def _write(traces: list[dict], outcomes: dict[int, Outcome]) -> None:
    now = timezone.now()
    ids = list(outcomes)
    TraceStep.objects.filter(trace_id__any=ids).delete()
    TraceIndicator.objects.filter(trace_id__any=ids).delete()
    queries = _sync_queries(traces, outcomes, now)
    insert_rows(
        TraceStep._meta.db_table,
        (
            "trace_id",
            "position",
            "role",
            "licensee_rds",
            "disposition_id",
            "purchase_id",
            "query_id",
            "received_date",
            "disposed_date",
            "disposition_type",
        ),
        _step_rows(outcomes, queries),
    )
    insert_rows(
        TraceIndicator._meta.db_table,
        ("trace_id", "code", "strong"),
        [(trace_id, code, strong) for trace_id, o in outcomes.items() for code, strong in sorted(o.indicators.items())],
    )
    update_rows(Trace._meta.db_table, "id", RESULT_COLUMNS, [_result_row(t, outcomes[t["id"]], now) for t in traces])


RESULT_COLUMNS = (
    "status",
    "status_reason",
    "resolution_note",
    "duplicate_of_id",
    "first_licensee_rds",
    "retail_licensee_rds",
    "stopped_at_rds",
    "sale_date",
    "purchase_id",
    "resolved_at",
    "completed_at",
)


def _result_row(trace: dict, outcome: Outcome, now) -> tuple:
    final = outcome.status in Trace.FINAL
    unchanged = trace["status"] == outcome.status and trace["completed_at"] is not None
    completed = (trace["completed_at"] if unchanged else now) if final else None
    return (
        trace["id"],
        outcome.status,
        outcome.reason,
        outcome.note,
        outcome.duplicate_of,
        outcome.first_licensee,
        outcome.retail_licensee,
        outcome.stopped_at,
        outcome.sale_date,
        outcome.purchase["id"] if outcome.purchase else None,
        now,
        completed,
    )


def _step_rows(outcomes: dict[int, Outcome], queries: dict[tuple[int, str], int]) -> list[tuple]:
    rows = []
    for trace_id, outcome in outcomes.items():
        for position, step in enumerate(outcome.steps):
            record = step.record or {}
            rows.append(
                (
                    trace_id,
                    position,
                    step.role,
                    step.licensee,
                    record.get("id"),
                    step.purchase,
                    queries.get((trace_id, step.licensee)) if step.awaiting else None,
                    record.get("acquisition_date"),
                    record.get("disposition_date"),
                    record.get("disposition_type", ""),
                )
            )
    return rows


def _sync_queries(traces: list[dict], outcomes: dict[int, Outcome], now) -> dict[tuple[int, str], int]:
    """Open the queries the batch now waits on; close those it no longer needs. Return their ids."""
    wanted = {(tid, o.query[0]): o.query[1] for tid, o in outcomes.items() if o.query}
    open_queries = {
        (q["trace_id"], q["licensee_rds"]): q["id"]
        for q in LicenseeQuery.objects.filter(trace_id__any=list(outcomes), status=LicenseeQuery.Status.OPEN).values(
            "id", "trace_id", "licensee_rds"
        )
    }
    stale = [qid for key, qid in open_queries.items() if key not in wanted]
    if stale:
        answered = [
            qid for (tid, _rds), qid in open_queries.items() if qid in stale and outcomes[tid].status in Trace.FINAL
        ]
        LicenseeQuery.objects.filter(id__in=answered).update(status=LicenseeQuery.Status.ANSWERED, closed_at=now)
        LicenseeQuery.objects.filter(id__in=stale).exclude(id__in=answered).update(
            status=LicenseeQuery.Status.CLOSED, closed_at=now
        )
    due = now + timedelta(hours=settings.TRAZA_QUERY_DUE_HOURS)
    created = LicenseeQuery.objects.bulk_create(
        [
            LicenseeQuery(trace_id=tid, licensee_rds=rds, reason=reason, created_at=now, due_at=due)
            for (tid, rds), reason in wanted.items()
            if (tid, rds) not in open_queries
        ]
    )
    ids = {key: qid for key, qid in open_queries.items() if key in wanted}
    ids.update({(q.trace_id, q.licensee_rds): q.pk for q in created})
    return ids


def traces_waiting_on(licensee_rds: Iterable[str]) -> list[int]:
    """Traces whose chain stopped at one of these licensees: new records of theirs may move them on."""
    keys = list(licensee_rds)
    waiting: set[int] = set()
    for start in range(0, len(keys), 1000):
        waiting.update(
            Trace.objects.filter(stopped_at_rds__in=keys[start : start + 1000])
            .exclude(status__in=[Status.CANCELLED, Status.DRAFT, Status.DUPLICATE])
            .values_list("id", flat=True)
        )
    return sorted(waiting)

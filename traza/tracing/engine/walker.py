"""Follows one trace through the evidence of its batch, from the first licensee to the purchaser."""

from datetime import date

from traza.catalog.lookup import Basis, Match
from traza.core.values import name_key
from traza.industry.models import Disposition, Licensee, LicenseeQuery
from traza.tracing.engine.evidence import Evidence, gun_key, recovery_key
from traza.tracing.engine.indicators import Indicators
from traza.tracing.engine.makes import RecordMake
from traza.tracing.engine.outcome import (
    NOTE_BRIDGED,
    NOTE_IMPORTER_FOUND,
    NOTE_MAKE_FROM_RECORD,
    NOTE_PARTIAL_AMBIGUOUS,
    NOTE_PARTIAL_NONE,
    NOTE_PARTIAL_SERIAL,
    NOTE_RECOVERY_BEFORE_SALE,
    Outcome,
    Reason,
    Role,
    Status,
    Step,
)
from traza.tracing.engine.unrecorded import Unrecorded
from traza.tracing.models import Indicator, SerialObliterated

GCA_1968 = date(1968, 12, 16)


class Walker:
    """Follows one trace through the evidence of its batch."""

    def __init__(self, evidence: Evidence):
        self.evidence = evidence
        self.catalog = evidence.catalog
        self.record_make = RecordMake(evidence.catalog)
        self.unrecorded = Unrecorded(evidence)
        self.indicators = Indicators(evidence)

    def resolve(self, trace: dict) -> Outcome:
        if trace["serial_obliterated"] == SerialObliterated.YES:
            return self._finish(trace, Outcome(Status.NOT_TRACED, Reason.OBLITERATED))
        if trace["make_id"] and not self.catalog.make_is_marked(trace["make_id"]):
            return self._finish(trace, Outcome(Status.NOT_TRACED, Reason.INVALID_MARKINGS))
        written = trace
        trace, records, adopted = self._records(trace)
        first = None
        if trace["serial_obliterated"] != SerialObliterated.PARTIAL:
            first = self._first_trace(trace, written)
        note = ""
        if trace["serial_obliterated"] == SerialObliterated.PARTIAL:
            guns = {r["serial_key"] for r in records}
            if len(guns) != 1:
                note = NOTE_PARTIAL_AMBIGUOUS if guns else NOTE_PARTIAL_NONE
                return self._finish(trace, Outcome(Status.NOT_TRACED, Reason.OBLITERATED, note=note))
            note = NOTE_PARTIAL_SERIAL
        outcome = self._walk(trace, records) if records else self.unrecorded.outcome(trace)
        outcome.note = outcome.note or note or self._found_note(trace, outcome, adopted)
        self._cite_records(outcome, adopted)
        if trace is not written:
            outcome.make = Match(trace["make_id"], trace["make_basis"], trace["make_confidence"])
        outcome = self._finish(trace, outcome)
        if first is not None:  # the first trace's chain, without its reason or indicators: they are counted once
            outcome.status, outcome.reason, outcome.duplicate_of, outcome.indicators = Status.DUPLICATE, "", first, {}
        return outcome

    def _records(self, trace: dict) -> tuple[dict, list[dict], dict[int, float]]:
        """The trace (with the make a record gave it, if any), the records of its gun, and those that gave the make."""
        found = self.evidence.records.get(trace["serial_key"], [])
        if trace["make_id"] is not None or "?" in trace["serial_key"]:
            given = {}  # a make a record gave the trace before is cited again, each time it is resolved
            if trace["make_basis"] == Basis.IMPORTER_BOOK:
                given = self.record_make.qualifying(trace, found)[1]
            return trace, [r for r in found if self._compatible(r, trace)], given
        make, scores = self.record_make.qualifying(trace, found)
        if make is None:
            return trace, [r for r in found if r["id"] in scores], scores
        adopted = {**trace, "make_id": make.id, "make_basis": make.basis, "make_confidence": make.confidence}
        return adopted, [r for r in found if self._compatible(r, adopted)], scores

    def _first_trace(self, trace: dict, written: dict) -> int | None:
        """The first trace of the same gun and recovery, when it is another one: this one is its duplicate."""
        firsts = self.evidence.first_traces
        first = firsts.get(recovery_key(trace), firsts.get(recovery_key(written)))
        return first if first is not None and first != trace["id"] else None

    def _found_note(self, trace: dict, outcome: Outcome, adopted: dict[int, float]) -> str:
        if adopted:
            return NOTE_MAKE_FROM_RECORD
        given = trace["importer_make_id"] not in (None, trace["make_id"])
        imported = any(s.role == Role.IMPORTER for s in outcome.steps)
        if imported and not given and trace["make_id"] and self.catalog.make_is_foreign(trace["make_id"]):
            return NOTE_IMPORTER_FOUND
        return ""

    def _cite_records(self, outcome: Outcome, adopted: dict[int, float]) -> None:
        """Each step read from a record that gave the trace its make says so, with how surely."""
        for step in outcome.steps:
            if step.record is not None and step.record["id"] in adopted:
                step.make_confidence = adopted[step.record["id"]]

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
            return Outcome(Status.IN_PROGRESS, queries=[(keeper, LicenseeQuery.Reason.AMBIGUOUS)], stopped_at=keeper)
        outcome = Outcome(Status.IN_PROGRESS)
        current: dict | None = origins[0]
        used: set[int] = set()
        while current is not None:
            used.add(current["id"])
            current = self._step(trace, current, records, used, outcome)
        return outcome

    def _step(self, trace: dict, record: dict, records: list[dict], used: set[int], outcome: Outcome) -> dict | None:
        """Add `record`'s licensee to the chain; return the next record to follow, or None at the end."""
        kind, receiver = record["disposition_type"], record["disposed_to_rds"]
        retail = kind in Disposition.TRANSFERS and not receiver
        outcome.steps.append(
            Step(self._role(trace, record, retail, first=not outcome.steps), record["keeper_rds"], record)
        )
        if kind in Disposition.TRANSFERS and receiver:
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
            outcome.retail = record["keeper_rds"]
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
        first = first_after = None  # (acquisition date, id, record): one pass, no sort (this runs at every hop)
        for record in records:
            if record["keeper_rds"] != keeper or record["id"] in used:
                continue
            acquired = record["acquisition_date"]
            candidate = (acquired or date.min, record["id"], record)
            if first is None or candidate[:2] < first[:2]:
                first = candidate
            if (acquired or after) >= after and (first_after is None or candidate[:2] < first_after[:2]):
                first_after = candidate
        found = first_after or first
        return found[2] if found else None

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
            outcome.queries = [(licensee_rds, LicenseeQuery.Reason.NO_ELECTRONIC_RECORDS)]

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
        if keeper in self._licences(trace["importer_make_id"]) or licence_type in Licensee.IMPORTER_TYPES:
            return Role.IMPORTER
        maker = keeper in self._licences(trace["make_id"]) or licence_type in Licensee.MAKER_TYPES
        if first and (maker or not record["acquired_from_rds"]):
            return Role.MANUFACTURER
        if not record["disposed_to_rds"] and licence_type in ("01", "02", ""):
            return Role.RETAILER
        return Role.WHOLESALER

    def _role_of_licensee(self, rds: str) -> str:
        return Role.IMPORTER if self._type(rds) in Licensee.IMPORTER_TYPES else Role.WHOLESALER

    def _licences(self, make_id: int | None) -> tuple[str, ...]:
        return self.catalog.make_licences(make_id) if make_id else ()

    def _type(self, rds: str) -> str:
        licensee = self.evidence.licensees.get(rds)
        return licensee["lic_type"] if licensee else ""

    def _finish(self, trace: dict, outcome: Outcome) -> Outcome:
        """Indicators, the licensee-theft rule, licensees that answered they have no record, the awaiting steps.

        A licensee's answer that it has no record of a gun counts for every trace of that gun.
        """
        self._theft_reports(trace, outcome)
        gun = gun_key(trace)
        waiting = [q for q in outcome.queries if (gun, q[0]) not in self.evidence.no_record]
        if outcome.queries and not waiting:
            outcome.status, outcome.reason = Status.NOT_TRACED, Reason.NO_RECORD
        outcome.queries = waiting
        outcome.steps += [Step(Role.AWAITING, rds, awaiting=reason) for rds, reason in waiting]
        answered = self.evidence.answers.get(trace["id"])  # a foreign authority's answer to its request
        if answered and outcome.status == Status.TRACED_FOREIGN:
            outcome.status, outcome.reason, outcome.note = answered
        self.indicators.find(trace, outcome)
        return outcome

    def _theft_reports(self, trace: dict, outcome: Outcome) -> None:
        reports = [
            t for t in self.evidence.thefts.get(trace["serial_key"], []) if self.indicators.report_matches(t, trace)
        ]
        if not reports:
            return
        outcome.indicators[Indicator.STOLEN_REPORTED] = False
        reached = {s.licensee for s in outcome.steps}
        by_licensee = next((t["reported_by_rds"] for t in reports if t["reported_by_rds"]), "")
        unfinished = outcome.status == Status.IN_PROGRESS or outcome.reason in (Reason.NO_RECORD, Reason.IN_INVENTORY)
        if by_licensee and unfinished and outcome.status != Status.COMPLETED_PURCHASER:
            if by_licensee not in reached:  # the dealer that reported the theft held the gun last: its retailer
                outcome.steps.append(Step(Role.RETAILER, by_licensee))
            outcome.status, outcome.reason, outcome.queries = Status.COMPLETED_DEALER, Reason.STOLEN_REPORTED, []
            outcome.stopped_at, outcome.retail = "", by_licensee
        if outcome.reason == Reason.STOLEN_REPORTED and outcome.retail:
            self._cite_theft(outcome, reports)

    def _cite_theft(self, outcome: Outcome, reports: list[dict]) -> None:
        """The dealer's own theft report is the evidence of its step."""
        report = next((t for t in reports if t["reported_by_rds"] == outcome.retail), None)
        step = next((s for s in reversed(outcome.steps) if s.licensee == outcome.retail), None)
        if report is not None and step is not None:
            step.theft = report["id"]

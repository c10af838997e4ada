"""A gun no licensee's record in Traza holds: which licensee to ask first, or why none can be asked."""

from traza.industry.models import LicenseeQuery
from traza.tracing.engine.evidence import Evidence, gun_key
from traza.tracing.engine.outcome import (
    NOTE_MAKE_UNRESOLVED,
    NOTE_NO_LICENCE,
    NOTE_NOT_IMPORTED,
    NOTE_PAPER_IMPORTERS_ASKED,
    Outcome,
    Reason,
    Status,
)


class Unrecorded:
    """What becomes of a trace whose gun is in no record Traza holds."""

    def __init__(self, evidence: Evidence):
        self.evidence = evidence
        self.catalog = evidence.catalog

    def outcome(self, trace: dict) -> Outcome:
        """No licensee's record of this gun is in Traza: ask the first licensee, or say why not."""
        make, importer = trace["make_id"], trace["importer_make_id"]
        if make is None:
            if importer is not None:
                return self._ask_maker(importer)
            return Outcome(Status.NOT_TRACED, Reason.NO_RECORD, note=NOTE_MAKE_UNRESOLVED)
        ceased = self.catalog.make_ceased_year(make)
        if ceased is not None and ceased < 1969:
            return Outcome(Status.NOT_TRACED, Reason.PRE_1968)
        if self.catalog.make_is_foreign(make) and not (importer and importer != make):
            if self.catalog.make_licences(make):
                return self._ask_maker(make)
            return self._not_in_importers_books(trace)
        return self._ask_maker(importer if importer and self.catalog.make_is_foreign(make) else make)

    def _not_in_importers_books(self, trace: dict) -> Outcome:
        """A foreign gun without an import mark that no electronic importer's book holds: traced abroad,
        unless an importer of its make keeps paper records, which is then asked (each one)."""
        paper = [
            rds
            for importer in sorted(self.catalog.make_importers(trace["make_id"]))
            for rds in self.catalog.make_licences(importer)
            if self.evidence.licensees.get(rds, {}).get("electronic_records") is False
            and (gun_key(trace), rds) not in self.evidence.no_record
        ]
        if paper:
            queries: list[tuple[str, str]] = [
                (rds, LicenseeQuery.Reason.NO_ELECTRONIC_RECORDS) for rds in dict.fromkeys(paper)
            ]
            return Outcome(Status.IN_PROGRESS, note=NOTE_PAPER_IMPORTERS_ASKED, queries=queries, stopped_at=paper[0])
        country = self.evidence.make_countries.get(trace["make_id"], "")
        return Outcome(Status.TRACED_FOREIGN, Reason.FOREIGN_NOT_IMPORTED, note=NOTE_NOT_IMPORTED, country=country)

    def _ask_maker(self, make: int) -> Outcome:
        licences = self.catalog.make_licences(make)
        if not licences:
            return Outcome(Status.NOT_TRACED, Reason.NO_RECORD, note=NOTE_NO_LICENCE)
        electronic = [rds for rds in licences if self.evidence.licensees.get(rds, {}).get("electronic_records")]
        if electronic:
            return Outcome(Status.NOT_TRACED, Reason.NO_RECORD, stopped_at=electronic[0])
        return Outcome(
            Status.IN_PROGRESS,
            queries=[(licences[0], LicenseeQuery.Reason.NO_ELECTRONIC_RECORDS)],
            stopped_at=licences[0],
        )

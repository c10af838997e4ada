"""A make the catalog does not know, matched against the licensees' records of the same serial.

An officer writes the make as he reads it; the licensee wrote it in his book the way he does.
When the spelling resolves to no catalog make, a record of exactly that serial still identifies
the gun if it is of a compatible calibre and firearm type, and either its manufacturer reads like
the officer's text or it sits in the book of the importer the officer gave. Only one gun may
qualify: equal serials of different makes are never linked.
"""

from rapidfuzz import fuzz

from traza.catalog.lookup import Basis, CatalogIndex, Match
from traza.core.values import name_key

SIMILAR = 85
IMPORTER_ONLY = 0.75
SHORTEST = 4


class RecordMake:
    """Which records of a serial may be the gun of a trace whose make is unresolved, and the make they give it."""

    def __init__(self, catalog: CatalogIndex):
        self.catalog = catalog

    def qualifying(self, trace: dict, records: list[dict]) -> tuple[Match | None, dict[int, float]]:
        """(the make to adopt, {record id: confidence}) when exactly one gun qualifies, else (None, {})."""
        scores = {}
        for record in records:
            score = self._score(trace, record) if self._same_kind(trace, record) else 0.0
            if score:
                scores[record["id"]] = score
        makes = {_gun(r) for r in records if r["id"] in scores}
        if len(makes) != 1:
            return None, {}
        make_id = next(r["make_id"] for r in records if r["id"] in scores)
        best = max(scores.values())
        return (Match(make_id, Basis.IMPORTER_BOOK, best) if make_id else None), scores

    def _same_kind(self, trace: dict, record: dict) -> bool:
        """Calibres of the same group and the same firearm type, wherever both are known."""
        mine, theirs = trace["caliber_ref_id"], record["caliber_ref_id"]
        if mine and theirs and self.catalog.caliber_group(mine) != self.catalog.caliber_group(theirs):
            return False
        return not (
            trace["firearm_type"] and record["firearm_type"] and trace["firearm_type"] != record["firearm_type"]
        )

    def _score(self, trace: dict, record: dict) -> float:
        """How surely the record's manufacturer is the make the officer wrote (0: not at all)."""
        written, recorded = name_key(trace["manufacturer"]), name_key(record["manufacturer"])
        similar = 0.0
        if min(len(written), len(recorded)) >= SHORTEST:
            similar = fuzz.token_set_ratio(written, recorded) / 100
        by_importer = IMPORTER_ONLY if self._importers_book(trace, record) else 0.0
        best = max(similar if similar * 100 >= SIMILAR else 0.0, by_importer)
        return round(best, 2)

    def _importers_book(self, trace: dict, record: dict) -> bool:
        importer = trace["importer_make_id"]
        if importer is None:
            return False
        return record["keeper_rds"] in self.catalog.make_licences(importer) or importer in (
            record["importer_make_id"],
            record["make_id"],
        )


def _gun(record: dict):
    """What tells guns of one serial apart: the record's catalog make, or its manufacturer as written."""
    return record["make_id"] or name_key(record["manufacturer"])

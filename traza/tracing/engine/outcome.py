"""What the engine found for one trace: its chain of steps, status, reason and indicators."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_noop as _

from traza.catalog.lookup import Match
from traza.tracing.models import Trace, TraceStep

Status, Reason, Role = Trace.Status, Trace.Reason, TraceStep.Role

NOTE_PARTIAL_SERIAL = _("Resolved from a partial serial: exactly one record matched.")
NOTE_PARTIAL_AMBIGUOUS = _("The partial serial matches more than one firearm.")
NOTE_PARTIAL_NONE = _("The partial serial matches no record.")
NOTE_NO_LICENCE = _("No licence of this make or importer is known to Traza.")
NOTE_MAKE_UNRESOLVED = _(
    "The make as written is not in the catalog and no licensee's record of this serial matches it: "
    "an analyst will review the spelling."
)
NOTE_MAKE_FROM_RECORD = _("The make was taken from the licensee's record of this serial.")
NOTE_IMPORTER_FOUND = _("The importer was found in its own records: the request did not give it.")
NOTE_PAPER_IMPORTERS_ASKED = _(
    "No electronic importer's book holds this firearm: the importers of this make that keep paper records were asked."
)
NOTE_NOT_IMPORTED = _("No importer's book holds this firearm: it was made abroad and not imported through a licensee.")
NOTE_BRIDGED = _("A licensee's step was taken from the next licensee's record of acquisition.")
NOTE_RECOVERY_BEFORE_SALE = _(
    "recovery_date is before the retail sale that the records show: check the recovery date and the serial."
)


@dataclass(slots=True)
class Step:
    role: str
    licensee: str
    record: dict | None = None
    purchase: int | None = None
    awaiting: str = ""
    theft: int | None = None
    make_confidence: float | None = None


@dataclass(slots=True)
class Outcome:
    """What the engine found for one trace: `queries` are (licensee, reason) to ask; `make` the make it adopted."""

    status: str
    reason: str = ""
    note: str = ""
    steps: list[Step] = field(default_factory=list)
    indicators: dict[str, bool] = field(default_factory=dict)
    sale_date: date | None = None
    purchase: dict | None = None
    duplicate_of: int | None = None
    queries: list[tuple[str, str]] = field(default_factory=list)
    stopped_at: str = ""
    retail: str = ""
    make: Match | None = None
    country: str = ""

    @property
    def first_licensee(self) -> str:
        return next((s.licensee for s in self.steps if s.licensee and s.role != Role.AWAITING), "")

    @property
    def retail_licensee(self) -> str:
        """The retail dealer's step, or the dealer that reported the gun stolen or lost."""
        return self.retail or next((s.licensee for s in self.steps if s.role == Role.RETAILER), "")

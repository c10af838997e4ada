"""What the engine found for one trace: its chain of steps, status, reason and indicators."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_noop as _

from traza.tracing.models import Trace, TraceStep

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

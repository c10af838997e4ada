"""Intelligence from traces: people resolved across records, leads, suspect guns."""

from traza.intel.models.leads import Lead, LeadNote, LeadPerson, LeadTrace
from traza.intel.models.people import Person, PersonRecord, ResolutionModel
from traza.intel.models.suspects import SuspectGun, SuspectGunHit

__all__ = [
    "Lead",
    "LeadNote",
    "LeadPerson",
    "LeadTrace",
    "Person",
    "PersonRecord",
    "ResolutionModel",
    "SuspectGun",
    "SuspectGunHit",
]

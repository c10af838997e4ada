"""How the industry's files are read: the FFL list, A&D books, purchases, multiple sales, thefts."""

from traza.industry.importing.common import records_arrived
from traza.industry.importing.dispositions import DispositionsKind
from traza.industry.importing.licensees import LicenseesKind
from traza.industry.importing.purchases import PurchasesKind
from traza.industry.importing.reports import MultipleSalesKind, TheftsKind

__all__ = [
    "DispositionsKind",
    "LicenseesKind",
    "MultipleSalesKind",
    "PurchasesKind",
    "TheftsKind",
    "records_arrived",
]

"""The trafficking indicators of a trace's outcome, and which reports of a serial name its gun."""

from traza.core.values import name_key
from traza.tracing.engine.evidence import Evidence
from traza.tracing.engine.outcome import Outcome, Status
from traza.tracing.models import Indicator, SerialObliterated

SHORT_TTC_DAYS = 3 * 365
STRONG_TTC_DAYS = 365


class Indicators:
    """Finds the indicators of an outcome from the trace and the reports of its batch."""

    def __init__(self, evidence: Evidence):
        self.evidence = evidence
        self.catalog = evidence.catalog

    def report_matches(self, report: dict, trace: dict) -> bool:
        """A theft or multiple-sale report names this gun: its make, the importer given, or an importer of the make."""
        make = report["make_id"]
        if make is None:
            return name_key(report["manufacturer"]) == name_key(trace["manufacturer"])
        return make in (trace["make_id"], trace["importer_make_id"]) or make in self.catalog.make_importers(
            trace["make_id"]
        )

    def find(self, trace: dict, outcome: Outcome) -> None:
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
        if any(self.report_matches(m, trace) for m in self.evidence.multiple_sales.get(trace["serial_key"], [])):
            found[Indicator.MULTIPLE_SALE] = False
        if outcome.retail_licensee and trace["recovery_country"] != "US":
            found[Indicator.CROSS_BORDER] = False

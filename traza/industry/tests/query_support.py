"""What the query tests share: traces waiting on licensees that keep paper records, and an answer to one."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from traza.industry.models import LicenseeQuery
from traza.tracing.models import Trace
from traza.tracing.tests.api_support import submit
from traza.tracing.tests.world import (
    LICENSEE_NAMES,
    PAPER_DEALER,
    PAPER_WHOLESALER,
    RUGER,
    WHOLESALER,
    chain,
    licensee_rows,
    rds,
)

ROUTINE, URGENT, OVERDUE = "RG-555", "RG-777", "RG-999"


@dataclass
class QueryWorld:
    routine: Trace  # agency A's, waiting on the Arizona paper dealer
    urgent: Trace  # agency C's (also Mexican: the same tracing centre serves it), urgent, waiting on the same dealer
    overdue: Trace  # agency A's, waiting on the Texas paper wholesaler, its answer overdue

    def query(self, trace: Trace) -> LicenseeQuery:
        return trace.queries.get(status=LicenseeQuery.Status.OPEN)


def hops(*numbers: str) -> list[tuple[str, str]]:
    return [(number, LICENSEE_NAMES[number][0]) for number in numbers]


def build_world(load, agency_a, agency_c, officer_a) -> QueryWorld:
    load("licensees", licensee_rows())
    load("dispositions", chain(ROUTINE, "RUGER", hops(RUGER, WHOLESALER, PAPER_DEALER))[:2])
    load("dispositions", chain(URGENT, "RUGER", hops(RUGER, WHOLESALER, PAPER_DEALER))[:2])
    load("dispositions", chain(OVERDUE, "RUGER", hops(RUGER, PAPER_WHOLESALER))[:1])
    routine = submit(agency_a, actor=officer_a, serial_number=ROUTINE, model="P95")
    urgent = submit(agency_c, serial_number=URGENT, priority="urgent", urgent_reason="homicide")
    overdue = submit(agency_a, actor=officer_a, serial_number=OVERDUE)
    LicenseeQuery.objects.filter(trace=overdue).update(due_at=timezone.now() - timedelta(hours=3))
    for trace in (routine, urgent, overdue):
        assert trace.status == Trace.Status.IN_PROGRESS
    assert routine.stopped_at_rds == urgent.stopped_at_rds == rds(PAPER_DEALER)
    assert overdue.stopped_at_rds == rds(PAPER_WHOLESALER)
    return QueryWorld(routine=routine, urgent=urgent, overdue=overdue)


def retail_sale(serial: str = ROUTINE, **fields) -> dict:
    """What the Arizona dealer reads out from its A&D book: it bought the gun from the wholesaler and sold it."""
    return {
        "record_id": "OPF-0415",
        "serial_number": serial,
        "manufacturer": "RUGER",
        "model": "P95",
        "caliber": "9MM",
        "acquisition_date": "2021-03-11",
        "acquired_from_license": WHOLESALER,
        "acquired_from_name": LICENSEE_NAMES[WHOLESALER][0],
        "disposition_date": "2021-04-20",
        "disposition_type": "sale",
        "transaction_ref": "4473-0099",
        **fields,
    }


def buyer(**fields) -> dict:
    """The purchase record (Form 4473) of that sale."""
    return {
        "transaction_date": "2021-04-20",
        "last_name": "DOE",
        "first_name": "JOHN",
        "date_of_birth": "1990-04-02",
        "state": "AZ",
        **fields,
    }

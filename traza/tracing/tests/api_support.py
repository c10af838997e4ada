"""What the API, export, list and page tests share: a gun whose records are in Traza, and traces submitted directly."""

from django.utils import timezone

from traza.catalog.lookup import CatalogIndex
from traza.tracing import engine
from traza.tracing.models import Trace
from traza.tracing.services import trace_submit
from traza.tracing.tests.world import (
    DEALER,
    LICENSEE_NAMES,
    PAPER_DEALER,
    RUGER,
    WHOLESALER,
    chain,
    licensee_rows,
    purchase,
)
from traza.tracing.validation import TraceRequestReader

SERIAL = "RG-12345"
REQUEST = {
    "recovery_date": "2022-05-01",
    "recovery_country": "MX",
    "recovery_state": "MX-SIN",
    "recovery_municipality": "25006",
    "serial_number": SERIAL,
    "manufacturer": "Ruger",
    "caliber": "9mm",
    "firearm_type": "pistola",
    "possessor_last_name": "RAMIREZ",
    "possessor_first_name": "PEDRO",
}
BUYER = ("GARCIA", "JUAN")


def load_records(load, serial: str = SERIAL, ref: str = "4473-1") -> None:
    """Licensees and the A&D books of one Ruger sold by a Texas dealer to a buyer on file."""
    load("licensees", licensee_rows())
    hops = [(number, LICENSEE_NAMES[number][0]) for number in (RUGER, WHOLESALER, DEALER)]
    load("dispositions", chain(serial, "STURM, RUGER & COMPANY, INC", hops, ref=ref))
    load("purchases", [purchase(DEALER, ref, *BUYER)])


def submit(agency, *, actor=None, **fields) -> Trace:
    """A trace submitted for `agency` and resolved, as the on-commit hook does after a real commit."""
    values = {"request_ref": f"REF-{Trace.objects.count() + 1}", "agency_code": agency.code, **REQUEST, **fields}
    reader = TraceRequestReader(
        catalog=CatalogIndex.load(), agencies={agency.code: agency.pk}, today=timezone.localdate()
    )
    data = reader.read(1, values)
    assert not isinstance(data, list), [str(error.message) for error in data]
    trace, _created = trace_submit(actor=actor, agency=agency, data=data, channel=Trace.Channel.API)
    engine.resolve([trace.pk])
    trace.refresh_from_db()
    return trace


def filtered_traces(load, agency_a, agency_b) -> dict[str, Trace]:
    """Three traces of agency A that differ in every filtered field, and one of agency B."""
    load_records(load)
    found = submit(agency_a, request_ref="A-1")
    urgent = submit(
        agency_a,
        request_ref="A-2",
        priority="urgent",
        urgent_reason="homicide",
        serial_number="SW-1",
        manufacturer="Smith & Wesson",
        caliber=".38 SPL",
        recovery_date="2023-03-01",
        recovery_state="MX-CHH",
        recovery_municipality="",
    )
    obliterated = submit(
        agency_a,
        request_ref="A-3",
        serial_obliterated="Y",
        serial_number="",
        recovery_date="2021-01-01",
        recovery_state="MX-SON",
        recovery_municipality="",
    )
    Trace.objects.filter(pk=obliterated.pk).update(submitted_at="2024-01-10T12:00:00Z")
    theirs = submit(agency_b, request_ref="B-1", recovery_country="US", recovery_state="TX", recovery_municipality="")
    return {"found": found, "urgent": urgent, "obliterated": obliterated, "theirs": theirs}


def waiting_trace(load, agency, actor=None) -> Trace:
    """A trace whose chain stops at a dealer keeping paper records: it waits on that dealer's answer."""
    load("licensees", licensee_rows())
    hops = [(number, LICENSEE_NAMES[number][0]) for number in (RUGER, WHOLESALER, PAPER_DEALER)]
    load("dispositions", chain("RG-555", "RUGER", hops)[:2])
    trace = submit(agency, actor=actor, serial_number="RG-555")
    assert trace.status == Trace.Status.IN_PROGRESS
    return trace

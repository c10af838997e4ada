"""What the API, export and list tests share: a gun whose records are in Traza, and traces submitted directly."""

from datetime import date

from traza.catalog.lookup import CatalogIndex
from traza.tracing import engine
from traza.tracing.models import Trace
from traza.tracing.services import trace_submit
from traza.tracing.tests.world import DEALER, LICENSEE_NAMES, RUGER, WHOLESALER, chain, licensee_rows, purchase
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
    reader = TraceRequestReader(catalog=CatalogIndex.load(), agencies={agency.code: agency.pk}, today=date.today())
    data = reader.read(1, values)
    assert not isinstance(data, list), [str(error.message) for error in data]
    trace = trace_submit(actor=actor, agency=agency, data=data, channel=Trace.Channel.API)
    engine.resolve([trace.pk])
    trace.refresh_from_db()
    return trace

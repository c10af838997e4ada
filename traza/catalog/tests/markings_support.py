"""What the markings review tests share: records and traces that name makes the way people write them.

The spellings are ones the catalog has no reason to know: the town stamped on old Rugers
(`SOUTHPORT, CONN. U.S.A.`), a Mexican gunsmith, a workshop. Traces are created as intake keeps
an unknown make (`make` empty, the marking as typed), and are not resolved until a test says so.
"""

from datetime import date

from traza.core.values import serial_key
from traza.imports.models import ImportRun
from traza.industry.models import MultipleSale, Theft
from traza.tracing.models import Trace
from traza.tracing.tests.world import DEALER, LICENSEE_NAMES, RUGER, WHOLESALER, chain, licensee_rows, purchase

SOUTHPORT = "SOUTHPORT CONN USA"  # the key the three ways of writing it share
SERIAL = "SP-10442"


def waiting_trace(agency, manufacturer: str, *, serial: str = SERIAL, importer: str = "", ref: str = "") -> Trace:
    """A trace whose make did not resolve, kept as typed, as intake keeps it."""
    return Trace.objects.create(
        agency=agency,
        request_ref=ref or f"REQ-{Trace.objects.count() + 1}",
        channel=Trace.Channel.FILE,
        recovery_date=date(2024, 3, 9),
        recovery_country="MX",
        recovery_region_id="MX-SIN",
        serial_number=serial,
        serial_key=serial_key(serial),
        manufacturer=manufacturer,
        importer=importer,
        caliber="9mm",
        firearm_type="pistol",
    )


def southport_books(load) -> None:
    """Ruger's, the wholesaler's and the dealer's books name the gun by the town on its frame, in a file
    of day-first dates with the rows out of order; the buyer is on file."""
    load("licensees", licensee_rows())
    hops = [(number, LICENSEE_NAMES[number][0]) for number in (RUGER, WHOLESALER, DEALER)]
    rows = [_day_first(row) for row in reversed(chain(SERIAL, "Southport, Conn. U.S.A.", hops, ref="4473-77"))]
    load("dispositions", rows, dayfirst=True)
    load("purchases", [purchase(DEALER, "4473-77", "GARCIA", "JUAN")])


def _day_first(row: dict) -> dict:
    """ISO dates written as a Mexican clerk writes them: 10/01/2021."""
    dates = {
        name: "/".join(reversed(value.split("-"))) for name, value in row.items() if name.endswith("_date") and value
    }
    return {**row, **dates}


def reports(user) -> None:
    """A licensee's theft report and a multiple-sale report that name makes nobody catalogued."""
    run = ImportRun.objects.create(kind="thefts", file_name="robos.csv", user=user)
    Theft.objects.create(
        import_run=run,
        line=2,
        report_number="TH-1",
        serial_number="AQ 5531",
        serial_key=serial_key("AQ 5531"),
        manufacturer="Armeria Hnos. Quintero",
        reported_by="5-74-141-01-8G-06336",
        incident_date=date(2023, 11, 2),
        incident_type=Theft.IncidentType.THEFT,
    )
    sales = ImportRun.objects.create(kind="multiple-sales", file_name="ventas.csv", user=user)
    MultipleSale.objects.create(
        import_run=sales,
        line=2,
        report_number="MS-9",
        serial_number="TR-004",
        serial_key=serial_key("TR-004"),
        manufacturer="Tallerés Ramírez",
        form=MultipleSale.Form.HANDGUNS,
        licensee_rds="57406336",
        sale_date=date(2022, 7, 14),
        last_name="DOE",
    )

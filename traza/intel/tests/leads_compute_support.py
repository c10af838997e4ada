"""A small market for the lead computation tests: guns sold by real-looking dealers, traced through the engine.

Records are written the way people write them (accents, abbreviations, day-first dates in the trace files
of Mexican agencies, rows out of order). People are resolved the way the tests say they are (the truth of
each scenario): person records are written with intel's own normalisation, then grouped by the scenario,
so these tests weigh the leads and not the record linkage.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from traza.industry.models import Purchase
from traza.intel.models import Person, PersonRecord
from traza.intel.people import normalise
from traza.tracing import engine
from traza.tracing.models import Trace
from traza.tracing.tests.world import (
    DEALER,
    DEALER_AZ,
    LICENSEE_NAMES,
    PAPER_DEALER,
    RUGER,
    WHOLESALER,
    chain,
    licensee_rows,
)

HOPS = 3  # maker, wholesaler, dealer: a gun leaves the dealer 90 days after the maker made it
DEALER_TX2 = "5-74-155-01-8H-07102"
EXTRA_LICENSEES = {DEALER_TX2: ("TEJAS OUTDOORS LLC", "TX", "01")}


@dataclass
class Sale:
    ref: str
    serial: str
    dealer: str
    on: date


@dataclass
class Market:
    """Sales and recoveries written as files and imported, then traced by the engine."""

    load: object
    agency_code: str
    dispositions: list[dict] = field(default_factory=list)
    purchases: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    sales: dict[str, Sale] = field(default_factory=dict)

    def sell(self, serial: str, buyer: dict, on: str, *, dealer: str = DEALER, books: bool = True) -> Sale:
        """A gun sold at retail on `on` to `buyer` (purchase columns: last_name, first_name, date_of_birth…);
        without `books`, the dealer has not sent its records (the chain stops at it)."""
        sold = date.fromisoformat(on)
        ref = f"4473-{len(self.sales) + 1:05d}"
        made = (sold - timedelta(days=30 * HOPS)).isoformat()
        hops = [(number, _name(number)) for number in (RUGER, WHOLESALER, dealer)]
        rows = chain(serial, "STURM, RUGER & COMPANY, INC", hops, made=made, ref=ref)
        self.dispositions += rows if books else rows[:-1]
        if books:
            self.purchases.append({"transaction_ref": ref, "licensee": dealer, "transaction_date": on, **buyer})
        self.sales[serial] = Sale(ref, serial, dealer, sold)
        return self.sales[serial]

    def unsold(self, dealer: str, count: int, *, start: str = "2015-01-05") -> None:
        """Purchase records of guns never traced: what the dealer sold besides (the rate's denominator)."""
        first = date.fromisoformat(start)
        for n in range(count):
            self.purchases.append(
                {
                    "transaction_ref": f"OTHER-{dealer[-5:]}-{n}",
                    "licensee": dealer,
                    "transaction_date": (first + timedelta(days=n % 2000)).isoformat(),
                    "last_name": f"CLIENT{n}",
                    "first_name": "PAT",
                    "date_of_birth": "1980-01-01",
                }
            )

    def recover(
        self, serial: str, on: str, *, state: str = "MX-SIN", country: str = "MX", agency_code: str = "", **fields
    ) -> None:
        """A trace request for the gun, recovered on `on` (written day-first, as Mexican agencies write)."""
        day = date.fromisoformat(on)
        self.requests.append(
            {
                "request_ref": f"FGE-SIN/{len(self.requests) + 1:04d}/{day.year}",
                "agency_code": agency_code or self.agency_code,
                "recovery_date": day.strftime("%d/%m/%Y"),
                "recovery_country": country,
                "recovery_state": state,
                "serial_number": serial.lower(),
                "manufacturer": "Ruger",
                **fields,
            }
        )

    def trace(self) -> dict[str, Trace]:
        """Import everything (rows out of order) and resolve every trace; the traces by serial."""
        assert self.load("licensees", licensee_rows() + _extra_licensee_rows()).rows_rejected == 0
        for kind, rows in (
            ("dispositions", self.dispositions),
            ("purchases", self.purchases),
            ("trace-requests", self.requests),
        ):
            if rows:
                run = self.load(kind, list(reversed(rows)), dayfirst=kind == "trace-requests")
                assert run.rows_rejected == 0, (kind, run.rows_rejected)
        engine.resolve(Trace.objects.values_list("id", flat=True))
        return {trace.serial_key: trace for trace in Trace.objects.all()}


def _name(number: str) -> str:
    return {**LICENSEE_NAMES, **EXTRA_LICENSEES}[number][0]


def _extra_licensee_rows() -> list[dict]:
    rows = []
    for number, (name, state, lic_type) in EXTRA_LICENSEES.items():
        region, district, county, _type, expiry, sequence = number.split("-")
        rows.append(
            {
                "LIC_REGN": region,
                "LIC_DIST": district,
                "LIC_CNTY": county,
                "LIC_TYPE": lic_type,
                "LIC_XPRDTE": expiry,
                "LIC_SEQN": sequence,
                "LICENSE_NAME": name,
                "PREMISE_STATE": state,
                "STATUS": "active",
                "ELECTRONIC_RECORDS": "Y",
            }
        )
    return rows


def people(market: Market, *groups: list[str]) -> list[Person]:
    """Resolve the people as the scenario says: each group (serials of the guns one person bought) is one
    person, every other buyer and possessor is a person of their own. Returns the groups' people in order."""
    records = _person_records()
    refs = {sale.ref: serial for serial, sale in market.sales.items()}
    purchase_of = {
        serial: pk for pk, ref in Purchase.objects.values_list("id", "transaction_ref") if (serial := refs.get(ref))
    }
    group_of = {purchase_of[serial]: n for n, serials in enumerate(groups) for serial in serials}
    found = [Person.objects.create(key=f"{n:02d}" + "k" * 30) for n in range(len(groups))]
    for record in records:
        n = group_of.get(record.source_id) if record.source == PersonRecord.Source.PURCHASE else None
        record.person = (
            found[n] if n is not None else Person.objects.create(key=f"{record.source[0]}{record.source_id:031d}")
        )
    PersonRecord.objects.bulk_create(records)
    return found


def _person_records() -> list[PersonRecord]:
    """A person record of every purchase and possessor, normalised as resolution normalises them."""
    records = [
        PersonRecord(
            source=PersonRecord.Source.PURCHASE,
            source_id=pk,
            last_name=normalise.surnames(last)[0],
            street=normalise.street_address(street)[0],
            zip=normalise.zip_code(zip_code),
            id_number=normalise.id_number(document),
            seen_on=day,
            licensee_rds=rds,
        )
        for pk, last, street, zip_code, document, day, rds in Purchase.objects.values_list(
            "id", "last_name", "street", "zip", "id_number", "transaction_date", "licensee_rds"
        )
    ]
    possessors = Trace.objects.exclude(possessor_last_name="").values_list("id", "possessor_last_name")
    records += [
        PersonRecord(source=PersonRecord.Source.POSSESSOR, source_id=pk, last_name=normalise.surnames(last)[0])
        for pk, last in possessors
    ]
    return records


@pytest.fixture(name="market")
def market_fixture(load, agency_a) -> Market:
    return Market(load, agency_a.code)


__all__ = ["DEALER", "DEALER_AZ", "PAPER_DEALER", "DEALER_TX2", "Market", "market_fixture", "people"]

"""A small border world for the person, dealer and network tests: books, buyers, traces, people resolved.

Juan García bought two Rugers at a Texas dealer (written "García, Juan" and "GARCIA, juan", day-first
on one 4473 as strangers do) and is in a multiple-sale report; his brother Pedro, at the same address,
bought a third; a stranger bought a fourth that was never traced.
Lupita Ortiz bought the Arizona gun. Agency A traced the first and the
third in Sinaloa; agency B (El Paso) the second. The wholesaler also sold one gun at retail, and an
Arizona dealer sold one that was traced, so the Texas peers of the dealer are two.

Until people resolution runs in these tests, `people_resolve` stands in for it: it writes the
PersonRecord and Person rows resolution writes, grouping mentions that share a normalised name and
birth date, and gives each purchase the person's key as its purchaser id.
"""

import hashlib
import re

from traza.core.values import text_key
from traza.industry.models import MultipleSale, Purchase
from traza.intel.models import Person, PersonRecord
from traza.tracing.models import Trace
from traza.tracing.tests.api_support import submit
from traza.tracing.tests.world import DEALER, DEALER_AZ, LICENSEE_NAMES, RUGER, WHOLESALER, chain, licensee_rows, rds

HOME = {"street": "1200 E. Paisano Dr.", "city": "El Paso", "state": "TX", "zip": "79901"}
JUAN = {"last_name": "García", "first_name": "Juan", "date_of_birth": "1990-04-02", **HOME}
PEDRO = {"last_name": "Garcia", "first_name": "Pedro", "date_of_birth": "1993-07-15", **HOME}
STRANGER = {"last_name": "Smith", "first_name": "Robert", "date_of_birth": "1975-11-30", "zip": "79902"}
TUCSON = {"last_name": "Ortíz", "first_name": "Lupita", "date_of_birth": "1988-01-20", "city": "Tucson", "state": "AZ"}
NAMES = ("GARCIA", "García", "Juan", "JUAN", "Pedro", "PEDRO", "Paisano", "PAISANO", "1990-04-02", "RAMIREZ")
_NON_ALNUM = re.compile(r"[^A-Z0-9]+")


def purchase_row(ref: str, person: dict, on: str, licence: str = DEALER) -> dict:
    return {"transaction_ref": ref, "licensee": licence, "transaction_date": on, "id_type": "DL", **person}


def books(load) -> None:
    """Licensees, A&D books, purchases, a multiple-sale report and two theft reports."""
    load("licensees", licensee_rows())
    to_dealer = [(number, LICENSEE_NAMES[number][0]) for number in (RUGER, WHOLESALER, DEALER)]
    rows = []
    for serial, ref in (("RG-1001", "4473-1"), ("RG-1002", "4473-2"), ("RG-1003", "4473-3"), ("RG-1004", "4473-4")):
        rows += chain(serial, "STURM, RUGER & COMPANY, INC", to_dealer, ref=ref)
    rows += chain("RG-1005", "STURM, RUGER & COMPANY, INC", to_dealer[:2], ref="W-1")
    rows += chain("RG-1006", "STURM, RUGER & COMPANY, INC", [to_dealer[0], (DEALER_AZ, "DESERT")], ref="AZ-1")
    assert load("dispositions", rows).rows_rejected == 0
    purchases = [
        purchase_row("4473-1", JUAN, "2021-04-10"),
        purchase_row("4473-2", {**JUAN, "last_name": "GARCIA", "first_name": "juan"}, "10/04/2021"),
        purchase_row("4473-3", PEDRO, "2021-04-10"),
        purchase_row("4473-4", STRANGER, "2021-04-10"),
        purchase_row("AZ-1", TUCSON, "2021-03-11", licence=DEALER_AZ),
    ]
    assert load("purchases", purchases, dayfirst=True).rows_rejected == 0
    multiple = [
        {"report_number": "MS-77", "form": "3310.4", "licensee": DEALER, "sale_date": "2021-04-10", **JUAN,
         "serial_number": serial, "manufacturer": "Ruger", "model": "P95", "caliber": "9mm", "firearm_type": "pistol"}
        for serial in ("RG-1001", "RG-2001")
    ]  # fmt: skip
    assert load("multiple-sales", multiple).rows_rejected == 0
    thefts = [
        {"report_number": f"TH-{n}", "reported_by": licence, "incident_date": "2021-08-0" + str(n),
         "incident_type": "theft", "serial_number": f"SW-90{n}", "manufacturer": "Smith & Wesson"}
        for n, licence in ((1, DEALER), (2, DEALER), (3, DEALER_AZ))
    ]  # fmt: skip
    assert load("thefts", thefts).rows_rejected == 0


def traces(agency_a, agency_b, officer_a=None) -> dict[str, Trace]:
    """Agency A's traces of RG-1001 (Juan's, found on Pedro Ramírez) and RG-1003 (Pedro García's), agency B's of
    RG-1002 (Juan's), agency A's of the Arizona gun."""
    in_texas = {"recovery_country": "US", "recovery_state": "US-TX", "recovery_municipality": ""}
    return {
        "juan_a": submit(agency_a, actor=officer_a, request_ref="CLN-1", serial_number="RG-1001"),
        "pedro_a": submit(agency_a, actor=officer_a, request_ref="CLN-2", serial_number="RG-1003",
                          recovery_date="2022-07-01", possessor_last_name="", possessor_first_name=""),
        "juan_b": submit(agency_b, request_ref="EP-1", serial_number="RG-1002", recovery_date="2022-06-01",
                         possessor_last_name="", possessor_first_name="", **in_texas),
        "arizona_a": submit(agency_a, actor=officer_a, request_ref="CLN-3", serial_number="RG-1006",
                            possessor_last_name="", possessor_first_name=""),
    }  # fmt: skip


def people_resolve() -> dict[str, Person]:
    """Stand in for people resolution: a Person for each normalised name and birth date, as resolution keys them.

    Returns the people by their upper-case first name and last name ("JUAN GARCIA").
    """
    mentions = _purchase_mentions() + _sale_mentions() + _possessor_mentions()
    groups = {(m["last_name"], m["first_name"], m["date_of_birth"]) for m in mentions}
    people = {
        group: Person(key=hashlib.sha256(repr(group).encode()).hexdigest()[:32]) for group in sorted(groups, key=str)
    }
    Person.objects.bulk_create(people.values())
    saved = {person.key: person for person in Person.objects.all()}
    records = []
    for mention in mentions:
        person = saved[people[(mention["last_name"], mention["first_name"], mention["date_of_birth"])].key]
        records.append(PersonRecord(person=person, **mention))
    PersonRecord.objects.bulk_create(records)
    for person in saved.values():
        Person.objects.filter(pk=person.pk).update(record_count=person.records.count())
    keys = {
        row.source_id: row.person.key for row in PersonRecord.objects.filter(source="purchase").select_related("person")
    }
    changed = list(Purchase.objects.filter(pk__in=list(keys)))
    for purchase in changed:
        purchase.person_key = keys[purchase.pk]
    Purchase.objects.bulk_update(changed, ["person_key"])
    return {f"{first} {last}": saved[person.key] for (last, first, _born), person in people.items()}


def _normal(text: str) -> str:
    return _NON_ALNUM.sub(" ", text_key(text)).strip()


def _mention(source: str, row, *, seen_on, rds_key: str = "", address: bool = True) -> dict:
    mention = {
        "source": source,
        "source_id": row.pk,
        "last_name": _normal(row.last_name),
        "first_name": _normal(row.first_name),
        "date_of_birth": row.date_of_birth,
        "seen_on": seen_on,
        "licensee_rds": rds_key,
    }
    if address:
        mention |= {"street": _normal(row.street), "city": _normal(row.city), "state": row.state, "zip": row.zip}
        mention["id_number"] = _normal(row.id_number).replace(" ", "")
    return mention


def _purchase_mentions() -> list[dict]:
    return [
        _mention("purchase", row, seen_on=row.transaction_date, rds_key=row.licensee_rds)
        for row in Purchase.objects.all()
    ]


def _sale_mentions() -> list[dict]:
    return [
        _mention("multiple_sale", row, seen_on=row.sale_date, rds_key=row.licensee_rds)
        for row in MultipleSale.objects.all()
    ]


def _possessor_mentions() -> list[dict]:
    found = Trace.objects.exclude(possessor_last_name="")
    return [
        {
            "source": "possessor",
            "source_id": trace.pk,
            "last_name": _normal(trace.possessor_last_name),
            "first_name": _normal(trace.possessor_first_name),
            "date_of_birth": trace.possessor_dob,
            "seen_on": trace.recovery_date,
        }
        for trace in found
    ]


def border_world(load, agency_a, agency_b, officer_a=None) -> dict:
    """Books, traces and people: {"traces": {...}, "people": {...}, "dealer": RDS of the Texas dealer}."""
    books(load)
    found = traces(agency_a, agency_b, officer_a)
    return {"traces": found, "people": people_resolve(), "dealer": rds(DEALER), "wholesaler": rds(WHOLESALER)}

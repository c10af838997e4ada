"""People resolution in scenarios: relatives stay apart, moves merge, keys survive re-runs, new records link.

Each scenario sits among 3,000 synthetic purchase records, so that the model trains on data as it would.
"""

from datetime import date

import pytest
from django.core.management import call_command

from traza.industry.models import MultipleSale, Purchase
from traza.intel.models import Person, PersonRecord, ResolutionModel
from traza.intel.people.services import people_link_new, people_resolve_all
from traza.intel.people.synthetic import purchase_records, purchases_insert

pytestmark = pytest.mark.django_db


def record(person: int, last: str, first: str, born: date | None, street: str, **fields) -> dict:
    values = {"person": person, "last_name": last, "first_name": first, "middle_name": "", "suffix": ""}
    values.update({"date_of_birth": born, "street": street, "city": "El Paso", "state": "TX", "zip": "79912"})
    values.update({"id_number": "", **fields})
    return values


SENIOR = [
    record(1, "Ramírez Soto", "José Luis", date(1961, 3, 4), "1210 Montana Ave", suffix="Sr.", id_number="T1234567"),
    record(1, "RAMIREZ", "JOSE", date(1961, 3, 4), "1210 MONTANA AVENUE", id_number="t123-4567"),
]
JUNIOR = [
    record(2, "Ramírez Soto", "José Luis", date(1989, 11, 20), "1210 Montana Ave", suffix="Jr", id_number="T7654321"),
    record(2, "RAMIREZ SOTO", "Pepe", date(1989, 11, 20), "1210 Montana Avenue", id_number="T765-4321"),
]
SISTER = [record(3, "Ramírez Soto", "Guadalupe", date(1991, 2, 14), "1210 Montana Ave", id_number="T5550001")]
MOVER = [
    record(4, "de la Cruz", "Ignacio", date(1975, 7, 9), "88 Oak Street Apt 3", id_number="T4440001"),
    record(4, "DE LA CRUZ", "Nacho", date(1975, 9, 7), "4020 Dyer St", zip="79930", id_number="T444-0001"),
    record(4, "Delacruz", "IGNACIO", date(1975, 7, 9), "4020 DYER STREET", zip="79930-2211"),
]


def resolve(*scenarios: list[dict]) -> dict[str, str]:
    """Insert the scenario records after a background of synthetic ones, resolve; each scenario line's person key."""
    records = [*purchase_records(3000, seed=3)]
    first_line = len(records) + 1
    scenario = [row for rows in scenarios for row in rows]
    purchases_insert([*records, *scenario])
    people_resolve_all()
    return keys_of(range(first_line, first_line + len(scenario)))


def keys_of(lines) -> list[str]:
    keys = dict(
        Purchase.objects.filter(transaction_ref__in=[f"S{line}" for line in lines]).values_list(
            "transaction_ref", "person_key"
        )
    )
    return [keys[f"S{line}"] for line in lines]


def test_a_junior_a_senior_and_a_sister_at_one_address_stay_apart():
    keys = resolve(SENIOR, JUNIOR, SISTER)
    senior, junior, sister = keys[0:2], keys[2:4], keys[4:5]
    assert senior[0] == senior[1]
    assert junior[0] == junior[1]
    assert len({senior[0], junior[0], sister[0]}) == 3


def test_one_person_at_two_addresses_is_one_person_and_purchases_show_the_key():
    keys = resolve(MOVER)
    assert len(set(keys)) == 1
    person = Person.objects.get(key=keys[0])
    assert person.record_count == 3
    assert len(person.key) == 32
    assert ResolutionModel.objects.get().threshold == pytest.approx(0.9)


def test_a_rerun_keeps_every_key():
    resolve(SENIOR, JUNIOR, MOVER)
    before = dict(Purchase.objects.values_list("id", "person_key"))
    people_resolve_all()
    assert dict(Purchase.objects.values_list("id", "person_key")) == before
    assert ResolutionModel.objects.count() == 2


def test_a_split_leaves_the_key_with_the_bigger_part_and_a_merge_keeps_the_bigger_key():
    keys = resolve(MOVER, SISTER)
    mover, sister = keys[0], keys[3]
    moved = Purchase.objects.get(transaction_ref=f"S{3001 + 2}")
    corrected = PersonRecord.objects.get(source="purchase", source_id=moved.id)
    # A correction: the third purchase was the sister's, not the mover's.
    fields = ["last_name", "second_last_name", "first_name", "date_of_birth", "street", "zip", "id_number"]
    sister_record = PersonRecord.objects.get(person__key=sister)
    for field in fields:
        setattr(corrected, field, getattr(sister_record, field))
    corrected.save()
    people_resolve_all()
    after = keys_of([3001, 3002, 3003, 3004])
    assert after[0] == after[1] == mover
    assert after[2] == after[3] == sister
    assert Person.objects.get(key=mover).record_count == 2
    assert Person.objects.get(key=sister).record_count == 2


def test_new_purchases_link_to_the_person_known_and_a_stranger_gets_a_new_key():
    keys = resolve(JUNIOR, MOVER)
    purchases_insert(
        [
            record(2, "Ramirez-Soto", "Jose L.", date(1989, 11, 20), "1210 Montana", id_number="T7654321"),
            record(4, "DE LA CRUZ", "IGNACIO", date(1975, 7, 9), "4020 Dyer Street", zip="79930"),
            record(9, "Villaseñor", "Itzel", date(2000, 1, 31), "5 Cactus Rd", id_number="T0000009"),
        ],
        first_line=4001,
    )
    assert people_link_new() == 3
    junior, mover, stranger = keys_of([4001, 4002, 4003])
    assert junior == keys[0]
    assert mover == keys[2]
    assert stranger not in set(Purchase.objects.exclude(transaction_ref="S4003").values_list("person_key", flat=True))
    assert Person.objects.get(key=stranger).record_count == 1
    assert Person.objects.get(key=mover).record_count == 4
    assert people_link_new() == 0


def test_multiple_sales_are_people_records_too(catalog):
    keys = resolve(MOVER)
    sale = purchase_like_sale()
    people_link_new()
    record = PersonRecord.objects.get(source="multiple_sale", source_id=sale.id)
    assert record.person.key == keys[0]
    assert (record.first_name, record.last_name, record.zip) == ("IGNACIO", "DELACRUZ", "79930")


def purchase_like_sale() -> MultipleSale:
    from traza.imports.models import ImportRun

    run = ImportRun.objects.create(kind="multiple-sales", file_name="ventas.csv")
    return MultipleSale.objects.create(
        import_run=run,
        line=1,
        report_number="R-1",
        serial_number="ABC123",
        serial_key="ABC123",
        form="3310.4",
        licensee_rds="98000001",
        sale_date=date(2025, 2, 1),
        last_name="de la cruz",
        first_name="Ignacio",
        date_of_birth=date(1975, 7, 9),
        street="4020 Dyer St.",
        city="El Paso",
        state="TX",
        zip="79930",
        id_number="T-4440001",
    )


def test_the_command_prints_counts_and_no_names(capsys):
    purchases_insert([*purchase_records(2000, seed=4), *MOVER])
    call_command("people", "resolve")
    out = capsys.readouterr().out
    assert "Records: 2003 (2003 new)" in out
    assert "CRUZ" not in out.upper()
    call_command("people", "link")
    assert "New person records linked: 0." in capsys.readouterr().out

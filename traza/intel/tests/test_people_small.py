"""A young deployment: a handful of purchase records is too little to train a record-linkage model on, and
resolution must still give every record a person (and never fail the worker's task for it)."""

import pytest

from traza.industry.models import Purchase
from traza.intel.models import Person, PersonRecord
from traza.intel.people.services import people_link_new, people_resolve_all
from traza.tracing.tests.world import DEALER, licensee_rows, purchase


@pytest.fixture
def few(load):
    load("licensees", licensee_rows())
    load(
        "purchases",
        [
            purchase(DEALER, "F-1", "GARCÍA LÓPEZ", "José Luis", born="1990-04-02"),
            purchase(DEALER, "F-2", "GARCIA LOPEZ", "JOSE LUIS", born="1990-04-02"),
            purchase(DEALER, "F-3", "HERNANDEZ", "MARIA", born="1985-11-30"),
        ],
    )


@pytest.mark.django_db
def test_a_few_records_resolve_without_a_trained_model(few):
    summary = people_resolve_all()

    assert summary.records == 3
    assert PersonRecord.objects.filter(person__isnull=True).count() == 0
    keys = dict(Purchase.objects.values_list("transaction_ref", "person_key"))
    assert keys["F-1"] == keys["F-2"] != keys["F-3"]  # the same name, written two ways, one birth date
    assert set(keys.values()) == set(Person.objects.values_list("key", flat=True))


@pytest.mark.django_db
def test_linking_on_a_young_database_does_not_fail(few, load):
    people_resolve_all()
    load("purchases", [purchase(DEALER, "F-4", "Garcia-Lopez", "Jose Luis", born="1990-04-02")])

    people_link_new()  # without a model yet, this resolves every record again, exactly
    keys = dict(Purchase.objects.values_list("transaction_ref", "person_key"))
    assert keys["F-4"] == keys["F-1"]

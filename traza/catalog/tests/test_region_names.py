"""US states in Spanish for Spanish readers (Nuevo México, Carolina del Norte), in lists, pages and files alike;
either name is read in files."""

import pytest
from django.utils import translation

from traza.catalog.lookup import CatalogIndex
from traza.catalog.models import Region
from traza.tracing.forms.fields import all_region_choices


@pytest.mark.django_db
def test_a_region_is_named_in_the_readers_language(catalog):
    new_mexico, sinaloa = Region.objects.get(code="US-NM"), Region.objects.get(code="MX-SIN")

    with translation.override("es"):
        assert (new_mexico.local_name, str(new_mexico), sinaloa.local_name) == (
            "Nuevo México",
            "Nuevo México",
            "Sinaloa",
        )
    with translation.override("en"):
        assert (new_mexico.local_name, sinaloa.local_name) == ("New Mexico", "Sinaloa")


@pytest.mark.django_db
def test_the_state_lists_are_spanish_and_sorted_as_read(catalog):
    with translation.override("es"):
        _any, (_mx, _mexico), (_us, states) = all_region_choices()
    names = [name for _code, name in states]

    assert "Carolina del Norte" in names and "North Carolina" not in names
    assert names.index("Carolina del Norte") < names.index("Nuevo México") < names.index("Texas")


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["Nuevo México", "nuevo mexico", "New Mexico", "NM", "US-NM"])
def test_either_name_is_read(catalog, text):
    assert CatalogIndex.load().region_code("US", text) == "US-NM"


@pytest.mark.django_db
def test_every_spanish_name_differs_from_the_english_one(catalog):
    for name, name_es in Region.objects.exclude(name_es="").values_list("name", "name_es"):
        assert name_es != name

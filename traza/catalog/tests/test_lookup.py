"""CatalogIndex: free text as officers and licensees write it, resolved against the catalogs."""

import pytest

from traza.catalog import lookup
from traza.catalog.lookup import CatalogIndex, caliber_key, firearm_type
from traza.catalog.models import FirearmType, MakeAlias
from traza.catalog.services import catalog_load

# The index fixture reads a database that pytest-django creates only for tests marked this way.
pytestmark = pytest.mark.django_db


def test_smith_and_wesson_written_every_way_is_one_make(index: CatalogIndex):
    ids = {
        index.make_id(text)
        for text in (
            "S&W",
            "SMITH AND WESSON",
            "SMITH & WESSON SALES COMPANY",
            "Smith & Wesson, Inc.",
            "smith y wesson",
        )
    }
    assert len(ids) == 1
    assert index.make_name(ids.pop()) == "Smith & Wesson"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("STURM, RUGER & CO., INC.", "Ruger"),
        ("Colt's Manufacturing Company LLC", "Colt"),
        ("GLOCK GES.M.B.H.", "Glock"),
        ("BERSA S.A.", "Bersa"),
        ("Fabrique Nationale", "FN Herstal"),
        ("Beretta U.S.A. Corp", "Beretta USA"),
        ("Pietro Beretta", "Beretta"),
        ("Heckler y Koch", "Heckler & Koch"),
        ("Cugir", "Romarm"),
        ("Maverick Arms", "Mossberg"),
    ],
)
def test_makes_written_as_licensees_and_officers_write_them(index: CatalogIndex, text: str, name: str):
    assert index.make_name(index.make_id(text)) == name


def test_the_index_loads_in_a_few_queries(django_assert_max_num_queries):
    """Built afresh: the catalog stamp, then one query for each table the index reads."""
    lookup._SHARED.clear()
    with django_assert_max_num_queries(13):
        CatalogIndex.load()


def test_ruger_has_several_licences_with_the_largest_plant_first(index: CatalogIndex):
    ruger = index.make_id("STURM, RUGER & COMPANY, INC")
    assert ruger == index.make_id("RUGER") == index.make_id("Sturm Ruger")
    licences = index.make_licences(ruger)
    assert len(licences) >= 3
    assert licences[0] == "15615352"
    assert {"60200735", "98614472"} <= set(licences[1:])
    assert ruger in index.makes_of_licence("98614472")


def test_an_unknown_make_is_none_and_suggestions_name_the_nearest(index: CatalogIndex):
    assert index.make_id("SMT WSN") is None
    assert "Smith & Wesson" in index.suggest_makes("SMT WSN")
    assert len(index.suggest_makes("GLOK", limit=2)) <= 2


def test_foreign_makes_name_their_importers_and_importer_licences_cover_them(index: CatalogIndex):
    romarm, century = index.make_id("CUGIR"), index.make_id("Century International Arms")
    assert index.make_is_foreign(romarm)
    assert century in index.make_importers(romarm)
    assert not index.make_is_foreign(century)
    assert romarm in index.makes_of_licence(index.make_licences(century)[0])
    assert index.make_licences(romarm) == ()


def test_mexican_military_make_is_foreign_and_never_imported(index: CatalogIndex):
    sedena = index.make_id("Dirección General de Industria Militar")
    assert sedena == index.make_id("SEDENA")
    assert index.make_is_foreign(sedena)
    assert index.make_importers(sedena) == frozenset()


def test_unmarked_and_ceased_makes(index: CatalogIndex):
    hechiza = index.make_id("arma hechiza")
    assert hechiza == index.make_id("SIN MARCA VISIBLE") == index.make_id("UNKNOWN")
    assert not index.make_is_marked(hechiza)
    assert index.make_is_marked(index.make_id("Colt"))
    assert index.make_ceased_year(index.make_id("Hopkins & Allen")) == 1917
    assert index.make_ceased_year(index.make_id("Glock")) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (".223", ".223 Remington"),
        ("223 REM", ".223 Remington"),
        ("5.56MM", "5.56×45mm NATO"),
        ("5.56X45", "5.56×45mm NATO"),
        ("5,56", "5.56×45mm NATO"),
        ("7.62X39", "7.62×39mm"),
        ("7.62 X 39", "7.62×39mm"),
        ("CAL. 9MM", "9×19mm Parabellum"),
        ("9 MM", "9×19mm Parabellum"),
        (".38 SUPER", ".38 Super"),
        (".38 SPL", ".38 Special"),
        (".45 ACP", ".45 ACP"),
        (".45 AUTO", ".45 ACP"),
        (".50 BMG", ".50 BMG"),
        ("12 GA", "12 Gauge"),
        ("calibre 12", "12 Gauge"),
        (".22 LR", ".22 LR"),
        ("9x18", "9×18mm Makarov"),
        (".380 ACP", ".380 ACP"),
    ],
)
def test_mexican_and_us_calibre_spellings_resolve(index: CatalogIndex, text: str, name: str):
    assert index.caliber_id(text) == index.caliber_id(name) is not None


def test_calibres_of_one_family_share_a_group_and_others_do_not(index: CatalogIndex):
    group = index.caliber_group
    assert index.caliber_id(".223") != index.caliber_id("5.56X45")
    assert group(index.caliber_id(".223")) == group(index.caliber_id("5.56X45"))
    assert group(index.caliber_id(".308 WIN")) == group(index.caliber_id("7.62X51"))
    assert group(index.caliber_id("7.62X39")) != group(index.caliber_id("7.62X51"))
    assert len({group(index.caliber_id(text)) for text in ("9MM", ".380 ACP", "9X18")}) == 3
    assert index.caliber_id(".38 SUPER") != index.caliber_id(".38 SPECIAL")
    assert group(index.caliber_id(".38 SPECIAL")) != group(index.caliber_id(".357 MAGNUM"))


def test_the_calibre_key_ignores_how_it_is_written():
    assert caliber_key("Cal. 7,62 x 39 mm") == caliber_key("7.62X39") == "7.62X39"
    assert caliber_key(".38 SPL") != caliber_key(".38 SUPER")


def test_places_resolve_by_code_and_name(index: CatalogIndex):
    culiacan = index.municipality_id("MX", "25006")
    assert index.municipality_region(culiacan) == "MX-SIN"
    assert index.municipality_region(index.municipality_id("US", "48141")) == "US-TX"
    assert index.municipality_id("US", "1001") == index.municipality_id("US", "01001") is not None
    assert index.municipality_id("MX", "99999") is None


@pytest.mark.parametrize("text", ["MX", "mx", "México", "Mexico", "MEX"])
def test_mexico_written_every_way(index: CatalogIndex, text: str):
    assert index.country_code(text) == "MX"


@pytest.mark.parametrize("text", ["US", "USA", "Estados Unidos", "EE. UU.", "United States of America"])
def test_the_united_states_written_every_way(index: CatalogIndex, text: str):
    assert index.country_code(text) == "US"


def test_regions_resolve_by_iso_code_postal_code_statistical_code_and_name(index: CatalogIndex):
    assert {index.region_code("MX", text) for text in ("MX-SIN", "Sinaloa", "25", "sinaloa")} == {"MX-SIN"}
    assert {index.region_code("US", text) for text in ("US-TX", "TX", "48", "Texas")} == {"US-TX"}
    assert index.region_code("México", "CDMX") == "MX-CMX"
    assert index.region_code("US", "Nuevo México") == "US-NM"
    assert index.region_code("MX", "TX") is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("pistol", FirearmType.PISTOL),
        ("Pistola", FirearmType.PISTOL),
        ("PISTOLA", FirearmType.PISTOL),
        ("revólver", FirearmType.REVOLVER),
        ("escopeta", FirearmType.SHOTGUN),
        ("ametralladora", FirearmType.MACHINE_GUN),
        ("fusil", FirearmType.RIFLE),
        ("carabina", FirearmType.RIFLE),
        ("machine_gun", FirearmType.MACHINE_GUN),
        ("receiver_frame", FirearmType.RECEIVER_FRAME),
    ],
)
def test_firearm_types_resolve_in_english_and_spanish(text: str, kind: FirearmType):
    assert firearm_type(text) == kind


def test_an_unknown_firearm_type_is_none():
    assert firearm_type("bazooka") is None


def test_crime_codes_resolve_by_code_and_by_mexican_offence_name(index: CatalogIndex):
    assert index.crime_code("0911") == "0911"
    assert index.crime_code("911") == "0911"
    assert index.crime_code("0000") is None
    assert index.crime_code("Portación de arma de fuego sin licencia") == "5212"
    assert index.crime_code("PORTACION DE ARMA DE FUEGO DE USO EXCLUSIVO DEL EJERCITO, ARMADA Y FUERZA AEREA") == "5203"
    assert index.crime_code("homicidio doloso con arma de fuego") == "0911"
    assert index.crime_code("Narcomenudeo") == "3599"


def test_a_new_index_sees_catalog_changes():
    catalog_load()
    assert CatalogIndex.load().make_id("PYTHON WORKS HARTFORD") is None
    colt = CatalogIndex.load().make_id("Colt")
    MakeAlias.objects.create(make_id=colt, key="PYTHON WORKS HARTFORD", name="PYTHON WORKS HARTFORD")
    assert CatalogIndex.load().make_id("python works, hartford") == colt

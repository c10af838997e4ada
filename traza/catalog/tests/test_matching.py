"""The one make matcher: markings as officers and licensees write them, and licence names, resolved."""

import csv
from pathlib import Path

import pytest

from traza.catalog.lookup import NO_MATCH, Basis, CatalogIndex, Match, make_key, model_key
from traza.catalog.matching import FUZZY_MAX_CONFIDENCE
from traza.catalog.models import Make, MakeAlias
from traza.catalog.services import DATA_DIR
from traza.industry.models import Licensee

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent / "data" / "markings.csv"
SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"
SAMPLE_FFL = Path(__file__).resolve().parents[2] / "demo" / "data" / "ffl-list-sample-2026-05.csv"


def _corpus() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_corpus_is_large_enough_to_mean_something():
    rows = _corpus()
    assert sum(1 for row in rows if row["make"]) >= 200
    assert sum(1 for row in rows if not row["make"]) >= 50


def test_every_marking_of_the_corpus_resolves_to_its_make_and_the_near_misses_to_none(index: CatalogIndex):
    wrong = []
    for row in _corpus():
        found = index.match_make(row["text"])
        name = index.make_name(found.id) if found.id else ""
        if name != row["make"]:
            wrong.append(f"{row['text']!r}: expected {row['make'] or 'nothing'!r}, got {name or 'nothing'!r}")
    assert not wrong, f"{len(wrong)} markings resolved wrongly:\n" + "\n".join(wrong)


def _names(index: CatalogIndex, *texts: str) -> list[str]:
    return [index.make_name(index.make_id(text)) if index.make_id(text) else "" for text in texts]


def test_each_basis_answers_with_its_confidence_surest_first(index: CatalogIndex):
    exact, alias = index.match_make("Norinco"), index.match_make("China North Industries Corp.")
    licence, tokens = index.match_make("ITHACA DISTRIBUTION INC"), index.match_make("CUGIR - ROMARM")
    fuzzy = index.match_make("BERETTTA")
    assert (exact.basis, alias.basis, licence.basis, tokens.basis, fuzzy.basis) == (
        Basis.EXACT,
        Basis.ALIAS,
        Basis.LICENCE,
        Basis.TOKENS,
        Basis.FUZZY,
    )
    assert exact.confidence == 1.0 > alias.confidence > licence.confidence > tokens.confidence > fuzzy.confidence
    assert fuzzy.confidence <= FUZZY_MAX_CONFIDENCE
    assert exact.id == alias.id and _names(index, "ITHACA DISTRIBUTION INC") == ["Ithaca Gun Company"]


def test_a_compound_marking_of_a_maker_and_its_own_importer_is_the_maker(index: CatalogIndex):
    assert _names(index, "ZASTAVA / CENTURY ARMS", "CENTURY ARMS - ROMARM") == ["Zastava", "Romarm"]


def test_a_marking_naming_two_unrelated_makes_resolves_to_none(index: CatalogIndex):
    assert index.match_make("GLOCK / BERETTA") == NO_MATCH
    assert index.match_make("NORINCO ZASTAVA") == NO_MATCH


def test_fuzzy_needs_a_long_key_a_clear_margin_and_the_same_first_and_last_letters(index: CatalogIndex):
    assert index.match_make("TANFOGLO").basis == Basis.FUZZY
    assert index.match_make("TAURAS").basis == Basis.FUZZY
    assert index.make_name(index.make_id("ARMSCO")) == "ARMSCO INC"  # another licensed maker, not Armscor
    assert index.make_id("NORICA") is None  # a Spanish air-gun maker, not Norinco
    assert index.make_id("BERS") is None  # too short to guess


def test_the_make_of_unmarked_guns_is_reached_only_by_its_own_names(index: CatalogIndex):
    assert _names(index, "HECHIZA") == ["SIN MARCA"]
    assert index.make_id("FABRICA DESCONOCIDA") is None


def test_an_analysts_alias_resolves_like_a_catalog_alias():
    norinco = Make.objects.get(name="Norinco")
    MakeAlias.objects.create(make=norinco, key="NORINKO 56S", name="Norinko 56S", source=MakeAlias.Source.ANALYST)
    found = CatalogIndex.load().match_make("norinko 56s")
    assert found == Match(norinco.pk, Basis.ALIAS, found.confidence) and found.confidence == 0.98


def test_each_distinct_text_is_matched_once_and_the_memo_stays_within_its_bound(index: CatalogIndex):
    index.memo_limit = 50
    spellings = [f"GLOCK {n}" for n in range(500)]
    for text in spellings * 2:
        assert index.make_name(index.make_id(text)) == "Glock"
        assert len(index._make_memo) <= 50
    first = index.match_make("NORINCO/JIANSHE")
    assert index.match_make("NORINCO/JIANSHE") is first


def test_calibres_answer_with_their_basis(index: CatalogIndex):
    assert index.match_caliber("Cal. 7,62 x 39 mm").id == index.caliber_id("7.62x39mm") is not None
    assert index.match_caliber("calibre inventado") == NO_MATCH


def test_municipalities_by_name_ignore_accents_and_say_when_several_share_it(index: CatalogIndex):
    culiacan = index.match_municipality("MX", "CULIACAN")
    assert culiacan == index.match_municipality("México", "Culiacán") != NO_MATCH
    assert index.municipality_region(culiacan.id) == "MX-SIN"
    several = index.municipalities_named("MX", "guadalupe")
    assert len(several) > 3
    assert index.match_municipality("MX", "Guadalupe") == Match(None, Basis.AMBIGUOUS)
    assert len(index.municipalities_named("MX", "Guadalupe", region="Nuevo León")) == 1
    assert index.match_municipality("MX", "Guadalupe", region="NL").id in several


def test_models_are_compared_without_spaces_and_dashes():
    assert model_key("AK-47") == model_key("ak 47") == model_key("AK47")
    assert model_key("PT 92") == model_key("pt-92") == "PT92"
    assert model_key("PT 92") != model_key("PT 99")


def _licence_rows() -> list[tuple[str, str, str]]:
    """(rds key, licence name, business name) of every manufacturer and importer of AFMER and the FFL sample."""
    afmer = SHARED / "atf-afmer-2023" / "AFMER-2023.csv"
    rows = []
    with (afmer if afmer.is_file() else DATA_DIR / "afmer_2023.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values = {key.replace("APP_", "").lower(): value for key, value in row.items()}
            if values["lic_type"] in Licensee.MAKER_OR_IMPORTER_TYPES:
                rows.append((values["rds_key"], values["license_name"], ""))
    return rows


def _ffl_path() -> Path:
    shared = SHARED / "atf-ffl-list-sample" / "ffl-list-sample-2026-05.csv"
    return shared if shared.is_file() else SAMPLE_FFL


def test_every_afmer_and_ffl_list_maker_or_importer_resolves_to_a_make_holding_its_licence(load):
    load_ffl = load("licensees", _ffl_rows())
    assert load_ffl.rows_rejected == 0
    index = CatalogIndex.load()
    wrong = []
    for rds_key, *names in _licence_rows() + _ffl_licences():
        for name in filter(None, names):
            found = index.match_make(name)
            if found.id not in index.makes_of_licence(rds_key):
                holder = index.make_name(found.id) if found.id else "nothing"
                wrong.append(f"{rds_key} {name!r} → {holder} ({found.basis})")
    assert not wrong, f"{len(wrong)} licence names resolved wrongly:\n" + "\n".join(wrong[:200])


def _ffl_rows() -> list[dict[str, str]]:
    with _ffl_path().open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _ffl_licences() -> list[tuple[str, str, str]]:
    return [
        (row["LIC_REGN"] + row["LIC_DIST"] + row["LIC_SEQN"], row["LICENSE_NAME"], row["BUSINESS_NAME"])
        for row in _ffl_rows()
        if row["LIC_TYPE"] in Licensee.MAKER_OR_IMPORTER_TYPES
    ]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("ИЖМАШ", "IZHMASH"),
        ("Česká zbrojovka a.s.", "CESKA ZBROJOVKA"),
        ("Heckler und Koch GmbH", "HECKLER KOCH"),
        ("Smith y Wesson", "SMITH WESSON"),
        ("S & W", "SW"),
        ("Fábrica de Armas S.A. de C.V.", "FABRICA ARMAS"),
        ("Fabryka Broni Łucznik-Radom Sp. z o.o.", "FABRYKA BRONI LUCZNIK RADOM"),
        ("Glock Ges. m. b. H.", "GLOCK"),
        ("Century Int'l Arms Inc.", "CENTURY INTERNATIONAL ARMS"),
        ("KEL-TEC CNC INDS", "KEL TEC CNC INDUSTRIES"),
        ("Barrett Firearms Mfg.", "BARRETT FIREARMS MANUFACTURING"),
        ("Kalashnikov Concern JSC", "KALASHNIKOV CONCERN"),
    ],
)
def test_make_keys_read_every_way_of_writing_a_company_alike(written: str, key: str):
    assert make_key(written) == key


def test_afmer_licences_no_curated_make_holds_are_makes_of_their_own_and_curated_makes_win(index: CatalogIndex):
    wild_west = index.match_make("Wild West Guns, L.L.C.")
    assert wild_west.basis == Basis.EXACT
    assert "99200798" in index.make_licences(wild_west.id)  # with its other licences of that name
    assert Make.objects.get(pk=wild_west.id).source == Make.Source.AFMER
    ruger = index.make_id("RUGER")
    assert {"15615352", "98614472"} <= set(index.make_licences(ruger))
    assert not Make.objects.filter(name="STURM, RUGER & COMPANY, INC").exists()


def test_an_ffl_list_gives_its_makers_and_importers_makes_and_leaves_dealers_alone(load):
    rows = [
        _ffl_row("00901", "07", "GARZA, ROBERTO", "TEXAS TACTICAL WORKS"),
        _ffl_row("00902", "08", "ALAMO IMPORTADORA LLC", ""),
        _ffl_row("00903", "01", "LA TIENDITA ARMERIA", "LA TIENDITA"),
        _ffl_row("00904", "07", "GLOCK INC", "GLOCK DE TEXAS"),
    ]
    assert load("licensees", rows).rows_rejected == 0
    index = CatalogIndex.load()
    works, imports = index.match_make("Texas Tactical Works"), index.match_make("Alamo Importadora")
    assert index.make_licences(works.id) == ("57400901",)
    assert index.match_make("GARZA, ROBERTO").id == works.id
    made = dict(Make.objects.filter(pk__in=[works.id, imports.id]).values_list("name", "kind"))
    assert made == {"TEXAS TACTICAL WORKS": "manufacturer", "ALAMO IMPORTADORA LLC": "importer"}
    assert Make.objects.get(pk=works.id).source == Make.Source.FFL_LIST
    assert index.make_id("LA TIENDITA") is None
    assert "57400904" in index.make_licences(index.make_id("GLOCK"))
    assert load("licensees", rows).rows_rejected == 0
    assert Make.objects.filter(name="TEXAS TACTICAL WORKS").count() == 1


def _ffl_row(sequence: str, lic_type: str, licence_name: str, business_name: str) -> dict[str, str]:
    return {
        "LIC_REGN": "5",
        "LIC_DIST": "74",
        "LIC_CNTY": "029",
        "LIC_TYPE": lic_type,
        "LIC_XPRDTE": "7K",
        "LIC_SEQN": sequence,
        "LICENSE_NAME": licence_name,
        "BUSINESS_NAME": business_name,
        "PREMISE_STREET": "100 CALLE DOLOROSA",
        "PREMISE_CITY": "SAN ANTONIO",
        "PREMISE_STATE": "TX",
        "PREMISE_ZIP_CODE": "78205",
    }


def test_the_catalog_api_lists_the_catalogs_own_makes_before_the_licence_lists(officer_a):
    from traza.agencies.tests.factories import api_client

    body = api_client(officer_a).get("/api/v1/catalog/makes/", {"page_size": 50}).json()
    assert body["count"] > 10_000
    assert {make["name"] for make in body["results"]} <= set(
        Make.objects.filter(source=Make.Source.CATALOG).values_list("name", flat=True)
    )
    found = api_client(officer_a).get("/api/v1/catalog/makes/", {"q": "NORINCO/JIANSHE"}).json()
    assert [make["name"] for make in found["results"]] == ["Norinco"]

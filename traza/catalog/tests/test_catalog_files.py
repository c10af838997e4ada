"""The shipped catalog files hold together: every alias means one thing, every reference resolves."""

import csv
from collections import Counter, defaultdict

from traza.catalog.keys import caliber_key, make_key, offence_key, place_key
from traza.catalog.services import DATA_DIR


def rows(file_name: str) -> list[dict[str, str]]:
    with (DATA_DIR / file_name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def texts(row: dict[str, str]) -> list[str]:
    return [row["name"], *[alias for alias in row["aliases"].split("|") if alias]]


def owners_by_key(file_rows: list[dict[str, str]], key) -> dict[str, set[str]]:
    owners = defaultdict(set)
    for row in file_rows:
        for text in texts(row):
            owners[key(text)].add(row["name"])
    return owners


def test_every_make_alias_key_belongs_to_one_make():
    shared = {key: names for key, names in owners_by_key(rows("makes.csv"), make_key).items() if len(names) > 1}
    assert shared == {}


def test_every_caliber_alias_key_belongs_to_one_caliber():
    shared = {key: names for key, names in owners_by_key(rows("calibers.csv"), caliber_key).items() if len(names) > 1}
    assert shared == {}


def test_importers_named_by_makes_are_importers():
    makes = {make_key(row["name"]): row for row in rows("makes.csv")}
    for row in rows("makes.csv"):
        for importer in filter(None, row["importers"].split("|")):
            assert makes[make_key(importer)]["kind"] in {"importer", "both"}, (row["name"], importer)


def test_licences_are_afmer_licensees_and_only_on_us_makers_or_importers():
    afmer = {row["rds_key"] for row in rows("afmer_2023.csv")}
    for row in rows("makes.csv"):
        licences = [key for key in row["licences"].split("|") if key]
        assert set(licences) <= afmer, row["name"]
        assert not licences or row["country"] == "US" or row["kind"] == "both", row["name"]


def test_afmer_file_holds_every_licensee_row_and_no_totals_row():
    afmer = rows("afmer_2023.csv")
    assert len(afmer) == 16194
    assert all(len(row["rds_key"]) == 8 and row["rds_key"].isdigit() for row in afmer)


def test_the_unmarked_make_is_the_only_one_not_marked():
    assert [row["name"] for row in rows("makes.csv") if row["marked"] == "0"] == ["SIN MARCA"]


def test_every_country_name_and_code_means_one_country():
    owners = defaultdict(set)
    for row in rows("countries.csv"):
        for text in (
            row["code"],
            row["alpha3"],
            row["name_en"],
            row["name_es"],
            *filter(None, row["aliases"].split("|")),
        ):
            owners[place_key(text)].add(row["code"])
    assert len(rows("countries.csv")) == 249
    assert {key: codes for key, codes in owners.items() if len(codes) > 1} == {}


def test_regions_are_mexican_states_and_us_states_and_territories():
    regions = rows("regions.csv")
    assert Counter(row["country"] for row in regions) == {"MX": 32, "US": 56}
    assert all(row["code"] == f"US-{row['postal_code']}" for row in regions if row["country"] == "US")


def test_municipalities_are_inegi_municipalities_and_us_counties_in_their_state():
    statistical = {row["code"]: row["statistical_code"] for row in rows("regions.csv")}
    municipalities = rows("municipalities.csv")
    assert Counter(row["country"] for row in municipalities)["MX"] == 2475
    assert all(row["code"][:2] == statistical[row["region"]] for row in municipalities)


def test_every_crime_code_has_a_spanish_name_and_every_offence_name_a_code():
    codes = rows("crime_codes.csv")
    assert all(row["name_es"] and row["name_en"] and len(row["code"]) == 4 for row in codes)
    known = {row["code"] for row in codes}
    owners = defaultdict(set)
    for row in rows("crime_code_aliases.csv"):
        assert row["code"] in known, row
        owners[offence_key(row["name"])].add(row["code"])
    assert {key: found for key, found in owners.items() if len(found) > 1} == {}


def test_every_weapon_offence_code_we_ship_is_a_weapon_offence():
    weapons = [row for row in rows("crime_codes.csv") if row["code"].startswith("52")]
    assert {row["category"] for row in weapons} == {"WEAPON OFFENSES"}
    assert {"5212", "5299"} <= {row["code"] for row in weapons}

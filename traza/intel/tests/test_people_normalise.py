"""The normaliser: names, addresses and id numbers as strangers write them, made comparable."""

import random

import pytest

from traza.intel.people import normalise


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("García-López", ("GARCIA", "LOPEZ", "")),
        ("GARCIA LOPEZ", ("GARCIA", "LOPEZ", "")),
        ("garcia  lópez", ("GARCIA", "LOPEZ", "")),
        ("de la Cruz", ("DELACRUZ", "", "")),
        ("DE LA CRUZ RAMÍREZ", ("DELACRUZ", "RAMIREZ", "")),
        ("Ramírez y Soto", ("RAMIREZ", "SOTO", "")),
        ("O'Brien", ("OBRIEN", "", "")),
        ("Smith Jr.", ("SMITH", "", "JR")),
        ("Núñez", ("NUNEZ", "", "")),
        ("", ("", "", "")),
    ],
)
def test_surnames_split_spanish_double_surnames(written, expected):
    assert normalise.surnames(written) == expected


@pytest.mark.parametrize(
    ("first", "middle", "expected"),
    [
        ("Pepe", "", ("JOSE", "", "")),
        ("Juan Carlos", "", ("JUAN", "CARLOS", "")),
        ("juan", "carlos", ("JUAN", "CARLOS", "")),
        ("Bill", "", ("WILLIAM", "", "")),
        ("bob", "E.", ("ROBERT", "E", "")),
        ("Lupe", "", ("GUADALUPE", "", "")),
        ("Chuy", "", ("JESUS", "", "")),
        ("Nacho", "", ("IGNACIO", "", "")),
        ("Memo", "", ("GUILLERMO", "", "")),
        ("Paco", "", ("FRANCISCO", "", "")),
        ("María de los Ángeles", "", ("MARIA", "DELOSANGELES", "")),
        ("Robert", "III", ("ROBERT", "", "III")),
        ("José", "", ("JOSE", "", "")),
    ],
)
def test_given_names_are_canonical(first, middle, expected):
    assert normalise.given_names(first, middle) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("123 North Main Street, Apt. 4-B", ("123 N MAIN ST", "4B")),
        ("123 N. Main St #4B", ("123 N MAIN ST", "4B")),
        ("123 n main st unit 4b", ("123 N MAIN ST", "4B")),
        ("4500 Avenida Juárez Int. 3", ("4500 AVE JUAREZ", "3")),
        ("77 Oak Avenue", ("77 OAK AVE", "")),
        ("", ("", "")),
    ],
)
def test_street_addresses_split_off_the_unit(written, expected):
    assert normalise.street_address(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [("78520-1234", "78520"), ("785201234", "78520"), (" 78520 ", "78520"), ("", "")],
)
def test_zip_codes_keep_five_digits(written, expected):
    assert normalise.zip_code(written) == expected


@pytest.mark.parametrize(("written", "expected"), [("d-123 456.7", "D1234567"), ("T 1234-5678", "T12345678")])
def test_id_numbers_are_letters_and_digits(written, expected):
    assert normalise.id_number(written) == expected


@pytest.mark.parametrize(
    ("name", "code"), [("HERNANDEZ", "H655"), ("ROBERT", "R163"), ("RUPERT", "R163"), ("ASHCRAFT", "A261")]
)
def test_soundex(name, code):
    assert normalise.soundex(name) == code


def test_any_text_normalises_to_plain_upper_case_words():
    rng = random.Random(7)
    alphabet = "aeiouñáéíóúüÁÉÑ-'.,#  BCDXYZ0123456789\t\u00a0ßøłœ漢"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        last, second, suffix = normalise.surnames(text)
        first, middle, given_suffix = normalise.given_names(text, "")
        for value in filter(None, (last, second, first, *middle.split())):
            assert value.isascii() and value.isalnum() and value == value.upper(), text
        assert suffix in ("", *normalise.SUFFIXES.values())
        assert given_suffix in ("", *normalise.SUFFIXES.values())


@pytest.mark.parametrize("spelling", ["García López", "GARCÍA-LÓPEZ", "garcia lopez", "García  López", "GARCIA-LOPEZ"])
def test_spellings_of_one_surname_agree(spelling):
    assert normalise.surnames(spelling) == ("GARCIA", "LOPEZ", "")

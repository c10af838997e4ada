"""The normalisations every channel shares: serials, names, dates, booleans."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from traza.core.values import name_key, parse_bool, parse_date, serial_is_valid, serial_key


@pytest.mark.parametrize(
    ("written", "key"),
    [("ab-12 345", "AB12345"), ("O0I1", "0011"), ("x.y/z_1", "XYZ1"), ("RG?12", "RG?12")],
)
def test_serials_compare_without_case_spaces_dashes_and_confusable_letters(written, key):
    assert serial_key(written) == key


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_an_ascii_serial_is_read_as_the_same_serial_with_an_accented_letter_after_it(text):
    # ASCII serials take a faster way (bytes); one more letter, É, sends the same text the general way.
    assert serial_key(text) + "É" == serial_key(text + "é")


def test_a_serial_holds_letters_and_digits_and_question_marks_only_when_partial():
    assert serial_is_valid("AB123")
    assert not serial_is_valid("AB#12")
    assert not serial_is_valid("AB?12")
    assert serial_is_valid("AB?12", partial=True)
    assert not serial_is_valid("")


@pytest.mark.parametrize(
    "written",
    ["Smith & Wesson, Inc.", "SMITH AND WESSON", "smith & wesson inc", "Smith & Wesson L.L.C."],
)
def test_company_names_compare_without_punctuation_or_corporate_words(written):
    assert name_key(written) == "SMITH AND WESSON"


def test_foreign_corporate_forms_are_dropped_too():
    assert name_key("Pietro Beretta S.p.A.") == "PIETRO BERETTA"
    assert name_key("Fábrica de Armas S.A. de C.V.") == "FABRICA ARMAS"


def test_dates_are_iso_or_day_first_only_when_told():
    assert parse_date("2024-03-05") == date(2024, 3, 5)
    assert parse_date("05/03/2024", dayfirst=True) == date(2024, 3, 5)
    with pytest.raises(ValueError):
        parse_date("05/03/2024")
    with pytest.raises(ValueError):
        parse_date("31/02/2024", dayfirst=True)


@pytest.mark.parametrize(("text", "value"), [("Y", True), ("sí", True), ("Si", True), ("0", False), ("no", False)])
def test_booleans_in_english_or_spanish(text, value):
    assert parse_bool(text) is value

"""Our NCIC crime codes agree with an independent list of NCIC descriptions, where one is at hand.

The reference list (Recidiviz, GPL-3.0) is read by this test only; nothing from it is shipped.
"""

import csv
import re
from pathlib import Path

import pytest

from traza.catalog.services import DATA_DIR

REFERENCE = Path("/work/shared/data/ncic-offense-codes/ncic.csv")

pytestmark = pytest.mark.skipif(not REFERENCE.is_file(), reason="the NCIC reference list is not available here")


def words(text: str) -> list[str]:
    return [word for word in re.split(r"[^A-Z]+", text.upper()) if len(word) >= 3]


def abbreviates(short: str, long: str) -> bool:
    """`ASSLT` abbreviates `ASSAULT`: same first letter, letters in order."""
    letters = iter(long)
    return short[0] == long[0] and all(letter in letters for letter in short)


def agrees(ours: str, theirs: str) -> bool:
    """Every word of our name is a word of theirs, written in full or abbreviated."""
    reference = words(theirs)
    return all(any(abbreviates(a, b) or abbreviates(b, a) for b in reference) for a in words(ours))


def test_our_crime_codes_match_the_ncic_descriptions():
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        reference = {row["ncic_code"]: row["description"] for row in csv.DictReader(handle)}
    with (DATA_DIR / "crime_codes.csv").open(encoding="utf-8", newline="") as handle:
        ours = {row["code"]: row["name_en"] for row in csv.DictReader(handle)}
    assert set(ours) <= set(reference)
    assert [code for code, name in ours.items() if not agrees(name, reference[code])] == []

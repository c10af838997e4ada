"""The A&D reader's fast path writes exactly what `clean` checks and makes, or leaves the row to `clean`."""

import itertools

import pytest

from traza.core.bulk import copy_row
from traza.imports.models import ImportRun
from traza.imports.reading import Header, Layout, Table
from traza.industry.importing import DispositionsKind
from traza.tracing.tests.world import DEALER, RUGER, WHOLESALER

COLUMNS = [column.name for column in DispositionsKind.layout.columns]
GOOD = {
    "record_id": "R1",
    "record_keeper_license": WHOLESALER,
    "serial_number": "RG-123 45",
    "manufacturer": "STURM, RUGER & COMPANY, INC",
    "importer": "",
    "model": "LCP II",
    "caliber": ".380 ACP",
    "firearm_type": "pistola",
    "country_of_origin": "US",
    "acquisition_date": "2021-01-10",
    "acquired_from_license": RUGER,
    "acquired_from_name": "STURM RUGER",
    "disposition_date": "2021-02-09",
    "disposition_type": "venta",
    "disposed_to_license": DEALER,
    "disposed_to_name": "BORDER GUNS",
    "transaction_ref": "",
}
VARIANTS = {
    "record_id": ["", " R2 ", "X" * 61],
    "record_keeper_license": ["", "12-345", "57401001", " 5-74-029-01-7a-01001 ", "5740100100"],
    "serial_number": ["", "RG#1", "AB?1", "RGß1", "o0i1-x", "S" * 61],
    "manufacturer": ["", "HECHIZA", "Unheard-of Arms", "M" * 121],
    "importer": ["CENTURY ARMS", "Nobody Imports"],
    "model": ["tab\there", "back\\slash", "M" * 121],
    "caliber": ["", "5.56X45", "nonsense calibre", "C" * 61],
    "firearm_type": ["", "rifle", "cañón"],
    "country_of_origin": ["", "mx", "Narnia"],
    "acquisition_date": ["", "10/01/2021", "2021-02-30", "1799-12-31", "2999-01-01", "2021-03-01"],
    "acquired_from_license": ["", "bad"],
    "acquired_from_name": ["N" * 201, "línea\nnueva"],
    "disposition_date": ["", "09/02/2021", "2020-01-01"],
    "disposition_type": ["", "SALE", "theft", "gift", "devolución"],
    "disposed_to_license": ["", "not a licence"],
    "transaction_ref": ["4473-1", "T" * 61],
}


def rows():
    yield GOOD
    for column, values in VARIANTS.items():
        for value in values:
            yield {**GOOD, column: value}
    for (first, a), (second, b) in itertools.combinations([(c, v) for c, vs in VARIANTS.items() for v in vs[:2]], 2):
        if first != second:
            yield {**GOOD, first: a, second: b}


def kind(order: list[str], *, licensee: str = "") -> DispositionsKind:
    reader = DispositionsKind(licensee=licensee)
    table = Table(
        path=None,
        layout=Layout(columns=DispositionsKind.layout.columns),
        encoding="utf-8",
        header=Header(positions={name: i for i, name in enumerate(order)}, unknown=[], spanish=False),
        is_xlsx=False,
        row_count=0,
        size=0,
    )
    reader.bind(DispositionsKind.target, table)
    reader.prepare(ImportRun(kind="dispositions"), table)
    return reader


@pytest.mark.django_db
@pytest.mark.parametrize("order", [COLUMNS, list(reversed(COLUMNS)), [c for c in COLUMNS if c != "importer"]])
@pytest.mark.parametrize("dayfirst", [False, True])
@pytest.mark.parametrize("licensee", ["", "57401001", "15615352"])
def test_the_fast_path_answers_what_clean_answers(catalog, order, dayfirst, licensee):
    reader = kind(order, licensee=licensee)
    checked = quick = 0
    for values in rows():
        cells = [values.get(name, "") for name in order]
        fast = reader.read_copy(cells, dayfirst)
        slow = reader.clean(1, {name: values.get(name, "") for name in order}, dayfirst)
        checked += 1
        if isinstance(slow, list):
            assert fast is None, (values, slow)
        elif fast is not None:
            quick += 1
            assert fast == (slow[:2], copy_row(slow)), values
    assert checked > 400
    assert quick > 100 if not licensee or licensee == "57401001" else quick == 0

"""A book's rows are read a block at a time, column by column (imports.rules): each row of a block gets what that
row gets read alone by column name, as the API reads a licensee's answer. Rows written as strangers write them
(typos, day-first dates, a partial serial, characters COPY must escape, columns in another order or missing)."""

import itertools

import pytest

from traza.core.bulk import copy_lines, copy_row
from traza.imports.models import ImportRun
from traza.imports.pipeline import Kind
from traza.imports.reading import Header, Layout, Table
from traza.industry.importing import DispositionsKind, PurchasesKind
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
    "acquired_from_name": ["N" * 201, "línea\nnueva", "back\\slash"],
    "disposition_date": ["", "09/02/2021", "2020-01-01"],
    "disposition_type": ["", "SALE", "theft", "gift", "devolución"],
    "disposed_to_license": ["", "not a licence"],
    "transaction_ref": ["4473-1", "T" * 61],
}


def rows(good: dict, variants: dict):
    yield good
    for column, values in variants.items():
        for value in values:
            yield {**good, column: value}
    for (first, a), (second, b) in itertools.combinations([(c, v) for c, vs in variants.items() for v in vs[:2]], 2):
        if first != second:
            yield {**good, first: a, second: b}


def kind(cls: type[Kind], order: list[str], *, licensee: str = "") -> Kind:
    reader = cls(licensee=licensee)
    table = Table(
        path=None,
        layout=Layout(columns=cls.layout.columns),
        encoding="utf-8",
        header=Header(positions={name: i for i, name in enumerate(order)}, unknown=[], spanish=False),
        is_xlsx=False,
        row_count=0,
        size=0,
    )
    reader.bind(cls.target, table)
    reader.prepare(ImportRun(kind=cls.name), table)
    return reader


def read_both_ways(reader: Kind, order: list[str], written: list[dict], dayfirst: bool) -> tuple[int, int]:
    """Read `written` as one block and each row alone; assert they agree; (rows checked, rows that passed)."""
    lines = list(range(2, len(written) + 2))
    block = reader.read_block(
        [(line, [v.get(name, "") for name in order]) for line, v in zip(lines, written, strict=True)], dayfirst
    )
    records = dict(zip(block.lines, block.records, strict=True))
    errors: dict[int, list] = {}
    for error in block.errors:
        errors.setdefault(error.line, []).append((error.column, error.message))
    for line, values in zip(lines, written, strict=True):
        alone = reader.clean(line, {name: values.get(name, "") for name in order}, dayfirst)
        if isinstance(alone, list):
            assert line not in records, (values, alone)
            assert errors[line] == [(e.column, e.message) for e in alone], values
        else:
            assert records[line] == alone, values
            assert line not in errors, values
    text = copy_lines("1", block.lines, block.columns)
    assert text == "".join(f"1\t{line}\t{copy_row(records[line])}\n" for line in block.lines)
    return len(written), len(records)


@pytest.mark.django_db
@pytest.mark.parametrize("order", [COLUMNS, list(reversed(COLUMNS)), [c for c in COLUMNS if c != "importer"]])
@pytest.mark.parametrize("dayfirst", [False, True])
@pytest.mark.parametrize("licensee", ["", "57401001", "15615352"])
def test_an_ad_block_reads_each_row_as_that_row_alone(catalog, order, dayfirst, licensee):
    reader = kind(DispositionsKind, order, licensee=licensee)
    checked, passed = read_both_ways(reader, order, list(rows(GOOD, VARIANTS)), dayfirst)
    assert checked > 400
    assert passed > 100 if not licensee or licensee == "57401001" else passed == 0


@pytest.mark.django_db
def test_a_block_of_plainly_good_serials_reads_as_the_same_serials_one_by_one(catalog):
    """A block whose serials are all plain is keyed at once; one odd serial among them sends the block one by one."""
    reader = kind(DispositionsKind, COLUMNS)
    plain = [{**GOOD, "record_id": f"R{n}", "serial_number": f"rg-{n:04d} o"} for n in range(50)]
    checked, passed = read_both_ways(reader, COLUMNS, plain, False)
    assert (checked, passed) == (50, 50)
    checked, passed = read_both_ways(reader, COLUMNS, [*plain, {**GOOD, "serial_number": "RG?12"}], False)
    assert (checked, passed) == (51, 50)


PURCHASE_COLUMNS = [column.name for column in PurchasesKind.layout.columns]
A_SALE = {
    "transaction_ref": "4473-001",
    "licensee": DEALER,
    "transaction_date": "2021-02-09",
    "last_name": "García",
    "first_name": "Juan",
    "date_of_birth": "1990-05-04",
    "sex": "hombre",
    "state": "TX",
    "zip": "78040",
}
SALE_VARIANTS = {
    "transaction_ref": ["", "R" * 61],
    "licensee": ["", "57-4", WHOLESALER],
    "transaction_date": ["09/02/2021", "2999-01-01", "1990-05-04"],
    "last_name": ["", "L" * 101, "de la O"],
    "date_of_birth": ["04/05/1990", "2021-02-09", "not a date"],
    "sex": ["F", "mujer", "other"],
    "state": ["TEX", ""],
    "id_number": ["tab\there", "N" * 61],
}


@pytest.mark.django_db
@pytest.mark.parametrize("dayfirst", [False, True])
@pytest.mark.parametrize("licensee", ["", "57406336"])
def test_a_block_of_purchases_reads_each_row_as_that_row_alone(dayfirst, licensee):
    order = list(reversed(PURCHASE_COLUMNS))
    reader = kind(PurchasesKind, order, licensee=licensee)
    checked, passed = read_both_ways(reader, order, list(rows(A_SALE, SALE_VARIANTS)), dayfirst)
    assert checked > 100
    assert 10 <= passed < checked

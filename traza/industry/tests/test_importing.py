"""Importing the industry's files: the FFL list as ATF publishes it, A&D books, purchases, reports."""

import shutil
from pathlib import Path

import pytest

from traza.imports.models import ImportRun
from traza.imports.services import import_file
from traza.industry.models import Disposition, Licensee, Purchase
from traza.tracing.tests.world import DEALER, RUGER, WHOLESALER, chain, licensee_rows, purchase

FFL_SAMPLE = Path(__file__).parent / "data" / "ffl-list-sample-2026-05.csv"


def errors(run: ImportRun) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, e.text) for e in run.row_errors.all()]


@pytest.mark.django_db
def test_the_real_atf_ffl_list_imports_as_it_is(tmp_path, catalog):
    path = tmp_path / "0526-ffl-list.csv"
    shutil.copy(FFL_SAMPLE, path)

    run = import_file(kind="licensees", path=path)

    assert (run.status, run.rows_read, run.rows_created, run.rows_rejected) == ("accepted", 971, 971, 0)
    licensee = Licensee.objects.get(rds_key="57406336")
    assert licensee.licence_number == "5-74-141-01-8G-06336"
    assert licensee.premise_state == "TX"
    assert licensee.listed


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing(tmp_path, catalog):
    path = tmp_path / "list.csv"
    shutil.copy(FFL_SAMPLE, path)
    import_file(kind="licensees", path=path)

    again = import_file(kind="licensees", path=path)

    assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 0, 971)
    assert Licensee.objects.count() == 971


@pytest.mark.django_db
def test_a_renewal_keeps_the_licensees_identity(load, catalog):
    load("licensees", licensee_rows())
    renewed = [dict(row, LIC_XPRDTE="9A") for row in licensee_rows() if row["LIC_SEQN"] == "06336"]

    run = load("licensees", renewed)

    assert (run.rows_created, run.rows_updated) == (0, 1)
    assert Licensee.objects.get(rds_key="57406336").expiration == "9A"


@pytest.mark.django_db
def test_a_list_without_traza_columns_leaves_what_traza_knows(load, write_csv, catalog):
    load("licensees", licensee_rows())
    plain = [{k: v for k, v in row.items() if k not in ("STATUS", "ELECTRONIC_RECORDS")} for row in licensee_rows()]
    path = write_csv("ffl.csv", list(plain[0]), plain)

    run = import_file(kind="licensees", path=path)

    assert run.rows_updated == 0
    assert Licensee.objects.get(rds_key="15615352").electronic_records


@pytest.mark.django_db
def test_an_ad_book_loads_and_names_the_licensees_it_mentions(load, catalog):
    run = load(
        "dispositions", chain("RG-1", "RUGER", [(RUGER, "RUGER"), (WHOLESALER, "LONE STAR"), (DEALER, "BORDER")])
    )

    assert (run.status, run.rows_created, run.rows_rejected) == ("accepted", 3, 0)
    record = Disposition.objects.get(record_id="RG-1-1")
    assert (record.keeper_rds, record.serial_key, record.acquired_from_rds, record.disposed_to_rds) == (
        "57401001",
        "RG1",
        "15615352",
        "57406336",
    )
    stub = Licensee.objects.get(rds_key="57406336")
    assert not stub.listed
    assert stub.license_name == "BORDER"
    assert set(Licensee.objects.filter(electronic_records=True).values_list("rds_key", flat=True)) == {
        "15615352",
        "57401001",
        "57406336",
    }


@pytest.mark.django_db
def test_a_changed_record_is_updated_and_an_equal_one_left_alone(load, catalog):
    rows = chain("RG-1", "RUGER", [(RUGER, "RUGER"), (DEALER, "BORDER")])
    load("dispositions", rows)
    rows[1]["model"] = "LCP II"

    run = load("dispositions", rows)

    assert (run.rows_created, run.rows_updated, run.rows_unchanged) == (0, 1, 1)
    assert Disposition.objects.get(record_id="RG-1-1").model == "LCP II"


@pytest.mark.django_db
def test_a_book_sent_again_chunk_by_chunk_updates_inserts_and_reports_a_key_repeated_across_chunks(
    load, catalog, monkeypatch
):
    monkeypatch.setattr("traza.imports.pipeline.chunks.CHUNK_ROWS", 2)
    rows = chain("RG-1", "RUGER", [(RUGER, "RUGER"), (WHOLESALER, "WHOLESALE"), (DEALER, "BORDER")])
    load("dispositions", rows)
    rows[1]["model"] = "LCP II"
    new = chain("RG-2", "RUGER", [(RUGER, "RUGER")])[0]

    run = load("dispositions", [*rows, new, dict(rows[1], model="LCP MAX")])

    assert (run.rows_created, run.rows_updated, run.rows_unchanged, run.rows_rejected) == (1, 1, 2, 1)
    assert errors(run) == [(6, "", "The same record as line 3 (same key); not imported.")]
    assert Disposition.objects.get(record_id="RG-1-1").model == "LCP II"
    assert Disposition.objects.filter(serial_key="RG2").count() == 1


@pytest.mark.django_db
def test_bad_rows_are_reported_by_line_and_column_and_the_good_ones_kept(load, catalog):
    good = chain("RG-1", "RUGER", [(RUGER, "RUGER"), (DEALER, "BORDER")])
    bad = [
        dict(good[0], record_id="B1", serial_number="RG#1"),
        dict(good[0], record_id="B2", acquisition_date="2021-02-30"),
        dict(good[0], record_id="B3", disposition_date="2020-01-01"),
        dict(good[0], record_id="B4", record_keeper_license="12-345"),
        dict(good[0], record_id="B5", acquisition_date="2999-01-01", disposition_date=""),
        dict(good[0], record_id="B6", disposition_type="gift"),
        dict(good[0], record_id="", manufacturer=""),
        dict(good[0]),
    ]

    run = load("dispositions", good + bad)

    assert (run.rows_created, run.rows_rejected) == (2, 8)
    assert [(line, column) for line, column, _text in errors(run)] == [
        (4, "serial_number"),
        (5, "acquisition_date"),
        (6, "disposition_date"),
        (7, "record_keeper_license"),
        (8, "acquisition_date"),
        (8, "disposition_date"),  # the type is given, the date not: said even beside the date in the future
        (9, "disposition_type"),
        (10, "record_id"),
        (10, "manufacturer"),
        (11, ""),
    ]
    assert errors(run)[-1][2] == "The same record as line 2 (same key); not imported."


@pytest.mark.django_db
def test_row_errors_never_repeat_the_value(load, catalog):
    run = load(
        "purchases",
        [
            purchase(DEALER, "T1", "GARCIA", "JUAN", born="not-a-date"),
            purchase("GARCIA-LICENCE", "T2", "GARCIA", "JUAN"),
        ],
    )

    assert run.rows_rejected == 2
    assert all("not-a-date" not in text and "GARCIA" not in text for _l, _c, text in errors(run))


@pytest.mark.django_db
def test_purchases_get_an_opaque_person_id_that_matches_spelling_variants(load, catalog):
    load(
        "purchases",
        [
            purchase(DEALER, "T1", "García", "Juan"),
            purchase(DEALER, "T2", "GARCIA", "JUAN"),
            purchase(DEALER, "T3", "GARCIA", "JUANA"),
        ],
    )

    keys = dict(Purchase.objects.values_list("transaction_ref", "person_key"))
    assert keys["T1"] == keys["T2"] != keys["T3"]
    assert "GARCIA" not in keys["T1"].upper()


@pytest.mark.django_db
def test_a_purchase_sent_again_keeps_its_resolved_person_and_a_corrected_one_is_keyed_by_its_new_names(load, catalog):
    """People's resolution sets a purchase's person key to the person's: a book sent again unchanged leaves it; a
    row whose names were corrected is written again with the key of its new names, until resolution runs."""
    rows = [purchase(DEALER, "T1", "García", "Juan"), purchase(DEALER, "T2", "Pérez", "Ana")]
    load("purchases", rows)
    Purchase.objects.update(person_key="resolved")
    fresh = load("purchases", [purchase(DEALER, "T9", "Perez", "Anna")])  # the key Anna Perez's names give

    run = load("purchases", [rows[0], dict(rows[1], first_name="Anna"), purchase(DEALER, "T3", "Perez", "Anna")])

    assert (run.rows_unchanged, run.rows_updated, run.rows_created) == (1, 1, 1)
    keys = dict(Purchase.objects.values_list("transaction_ref", "person_key"))
    assert keys["T1"] == "resolved"
    assert keys["T2"] == keys["T3"] == keys["T9"] != "resolved"
    assert fresh.rows_created == 1


@pytest.mark.django_db
def test_day_first_dates_are_read_only_when_asked(write_csv, catalog):
    from traza.imports.services import kind_for

    row = dict(chain("RG-1", "RUGER", [(RUGER, "RUGER")], ending="")[0], acquisition_date="05/03/2021")
    columns = [c.name for c in kind_for("dispositions").layout.columns]
    path = write_csv("ad.csv", columns, [row])

    refused_dates = import_file(kind="dispositions", path=path)
    read = import_file(kind="dispositions", path=path, dayfirst=True)

    assert refused_dates.rows_rejected == 1
    assert read.rows_created == 1
    assert str(Disposition.objects.get().acquisition_date) == "2021-03-05"


@pytest.mark.django_db
def test_a_key_repeated_after_a_chunk_of_new_records_is_reported(load, catalog, monkeypatch):
    monkeypatch.setattr("traza.imports.pipeline.chunks.CHUNK_ROWS", 2)
    load("dispositions", chain("RG-0", "RUGER", [(RUGER, "RUGER")]))
    rows = chain("RG-1", "RUGER", [(RUGER, "RUGER"), (WHOLESALER, "WHOLESALE"), (DEALER, "BORDER")])

    run = load("dispositions", [*rows, dict(rows[0], model="LCP MAX")])  # on PostgreSQL: no single COPY then

    assert (run.rows_created, run.rows_unchanged, run.rows_rejected) == (3, 0, 1)
    assert errors(run) == [(5, "", "The same record as line 2 (same key); not imported.")]

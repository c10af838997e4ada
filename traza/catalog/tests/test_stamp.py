"""The catalog stamp: the database changes its token with every change the catalog index would read."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from traza.catalog.lookup import CatalogIndex, make_key
from traza.catalog.models import CatalogStamp, Make, MakeAlias, Municipality, Region
from traza.industry.models import Licensee

pytestmark = pytest.mark.django_db


def token() -> str | None:
    return CatalogStamp.objects.filter(pk=1).values_list("token", flat=True).first()


def first_licensee() -> Licensee:
    return Licensee.objects.create(rds_key="986123", lic_type="07", license_name="ARMAS DEL NORTE SA")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda: MakeAlias.objects.create(make=Make.objects.first(), key="NORTENA", name="NORTEÑA"),
            id="alias",
        ),
        pytest.param(lambda: Make.objects.filter(pk=Make.objects.first().pk).update(marked=False), id="make"),
        pytest.param(lambda: Municipality.objects.filter(region_id="MX-SIN").first().delete(), id="municipality"),
        pytest.param(lambda: Region.objects.filter(pk="MX-SIN").update(aliases=["SINALOA DE LEYVA"]), id="region"),
        pytest.param(first_licensee, id="licensee"),
    ],
)
def test_a_change_to_any_table_the_index_reads_changes_the_token(catalog, change):
    before = token()
    change()
    assert token() not in (None, before)


def test_a_licensee_flag_set_by_every_import_leaves_the_token_alone(catalog):
    first_licensee()
    before = token()
    Licensee.objects.filter(rds_key="986123").update(electronic_records=True)
    assert token() == before
    Licensee.objects.filter(rds_key="986123").update(business_name="ARMERIA NORTENA")
    assert token() != before


def test_an_unchanged_catalog_is_read_once_per_process(catalog):
    CatalogIndex.load()
    with CaptureQueriesContext(connection) as queries:
        CatalogIndex.load()
    assert len(queries) == 1, [query["sql"] for query in queries]


def test_a_new_alias_is_matched_at_once_and_forgotten_when_rolled_back(catalog):
    colt = catalog.make_id("COLT")
    assert CatalogIndex.load().make_id("HARTFORD PATENT ARMS") != colt
    with transaction.atomic():
        MakeAlias.objects.create(make_id=colt, key=make_key("HARTFORD PATENT ARMS"), name="HARTFORD PATENT ARMS")
        assert CatalogIndex.load().make_id("HARTFORD PATENT ARMS") == colt
        transaction.set_rollback(True)
    assert CatalogIndex.load().make_id("HARTFORD PATENT ARMS") != colt


def test_without_a_stamp_nothing_is_kept(catalog):
    """An emptied database (flush in replica mode leaves triggers aside) has no stamp: every index reads afresh."""
    CatalogStamp.objects.all().delete()
    CatalogIndex.load()
    with CaptureQueriesContext(connection) as queries:
        CatalogIndex.load()
    assert len(queries) > 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_a_copy_into_a_catalog_table_changes_the_token(catalog):
    before, make_id = token(), Make.objects.first().pk
    with (
        connection.cursor() as cursor,
        cursor.copy("COPY catalog_makealias (make_id, key, name, source) FROM STDIN") as copy,
    ):
        for number in range(3):
            copy.write_row((make_id, f"COPIED {number}", f"COPIED {number}", "analyst"))
    assert token() not in (None, before)

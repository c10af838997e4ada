"""catalog_load: the shipped files into the database, idempotent, all or nothing."""

import csv
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from traza.catalog.models import (
    Caliber,
    CaliberAlias,
    Country,
    CrimeCode,
    CrimeCodeAlias,
    Make,
    MakeAlias,
    MakeLicence,
    Municipality,
    PublishedTraceCount,
    Region,
)
from traza.catalog.services import DATA_DIR, CatalogError, catalog_load

pytestmark = pytest.mark.django_db

MODELS = [
    Country,
    Region,
    Municipality,
    Make,
    MakeAlias,
    MakeLicence,
    Make.importers.through,
    Caliber,
    CaliberAlias,
    CrimeCode,
    CrimeCodeAlias,
    PublishedTraceCount,
]


def snapshot() -> dict[str, list[dict]]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the shipped catalog files that a test may change."""
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def edit(path: Path, key_column: str, key: str, **changes: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, file_rows = reader.fieldnames, list(reader)
    for row in file_rows:
        if row[key_column] == key:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(file_rows)


def test_it_returns_the_rows_of_every_catalog():
    counts = catalog_load()
    assert counts["countries"] == 249
    assert counts["regions"] == 88
    assert counts["municipalities"] == Municipality.objects.count() > 5700
    assert counts["makes"] == Make.objects.filter(source="catalog").count() >= 120
    assert counts["makes"] + counts["licence_makes"] == Make.objects.count() > 10_000
    assert counts["make_aliases"] == MakeAlias.objects.count()
    assert counts["crime_codes"] == CrimeCode.objects.count()


def test_loading_twice_changes_nothing():
    catalog_load()
    first = snapshot()
    catalog_load()
    assert snapshot() == first


def test_a_changed_file_updates_rows_and_keeps_the_ids_of_the_others(data_dir: Path):
    catalog_load(data_dir=data_dir)
    colt_alias_id = MakeAlias.objects.get(key="COLTS").pk
    edit(data_dir / "makes.csv", "name", "Colt", aliases="COLTS|COLT PYTHON WORKS", licences="")
    edit(data_dir / "municipalities.csv", "code", "25006", name="Culiacán Rosales")
    catalog_load(data_dir=data_dir)
    colt = Make.objects.get(name="Colt")
    assert set(colt.aliases.values_list("key", flat=True)) == {"COLT", "COLTS", "COLT PYTHON WORKS"}
    assert MakeAlias.objects.get(key="COLTS").pk == colt_alias_id
    assert not colt.licences.exists()
    assert Municipality.objects.get(country="MX", code="25006").name == "Culiacán Rosales"


def test_a_make_alias_written_like_another_make_rejects_the_whole_load(data_dir: Path):
    before = snapshot()
    edit(data_dir / "countries.csv", "code", "MX", name_es="Méjico lindo")
    edit(data_dir / "makes.csv", "name", "Colt", aliases="S&W")
    with pytest.raises(CatalogError, match="Smith & Wesson"):
        catalog_load(data_dir=data_dir)
    assert snapshot() == before


def test_a_missing_file_rejects_the_load(data_dir: Path):
    (data_dir / "calibers.csv").unlink()
    with pytest.raises(CatalogError, match="calibers.csv"):
        catalog_load(data_dir=data_dir)


def test_the_command_loads_and_prints_the_counts():
    out = StringIO()
    call_command("catalog", "load", stdout=out)
    assert "municipalities: 5706 rows" in out.getvalue()
    assert Region.objects.get(code="MX-SIN").name == "Sinaloa"


def _analyst_alias(*, text: str, make: str, analyst) -> MakeAlias:
    from django.utils import timezone

    from traza.catalog.keys import make_key

    return MakeAlias.objects.create(
        make=Make.objects.get(name=make),
        key=make_key(text),
        name=text,
        source=MakeAlias.Source.ANALYST,
        created_by=analyst,
        created_at=timezone.now(),
    )


def test_a_reload_keeps_the_aliases_analysts_added(analyst):
    catalog_load()
    kept = _analyst_alias(text="NORINKO JIANSHE", make="Norinco", analyst=analyst)
    catalog_load()
    alias = MakeAlias.objects.get(pk=kept.pk)
    assert (alias.name, alias.source, alias.created_by) == ("NORINKO JIANSHE", "analyst", analyst)


def test_an_analyst_alias_yields_to_a_file_that_defines_the_same_spelling(data_dir: Path, analyst):
    catalog_load(data_dir=data_dir)
    _analyst_alias(text="Glock Wien", make="Taurus", analyst=analyst)
    edit(data_dir / "makes.csv", "name", "Glock", aliases="GLOCK INC|GLOCK GES.M.B.H.|GLOCK WIEN")
    catalog_load(data_dir=data_dir)
    alias = MakeAlias.objects.get(name="GLOCK WIEN")
    assert (alias.make.name, alias.source, alias.created_by) == ("Glock", "catalog", None)


def test_a_catalog_alias_dropped_from_the_file_is_deleted(data_dir: Path):
    catalog_load(data_dir=data_dir)
    assert MakeAlias.objects.filter(name="ATI").exists()
    edit(data_dir / "makes.csv", "name", "American Tactical", aliases="AMERICAN TACTICAL IMPORTS")
    catalog_load(data_dir=data_dir)
    assert not MakeAlias.objects.filter(name="ATI").exists()

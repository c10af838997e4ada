"""ATF's published source × recovery table: shipped, loaded by region code, idempotent, read by the statistics."""

import csv
import shutil
from pathlib import Path

import pytest

from traza.catalog.models import PublishedTraceCount, Region
from traza.catalog.selectors import published_flows, published_source_shares, published_years
from traza.catalog.services import ATF_FILE, COMBINED_REGIONS, DATA_DIR, CatalogError, catalog_load

pytestmark = pytest.mark.django_db


def cell(year: int, source: str, recovery: str) -> int | None:
    row = PublishedTraceCount.objects.filter(year=year, source_region_id=source, recovery_region_id=recovery).first()
    return row.firearms if row else None


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["year", "source_state", "recovery_state", "firearms"])
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def test_the_published_cells_are_loaded_by_region_code(catalog):
    assert cell(2023, "US-TX", "US-TX") == 40_754
    assert cell(2023, "US-TX", "US-CA") == 1_662
    assert cell(2023, "US-TX", "US-IL") == 315
    total_2023 = sum(PublishedTraceCount.objects.filter(year=2023).values_list("firearms", flat=True))
    assert total_2023 == 408_029
    assert not PublishedTraceCount.objects.filter(firearms=0).exists()


def test_every_atf_jurisdiction_is_a_region_or_kept_under_its_stated_region(catalog):
    names = {row[column] for row in rows_of(DATA_DIR / ATF_FILE) for column in ("source_state", "recovery_state")}
    assert len(names) == 54
    sources = set(PublishedTraceCount.objects.values_list("source_region_id", flat=True).distinct())
    recoveries = set(PublishedTraceCount.objects.values_list("recovery_region_id", flat=True).distinct())
    assert len(sources) == len(recoveries) == 54
    assert sources <= set(Region.objects.filter(country_id="US").values_list("code", flat=True))
    assert COMBINED_REGIONS == {"Guam & Northern Mariana Islands": "US-GU"}
    assert "US-MP" not in sources | recoveries
    guam = PublishedTraceCount.objects.filter(recovery_region_id="US-GU").values_list("firearms", flat=True)
    assert sum(guam) > 0


def test_a_second_load_writes_nothing(catalog):
    before = list(PublishedTraceCount.objects.order_by("pk").values())
    counts = catalog_load()
    assert counts["published_trace_counts"] == len(before) == 29_022
    assert list(PublishedTraceCount.objects.order_by("pk").values()) == before


def test_a_changed_file_updates_its_cells_and_drops_the_ones_it_no_longer_has(catalog, data_dir):
    rows = rows_of(data_dir / ATF_FILE)
    for row in rows:
        if (row["year"], row["source_state"], row["recovery_state"]) == ("2023", "Texas", "California"):
            row["firearms"] = "1700"
    rows = [r for r in rows if (r["year"], r["source_state"], r["recovery_state"]) != ("2023", "Texas", "Illinois")]
    write(data_dir / ATF_FILE, rows)
    kept = PublishedTraceCount.objects.get(year=2023, source_region_id="US-TX", recovery_region_id="US-TX").pk
    catalog_load(data_dir=data_dir)
    assert cell(2023, "US-TX", "US-CA") == 1_700
    assert cell(2023, "US-TX", "US-IL") is None
    assert PublishedTraceCount.objects.get(year=2023, source_region_id="US-TX", recovery_region_id="US-TX").pk == kept


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"source_state": "Texs"}, "Texs"),
        ({"recovery_state": "Mariana Islands"}, "Mariana Islands"),
        ({"firearms": "1,662"}, "1,662"),
        ({"firearms": "-3"}, "-3"),
        ({"year": "23"}, "23"),
    ],
    ids=["misspelt state", "half of a combined jurisdiction", "thousands separator", "negative", "two-digit year"],
)
def test_a_bad_row_refuses_the_file_and_changes_nothing(catalog, data_dir, change, words):
    rows = rows_of(data_dir / ATF_FILE)
    rows[-1] = {**rows[-1], **change}
    write(data_dir / ATF_FILE, rows)
    before = PublishedTraceCount.objects.count()
    with pytest.raises(CatalogError, match=words):
        catalog_load(data_dir=data_dir)
    assert PublishedTraceCount.objects.count() == before
    assert cell(2023, "US-TX", "US-TX") == 40_754


def test_published_years_leave_out_the_year_atf_did_not_publish(catalog):
    years = published_years()
    assert years[0] == 2010 and years[-1] == 2023
    assert 2013 not in years and len(years) == 13


def test_source_shares_default_to_the_latest_year_and_add_up_to_one(catalog):
    shares = published_source_shares()
    assert shares == published_source_shares(year=2023)
    assert sum(row["firearms"] for row in shares) == 408_029
    assert sum(row["share"] for row in shares) == pytest.approx(1.0)
    assert [row["firearms"] for row in shares] == sorted((row["firearms"] for row in shares), reverse=True)
    texas = next(row for row in shares if row["region"] == "US-TX")
    assert texas["name"] == "Texas"
    assert texas["firearms"] == sum(
        PublishedTraceCount.objects.filter(year=2023, source_region_id="US-TX").values_list("firearms", flat=True)
    )
    guam = next(row for row in shares if row["region"] == "US-GU")
    assert "Northern Mariana" in guam["name"]


def test_source_shares_of_one_recovery_state_and_of_a_year_not_published(catalog):
    california = published_source_shares(year=2023, recovery_region="us-ca ")
    texas = next(row for row in california if row["region"] == "US-TX")
    assert texas["firearms"] == 1_662
    assert sum(row["share"] for row in california) == pytest.approx(1.0)
    assert published_source_shares(year=2013) == []


def test_flows_are_the_largest_cells_with_their_share_of_the_year(catalog):
    flows = published_flows(year=2023, top=5)
    assert len(flows) == 5
    assert (flows[0]["source"], flows[0]["recovery"]) == ("US-TX", "US-TX")
    assert flows[0]["share"] == pytest.approx(40_754 / 408_029)
    interstate = published_flows(year=2023, top=50, interstate=True)
    assert all(flow["source"] != flow["recovery"] for flow in interstate)
    assert interstate[0]["firearms"] >= interstate[-1]["firearms"]
    assert published_flows(year=2023, top=0) == []

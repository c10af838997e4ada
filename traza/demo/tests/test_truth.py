"""The people the world plants, read back from its files: straw buyers, rings, households, the straw dealer.

These checks need no database: they say the files carry what people resolution and the leads should
find (test_leads.py checks that they do find it).
"""

import csv
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from traza.demo.world import generate
from traza.demo.world.rings import SINALOA_SEIZER


def read(directory: Path, name: str) -> list[dict[str, str]]:
    with (directory / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def rds(number: str) -> str:
    parts = number.split("-")
    return parts[0] + parts[1] + parts[5]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    directory = tmp_path_factory.mktemp("truth")
    world = generate(size="small", seed=1968, directory=directory)
    purchases = {(rds(row["licensee"]), row["transaction_ref"]): row for row in read(directory, "purchases")}
    sales = {}
    for row in read(directory, "dispositions"):
        if row["disposition_type"] == "sale" and row["transaction_ref"]:
            sales[row["serial_number"]] = (rds(row["record_keeper_license"]), row["transaction_ref"])
    return directory, world, purchases, sales


def records_of(world, purchases) -> dict[int, list[dict[str, str]]]:
    found = defaultdict(list)
    for key, uid in world.truth.purchases.items():
        found[uid].append(purchases[key])
    return found


def test_the_world_plants_rings_lone_straw_buyers_and_households(small):
    _directory, world, _purchases, _sales = small
    truth = world.truth
    assert len(truth.rings) >= 3 and all(2 <= len(ring) <= 3 for ring in truth.rings)
    ring_members = {uid for ring in truth.rings for uid in ring}
    assert ring_members < set(truth.straw), "some straw buyers work alone"
    assert len(truth.households) >= 6
    assert not {uid for pair in truth.households for uid in pair} & set(truth.straw)


def test_a_straw_buyer_is_written_in_more_than_one_way(small):
    _directory, world, purchases, _sales = small
    ways = Counter()
    for records in records_of(world, purchases).values():
        for column in ("last_name", "first_name", "date_of_birth", "street", "id_number"):
            ways[column] += len({row[column] for row in records}) > 1
    assert all(ways[column] for column in ("last_name", "first_name", "date_of_birth", "street", "id_number")), ways


def test_relatives_share_an_address_and_a_surname_but_not_a_birth_date(small):
    _directory, world, purchases, _sales = small
    records = records_of(world, purchases)
    together = 0
    for first, second in world.truth.households:
        a, b = records[first], records[second]
        assert a and b
        assert {row["date_of_birth"] for row in a}.isdisjoint({row["date_of_birth"] for row in b})
        together += any(row["street"].split()[:2] == other["street"].split()[:2] for row in a for other in b)
    assert together >= 4, "juniors, seniors and siblings live at one address"


def test_every_straw_buyer_has_guns_recovered_in_mexico_within_a_year_from_someone_else(small):
    directory, world, purchases, sales = small
    traces = [row for row in read(directory, "trace_requests") if row["serial_number"] in sales]
    by_uid = defaultdict(list)
    for row in traces:
        uid = world.truth.purchases.get(sales[row["serial_number"]])
        if uid:
            by_uid[uid].append(row)
    for uid in world.truth.straw:
        mexican = [row for row in by_uid[uid] if row["recovery_country"] == "MX"]
        assert len(mexican) >= 2, uid
        bought = {date.fromisoformat(purchases[sales[row["serial_number"]]]["transaction_date"]) for row in mexican}
        recovered = {date.fromisoformat(row["recovery_date"]) for row in mexican}
        assert (min(recovered) - max(bought)).days < 365
        names = {row["last_name"] for row in purchases.values() if world.truth.purchases.get(
            (rds(row["licensee"]), row["transaction_ref"])) == uid}  # fmt: skip
        assert not names & {row["possessor_last_name"] for row in mexican}
        assert any(row["agency_code"] == SINALOA_SEIZER for row in mexican), "the demo investigator sees them"


def test_the_straw_dealer_has_far_more_short_time_to_crime_traces_than_its_state_peers(small):
    directory, world, purchases, sales = small
    short = Counter()
    for row in read(directory, "trace_requests"):
        sale = sales.get(row["serial_number"])
        if sale in purchases:
            bought = date.fromisoformat(purchases[sale]["transaction_date"])
            short[sale[0]] += (date.fromisoformat(row["recovery_date"]) - bought).days < 365
    licensees = read(directory, "licensees")
    state = {row["LIC_REGN"] + row["LIC_DIST"] + row["LIC_SEQN"]: row["PREMISE_STATE"] for row in licensees}
    peers = [count for dealer, count in short.items() if state[dealer] == "TX" and dealer != world.truth.dealer]
    assert state[world.truth.dealer] == "TX"
    assert short[world.truth.dealer] >= max(10, 2.5 * max(peers))


def test_the_flagged_guns_are_one_buyers_and_one_of_them_is_traced_later(small):
    directory, world, _purchases, sales = small
    flagged = {row["serial_number"] for row in read(directory, "suspects")}
    assert flagged == {serial for serial, _make in world.truth.suspects}
    assert len({world.truth.purchases[sales[serial]] for serial in flagged}) == 1
    later = read(directory, "later_requests")
    assert [row["serial_number"] in flagged for row in later] == [True]
    assert later[0]["agency_code"] == SINALOA_SEIZER
    assert later[0]["serial_number"] not in {row["serial_number"] for row in read(directory, "trace_requests")}

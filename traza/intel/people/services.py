"""People resolution: every mention of a person in Traza's records grouped under one Person with a stable key.

`people_resolve_all` trains the model on all the records and resolves them from scratch, keeping the
keys of the people that did not change; `people_link_new` links the records that arrived since to the
people already known, with the saved model, in seconds. Both log counts only, never a name.
"""

import logging
import time
from dataclasses import dataclass

import duckdb
import pyarrow as pa
from django.db import transaction
from django.utils import timezone
from splink.internals.exceptions import SplinkException

from traza.intel.models import ResolutionModel
from traza.intel.people import resolution, store
from traza.intel.people.keys import new_key, stable_keys
from traza.intel.people.records import person_records_collect

log = logging.getLogger(__name__)

# Fewer records than this hold too few pairs of one person for EM to learn from: they are grouped by exact
# matches until there are more.
MIN_TRAINING_RECORDS = 1_000


@dataclass(frozen=True)
class Summary:
    """What a run of resolution did, in counts (no personal data)."""

    records: int
    new_records: int
    people: int
    new_people: int
    seconds: float


def people_resolve_all() -> Summary:
    """Collect new person records, train the model on all of them, resolve them into people with stable keys.

    Purchase.person_key (the purchaser id of traces and exports) is set to the person's key.
    """
    started = time.monotonic()
    new_records = person_records_collect()
    _stage("collected", started)
    columns = store.read_records()
    db = resolution.connect()
    count = resolution.load_records(db, table="records", columns=columns)
    _stage("read", started)
    if not count:
        return Summary(0, new_records, 0, 0, time.monotonic() - started)
    settings = _trained(db, count)
    _stage("trained", started)
    if settings is None:
        resolution.cluster_exactly(db)
    else:
        resolution.cluster(db, settings=settings)
    _stage("clustered", started)
    _load_previous(db, columns)
    del columns
    with transaction.atomic():
        people, created = _write_clusters(db)
        if settings is not None:
            ResolutionModel.objects.create(records=count, threshold=resolution.THRESHOLD, settings=settings)
    _stage("written", started)
    summary = Summary(count, new_records, people, created, time.monotonic() - started)
    log.info("People resolved: %s records, %s people (%s new)", count, people, created)
    return summary


def _trained(db: duckdb.DuckDBPyConnection, count: int) -> dict | None:
    """The model trained on the records, or None when they are too few to train one on (a young database:
    resolution then groups exact matches, and trains once there are enough records)."""
    if count < MIN_TRAINING_RECORDS:
        return None
    try:
        return resolution.train(db)
    except (ValueError, ZeroDivisionError, SplinkException, duckdb.Error):
        log.warning("People resolution: %s records are too few to train a model on; exact matches only", count)
        return None


def _stage(stage: str, started: float) -> None:
    log.info("People resolution: %s at %.1f s", stage, time.monotonic() - started)


def _load_previous(db: duckdb.DuckDBPyConnection, columns: dict[str, list]) -> None:
    previous = pa.table({"unique_id": columns["unique_id"], "person_id": columns["person_id"]})
    db.register("arrow_previous", previous)
    db.execute("CREATE OR REPLACE TABLE previous AS SELECT * FROM arrow_previous")
    db.unregister("arrow_previous")


def _write_clusters(db: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Give each cluster its person (a kept one or a new one) and write the records that changed."""
    candidates = db.execute(
        "WITH sized AS (SELECT cluster_id, count(*) AS size FROM clusters GROUP BY cluster_id) "
        "SELECT c.cluster_id, s.size, p.person_id, count(*) FROM clusters c JOIN sized s USING (cluster_id) "
        "JOIN previous p USING (unique_id) WHERE p.person_id IS NOT NULL GROUP BY ALL"
    ).fetchall()
    kept = stable_keys(candidates=candidates)
    clusters = [row[0] for row in db.execute("SELECT DISTINCT cluster_id FROM clusters").fetchall()]
    now = timezone.now()
    fresh = {cluster: new_key() for cluster in clusters if cluster not in kept}
    ids = store.create_people(list(fresh.values()), now=now)
    person_of = {**kept, **{cluster: ids[key] for cluster, key in fresh.items()}}
    db.register("arrow_people", pa.table({"cluster_id": list(person_of), "person_id": list(person_of.values())}))
    changed = db.execute(
        "SELECT c.unique_id, a.person_id, c.match_weight FROM clusters c JOIN arrow_people a USING (cluster_id) "
        "JOIN previous p USING (unique_id) WHERE p.person_id IS DISTINCT FROM a.person_id "
        "OR c.match_weight IS NOT NULL"
    ).fetchall()
    db.unregister("arrow_people")
    store.assign_records(changed, now=now)
    store.refresh_people(now=now)
    return len(clusters), len(fresh)


def people_link_new() -> int:
    """Link the person records that arrived since the last run to the people known, with the saved model.

    New records that match no one become new people (with new keys); a record matching records of two
    people joins the one it matches most strongly (the next full run decides whether they are one).
    Without a trained model yet, this resolves everything. Returns how many records were linked.
    """
    person_records_collect()
    model = ResolutionModel.objects.first()
    if model is None:
        return people_resolve_all().records
    new = store.read_records(where="WHERE r.person_id IS NULL")
    if not new["unique_id"]:
        return 0
    db = resolution.connect()
    resolution.load_records(db, table="new_records", columns=new)
    candidates = store.read_records(where=_CANDIDATES)
    resolution.load_records(db, table="records", columns=candidates)
    resolution.link_new(db, settings=model.settings)
    links = db.execute("SELECT new_id, other_id, match_weight FROM links").fetchall()
    existing = dict(zip(candidates["unique_id"], candidates["person_id"], strict=True))
    with transaction.atomic():
        _write_links(new["unique_id"], links, existing)
    log.info("People linked: %s new records", len(new["unique_id"]))
    return len(new["unique_id"])


# Resolved records sharing a blocking key with a record not resolved yet: the only ones it can match.
_CANDIDATES = (
    "WHERE r.person_id IS NOT NULL AND r.id IN ("
    + " UNION ".join(
        f"SELECT e.id FROM {store.RECORDS} e JOIN {store.RECORDS} n ON {condition} "
        "WHERE n.person_id IS NULL AND e.person_id IS NOT NULL"
        for condition in (
            "n.date_of_birth = e.date_of_birth",
            "n.id_number = e.id_number AND n.id_number <> ''",
            "n.zip = e.zip AND n.first_name = e.first_name AND n.zip <> ''",
            "n.first_name = e.first_name AND n.last_name = e.last_name",
        )
    )
    + ")"
)


def _write_links(new_ids: list[int], links: list[tuple[int, int, float]], existing: dict[int, int]) -> None:
    """Group new records with each other and with the person each group links to most strongly; write them."""
    groups = _Groups()
    strongest: dict[int, tuple[float, int]] = {}
    for new_id, other_id, weight in links:
        if other_id in existing:
            if new_id not in strongest or weight > strongest[new_id][0]:
                strongest[new_id] = (weight, existing[other_id])
        else:
            groups.union(new_id, other_id)
    person_of_group: dict[int, tuple[float, int]] = {}
    for record, (weight, person) in strongest.items():
        group = groups.find(record)
        if group not in person_of_group or weight > person_of_group[group][0]:
            person_of_group[group] = (weight, person)
    group_of = {record: groups.find(record) for record in new_ids}
    now = timezone.now()
    fresh = {group: new_key() for group in set(group_of.values()) if group not in person_of_group}
    ids = store.create_people(list(fresh.values()), now=now)
    weights: dict[int, float] = {}
    for new_id, _other, weight in links:
        weights[new_id] = max(weight, weights.get(new_id, weight))
    rows = [
        (record, person_of_group[group][1] if group in person_of_group else ids[fresh[group]], weights.get(record))
        for record, group in group_of.items()
    ]
    store.assign_records(rows, now=now)
    store.refresh_people(now=now)


class _Groups:
    """Union-find over new records' ids."""

    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, node: int) -> int:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, left: int, right: int) -> None:
        self.parent[self.find(left)] = self.find(right)

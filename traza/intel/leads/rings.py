"""Rings: buyers tied to each other (a shared address or ID number, guns recovered in one seizure, purchases
at one dealer within days of each other) whose guns show trafficking signs together.

The ties make a weighted graph of the buyers of traced guns; its communities are found with Leiden
(leidenalg, modularity, fixed seed: the same data gives the same rings). A community is a ring when it
holds two buyers or more, at least one tie that is more than a coincidence of dealer and date (a shared
address, ID number or seizure), signs beyond living together (another tie: bought together, recovered
together, a shared ID; a multiple sale; or guns of two members recovered within three years of the sale),
and a score of MIN_SCORE or more. Relatives at one address whose guns show none of these are not a ring.
"""

import hashlib
from collections import Counter, defaultdict
from itertools import combinations
from typing import cast

import igraph
import leidenalg
from django.db import connection

from traza.intel.leads.found import Found, combined_score, reason
from traza.intel.leads.inputs import TracedGun
from traza.intel.models import Lead, LeadPerson, PersonRecord

DEALER_DAYS = 21
MAX_SHARING = 8  # more people at one address (a shelter, a post box) tie no one
MIN_SCORE = 50.0
SEED = 1968
STRONG_TIES = ("shared_address", "shared_id", "recovered_together")
TIE_WEIGHTS = {"shared_address": 2.0, "shared_id": 3.0, "recovered_together": 3.0, "same_dealer": 1.0}
WEIGHTS = {
    "ring_members": 0.3,
    "shared_address": 0.4,
    "shared_id": 0.5,
    "recovered_together": 0.5,
    "same_dealer": 0.4,
    "short_ttc": 0.5,
    "multiple_sale": 0.3,
    "recovered_abroad": 0.2,
    "purchaser_not_possessor": 0.2,
}
SHARED_SQL = """
SELECT r.{columns}, r.person_id FROM intel_personrecord r
JOIN (SELECT {plain} FROM intel_personrecord WHERE {field} <> '' AND person_id IS NOT NULL AND source <> %s
      GROUP BY {plain} HAVING COUNT(DISTINCT person_id) > 1) s ON {joined}
WHERE r.person_id IS NOT NULL AND r.source <> %s
"""

Ties = dict[tuple[int, int], Counter]


def rings(buyers: dict[int, list[TracedGun]]) -> list[Found]:
    """The ring leads among the buyers of traced guns (person id → guns), without their subject keys yet."""
    ties = buyer_ties(buyers)
    found = []
    for members in communities(ties):
        lead = ring_lead(members, ties, buyers)
        if lead is not None:
            found.append(lead)
    return found


def buyer_ties(buyers: dict[int, list[TracedGun]]) -> Ties:
    """Every tie between two buyers of traced guns, counted by kind."""
    ties: Ties = defaultdict(Counter)
    for kind, groups in (
        ("shared_address", shared_values(("street", "zip"), buyers)),
        ("shared_id", shared_values(("id_number",), buyers)),
        ("recovered_together", seizures(buyers)),
    ):
        for group in groups:
            for pair in combinations(sorted(group), 2):
                ties[pair][kind] += 1
    for pair in dealer_neighbours(buyers):
        ties[pair]["same_dealer"] += 1
    return ties


def shared_values(columns: tuple[str, ...], buyers: dict) -> list[set[int]]:
    """Groups of buyers whose resolved records (purchases and multiple sales) share these columns' values."""
    sql = SHARED_SQL.format(
        columns=", r.".join(columns),
        plain=", ".join(columns),
        field=columns[0],
        joined=" AND ".join(f"s.{c} = r.{c}" for c in columns),
    )
    groups: dict[tuple, set[int]] = defaultdict(set)
    with connection.cursor() as cursor:
        cursor.execute(sql, [PersonRecord.Source.POSSESSOR] * 2)
        for *value, person in cursor.fetchall():
            if person in buyers:
                groups[tuple(value)].add(person)
    return [group for group in groups.values() if 2 <= len(group) <= MAX_SHARING]


def seizures(buyers: dict[int, list[TracedGun]]) -> list[set[int]]:
    """Groups of buyers whose guns an agency recovered in one seizure."""
    groups: dict[str, set[int]] = defaultdict(set)
    for person, guns in buyers.items():
        for gun in guns:
            if gun.seizure:
                groups[gun.seizure].add(person)
    return [group for group in groups.values() if 2 <= len(group) <= MAX_SHARING]


def dealer_neighbours(buyers: dict[int, list[TracedGun]]) -> set[tuple[int, int]]:
    """Pairs of buyers who bought guns at one dealer within DEALER_DAYS of each other, both recovered soon and
    in the same state or province: a coincidence of dealer and date alone is everyday retail."""
    sales: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for person, guns in buyers.items():
        for gun in guns:
            if gun.dealer and gun.sold_on and gun.short:
                sales[(gun.dealer, gun.region or gun.country)].append((gun.sold_on, person))
    pairs: set[tuple[int, int]] = set()
    for sold in sales.values():
        sold.sort()
        start = 0
        for end, (day, person) in enumerate(sold):
            while (day - sold[start][0]).days > DEALER_DAYS:
                start += 1
            pairs.update(tuple(sorted((other, person))) for _day, other in sold[start:end] if other != person)
    return pairs


def communities(ties: Ties) -> list[list[int]]:
    """Leiden communities (modularity, fixed seed) of the tie graph, two people or more each."""
    people = sorted({person for pair in ties for person in pair})
    if not people:
        return []
    index = {person: n for n, person in enumerate(people)}
    pairs = sorted(ties)
    graph = igraph.Graph(n=len(people), edges=[(index[a], index[b]) for a, b in pairs])
    graph.es["weight"] = [sum(TIE_WEIGHTS[kind] * n for kind, n in ties[pair].items()) for pair in pairs]
    partition = leidenalg.find_partition(graph, leidenalg.ModularityVertexPartition, weights="weight", seed=SEED)
    return [sorted(people[n] for n in group) for group in partition if len(group) >= 2]


def ring_lead(members: list[int], ties: Ties, buyers: dict[int, list[TracedGun]]) -> Found | None:
    """The ring these members make, or None when the data does not make them one."""
    inside: Counter = Counter()
    for pair in combinations(members, 2):
        inside.update({kind: 1 for kind in ties.get(pair, ())})
    guns = [gun for person in members for gun in buyers[person]]
    items = ring_reasons(members, inside, guns)
    score = combined_score(items, WEIGHTS)
    if not any(inside[kind] for kind in STRONG_TIES) or not _signs(inside, guns) or score < MIN_SCORE:
        return None
    days = [gun.recovered_on for gun in guns]
    trace_ids = {gun.trace_id for gun in guns}
    return Found(Lead.Kind.RING, "", score, items, min(days), max(days), trace_ids, set(members))


def _signs(inside: Counter, guns: list[TracedGun]) -> bool:
    """Signs of trafficking beyond living at one address: another tie, a multiple sale, or guns of two members
    recovered within three years of the sale."""
    if inside["same_dealer"] or inside["shared_id"] or inside["recovered_together"]:
        return True
    return any(gun.multiple_sale for gun in guns) or len({gun.buyer_id for gun in guns if gun.short}) >= 2


def ring_reasons(members: list[int], inside: Counter, guns: list[TracedGun]) -> list[dict]:
    """The reason items of a ring: its members and ties, then what their traced guns show."""
    items = [reason("ring_members", (len(members) - 1) / 3, len(members))]
    scale = {"shared_address": 2, "shared_id": 1, "recovered_together": 2, "same_dealer": 3}
    for kind, pairs in sorted(inside.items(), key=lambda item: -TIE_WEIGHTS[item[0]]):
        details = {"days": DEALER_DAYS} if kind == "same_dealer" else {}
        items.append(reason(kind, pairs / scale[kind], pairs, **details))
    items.append(reason("traced_guns", 0.0, len(guns)))
    short = [cast(int, gun.ttc) for gun in guns if gun.short]
    if short:
        items.append(reason("short_ttc", len(short) / 4, len(short), days=min(short)))
    abroad = [gun.country for gun in guns if gun.abroad]
    if abroad:
        items.append(
            reason("recovered_abroad", len(abroad) / 4, len(abroad), country=Counter(abroad).most_common(1)[0][0])
        )
    for code, count in (
        ("multiple_sale", sum(1 for gun in guns if gun.multiple_sale)),
        ("purchaser_not_possessor", sum(1 for gun in guns if gun.not_the_buyer)),
    ):
        if count:
            items.append(reason(code, count / 4, count))
    return items


def ring_keys(found: list[Found], keys: dict[int, str]) -> None:
    """Give each ring its subject key: the key of the ring it mostly continues (more than half of that ring's
    members are in it), else the smallest person key of its members (a hash of them all if that is taken)."""
    earlier: dict[str, set[int]] = defaultdict(set)
    for subject, person in LeadPerson.objects.filter(lead__kind=Lead.Kind.RING).values_list(
        "lead__subject_key", "person_id"
    ):
        earlier[subject].add(person)
    taken: set[str] = set()
    for ring in sorted(found, key=lambda r: -len(r.person_ids)):
        continued = [
            (len(members & ring.person_ids), subject)
            for subject, members in earlier.items()
            if subject not in taken and 2 * len(members & ring.person_ids) > len(members)
        ]
        if continued:
            ring.subject_key = max(continued)[1]
        else:
            member_keys = sorted(keys[person] for person in ring.person_ids)
            ring.subject_key = member_keys[0]
            if ring.subject_key in taken or ring.subject_key in earlier:
                ring.subject_key = hashlib.sha256("|".join(member_keys).encode()).hexdigest()[:32]
        taken.add(ring.subject_key)

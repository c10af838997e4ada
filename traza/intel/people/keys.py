"""Stable person keys: a re-run of resolution gives every cluster that did not change the key it had.

A cluster keeps the previous key held by most of its records (ties: the oldest key), unless a bigger
cluster already took it; a cluster left without one gets a new random key. So a person who gains a
record keeps their key, two people merged keep the key of the one with more records, and a person split
in two leaves their key with the bigger part.
"""

import secrets
from collections.abc import Iterable


def new_key() -> str:
    """A new opaque person key: 32 hex digits, random, saying nothing about the person."""
    return secrets.token_hex(16)


def stable_keys(*, candidates: Iterable[tuple[int, int, int, int]]) -> dict[int, int]:
    """The previous person each cluster keeps, from (cluster, cluster size, previous person, votes) rows.

    `votes` is how many of the cluster's records belonged to the previous person; previous persons with
    lower ids are older. Clusters absent from the answer get a new key.
    """
    ranked = sorted(candidates, key=lambda row: (-row[1], row[0], -row[3], row[2]))
    kept: dict[int, int] = {}
    taken: set[int] = set()
    for cluster, _size, person, _votes in ranked:
        if cluster in kept or person in taken:
            continue
        kept[cluster] = person
        taken.add(person)
    return kept

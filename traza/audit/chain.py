"""The hash chain over the audit log: how an entry's hash is made, and how the whole chain is checked.

An entry's hash is the SHA-256 of a canonical JSON array of its fields, the previous entry's hash
last among them. Changing any field of any entry, or removing one, breaks the chain from there on.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils.translation import gettext as _

GENESIS = "0" * 64
CHUNK = 5000


def canonical(value):
    """`value` as JSON gives it back: what a JSON column returns is what was hashed."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def _moment(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(event) -> str:
    """The SHA-256 (hex) over the entry's fields and the previous entry's hash."""
    fields = [
        event.seq,
        _moment(event.at),
        event.actor_id,
        event.actor_name,
        event.role,
        event.agency_id,
        event.action,
        event.object_type,
        event.object_id,
        event.ip,
        event.purpose,
        event.details,
        event.prev_hash,
    ]
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """What a check of the chain found: how many entries, the last hash, and the first break (or none)."""

    count: int
    head_hash: str
    problem: str = ""
    bad_seq: int | None = None

    @property
    def intact(self) -> bool:
        return not self.problem


def check_chain(events: Iterable, *, head=None) -> ChainReport:
    """Walk `events` in sequence order; stop at the first entry that was altered, or after a removed one.

    `head` (the chain-head row, if any) catches removed entries at the end of the chain.
    """
    expected_seq, previous, count = 1, GENESIS, 0
    for event in events:
        if event.seq != expected_seq:
            return _broken(
                count, previous, expected_seq, _("entry #%(seq)s is missing (removed)") % {"seq": expected_seq}
            )
        sound = entry_hash(event) == event.hash
        if event.prev_hash != previous and sound and event.seq > 1:
            # This entry is intact and names its predecessor's true hash: the predecessor was rewritten.
            message = _("entry #%(seq)s was altered (and its hash recomputed)") % {"seq": event.seq - 1}
            return _broken(count - 1, previous, event.seq - 1, message)
        if not sound or event.prev_hash != previous:
            return _broken(count, previous, event.seq, _("entry #%(seq)s was altered") % {"seq": event.seq})
        previous, expected_seq, count = event.hash, expected_seq + 1, count + 1
    if head is not None and (head.seq != count or head.hash != previous):
        message = _("the chain ends at entry #%(last)s but its head records entry #%(head)s (entries removed)")
        return _broken(count, previous, count + 1, message % {"last": count, "head": head.seq})
    return ChainReport(count=count, head_hash=previous)


def _broken(count: int, previous: str, seq: int, problem: str) -> ChainReport:
    return ChainReport(count=count, head_hash=previous, problem=problem, bad_seq=seq)

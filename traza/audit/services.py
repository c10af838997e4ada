"""Writing to the audit log: the one way in. There is no way to change or remove an entry."""

from collections.abc import Iterable
from typing import cast

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from traza.audit.actions import check_action
from traza.audit.chain import GENESIS, canonical, entry_hash
from traza.audit.context import current_ip
from traza.audit.models import AuditChainHead, AuditEvent

HEAD_ID = 1
BATCH = 1000


def audit_record(
    *,
    actor,
    action: str,
    target: Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    purpose: str = "",
    details: dict | None = None,
    agency=None,
    actor_name: str = "",
    ip: str | None = None,
) -> AuditEvent:
    """Append one entry: who (`actor`, or `actor_name` when nobody is signed in), what, to which record, why.

    Call it inside the service's own transaction: the entry is kept if and only if the change is.
    `target` fills object_type and object_id; `agency` defaults to the actor's; `ip` to the
    current request's. `details` says what changed; it must never hold personal data.
    """
    if target is not None:
        object_type, object_id = object_type or cast(str, target._meta.model_name), object_id or target.pk
    entry = _Entry(actor, actor_name, action, purpose, details, ip)
    # Part of the caller's transaction, without a savepoint of its own: if the entry fails, so does the change.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        event = entry.chained(head, object_type, object_id, agency.pk if agency is not None else entry.agency_id)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=head.pk).update(seq=event.seq, hash=event.hash)
    return event


def audit_record_many(
    *,
    actor,
    action: str,
    targets: Iterable[tuple[str, str | int, int | None]],
    details: dict | None = None,
    actor_name: str = "",
) -> int:
    """Append one entry per record of a bulk change (a file of traces), each `(object_type, object_id,
    agency_id)`, chained like any other and written in batches. Returns how many were written."""
    entry = _Entry(actor, actor_name, action, "", details, None)
    written = 0
    with transaction.atomic():
        head = _locked_head()
        batch: list[AuditEvent] = []
        for object_type, object_id, agency_id in targets:
            event = entry.chained(head, object_type, object_id, agency_id)
            head.seq, head.hash = event.seq, event.hash
            batch.append(event)
            if len(batch) == BATCH:
                written += len(AuditEvent.objects.bulk_create(batch))
                batch = []
        written += len(AuditEvent.objects.bulk_create(batch))
        AuditChainHead.objects.filter(pk=head.pk).update(seq=head.seq, hash=head.hash)
    return written


class _Entry:
    """What the entries of one action share: who, from where, why, what changed."""

    def __init__(self, actor, actor_name: str, action: str, purpose: str, details: dict | None, ip: str | None):
        check_action(action)
        if actor is not None and not actor.is_authenticated:
            actor = None
        self.actor, self.action = actor, action
        self.actor_name = (actor.get_username() if actor is not None else actor_name.strip())[:150]
        self.role = actor.role if actor is not None else ""
        self.agency_id = actor.agency_id if actor is not None else None
        self.purpose = purpose.strip()[:200]
        self.details = canonical(details or {})
        self.ip = current_ip() if ip is None else ip

    def chained(self, head: AuditChainHead, object_type: str, object_id: str | int, agency_id) -> AuditEvent:
        """The entry that follows `head`, its hash made."""
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=self.actor,
            actor_name=self.actor_name,
            role=self.role,
            agency_id=agency_id,
            action=self.action,
            object_type=object_type,
            object_id=str(object_id)[:64],
            ip=self.ip,
            purpose=self.purpose,
            details=self.details,
            prev_hash=head.hash,
        )
        event.hash = entry_hash(event)
        return event


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the transaction ends (SELECT … FOR UPDATE; SQLite's write lock)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_ID).first()
    if head is not None:
        return head
    last = AuditEvent.objects.order_by("-seq").first()
    try:
        with transaction.atomic():
            return AuditChainHead.objects.create(
                pk=HEAD_ID, seq=last.seq if last else 0, hash=last.hash if last else GENESIS
            )
    except IntegrityError:  # another writer created it first
        return AuditChainHead.objects.select_for_update().get(pk=HEAD_ID)

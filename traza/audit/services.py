"""Writing to the audit log: the one way in. There is no way to change or remove an entry."""

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from traza.audit.actions import ACTION_FORMAT
from traza.audit.chain import GENESIS, canonical, entry_hash
from traza.audit.context import current_ip
from traza.audit.models import AuditChainHead, AuditEvent

HEAD_ID = 1


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
    if not ACTION_FORMAT.match(action):
        raise ValueError(f"An audited action is '<subject>.<verb>' in lower case, not {action!r}")
    if actor is not None and not actor.is_authenticated:
        actor = None
    if target is not None:
        object_type, object_id = object_type or target._meta.model_name, object_id or target.pk
    with transaction.atomic():
        head = _locked_head()
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor,
            actor_name=(actor.get_username() if actor is not None else actor_name.strip())[:150],
            role=actor.role if actor is not None else "",
            agency_id=agency.pk if agency is not None else (actor.agency_id if actor is not None else None),
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:64],
            ip=current_ip() if ip is None else ip,
            purpose=purpose.strip()[:200],
            details=canonical(details or {}),
            prev_hash=head.hash,
        )
        event.hash = entry_hash(event)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=head.pk).update(seq=event.seq, hash=event.hash)
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

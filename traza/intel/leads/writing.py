"""Writing a recompute's leads: upserted by (kind, subject_key), their traces and people replaced in bulk.

Only what the data says is written (score, reasons, first and last seen, active, computed_at); status,
assignee, referral and notes belong to the people working the lead and are never touched. A lead the
data no longer supports is kept, inactive.
"""

import json
from datetime import datetime

from traza.core.bulk import batches, insert_rows, update_rows
from traza.intel.leads.found import Found
from traza.intel.models import Lead, LeadPerson, LeadTrace

COMPUTED = ("score", "reasons", "first_seen", "last_seen", "active", "computed_at")


def leads_write(found: list[Found], now: datetime) -> dict[str, int]:
    """Write these leads; return how many were new, updated and made inactive."""
    existing = {(kind, subject): pk for pk, kind, subject in Lead.objects.values_list("id", "kind", "subject_key")}
    fresh = [lead for lead in found if (lead.kind, lead.subject_key) not in existing]
    created = Lead.objects.bulk_create(
        [
            Lead(
                kind=lead.kind,
                subject_key=lead.subject_key,
                score=lead.score,
                reasons=lead.reasons,
                first_seen=lead.first_seen,
                last_seen=lead.last_seen,
                computed_at=now,
            )
            for lead in fresh
        ],
        batch_size=1000,
    )
    ids = {(lead.kind, lead.subject_key): lead.pk for lead in created}
    kept = [lead for lead in found if (lead.kind, lead.subject_key) in existing]
    update_rows(
        Lead._meta.db_table, "id", COMPUTED, [_row(existing[(lead.kind, lead.subject_key)], lead, now) for lead in kept]
    )
    ids.update({(lead.kind, lead.subject_key): existing[(lead.kind, lead.subject_key)] for lead in kept})
    inactive = _deactivate(set(existing.values()) - set(ids.values()), now)
    _replace_links(found, ids)
    return {"new": len(fresh), "updated": len(kept), "inactive": inactive}


def _row(pk: int, lead: Found, now: datetime) -> tuple:
    return (pk, lead.score, json.dumps(lead.reasons), lead.first_seen, lead.last_seen, True, now)


def _deactivate(unsupported: set[int], now: datetime) -> int:
    changed = 0
    for part in batches(sorted(unsupported), 5000):
        changed += Lead.objects.filter(id__any=list(part), active=True).update(active=False, computed_at=now)
    return changed


def _replace_links(found: list[Found], ids: dict[tuple[str, str], int]) -> None:
    """Each written lead rests on exactly the traces and people found now."""
    lead_ids = sorted(ids.values())
    for part in batches(lead_ids, 5000):
        LeadTrace.objects.filter(lead_id__any=list(part)).delete()
        LeadPerson.objects.filter(lead_id__any=list(part)).delete()
    traces: list[tuple[int, int]] = []
    people: list[tuple[int, int]] = []
    for lead in found:
        pk = ids[(lead.kind, lead.subject_key)]
        traces.extend((pk, trace_id) for trace_id in sorted(lead.trace_ids))
        people.extend((pk, person_id) for person_id in sorted(lead.person_ids))
    insert_rows(LeadTrace._meta.db_table, ("lead_id", "trace_id"), traces)
    insert_rows(LeadPerson._meta.db_table, ("lead_id", "person_id"), people)

"""Leads other parts of Traza raise already: custody alerts (statistics) and traced suspect guns (intel)."""

from collections import defaultdict

from traza.intel.leads.found import Found, reason
from traza.intel.leads.inputs import NOT_COUNTED
from traza.intel.models import Lead, SuspectGunHit
from traza.stats.models import CustodyAlert

CUSTODY_SCORES: dict[str, float] = {CustodyAlert.Kind.SEIZED_AGAIN: 70.0, CustodyAlert.Kind.TRACED_TWICE: 60.0}
SUSPECT_SCORE = 90.0


def custody_leads() -> list[Found]:
    """One lead per open custody alert whose recovery still stands (subject: the alert's id)."""
    alerts = (
        CustodyAlert.objects.filter(status=CustodyAlert.Status.OPEN)
        .exclude(trace__status__in=NOT_COUNTED)
        .values_list("id", "kind", "trace_id", "earlier_trace_id", "held_on", "recovered_on")
    )
    found = []
    for pk, kind, trace_id, earlier_id, held_on, recovered_on in alerts:
        code = f"custody_{kind}"
        items = [reason(code, 1.0, (recovered_on - held_on).days)]
        traces = {trace_id} | ({earlier_id} if earlier_id else set())
        found.append(Found(Lead.Kind.CUSTODY, str(pk), CUSTODY_SCORES[kind], items, held_on, recovered_on, traces))
    return found


def suspect_gun_leads() -> list[Found]:
    """One lead per suspect gun (subject: its id) with standing traces, while its flag is not withdrawn."""
    hits = (
        SuspectGunHit.objects.filter(suspect__withdrawn_at__isnull=True)
        .exclude(trace__status__in=NOT_COUNTED)
        .values_list("suspect_id", "suspect__person_id", "trace_id", "trace__recovery_date")
    )
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for suspect, person, trace_id, recovered in hits:
        grouped[suspect].append((person, trace_id, recovered))
    found = []
    for suspect, rows in grouped.items():
        days = [recovered for _person, _trace, recovered in rows]
        people = {person for person, _trace, _day in rows if person}
        items = [reason("suspect_gun", 1.0, len(rows))]
        traces = {trace for _person, trace, _day in rows}
        found.append(
            Found(Lead.Kind.SUSPECT_GUN, str(suspect), SUSPECT_SCORE, items, min(days), max(days), traces, people)
        )
    return found

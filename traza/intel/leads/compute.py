"""Recomputing every lead from the data Traza holds now, set-based (see leads/ for each kind's rules).

The inputs are read with a handful of queries whatever the size (traced guns with their resolved buyers,
multiple-sale counts, the purchase days of candidate buyers, shared addresses and ID numbers, the dealers'
figures, custody alerts, suspect-gun hits), weighed in memory, and written in one transaction that holds a
lock, so two workers recomputing at once write one after the other.
"""

from django.db import connection, transaction
from django.utils import timezone

from traza.intel.leads.alerts import custody_leads, suspect_gun_leads
from traza.intel.leads.dealers import dealer_figures, dealer_leads
from traza.intel.leads.found import Found
from traza.intel.leads.indicators import indicators_sync, repeat_dealers, repeat_purchasers
from traza.intel.leads.inputs import multiple_sale_reports, person_keys, purchase_days, traced_guns
from traza.intel.leads.rings import ring_keys, rings
from traza.intel.leads.straw import by_buyer, candidates, straw_purchasers
from traza.intel.leads.writing import leads_write
from traza.intel.models import Lead
from traza.tracing.models import Indicator

LOCK_KEY = 7_310_410  # PostgreSQL advisory lock of the leads' writer


def leads_recompute() -> dict[str, int]:
    """Compute every kind of lead and the repeat indicators afresh and write them; return what changed."""
    guns = traced_guns()
    buyers = by_buyer(guns)
    straw = straw_purchasers(buyers, multiple_sale_reports(), purchase_days(candidates(buyers)))
    ring_found = rings(buyers)
    dealers = dealer_figures()
    dealer_found = dealer_leads(dealers)
    keys = person_keys({person for lead in (*straw, *ring_found) for person in lead.person_ids})
    for lead in straw:
        lead.subject_key = keys[next(iter(lead.person_ids))]
    wanted: dict[str, dict[int, bool]] = {
        Indicator.REPEAT_PURCHASER: repeat_purchasers(guns),
        Indicator.REPEAT_DEALER: repeat_dealers(dealers),
    }
    found: list[Found] = [*straw, *ring_found, *dealer_found, *custody_leads(), *suspect_gun_leads()]
    with transaction.atomic():
        _lock()
        ring_keys(ring_found, keys)
        summary = leads_write(found, timezone.now())
        added, removed = indicators_sync(wanted)
    counts = {kind: sum(1 for lead in found if lead.kind == kind) for kind in Lead.Kind.values}
    return {**counts, **summary, "indicators_added": added, "indicators_removed": removed}


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])

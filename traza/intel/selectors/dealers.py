"""Reads for a dealer's page: its sales, its traces against its state's peers, its theft reports, its answers.

Every figure is one aggregate query over the dealer's (or its state's) rows, never a query per row.
Traces are counted over all agencies but listed only where the viewer may read them.
"""

from datetime import datetime
from statistics import median
from typing import cast

from django.db.models import Count, F, Max, Min, Q
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone

from traza.agencies.models import User
from traza.agencies.roles import TRACE_READERS, has_role
from traza.industry.models import Disposition, Licensee, LicenseeQuery, Theft
from traza.tracing.models import Indicator, Trace
from traza.tracing.selectors import traces_visible_to

LISTED = 50
RETAIL = Q(disposition_type=Disposition.Type.SALE, disposed_to_rds="")
SHORT_TTC = Q(indicators__code=Indicator.SHORT_TTC)


def dealer_for(*, user: User, rds: str) -> Licensee:
    """The licensee with this RDS key, for a user who reads traces; Http404 otherwise."""
    licensee = Licensee.objects.filter(rds_key=rds).first() if has_role(user, TRACE_READERS) else None
    if licensee is None or user.agency_id is None:
        raise Http404
    return licensee


def dealer_sales(licensee: Licensee) -> dict:
    """Its A&D dispositions of type sale: to people (retail) and to other licensees, overall and by year."""
    sales = Disposition.objects.filter(keeper_rds=licensee.rds_key, disposition_type=Disposition.Type.SALE)
    counts = {"total": Count("pk"), "retail": Count("pk", filter=Q(disposed_to_rds=""))}
    totals = sales.aggregate(**counts, first=Min("disposition_date"), last=Max("disposition_date"))
    years = sales.annotate(year=ExtractYear("disposition_date")).values("year").annotate(**counts).order_by("-year")
    return {**totals, "years": list(years)}


def dealer_traces(*, user: User, licensee: Licensee) -> dict:
    """Its traces as the retail dealer: counted overall (and the short time-to-crime ones), listed where visible."""
    traces = Trace.objects.filter(retail_licensee_rds=licensee.rds_key)
    totals = traces.aggregate(total=Count("pk", distinct=True), short=Count("pk", filter=SHORT_TTC, distinct=True))
    visible = traces_visible_to(user).filter(retail_licensee_rds=licensee.rds_key)
    listed = visible.select_related("agency", "make", "recovery_region", "recovery_municipality").prefetch_related(
        "indicators"
    )
    return {**totals, "visible": visible.count(), "traces": list(listed.order_by("-recovery_date", "-pk")[:LISTED])}


def dealer_rates(licensee: Licensee) -> dict:
    """Short time-to-crime traces per 1,000 guns sold at retail: the dealer's, its state's peers' median, its rank.

    Peers are the licensees of the same premise state that sold at least one gun at retail; rank 1 is
    the highest rate. `rate` is None when the dealer sold no gun at retail on record.
    """
    peers = Licensee.objects.filter(premise_state=licensee.premise_state).values("rds_key")
    sold = dict(
        Disposition.objects.filter(RETAIL, keeper_rds__in=peers)
        .values_list("keeper_rds")
        .annotate(count=Count("pk"))
        .values_list("keeper_rds", "count")
    )
    short = dict(
        Trace.objects.filter(SHORT_TTC, retail_licensee_rds__in=list(sold))
        .values_list("retail_licensee_rds")
        .annotate(count=Count("pk"))
        .values_list("retail_licensee_rds", "count")
    )
    rates = {rds: 1000 * short.get(rds, 0) / count for rds, count in sold.items()}
    rate = rates.get(licensee.rds_key)
    return {
        "state": licensee.premise_state,
        "rate": rate,
        "sold": sold.get(licensee.rds_key, 0),
        "short": short.get(licensee.rds_key, 0),
        "peers": len(rates),
        "median": median(rates.values()) if rates else None,
        "rank": 1 + sum(1 for other in rates.values() if other > rate) if rate is not None else None,
    }


def dealer_thefts(licensee: Licensee) -> dict:
    """The theft and loss reports the dealer filed (F 3310.11): how many, and the newest LISTED."""
    thefts = Theft.objects.filter(reported_by_rds=licensee.rds_key)
    listed = thefts.select_related("make").order_by("-incident_date", "-pk")[:LISTED]
    return {"count": thefts.count(), "thefts": list(listed)}


def dealer_queries(licensee: Licensee) -> dict:
    """How the dealer answers trace queries: how many, the median hours to an answer, how many overdue.

    `overdue` are open past their due time now; `late` were answered after it.
    """
    queries = LicenseeQuery.objects.filter(licensee_rds=licensee.rds_key)
    now = timezone.now()
    counts = queries.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status=LicenseeQuery.Status.OPEN)),
        overdue=Count("pk", filter=Q(status=LicenseeQuery.Status.OPEN, due_at__lt=now)),
        late=Count("pk", filter=_answered() & Q(closed_at__gt=F("due_at"))),
    )
    spans = queries.filter(_answered()).values_list("created_at", "closed_at")
    hours = [(cast(datetime, closed) - created).total_seconds() / 3600 for created, closed in spans]
    return {**counts, "answered": len(hours), "median_hours": median(hours) if hours else None}


def _answered() -> Q:
    return Q(status=LicenseeQuery.Status.ANSWERED, closed_at__isnull=False)

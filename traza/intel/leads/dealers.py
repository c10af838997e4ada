"""Dealers: retail licensees whose guns turn up at crimes soon after the sale far more often than their peers'.

For each dealer, k = its standing traces with a time-to-crime of 3 years or less, n = the guns it sold (its
purchase records). Its peers' rate p is that of every other dealer of its state (of the country when the
state's others sold fewer than MIN_PEER_SALES), leaving the dealer out so that a large dealer does not raise
its own bar. The dealer is a lead when, at its peers' rate, as many traces as it has would come by chance
less often than once in 1/ALPHA (Poisson tail P(X ≥ k; λ = n·p)), with at least MIN_TRACES of them and at
least RATIO times as many as expected. The score grows with the improbability: 10 × −log10(P), up to 100.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import cast

from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Min
from django.db.models.functions import ExtractYear

from traza.industry.models import Licensee, Purchase
from traza.intel.leads.found import Found, reason
from traza.intel.leads.inputs import NOT_COUNTED, SHORT_TTC_DAYS
from traza.intel.models import Lead
from traza.tracing.models import Trace

ALPHA = 1e-4
MIN_TRACES = 5
RATIO = 3.0
MIN_PEER_SALES = 1000


@dataclass
class Dealer:
    """What one retail licensee's records and traces add up to."""

    rds: str
    state: str = ""
    sold: int = 0
    short: int = 0
    first: date | None = None
    last: date | None = None
    by_year: dict[int, int] = field(default_factory=dict)


def short_ttc_traces():
    """Standing traces to a retail dealer recovered within SHORT_TTC_DAYS of the sale."""
    ttc = ExpressionWrapper(F("recovery_date") - F("sale_date"), output_field=DurationField())
    return (
        Trace.objects.exclude(status__in=NOT_COUNTED)
        .exclude(retail_licensee_rds="")
        .filter(sale_date__isnull=False)
        .annotate(ttc=ttc)
        .filter(ttc__lte=timedelta(days=SHORT_TTC_DAYS))
    )


def dealer_figures() -> dict[str, Dealer]:
    """Guns sold and short time-to-crime traces (in all, and by year of recovery) of every retail dealer."""
    dealers: dict[str, Dealer] = {}
    yearly = (
        short_ttc_traces()
        .values("retail_licensee_rds", year=ExtractYear("recovery_date"))
        .annotate(count=Count("id"), first=Min("recovery_date"), last=Max("recovery_date"))
        .values_list("retail_licensee_rds", "year", "count", "first", "last")
    )
    for rds, year, count, first, last in yearly:
        dealer = dealers.setdefault(rds, Dealer(rds))
        dealer.by_year[year] = count
        dealer.short += count
        dealer.first = min(first, dealer.first or first)
        dealer.last = max(last, dealer.last or last)
    for rds, sold in (
        Purchase.objects.values("licensee_rds").annotate(count=Count("id")).values_list("licensee_rds", "count")
    ):
        dealers.setdefault(rds, Dealer(rds)).sold = sold
    for rds, state in Licensee.objects.exclude(premise_state="").values_list("rds_key", "premise_state"):
        if rds in dealers:
            dealers[rds].state = state
    return dealers


def dealer_leads(dealers: dict[str, Dealer]) -> list[Found]:
    """The dealer leads: dealers far above their peers (see the module's docstring)."""
    states: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for dealer in dealers.values():
        if dealer.sold:
            states[dealer.state][0] += dealer.short
            states[dealer.state][1] += dealer.sold
    country = [sum(s[0] for s in states.values()), sum(s[1] for s in states.values())]
    found = []
    for dealer in dealers.values():
        if dealer.sold and dealer.short >= MIN_TRACES:
            lead = _weighed(dealer, states[dealer.state], country)
            if lead is not None:
                found.append(lead)
    traces = dealer_trace_ids([lead.subject_key for lead in found])
    for lead in found:
        lead.trace_ids = traces[lead.subject_key]
    return found


def _weighed(dealer: Dealer, state: list[int], country: list[int]) -> Found | None:
    peers = [state[0] - dealer.short, state[1] - dealer.sold]
    scope = dealer.state
    if peers[1] < MIN_PEER_SALES:
        peers, scope = [country[0] - dealer.short, country[1] - dealer.sold], ""
    if peers[1] <= 0:
        return None
    sold = max(dealer.sold, dealer.short)
    rate = peers[0] / peers[1]
    expected = sold * rate
    chance = poisson_tail(dealer.short, expected)
    if chance >= ALPHA or dealer.short < RATIO * expected:
        return None
    surprise = -math.log10(max(chance, 1e-300))
    ratio = dealer.short / expected if expected else 100.0
    reasons = [
        reason(
            "dealer_rate",
            math.log10(ratio),
            round(1000 * dealer.short / sold, 1),
            peers=round(1000 * rate, 1),
            state=scope,
        ),
        reason("dealer_short_ttc", dealer.short / 25, dealer.short, sold=sold),
        reason("dealer_chance", surprise / 10, min(10 ** math.floor(surprise), 10**12)),
    ]
    score = round(min(100.0, 10 * surprise), 1)
    return Found(Lead.Kind.DEALER, dealer.rds, score, reasons, cast(date, dealer.first), cast(date, dealer.last))


def poisson_tail(count: int, expected: float) -> float:
    """P(X ≥ count) for X ~ Poisson(expected)."""
    if count <= 0:
        return 1.0
    if expected <= 0:
        return 0.0

    def term(i: int) -> float:
        return math.exp(-expected + i * math.log(expected) - math.lgamma(i + 1))

    if count <= expected:
        return max(0.0, 1.0 - sum(term(i) for i in range(count)))
    total, i = 0.0, count
    while True:
        value = term(i)
        total += value
        if value < 1e-17 * total or i > count + 10_000:
            return total
        i += 1


def dealer_trace_ids(rds_keys: list[str]) -> dict[str, set[int]]:
    """The short time-to-crime traces of these dealers, which their leads rest on."""
    traces: dict[str, set[int]] = defaultdict(set)
    for rds, trace_id in (
        short_ttc_traces().filter(retail_licensee_rds__in=rds_keys).values_list("retail_licensee_rds", "id")
    ):
        traces[rds].add(trace_id)
    return traces

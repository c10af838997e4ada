"""A dealer's page: its sales, its traces against its state's peers, its theft reports, its answers to queries."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from traza.core.typing import AuthenticatedRequest
from traza.intel.selectors.dealers import (
    dealer_for,
    dealer_queries,
    dealer_rates,
    dealer_sales,
    dealer_thefts,
    dealer_traces,
)
from traza.tracing.selectors import licence_number


@require_GET
@login_required
def dealer_page(request: AuthenticatedRequest, rds: str) -> HttpResponse:
    """What Traza knows of one licensee as a retail dealer; traces listed only where the viewer may read them."""
    licensee = dealer_for(user=request.user, rds=rds)
    context = {
        "licensee": licensee,
        "licence_number": licence_number(licensee),
        "sales": dealer_sales(licensee),
        "traces": dealer_traces(user=request.user, licensee=licensee),
        "rates": dealer_rates(licensee),
        "thefts": dealer_thefts(licensee),
        "queries": dealer_queries(licensee),
        "network_url": reverse("intel-network") + f"?dealer={licensee.rds_key}",
    }
    return render(request, "intel/dealers/detail.html", context)

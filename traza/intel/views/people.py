"""A resolved person's page, the reveal of their personal data, and a trace's related traces.

The person is found through the viewer's scope (`person_for`), so a person of another agency's
traces answers 404. Names stay masked until an investigator or analyst states a purpose (a POST,
so the purpose never enters a URL); officers see the same page masked, with no way to reveal.
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from traza.agencies.permissions import role_required
from traza.agencies.roles import PERSONAL_DATA_READERS
from traza.core.typing import AuthenticatedRequest
from traza.industry.models import MultipleSale, Purchase
from traza.intel.models import Person
from traza.intel.selectors.people import (
    masked_personal_data_of_person,
    person_dealers,
    person_for,
    person_grant,
    person_labels,
    person_may_reveal,
    person_multiple_sales,
    person_neighbours,
    person_purchases,
    person_traces,
    personal_data_of_person,
    related_traces,
)
from traza.intel.services.people import person_reveal
from traza.tracing.presentation import licensee_facts
from traza.tracing.selectors import licensees_by_rds, trace_by_number, traces_visible_to


@require_GET
@login_required
@never_cache
def person_page(request: AuthenticatedRequest, key: str) -> HttpResponse:
    """Everything the records say about one person, within the viewer's scope, and the network around them."""
    person = person_for(user=request.user, key=key)
    return render(request, "intel/people/detail.html", person_context(request, person))


@require_POST
@role_required(PERSONAL_DATA_READERS)
def person_reveal_view(request: AuthenticatedRequest, key: str) -> HttpResponse:
    """Record the purpose and go back to the person's page, which now shows their personal data for a while."""
    person = person_for(user=request.user, key=key)
    try:
        grant = person_reveal(actor=request.user, person=person, purpose=request.POST.get("purpose", ""))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        until = formats.time_format(timezone.localtime(grant.expires_at), "TIME_FORMAT")
        messages.success(
            request, _("Personal data shown until %(time)s. Your purpose is in the audit log.") % {"time": until}
        )
    return HttpResponseRedirect(reverse("intel-person", args=[person.key]))


@require_GET
@login_required
def trace_related(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """The fragment a trace page loads: other traces with its buyer, its dealer, its buyer's address."""
    trace = trace_by_number(traces_visible_to(request.user), number)
    related = related_traces(user=request.user, trace=trace)
    groups = [
        ("buyer", _("Other traces with this buyer"), related["buyer"]),
        ("dealer", _("Other traces with this dealer"), related["dealer"]),
        ("address", _("Other traces with this buyer's address"), related["address"]),
    ]
    context = {"trace": trace, "person": related["person"], "groups": [group for group in groups if group[2]]}
    return render(request, "intel/people/_related.html", context)


def person_context(request: AuthenticatedRequest, person: Person) -> dict:
    user = request.user
    grant = person_grant(user=user, person=person)
    traces, hidden = person_traces(user=user, person=person)
    purchases = person_purchases(person)
    sales = person_multiple_sales(person)
    neighbours = person_neighbours(user=user, person=person)
    labels = person_labels(user, [person, *(row["person"] for row in neighbours)])
    licensees = licensees_by_rds(
        {row.licensee_rds for row in cast(list[Purchase | MultipleSale], [*purchases, *sales])}
    )
    traced_purchases = {trace.purchase_id: trace for trace in traces if trace.purchase_id}
    bought = {row.pk for row in purchases}
    return {
        "person": person,
        "label": labels[person.pk],
        "grant": grant,
        "may_reveal": grant is not None or person_may_reveal(user, person),
        "personal": personal_data_of_person(person) if grant else masked_personal_data_of_person(person),
        "purchases": [
            {
                "purchase": row,
                "dealer": licensee_facts(row.licensee_rds, licensees),
                "trace": traced_purchases.get(row.pk),
            }
            for row in purchases
        ],
        "sales": [{"sale": row, "dealer": licensee_facts(row.licensee_rds, licensees)} for row in sales],
        "traces": [{"trace": trace, "bought": trace.purchase_id in bought} for trace in traces],
        "hidden_traces": hidden,
        "dealers": person_dealers(person),
        "neighbours": [{**row, "label": labels[row["person"].pk]} for row in neighbours],
        "timeline": timeline(purchases=purchases, sales=sales, traces=traces, licensees=licensees),
        "network_url": reverse("intel-network") + f"?person={person.key}",
    }


def timeline(*, purchases, sales, traces, licensees) -> list[dict]:
    """The person's records in date order, newest first, each in one sentence."""

    def dealer(rds: str) -> str:
        licensee = licensees.get(rds)
        return licensee.display_name if licensee and licensee.display_name else rds

    events = [
        {
            "date": row.transaction_date,
            "text": _("Bought a firearm at %(dealer)s.") % {"dealer": dealer(row.licensee_rds)},
        }
        for row in purchases
        if row.transaction_date
    ]
    events += [
        {
            "date": row.sale_date,
            "text": _("Named in multiple-sale report %(report)s (serial %(serial)s) by %(dealer)s.")
            % {"report": row.report_number, "serial": row.serial_number, "dealer": dealer(row.licensee_rds)},
        }
        for row in sales
    ]
    events += [
        {
            "date": trace.recovery_date,
            "text": _("A firearm was recovered: trace %(number)s.") % {"number": trace.number},
            "url": reverse("trace-detail", args=[trace.number]),
        }
        for trace in traces
    ]
    return sorted(events, key=lambda event: event["date"], reverse=True)

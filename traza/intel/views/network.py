"""/intel/network/: the network around a trace, a person, a dealer or a lead, as Cytoscape.js elements (JSON).

One of `trace`, `person`, `dealer`, `lead` says what it is drawn around; `expand` (a node's id) asks for
one node's neighbourhood instead; `start` and `end` (YYYY-MM-DD) keep the records of those dates.
Whatever is out of the viewer's scope answers 404, as an unknown one would.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from traza.core.typing import AuthenticatedRequest
from traza.core.values import parse_date
from traza.intel.selectors.network import (
    Window,
    network_expand,
    network_of_dealer,
    network_of_lead,
    network_of_person,
    network_of_trace,
)

SEEDS = {
    "trace": lambda user, value, window: network_of_trace(user=user, number=value, window=window),
    "person": lambda user, value, window: network_of_person(user=user, key=value, window=window),
    "dealer": lambda user, value, window: network_of_dealer(user=user, rds=value, window=window),
    "lead": lambda user, value, window: network_of_lead(user=user, number=value, window=window),
    "expand": lambda user, value, window: network_expand(user=user, node_id=value, window=window),
}


@require_GET
@login_required
@never_cache
def network(request: AuthenticatedRequest) -> JsonResponse:
    """The nodes and edges the viewer may see, or a 400 naming the parameter that is wrong."""
    window, errors = _window(request)
    seeds = [name for name in SEEDS if request.GET.get(name, "").strip()]
    if not seeds:
        errors["trace"] = [_("Say what to draw the network around: a trace, a person, a dealer or a lead.")]
    if errors:
        message = _("The request has errors; see the fields.")
        return JsonResponse({"error": {"code": "invalid", "message": message, "fields": errors}}, status=400)
    name = "expand" if "expand" in seeds else seeds[0]
    return JsonResponse(SEEDS[name](request.user, request.GET[name].strip(), window))


def _window(request: HttpRequest) -> tuple[Window, dict]:
    dates, errors = {}, {}
    for name in ("start", "end"):
        text = request.GET.get(name, "").strip()
        try:
            dates[name] = parse_date(text) if text else None
        except ValueError:
            errors[name] = [_("Enter a date as YYYY-MM-DD.")]
    start, end = dates.get("start"), dates.get("end")
    if start and end and start > end:
        errors["end"] = [_("The end date comes before the start date.")]
    return Window(**dates), errors

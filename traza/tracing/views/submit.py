"""Submitting a trace from the web form: one page, checked by the same reader as files and the API."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from traza.agencies.models import Agency
from traza.core.typing import AuthenticatedRequest
from traza.tracing.forms import TraceRequestForm
from traza.tracing.models import Trace
from traza.tracing.presentation import trace_warnings
from traza.tracing.selectors import user_can_submit_traces
from traza.tracing.services import trace_submit
from traza.tracing.views.suggest import importer_question


@require_http_methods(["GET", "POST"])
@login_required
def submit(request: AuthenticatedRequest) -> HttpResponse:
    """The trace request form; a valid request becomes a trace of the user's agency and shows its result."""
    user = request.user
    if not user_can_submit_traces(user):
        return render(request, "tracing/not_allowed.html", status=403)
    if request.method == "POST":
        form = TraceRequestForm(request.POST, agency=cast(Agency, user.agency), user=user)
        if form.is_valid():
            try:
                trace, _created = trace_submit(
                    actor=user,
                    agency=Agency.objects.get(pk=cast(dict, form.trace_data)["agency_id"]),
                    data=cast(dict, form.trace_data),
                    channel=Trace.Channel.WEB,
                    idempotency_key=form.idempotency_key(),
                )
            except ValidationError as error:  # the form was sent before, then changed: a new form is needed
                form.add_error(None, error)
            else:
                messages.success(request, gettext("Trace %(number)s submitted.") % {"number": trace.number})
                for warning in trace_warnings(trace).values():
                    messages.warning(request, warning)
                return redirect("trace-detail", number=trace.number)
    else:
        form = TraceRequestForm(agency=cast(Agency, user.agency), user=user)
    importer = {**importer_question(form["manufacturer"].value() or ""), "field": form["importer"], "fragment": False}
    return render(request, "tracing/submit.html", {"form": form, "importer": importer})

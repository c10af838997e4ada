"""Showing a trace's personal data after the reader states a purpose: a POST, so the purpose stays out of URLs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from traza.agencies.forms import RevealForm
from traza.agencies.permissions import role_required
from traza.agencies.roles import PERSONAL_DATA_READERS
from traza.agencies.services.personal_data import personal_data_reveal
from traza.core.typing import AuthenticatedRequest
from traza.tracing.selectors import trace_by_number, traces_visible_to


@require_POST
@role_required(PERSONAL_DATA_READERS)
def personal_data_reveal_view(request: AuthenticatedRequest) -> HttpResponse:
    """Record the purpose and go back to the trace page, which now shows the personal data for a while."""
    form = RevealForm(request.POST)
    if not form.is_valid():
        raise Http404
    trace = trace_by_number(traces_visible_to(request.user), form.cleaned_data["trace"])
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("trace-detail", kwargs={"number": trace.number})
    try:
        grant = personal_data_reveal(
            actor=request.user, trace=trace, purpose=form.cleaned_data["purpose"], query_id=form.cleaned_data["query"]
        )
    except PermissionDenied:
        raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(target)
    until = formats.time_format(timezone.localtime(grant.expires_at), "TIME_FORMAT")
    messages.success(
        request, _("Personal data shown until %(time)s. Your purpose is in the audit log.") % {"time": until}
    )
    return HttpResponseRedirect(target)

"""The filter of the list of international requests, read alike by the page, its CSV and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from traza.core.filters import ListFilter, described
from traza.international.models import InternationalRequest
from traza.tracing.forms.fields import ANY, capitalised


class RequestListFilter(ListFilter):
    """The requests of one status; `apply` narrows `request_list`, which keeps its own order."""

    status = described(
        forms.ChoiceField(
            label=_("Status"), required=False, choices=[ANY, *capitalised(InternationalRequest.Status.choices)]
        ),
        _("Only this status"),
    )

    lookups = {"status": "status"}

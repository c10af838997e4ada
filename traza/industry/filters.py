"""The filters of the licensee queue, read alike by the analysts' page and the API."""

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.catalog.models import Region, region_name
from traza.core.filters import FlagField, ListFilter, described
from traza.industry.models import Licensee, LicenseeQuery
from traza.tracing.forms.fields import ANY, capitalised
from traza.tracing.models import Trace


def us_state_choices() -> list[tuple[str, str]]:
    """The US states by postal code, as the FFL list writes a licensee's premises, named in the reader's language."""
    rows = Region.objects.filter(country_id="US").exclude(postal_code="").values_list("postal_code", "name", "name_es")
    return sorted(((code, region_name(name, name_es)) for code, name, name_es in rows), key=lambda row: row[1])


class QueueListFilter(ListFilter):
    """The queue's filters; `apply` narrows the queue of `query_queue`, which keeps its own order."""

    licensee_state = described(
        forms.CharField(label=_("Licensee's state"), required=False, widget=forms.Select),
        _("The licensee's US state (postal code, e.g. TX)"),
    )
    reason = forms.ChoiceField(
        label=_("Why the licensee is asked"), required=False, choices=[ANY, *capitalised(LicenseeQuery.Reason.choices)]
    )
    overdue = described(FlagField(label=_("Overdue only")), _("Only queries past their due time"))
    urgent = described(FlagField(label=_("Urgent traces only")), _("Only queries of urgent traces"))

    lookups = {"reason": "reason"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.states = us_state_choices()
        self.fields["licensee_state"].widget.choices = [
            ANY,
            *((code, f"{name} ({code})") for code, name in self.states),
        ]

    def clean_licensee_state(self) -> str:
        code = self.cleaned_data["licensee_state"].strip().upper()
        if code and code not in {state for state, _name in self.states}:
            raise forms.ValidationError(_("Must be a US state's postal code (TX, AZ, …)."), code="invalid")
        return code

    def filter_licensee_state(self, queryset: QuerySet[LicenseeQuery], code: str) -> QuerySet[LicenseeQuery]:
        return queryset.filter(licensee_rds__in=Licensee.objects.filter(premise_state=code).values("rds_key"))

    def filter_overdue(self, queryset: QuerySet[LicenseeQuery], overdue: bool) -> QuerySet[LicenseeQuery]:
        return queryset.filter(due_at__lt=timezone.now())

    def filter_urgent(self, queryset: QuerySet[LicenseeQuery], urgent: bool) -> QuerySet[LicenseeQuery]:
        return queryset.filter(trace__priority=Trace.Priority.URGENT)

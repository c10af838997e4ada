"""The filters of the lists of leads and of suspect-gun flags, read alike by their pages, downloads and API."""

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from traza.catalog.models import Region
from traza.core.filters import DayField, FlagField, ListFilter, described
from traza.intel.models import Lead, LeadTrace
from traza.intel.selectors.suspects import suspects_active
from traza.tracing.forms.fields import ANY, all_region_choices, capitalised, select_field
from traza.tracing.selectors import traces_visible_to

ORDERINGS = {
    "": ("-score", "-last_seen", "-id"),
    "newest": ("-last_seen", "-score", "-id"),
}
NOT_A_DATE = _("%(field)s: %(value)s is not a date (write 2024-03-21 or 21/03/2024).")
NOT_YES_OR_NO = _("%(field)s: write true or false.")


def _choice(label, choices, message) -> forms.ChoiceField:
    field = forms.ChoiceField(label=label, required=False, choices=[ANY, *capitalised(choices)])
    field.error_messages["invalid_choice"] = message
    return field


class ScoreField(forms.FloatField):
    """A score from 0 to 100, with a decimal point or a decimal comma (54,5 as typed in Mexico or Spain)."""

    def to_python(self, value):
        return super().to_python(value.strip().replace(",", ".") if isinstance(value, str) else value)


class LeadListFilter(ListFilter):
    """What the list of leads is narrowed to; `apply(queryset, user=…)` narrows a queryset already scoped to the
    viewer, and shows only the leads the data still supports unless `inactive` is asked."""

    kind = described(
        _choice(_("Kind"), Lead.Kind.choices, _("kind: choose one of the kinds of lead.")),
        _("Only this kind of lead"),
    )
    status = described(
        _choice(_("Status"), Lead.Status.choices, _("status: choose new, reviewing, referred or closed.")),
        _("Only this status"),
    )
    min_score = described(
        ScoreField(label=_("Minimum score"), required=False, min_value=0, max_value=100),
        _("Only leads scoring at least this (0 to 100)"),
    )
    recovery_state = described(
        select_field(_("State of recovery"), all_region_choices),
        _("Only leads with a readable trace recovered in this state"),
    )
    seen_from = DayField(
        label=_("Seen from"),
        help_text=_("Leads last seen on or after this day."),
        error_messages={"invalid": NOT_A_DATE},
    )
    seen_to = DayField(
        label=_("Seen until"),
        help_text=_("Leads first seen on or before this day."),
        error_messages={"invalid": NOT_A_DATE},
    )
    ordering = described(
        forms.ChoiceField(
            label=_("Order"), required=False, choices=[("", _("Strongest first")), ("newest", _("Newest first"))]
        ),
        _("newest: last seen first; else strongest first"),
    )
    mine = described(
        FlagField(label=_("Assigned to me"), error_messages={"invalid": NOT_YES_OR_NO}),
        _("Only leads assigned to the account"),
    )
    inactive = FlagField(label=_("Also leads the data no longer supports"), error_messages={"invalid": NOT_YES_OR_NO})

    lookups = {"kind": "kind", "status": "status", "min_score": "score__gte"}
    default_ordering = ORDERINGS[""]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        score = self.fields["min_score"].error_messages
        for key in ("invalid", "min_value", "max_value"):
            score[key] = _("min_score: give a number from 0 to 100.")
        self.fields["ordering"].error_messages["invalid_choice"] = _("ordering: choose newest or leave it empty.")

    def clean_recovery_state(self) -> str:
        code = self.cleaned_data["recovery_state"].strip().upper()
        if code and not Region.objects.filter(code=code).exists():
            raise forms.ValidationError(_("recovery_state: give a state code such as MX-SIN or US-TX."))
        return code

    def apply(self, queryset: QuerySet, **context) -> QuerySet:
        queryset = super().apply(queryset, **context)
        return queryset if self.cleaned_data["inactive"] else queryset.filter(active=True)

    def filter_mine(self, queryset: QuerySet[Lead], mine: bool) -> QuerySet[Lead]:
        return queryset.filter(assigned_to=self.context["user"])

    def filter_seen_from(self, queryset: QuerySet[Lead], day) -> QuerySet[Lead]:
        return queryset.filter(last_seen__gte=day)

    def filter_seen_to(self, queryset: QuerySet[Lead], day) -> QuerySet[Lead]:
        return queryset.filter(first_seen__lte=day)

    def filter_recovery_state(self, queryset: QuerySet[Lead], code: str) -> QuerySet[Lead]:
        traces = traces_visible_to(self.context["user"]).filter(recovery_region_id=code)
        return queryset.filter(Exists(LeadTrace.objects.filter(lead_id=OuterRef("pk"), trace__in=traces)))

    def filter_ordering(self, queryset: QuerySet[Lead], ordering: str) -> QuerySet[Lead]:
        return queryset.order_by(*ORDERINGS[ordering])


class SuspectListFilter(ListFilter):
    """The agency's suspect-gun flags: the active ones unless `status` asks for the ended ones or all."""

    status = described(
        forms.ChoiceField(
            label=_("Status"),
            required=False,
            choices=[("active", _("Active")), ("ended", _("Withdrawn or expired")), ("all", _("All"))],
            error_messages={"invalid_choice": _("Use active, ended or all.")},
        ),
        _("active (default), ended or all"),
    )

    def apply(self, queryset: QuerySet, **context) -> QuerySet:
        queryset = super().apply(queryset, **context)
        status = self.cleaned_data["status"] or "active"
        if status == "active":
            return suspects_active(queryset)
        if status == "ended":
            return queryset.exclude(pk__in=suspects_active(queryset).values("pk"))
        return queryset

    @property
    def shown_status(self) -> str:
        """The status shown, for the page's tabs: active when none, or none that can be read, is asked."""
        return (self.cleaned_data.get("status") if self.is_valid() else "") or "active"

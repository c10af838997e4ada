"""The filters and orderings of a list of traces, shared by the web list, its downloads and the API.

`TraceListFilter(params).apply(queryset)` narrows a queryset that is already scoped to the viewer
(see selectors.py): it never widens one. Every filter is named after the column it filters
(trace_requests.csv, traces.csv); ids are explicit `<field>_id` filters. A value that cannot be
read is an error naming the parameter, never a silent "no filter".
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from traza.catalog.keys import caliber_key
from traza.catalog.lookup import CatalogIndex
from traza.catalog.models import Caliber, Region
from traza.core.filters import DayField, ListFilter, ManyChoiceField, OrderingField, WholeNumberField, described
from traza.core.values import serial_key
from traza.tracing.forms.fields import (
    ANY,
    CALIBER_OPTIONS,
    MUNICIPALITY_OPTIONS,
    all_region_choices,
    capitalised,
    municipality_choices,
    reloads,
    select_field,
    suggested_field,
    text_field,
)
from traza.tracing.models import Indicator, Trace, TraceIndicator, parse_trace_number

ORDERINGS = ("submitted_at", "recovery_date", "status")
DEFAULT_ORDERING = ("-submitted_at", "-id")


SERIAL_PART_MIN = 4


class TraceListFilter(ListFilter):
    """The filters of the list of traces: the page shows the first twelve, the API and the links take them all."""

    status = described(
        ManyChoiceField(label=_("Status"), choices=capitalised(Trace.Status.choices)), _("Status code(s)")
    )
    status_reason = ManyChoiceField(label=_("Reason code(s) of the status"), choices=capitalised(Trace.Reason.choices))
    priority = described(
        ManyChoiceField(label=_("Priority"), choices=capitalised(Trace.Priority.choices)), _("routine or urgent")
    )
    indicator = described(
        ManyChoiceField(label=_("Indicator"), choices=capitalised(Indicator.choices)), _("Traces with this indicator")
    )
    recovery_date_from = described(DayField(label=_("Recovered from")), _("Recovered on or after"))
    recovery_date_to = described(DayField(label=_("Recovered until")), _("Recovered on or before"))
    submitted_from = DayField(label=_("Submitted on or after"))
    submitted_to = DayField(label=_("Submitted on or before"))
    make_id = WholeNumberField(label=_("Catalog id of the make"), required=False)
    make = described(
        suggested_field(_("Make"), "make-options", reverse_lazy("trace-suggest-makes")),
        _("Make, by its catalog name or any alias"),
    )
    caliber_id = WholeNumberField(label=_("Catalog id of the calibre"), required=False)
    caliber = described(
        suggested_field(_("Calibre"), "caliber-options", CALIBER_OPTIONS),
        _("Calibre, as the catalog knows it or as written"),
    )
    recovery_country = text_field(_("ISO 3166-1 country code"))
    recovery_state = described(
        select_field(_("State"), all_region_choices), _("ISO 3166-2 state code (MX-SIN, US-TX) or US postal code")
    )
    recovery_municipality = described(select_field(_("Municipality or county")), _("INEGI CVEGEO or county FIPS code"))
    recovery_municipality_id = WholeNumberField(label=_("Catalog id of the municipality"), required=False)
    serial = described(
        text_field(_("Serial number or part of it"), spellcheck="false"),
        _("Serial number or any part of it of 4 or more characters, compared as Traza compares serials"),
    )
    request_ref = text_field(_("The agency's own reference"))
    q = described(
        text_field(_("Case number, folio or reference"), spellcheck="false"),
        _("Any part of the case number (carpeta de investigación), the seizure folio or the reference; a trace number"),
    )
    officer = described(
        text_field(_("Officer or badge number"), spellcheck="false"),
        _("Any part of the officer's name or badge number"),
    )
    ordering = OrderingField(ORDERINGS)

    lookups = {
        "status": "status__in",
        "status_reason": "status_reason__in",
        "priority": "priority__in",
        "recovery_date_from": "recovery_date__gte",
        "recovery_date_to": "recovery_date__lte",
        "submitted_from": "submitted_at__date__gte",
        "submitted_to": "submitted_at__date__lte",
        "make_id": "make_id",
        "caliber_id": "caliber_ref_id",
        "recovery_municipality_id": "recovery_municipality_id",
        "request_ref": "request_ref",
    }
    default_ordering = DEFAULT_ORDERING
    page_fields = (
        "q",
        "serial",
        "officer",
        "status",
        "priority",
        "indicator",
        "recovery_date_from",
        "recovery_date_to",
        "make",
        "caliber",
        "recovery_state",
        "recovery_municipality",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state = str(self.data.get("recovery_state", "") or "")
        self.fields["recovery_municipality"].widget.choices = lambda: [ANY, *municipality_choices(state)[1:]]
        reloads(self.fields["recovery_state"], MUNICIPALITY_OPTIONS, "#id_recovery_municipality")

    def filter_indicator(self, queryset: QuerySet, codes: list[str]) -> QuerySet:
        return queryset.filter(Exists(TraceIndicator.objects.filter(trace_id=OuterRef("pk"), code__in=codes)))

    def filter_make(self, queryset: QuerySet, text: str) -> QuerySet:
        """The traces of the make the text resolves to, and those whose unresolved make is written that way."""
        unresolved = Q(make__isnull=True, manufacturer__iexact=text)
        make_id = CatalogIndex.load().match_make(text).id
        return queryset.filter(Q(make_id=make_id) | unresolved if make_id else unresolved)

    def filter_caliber(self, queryset: QuerySet, text: str) -> QuerySet:
        calibers = Caliber.objects.filter(Q(name__iexact=text) | Q(aliases__key=caliber_key(text))).values("id")
        return queryset.filter(Q(caliber_ref_id__in=calibers) | Q(caliber_ref__isnull=True, caliber__iexact=text))

    def filter_recovery_country(self, queryset: QuerySet, text: str) -> QuerySet:
        return queryset.filter(recovery_country=text.upper())

    def filter_recovery_state(self, queryset: QuerySet, text: str) -> QuerySet:
        regions = Region.objects.filter(Q(code__iexact=text) | Q(country_id="US", postal_code__iexact=text))
        return queryset.filter(recovery_region_id__in=regions.values("code"))

    def filter_recovery_municipality(self, queryset: QuerySet, text: str) -> QuerySet:
        code = text.zfill(5) if text.isdecimal() else text
        return queryset.filter(recovery_municipality__code=code)

    def filter_serial(self, queryset: QuerySet, text: str) -> QuerySet:
        """Traces whose serial holds the text, compared as serials are (`zy-177` finds ZY1775807); a text of fewer
        than SERIAL_PART_MIN characters must be the whole serial. On PostgreSQL a trigram index serves the search."""
        key = serial_key(text)
        if len(key) < SERIAL_PART_MIN:
            return queryset.filter(serial_key=key)
        return queryset.filter(serial_key__icontains=key)  # UPPER(serial_key) LIKE: what the trigram index holds

    def filter_q(self, queryset: QuerySet, text: str) -> QuerySet:
        """Traces whose carpeta de investigación (case number), seizure folio or request reference holds the text,
        and the trace of that number."""
        found = Q(agency_case_number__icontains=text) | Q(seizure_ref__icontains=text) | Q(request_ref__icontains=text)
        number = parse_trace_number(text)
        return queryset.filter(found | Q(pk=number[1]) if number else found)

    def filter_officer(self, queryset: QuerySet, text: str) -> QuerySet:
        """Traces whose officer's name or badge (número de placa) holds the text."""
        return queryset.filter(Q(officer_name__icontains=text) | Q(officer_badge__icontains=text))

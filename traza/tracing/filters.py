"""The filters and orderings of a list of traces, shared by the API and the web list views.

`TraceFilter(params).apply(queryset)` narrows a queryset that is already scoped to the viewer
(see selectors.py): it never widens one. Every filter is named after the column it filters
(trace_requests.csv, traces.csv); ids are explicit `<field>_id` filters. A value that cannot be
read raises `FilterError` naming the parameter, never a silent "no filter".
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from traza.catalog.keys import caliber_key
from traza.catalog.lookup import CatalogIndex
from traza.catalog.models import Caliber, Region
from traza.core.values import parse_date, serial_key
from traza.tracing.models import Indicator, Trace, TraceIndicator, parse_trace_number

ORDERINGS = ("submitted_at", "recovery_date", "status")
DEFAULT_ORDERING = ("-submitted_at", "-id")


class FilterError(Exception):
    """Some parameters could not be read: {parameter: [messages]}."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Filter:
    """One query parameter: how its text is read and how it narrows the queryset."""

    name: str
    kind: type
    help: Promise
    apply: Callable[[QuerySet, Any], QuerySet]
    choices: tuple[str, ...] = field(default=())

    @property
    def many(self) -> bool:
        """Choice filters take several values, repeated or comma-separated."""
        return bool(self.choices)


def _ids(queryset: QuerySet, column: str, ids) -> QuerySet:
    return queryset.filter(**{f"{column}__in": ids})


def _make(queryset: QuerySet, text: str) -> QuerySet:
    """The traces of the make the text resolves to, and those whose unresolved make is written that way."""
    unresolved = Q(make__isnull=True, manufacturer__iexact=text.strip())
    make_id = CatalogIndex.load().match_make(text).id
    return queryset.filter(Q(make_id=make_id) | unresolved if make_id else unresolved)


def _caliber(queryset: QuerySet, text: str) -> QuerySet:
    calibers = Caliber.objects.filter(Q(name__iexact=text) | Q(aliases__key=caliber_key(text))).values("id")
    return queryset.filter(Q(caliber_ref_id__in=calibers) | Q(caliber_ref__isnull=True, caliber__iexact=text))


def _state(queryset: QuerySet, text: str) -> QuerySet:
    regions = Region.objects.filter(Q(code__iexact=text) | Q(country_id="US", postal_code__iexact=text)).values("code")
    return queryset.filter(recovery_region_id__in=regions)


def _municipality(queryset: QuerySet, text: str) -> QuerySet:
    code = text.zfill(5) if text.isdecimal() else text
    return queryset.filter(recovery_municipality__code=code)


SERIAL_PART_MIN = 4


def _serial(queryset: QuerySet, text: str) -> QuerySet:
    """Traces whose serial holds the text, compared as serials are (`zy-177` finds ZY1775807); a text of fewer
    than SERIAL_PART_MIN characters must be the whole serial. On PostgreSQL a trigram index serves the search."""
    key = serial_key(text)
    if len(key) < SERIAL_PART_MIN:
        return queryset.filter(serial_key=key)
    return queryset.filter(serial_key__icontains=key)  # UPPER(serial_key) LIKE: what the trigram index holds


def _case(queryset: QuerySet, text: str) -> QuerySet:
    """Traces whose carpeta de investigación (case number), seizure folio or request reference holds the text,
    and the trace of that number."""
    found = Q(agency_case_number__icontains=text) | Q(seizure_ref__icontains=text) | Q(request_ref__icontains=text)
    number = parse_trace_number(text)
    return queryset.filter(found | Q(pk=number[1]) if number else found)


def _officer(queryset: QuerySet, text: str) -> QuerySet:
    """Traces whose officer's name or badge (número de placa) holds the text."""
    return queryset.filter(Q(officer_name__icontains=text) | Q(officer_badge__icontains=text))


def _indicator(queryset: QuerySet, codes: list[str]) -> QuerySet:
    return queryset.filter(Exists(TraceIndicator.objects.filter(trace_id=OuterRef("pk"), code__in=codes)))


FILTERS = (
    Filter("status", str, _("Status code(s)"), lambda qs, v: _ids(qs, "status", v), tuple(Trace.Status.values)),
    Filter(
        "status_reason",
        str,
        _("Reason code(s) of the status"),
        lambda qs, v: _ids(qs, "status_reason", v),
        tuple(Trace.Reason.values),
    ),
    Filter(
        "priority", str, _("routine or urgent"), lambda qs, v: _ids(qs, "priority", v), tuple(Trace.Priority.values)
    ),
    Filter("indicator", str, _("Traces with this indicator"), _indicator, tuple(Indicator.values)),
    Filter("recovery_date_from", date, _("Recovered on or after"), lambda qs, v: qs.filter(recovery_date__gte=v)),
    Filter("recovery_date_to", date, _("Recovered on or before"), lambda qs, v: qs.filter(recovery_date__lte=v)),
    Filter("submitted_from", date, _("Submitted on or after"), lambda qs, v: qs.filter(submitted_at__date__gte=v)),
    Filter("submitted_to", date, _("Submitted on or before"), lambda qs, v: qs.filter(submitted_at__date__lte=v)),
    Filter("make_id", int, _("Catalog id of the make"), lambda qs, v: qs.filter(make_id=v)),
    Filter("make", str, _("Make, by its catalog name or any alias"), _make),
    Filter("caliber_id", int, _("Catalog id of the calibre"), lambda qs, v: qs.filter(caliber_ref_id=v)),
    Filter("caliber", str, _("Calibre, as the catalog knows it or as written"), _caliber),
    Filter(
        "recovery_country",
        str,
        _("ISO 3166-1 country code"),
        lambda qs, v: qs.filter(recovery_country=v.upper()),
    ),
    Filter("recovery_state", str, _("ISO 3166-2 state code (MX-SIN, US-TX) or US postal code"), _state),
    Filter("recovery_municipality", str, _("INEGI CVEGEO or county FIPS code"), _municipality),
    Filter(
        "recovery_municipality_id",
        int,
        _("Catalog id of the municipality"),
        lambda qs, v: qs.filter(recovery_municipality_id=v),
    ),
    Filter(
        "serial",
        str,
        _("Serial number or any part of it of 4 or more characters, compared as Traza compares serials"),
        _serial,
    ),
    Filter("request_ref", str, _("The agency's own reference"), lambda qs, v: qs.filter(request_ref=v)),
    Filter(
        "q",
        str,
        _("Any part of the case number (carpeta de investigación), the seizure folio or the reference; a trace number"),
        _case,
    ),
    Filter("officer", str, _("Any part of the officer's name or badge number"), _officer),
)


class TraceFilter:
    """Reads list parameters (a QueryDict or any mapping) and applies them to a queryset of traces."""

    filters = FILTERS
    orderings = ORDERINGS

    def __init__(self, params: Mapping[str, str]):
        self.params = params
        self.errors: dict[str, list[str]] = {}

    def apply(self, queryset: QuerySet[Trace]) -> QuerySet[Trace]:
        """`queryset` narrowed by every filter given and put in the order asked; FilterError if any cannot be read."""
        for spec in self.filters:
            values = self._values(spec.name, split=spec.many)
            if not values:
                continue
            value = self._read(spec, values)
            if value is not None:
                queryset = spec.apply(queryset, value)
        ordering = self._ordering()
        if self.errors:
            raise FilterError(self.errors)
        return queryset.order_by(*ordering)

    def _values(self, name: str, *, split: bool = True) -> list[str]:
        """The parameter's non-blank values, repeated (`?a=1&a=2`) or, when `split`, comma-separated."""
        getlist = getattr(self.params, "getlist", None)
        raw = [str(value or "") for value in (getlist(name) if getlist else [self.params.get(name, "")])]
        parts = [part for value in raw for part in value.split(",")] if split else raw
        return [part.strip() for part in parts if part.strip()]

    def _read(self, spec: Filter, values: list[str]):
        if spec.many:
            unknown = [value for value in values if value not in spec.choices]
            if unknown:
                return self._error(spec.name, gettext("Must be one of: %(allowed)s."), allowed=", ".join(spec.choices))
            return values
        text = values[0]
        if spec.kind is int:
            if not (text.isascii() and text.isdigit()):  # "²" and "٣" are digits to isdigit(), not to int()
                return self._error(spec.name, gettext("Must be a whole number."))
            return int(text)
        if spec.kind is date:
            try:
                return parse_date(text)
            except ValueError:
                return self._error(spec.name, gettext("Must be a date: YYYY-MM-DD."))
        return text

    def _ordering(self) -> tuple[str, ...]:
        values = self._values("ordering")
        if not values:
            return DEFAULT_ORDERING
        wrong = [value for value in values if value.removeprefix("-") not in self.orderings]
        if wrong:
            allowed = ", ".join(self.orderings)
            self._error("ordering", gettext("Must be one of: %(allowed)s (with - for descending)."), allowed=allowed)
            return DEFAULT_ORDERING
        return (*values, "-id")

    def _error(self, name: str, text: str, **params) -> None:
        self.errors.setdefault(name, []).append(text % params if params else text)
        return None

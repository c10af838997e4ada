"""The filters of every statistic, read the same way from a page's form, the API's parameters and the command line."""

import re
from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import AccessPolicy, Agency
from traza.catalog.models import CrimeCode, FirearmType, Municipality
from traza.stats.measures import MEASURES, Filters
from traza.tracing.forms.fields import (
    ANY,
    MUNICIPALITY_OPTIONS,
    all_region_choices,
    capitalised,
    crime_code_choices,
    municipality_choices,
    reloads,
    select_field,
)

MAX_LIMIT = 100
DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def parse_day(text: str) -> date | None:
    """A date written as 2024-03-31, or day first as 31/03/2024 (the way Mexican agencies write it)."""
    text = (text or "").strip()
    if not text:
        return None
    found = DAY_FIRST.match(text)
    try:
        if found:
            day, month, year = (int(part) for part in found.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise forms.ValidationError(
            _("Write the date as YYYY-MM-DD or DD/MM/YYYY, e.g. 2024-03-31."), code="invalid_date"
        ) from None


class DayField(forms.CharField):
    def __init__(self, label, **kwargs):
        super().__init__(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}), **kwargs)

    def clean(self, value):
        return parse_day(super().clean(value))


class StatsFilterForm(forms.Form):
    """Period, place, agency level and kind, offence, firearm type and access policy; and the breakdown."""

    start = DayField(_("Recovered from"))
    end = DayField(_("Recovered until"))
    state = select_field(_("State"))
    municipality = select_field(_("Municipality or county"))
    level = select_field(_("Agency level"), [ANY, *capitalised(Agency.Level.choices)])
    kind = select_field(_("Agency kind"), [ANY, *capitalised(Agency.Kind.choices)])
    crime_code = select_field(_("Offence"))
    firearm_type = select_field(_("Firearm type"), [ANY, *capitalised(FirearmType.choices)])
    policy = select_field(_("Access policy"), [ANY, *capitalised(AccessPolicy.Policy.choices)])
    by = forms.CharField(required=False, widget=forms.HiddenInput)
    limit = forms.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT, widget=forms.HiddenInput)

    def __init__(self, *args, measure: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["state"].widget.choices = all_region_choices()
        self.fields["crime_code"].widget.choices = [ANY, *crime_code_choices()[1:]]
        state = str(self.data.get("state", "") or "")
        self.fields["municipality"].widget.choices = [ANY, *municipality_choices(state)[1:]]
        reloads(self.fields["state"], MUNICIPALITY_OPTIONS, "#id_municipality")
        for name in ("level", "kind", "firearm_type", "policy"):
            cast(forms.ChoiceField, self.fields[name]).choices = self.fields[name].widget.choices

    def clean_state(self) -> str:
        value = (self.cleaned_data.get("state") or "").strip().upper()
        codes = {code for group in all_region_choices()[1:] for code, _name in group[1]}
        if value and value not in codes:
            raise forms.ValidationError(_("Choose a state from the list (e.g. MX-SIN or US-TX)."), code="state")
        return value

    def clean_crime_code(self) -> str:
        value = (self.cleaned_data.get("crime_code") or "").strip()
        if value and not CrimeCode.objects.filter(code=value).exists():
            raise forms.ValidationError(_("Choose an offence from the list (its NCIC code, e.g. 0911)."), code="crime")
        return value

    def clean_by(self) -> list[str]:
        value = self.cleaned_data.get("by") or ""
        by = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
        if self.measure and by:
            allowed = MEASURES[self.measure].dimensions()
            wrong = [part for part in by if part not in allowed]
            if wrong:
                raise forms.ValidationError(
                    _("%(measure)s cannot be broken down by %(wrong)s. Choose from: %(allowed)s.")
                    % {"measure": self.measure, "wrong": ", ".join(wrong), "allowed": ", ".join(allowed)},
                    code="by",
                )
        return by

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", forms.ValidationError(_("The period ends before it starts."), code="period"))
        state, municipality = data.get("state"), (data.get("municipality") or "").strip()
        data["municipality_id"] = None
        if municipality:
            found = Municipality.objects.filter(code=municipality, region_id=state).values_list("pk", flat=True).first()
            if found is None:
                self.add_error(
                    "municipality",
                    forms.ValidationError(_("Choose a municipality of the chosen state."), code="municipality"),
                )
            data["municipality_id"] = found
        return data

    def filters(self) -> Filters:
        """The cleaned filters (call after is_valid())."""
        data = self.cleaned_data
        return Filters(
            start=data.get("start"),
            end=data.get("end"),
            region=data.get("state") or "",
            municipality=data.get("municipality_id"),
            level=data.get("level") or "",
            kind=data.get("kind") or "",
            crime_code=data.get("crime_code") or "",
            firearm_type=data.get("firearm_type") or "",
            policy=data.get("policy") or "",
            limit=data.get("limit"),
        )

    def query(self) -> str:
        """The filters as a query string (no personal data can be in it), for links to downloads and charts."""
        from urllib.parse import urlencode

        names = ("start", "end", "state", "municipality", "level", "kind", "crime_code", "firearm_type", "policy")
        return urlencode({name: self.data.get(name) for name in names if self.data.get(name)})

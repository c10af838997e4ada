"""Fields and choices shared by the web forms: columns read as text, catalog suggestions, places, offences.

A form only gathers the columns of a file as text; the readers of the files, not the forms, decide
whether a value is right, so every field here is optional text.
"""

from django import forms
from django.urls import reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from traza.catalog.models import Country, CrimeCode, Municipality, Region, region_name
from traza.core.values import strip_accents
from traza.tracing.presentation import name_field

BLANK = ("", "—")
ANY = ("", _("Any"))
MOST_USED_COUNTRIES = ("MX", "US")
CALIBER_OPTIONS = reverse_lazy("trace-suggest-calibers")
MUNICIPALITY_OPTIONS = reverse_lazy("trace-suggest-municipalities")
SEX_CHOICES = [BLANK, ("M", _("Male")), ("F", _("Female")), ("X", _("Other or not known"))]


def capitalised(choices) -> list[tuple[str, str]]:
    """Model choices (lower case, as they read inside a sentence) as options of a list."""
    return [(value, capfirst(label)) for value, label in choices]


def country_choices() -> list:
    """Every country by its name in the active language; Mexico and the US first."""
    rows = sorted(Country.objects.values_list("code", name_field()), key=lambda row: strip_accents(row[1]).lower())
    most_used = sorted((row for row in rows if row[0] in MOST_USED_COUNTRIES), key=lambda row: row[0] != "MX")
    return [BLANK, (_("Most used"), most_used), (_("All countries"), rows)]


def _regions(countries) -> list[tuple[str, str]]:
    """(code, name in the active language) of the states of these countries, by that name."""
    rows = Region.objects.filter(country_id__in=countries).values_list("code", "name", "name_es")
    named = [(code, region_name(name, name_es)) for code, name, name_es in rows]
    return sorted(named, key=lambda row: strip_accents(row[1]).lower())


def region_choices(country: str) -> list:
    """The states of one country (INEGI or US), by name."""
    return [BLANK, *_regions([country.upper()])]


def all_region_choices() -> list:
    """The states of Mexico and of the US, grouped by country."""
    groups: dict[str, list[tuple[str, str]]] = {"MX": [], "US": []}
    for code, name in _regions(MOST_USED_COUNTRIES):
        groups[code[:2]].append((code, name))
    return [ANY, (_("Mexico"), groups["MX"]), (_("United States"), groups["US"])]


def municipality_choices(region: str) -> list:
    """The municipalities (INEGI CVEGEO) or counties (FIPS) of one state, by name."""
    if not region:
        return [BLANK]
    rows = Municipality.objects.filter(region_id=region.upper()).order_by("name").values_list("code", "name")
    return [BLANK, *rows]


def crime_code_choices() -> list:
    """The offences of the reference catalog by their name in the active language, with their NCIC code."""
    rows = sorted(CrimeCode.objects.values_list("code", name_field()), key=lambda row: strip_accents(row[1]).lower())
    return [BLANK, *((code, f"{label} ({code})") for code, label in rows)]


def text_field(label, help_text="", **attrs) -> forms.CharField:
    """A column read as text; the reader, not the form, decides whether it is right."""
    widget = forms.TextInput(attrs={"autocomplete": "off", **attrs})
    return forms.CharField(label=label, help_text=help_text, required=False, widget=widget)


def select_field(label, choices=(), help_text="", **attrs) -> forms.CharField:
    widget = forms.Select(choices=choices, attrs={"autocomplete": "off", **attrs})
    return forms.CharField(label=label, help_text=help_text, required=False, widget=widget)


def radios_field(label, choices, initial, help_text="") -> forms.CharField:
    widget = forms.RadioSelect(choices=choices)
    return forms.CharField(label=label, help_text=help_text, required=False, initial=initial, widget=widget)


def date_field(label, help_text="", **attrs) -> forms.CharField:
    widget = forms.DateInput(attrs={"type": "date", "autocomplete": "off", **attrs}, format="%Y-%m-%d")
    return forms.CharField(label=label, help_text=help_text, required=False, widget=widget)


def suggested_field(label, options: str, url, help_text="", include: str = "") -> forms.CharField:
    """A text field with catalog suggestions: typing asks the server for the <option>s of its <datalist>."""
    attrs = {
        "list": options,
        "hx-get": url,
        "hx-trigger": "input changed delay:200ms",
        "hx-target": f"#{options}",
        "hx-sync": "this:replace",
        "spellcheck": "false",
    }
    if include:
        attrs["hx-include"] = include
    return text_field(label, help_text, **attrs)


def reloads(field: forms.Field, url, target: str) -> None:
    """Choosing a value in `field` reloads the options of the select `target`."""
    field.widget.attrs.update({"hx-get": url, "hx-trigger": "change", "hx-target": target, "hx-swap": "innerHTML"})

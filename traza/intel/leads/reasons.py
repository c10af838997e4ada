"""A lead's reasons in words: each item (`{"code", "strength", "value", …}`) is one translated line.

Lines are whole sentences with named placeholders (ngettext on the count they hang on), so Spanish
reads as Spanish; figures are formatted for the reader's language.
"""

import functools
from collections.abc import Callable

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext_lazy

from traza.catalog.models import Country, Region
from traza.tracing.presentation import catalog_name


def reason_text(item: dict) -> str:
    """One reason item as one line in the active language."""
    writer = LINES.get(item.get("code", ""))
    if writer is None:
        return str(item.get("code", ""))
    return writer(item)


def _count(item: dict) -> int:
    return int(item.get("value") or 0)


def _whole(value) -> str:
    return number_format(int(value), force_grouping=True)


def _decimal(value) -> str:
    return number_format(float(value), decimal_pos=1, force_grouping=True)


def _country(code: str) -> str:
    country = _known(_countries, code)
    return catalog_name(country) if country is not None else code


def _state(code: str) -> str:
    region = _known(_us_states, code)
    return region.local_name if region is not None else code


def _known(table, code: str):
    """The row of `code` in a cached table, read again once when the code is not in it (a catalog loaded since)."""
    if not code:
        return None
    if code not in table():
        table.cache_clear()
    return table().get(code)


@functools.cache
def _countries() -> dict[str, Country]:
    """The catalog's countries by code, read once per process (a page of leads names many; they never change
    while Traza runs but by `traza catalog load`, which restarts nothing: a name it renames shows on restart)."""
    return {country.code: country for country in Country.objects.all()}


@functools.cache
def _us_states() -> dict[str, Region]:
    """The US states by postal code, read once per process (as `_countries`)."""
    return {region.postal_code: region for region in Region.objects.filter(country_id="US").exclude(postal_code="")}


def _counted(line, **extra: Callable[[dict], str]) -> Callable[[dict], str]:
    """A line (ngettext_lazy on "n") that hangs on the item's count, other placeholders filled from the item."""

    def write(item: dict) -> str:
        count = _count(item)
        values = {"n": count, "count": _whole(count), **{name: fill(item) for name, fill in extra.items()}}
        return str(line % values)

    return write


def _days(item: dict) -> str:
    return _whole(item.get("days", 0))


def _dealer_rate(item: dict) -> str:
    values = {"rate": _decimal(item["value"]), "peers": _decimal(item.get("peers", 0))}
    if item.get("state"):
        values["state"] = _state(item["state"])
        return (
            gettext(
                "%(rate)s short time-to-crime traces per 1,000 guns sold, against %(peers)s at its peers in %(state)s"
            )
            % values
        )
    return gettext("%(rate)s short time-to-crime traces per 1,000 guns sold, against %(peers)s at its peers") % values


def _dealer_chance(item: dict) -> str:
    return gettext("So many by chance at its peers' rate: less than once in %(odds)s") % {"odds": _whole(item["value"])}


LINES: dict[str, Callable[[dict], str]] = {
    "traced_guns": _counted(ngettext_lazy("%(count)s gun traced", "%(count)s guns traced", "n")),
    "recovered_abroad": _counted(
        ngettext_lazy("%(count)s recovered in %(country)s", "%(count)s recovered in %(country)s", "n"),
        country=lambda item: _country(item.get("country", "")),
    ),
    "short_ttc": _counted(
        ngettext_lazy(
            "%(count)s recovered within 3 years of the sale (the soonest %(days)s days after it)",
            "%(count)s recovered within 3 years of the sale (the soonest %(days)s days after it)",
            "n",
        ),
        days=_days,
    ),
    "recovered_far": _counted(
        ngettext_lazy(
            "%(count)s recovered in another state than the dealer's",
            "%(count)s recovered in another state than the dealer's",
            "n",
        ),
    ),
    "multiple_sale": _counted(
        ngettext_lazy("Named in %(count)s multiple-sale report", "Named in %(count)s multiple-sale reports", "n")
    ),
    "short_window": _counted(
        ngettext_lazy("%(count)s gun bought within %(days)s days", "%(count)s guns bought within %(days)s days", "n"),
        days=_days,
    ),
    "purchaser_not_possessor": _counted(
        ngettext_lazy(
            "%(count)s taken from someone other than the buyer",
            "%(count)s taken from someone other than the buyer",
            "n",
        )
    ),
    "ring_members": _counted(
        ngettext_lazy("%(count)s buyer tied to the others", "%(count)s buyers tied to each other", "n")
    ),
    "shared_address": _counted(
        ngettext_lazy("%(count)s pair of them shares an address", "%(count)s pairs of them share an address", "n")
    ),
    "shared_id": _counted(
        ngettext_lazy("%(count)s pair of them shares an ID number", "%(count)s pairs of them share an ID number", "n")
    ),
    "recovered_together": _counted(
        ngettext_lazy(
            "%(count)s pair of them had guns recovered in the same seizure",
            "%(count)s pairs of them had guns recovered in the same seizure",
            "n",
        ),
    ),
    "same_dealer": _counted(
        ngettext_lazy(
            "%(count)s pair of them bought at the same dealer within %(days)s days",
            "%(count)s pairs of them bought at the same dealer within %(days)s days",
            "n",
        ),
        days=_days,
    ),
    "dealer_rate": _dealer_rate,
    "dealer_short_ttc": _counted(
        ngettext_lazy(
            "%(count)s gun traced within 3 years of the sale, of %(sold)s sold",
            "%(count)s guns traced within 3 years of the sale, of %(sold)s sold",
            "n",
        ),
        sold=lambda item: _whole(item.get("sold", 0)),
    ),
    "dealer_chance": _dealer_chance,
    "custody_seized_again": _counted(
        ngettext_lazy(
            "Seized by one agency and recovered again %(count)s day later",
            "Seized by one agency and recovered again %(count)s days later",
            "n",
        ),
    ),
    "custody_traced_twice": _counted(
        ngettext_lazy("Traced twice, %(count)s day apart", "Traced twice, %(count)s days apart", "n")
    ),
    "suspect_gun": _counted(
        ngettext_lazy(
            "Flagged as suspect by an investigator, traced %(count)s time",
            "Flagged as suspect by an investigator, traced %(count)s times",
            "n",
        ),
    ),
}

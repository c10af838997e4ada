"""How a chart's values read: in its table, formatted for the active language, and in its JSON, as plain numbers."""

import math
from datetime import date, datetime
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

NUMERIC = ("count", "share", "days", "number")


def number(value, decimals: int = 0) -> str:
    # Rounded here: Django cuts a float's digits off rather than rounding them.
    return formats.number_format(round(float(value), decimals), decimals, use_l10n=True, force_grouping=True)


def percent_pattern() -> str:
    # Translators: a share written as a percentage; Spanish puts a no-break space before the sign.
    return _("%(value)s%%")


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None


def month_text(value) -> str:
    """A month as the charts write it: "ene 2025" in Spanish, "Jan 2025" in English."""
    day = _as_date(value)
    # Translators: a Django date format for a month on a chart; Spanish uses "b Y" (lower-case "ene 2025").
    return formats.date_format(day, pgettext("chart month", "M Y")) if day else ""


def cell_text(value, kind: str) -> str:
    """A value as the table shows it, in the active language ('' for none)."""
    if value is None or value == "":
        return ""
    if kind == "count":
        return number(value)
    if kind == "share":
        return percent_pattern() % {"value": number(float(value) * 100, 1)}
    if kind == "days":
        return number(math.floor(float(value) + 0.5))
    if kind == "month":
        return month_text(value)
    if kind == "number":
        digits = f"{round(float(value), 4):f}".rstrip("0").split(".")[1]
        return number(value, len(digits))
    return str(value)


def plain(value):
    """A value as JSON carries it: numbers as numbers, dates as ISO text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value)

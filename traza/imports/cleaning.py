"""Reading one row's values into typed, normalised fields, collecting every error it has.

Shared by the file importers, the API and the web forms, so that the same value is accepted or
refused the same way whichever channel brought it.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_noop as _

from traza.core.values import parse_bool, parse_date, serial_is_valid, serial_key
from traza.imports.errors import Message, RowError

_FFL = re.compile(r"^([1-9])-?(\d{2})-?(\d{3})-?(\d{2})-?(\d[A-Z])-?(\d{5})$")
_RDS = re.compile(r"^(\d)(\d{2})(\d{5})$")


@dataclass(frozen=True, slots=True)
class Licence:
    """An FFL number split in its parts; `rds` (region, district, sequence) is the licensee's stable identity."""

    region: str
    district: str
    county: str
    lic_type: str
    expiration: str
    sequence: str
    rds: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rds", self.region + self.district + self.sequence)

    @property
    def parts(self) -> tuple[str, str, str, str, str, str]:
        return (self.region, self.district, self.county, self.lic_type, self.expiration, self.sequence)


def parse_licence(text: str) -> Licence | None:
    """`5-74-141-01-8G-06336`, the same without dashes, or an 8-digit RDS key."""
    value = text.strip().upper().replace(" ", "")
    match = _FFL.match(value)
    if match:
        return Licence(*match.groups())
    match = _RDS.match(value)
    if match:
        region, district, sequence = match.groups()
        return Licence(region, district, "", "", "", sequence)
    return None


class RowReader:
    """Typed access to one row's values, by canonical column name, gathering errors."""

    def __init__(self, line: int, values: Mapping[str, str], *, dayfirst: bool = False):
        self.line = line
        self.values = values
        self.dayfirst = dayfirst
        self.errors: list[RowError] = []

    def error(self, field: str, text: str, **params) -> None:
        self.errors.append(RowError(self.line, field, Message(text, params)))

    def raw(self, column: str) -> str:
        value = self.values.get(column)
        return "" if value is None else str(value).strip()

    def text(self, column: str, *, max_length: int, required: bool = False) -> str:
        value = self.raw(column)
        if required and not value:
            self.error(column, _("%(column)s is required."), column=column)
        elif len(value) > max_length:
            self.error(column, _("%(column)s is longer than %(max)s characters."), column=column, max=max_length)
            return value[:max_length]
        return value

    def date(self, column: str, *, required: bool = False, not_after: date | None = None) -> date | None:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, _("%(column)s is required."), column=column)
            return None
        try:
            parsed = parse_date(value, dayfirst=self.dayfirst)
        except ValueError:
            if self.dayfirst:
                self.error(column, _("%(column)s is not a date (use DD/MM/YYYY or YYYY-MM-DD)."), column=column)
            else:
                self.error(column, _("%(column)s is not a date (use YYYY-MM-DD)."), column=column)
            return None
        if parsed.year < 1800:
            self.error(column, _("%(column)s is before 1800."), column=column)
            return None
        if not_after is not None and parsed > not_after:
            self.error(column, _("%(column)s is in the future."), column=column)
            return None
        return parsed

    def boolean(self, column: str, *, default: bool | None = None) -> bool | None:
        value = self.raw(column)
        if not value:
            return default
        try:
            return parse_bool(value)
        except ValueError:
            self.error(column, _("%(column)s must be Y or N."), column=column)
            return default

    def choice(self, column: str, choices: Mapping[str, str], *, required: bool = False) -> str:
        """A value from a closed list; `choices` maps every accepted spelling (lower case) to the stored value."""
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, _("%(column)s is required."), column=column)
            return ""
        stored = choices.get(value.lower())
        if stored is None:
            allowed = ", ".join(sorted(set(choices.values())))
            self.error(column, _("%(column)s must be one of: %(allowed)s."), column=column, allowed=allowed)
            return ""
        return stored

    def licence(self, column: str, *, required: bool = False) -> Licence | None:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, _("%(column)s is required."), column=column)
            return None
        licence = parse_licence(value)
        if licence is None:
            self.error(column, _("%(column)s is not a licence number (R-DD-CCC-TT-XX-SSSSS)."), column=column)
        return licence

    def serial(self, column: str, *, required: bool, partial: bool = False) -> tuple[str, str]:
        """The serial as written and its comparison key."""
        value = self.text(column, max_length=60, required=required)
        if not value:
            return "", ""
        key = serial_key(value) if value.isascii() else "\x00"  # letters like ß or ﬁ are no serial's
        if not serial_is_valid(key, partial=partial):
            if "?" in key and not partial:
                self.error(
                    column, _("%(column)s may hold ? only when the serial is partly obliterated."), column=column
                )
            else:
                self.error(column, _("%(column)s holds characters a serial number cannot have."), column=column)
            return value, ""
        return value, key

    def decimal(self, column: str, *, low: float, high: float) -> Decimal | None:
        value = self.raw(column).replace(",", ".")
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.error(column, _("%(column)s is not a number."), column=column)
            return None
        if not (low <= number <= high):
            self.error(column, _("%(column)s must be between %(low)s and %(high)s."), column=column, low=low, high=high)
            return None
        return number.quantize(Decimal("0.000001"))

"""Reading one row's values into typed, normalised fields, collecting every error it has.

Shared by the file importers, the API and the web forms, so that the same value is accepted or
refused the same way whichever channel brought it.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_noop as _

from traza.core.values import parse_bool, parse_date, serial_is_valid, serial_key
from traza.imports.errors import Message, RowError

if TYPE_CHECKING:
    from traza.imports.rules import Field

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
    written: str = field(default="", compare=False)  # as its sender wrote it, when read from a file

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


#: A column's reading of one text: its value, or the message refusing it.
Read = Any


def required(column: str) -> Message:
    return Message(_("%(column)s is required."), {"column": column})


def read_text(text: str, column: str, max_length: int) -> Read:
    if len(text) > max_length:
        return Message(_("%(column)s is longer than %(max)s characters."), {"column": column, "max": max_length})
    return text


def read_date(text: str, column: str, *, dayfirst: bool, not_after: date | None = None) -> Read:
    try:
        parsed = parse_date(text, dayfirst=dayfirst)
    except ValueError:
        if dayfirst:
            return Message(_("%(column)s is not a date (use DD/MM/YYYY or YYYY-MM-DD)."), {"column": column})
        return Message(_("%(column)s is not a date (use YYYY-MM-DD)."), {"column": column})
    if parsed.year < 1800:
        return Message(_("%(column)s is before 1800."), {"column": column})
    if not_after is not None and parsed > not_after:
        return Message(_("%(column)s is in the future."), {"column": column})
    return parsed


def read_choice(text: str, column: str, choices: Mapping[str, str]) -> Read:
    """A value from a closed list; `choices` maps every accepted spelling (lower case) to the stored value."""
    stored = choices.get(text.lower())
    if stored is None:
        allowed = ", ".join(sorted(set(choices.values())))
        return Message(_("%(column)s must be one of: %(allowed)s."), {"column": column, "allowed": allowed})
    return stored


def read_licence(text: str, column: str) -> Read:
    licence = parse_licence(text)
    if licence is None:
        return Message(_("%(column)s is not a licence number (R-DD-CCC-TT-XX-SSSSS)."), {"column": column})
    return licence


def read_serial(text: str, column: str, *, partial: bool = False) -> Read:
    """The serial as written and its comparison key."""
    if len(text) > 60:
        return read_text(text, column, 60)
    key = serial_key(text) if text.isascii() else "\x00"  # letters like ß or ﬁ are no serial's
    if serial_is_valid(key, partial=partial):
        return text, key
    if "?" in key and not partial:
        return Message(_("%(column)s may hold ? only when the serial is partly obliterated."), {"column": column})
    return Message(_("%(column)s holds characters a serial number cannot have."), {"column": column})


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

    def read(self, field: "Field") -> Any:
        """A column read by a kind's field (see imports.rules): its value, or its empty value with the error."""
        value = self.raw(field.column)
        answer = field.read(value, self.dayfirst) if value else field.empty_answer()
        return self.take(field.column, answer, field.empty)

    def take(self, column: str, read: Read, empty: Any = None) -> Any:
        """A column's reading: the value, or `empty` with the message that refused it kept as an error."""
        if type(read) is Message:
            self.errors.append(RowError(self.line, column, read))
            return empty
        return read

    def _missing(self, column: str, required_: bool, empty: Any) -> Any:
        if required_:
            self.errors.append(RowError(self.line, column, required(column)))
        return empty

    def text(self, column: str, *, max_length: int, required: bool = False) -> str:
        value = self.raw(column)
        if not value:
            return self._missing(column, required, "")
        return self.take(column, read_text(value, column, max_length), value[:max_length])

    def date(self, column: str, *, required: bool = False, not_after: date | None = None) -> date | None:
        value = self.raw(column)
        if not value:
            return self._missing(column, required, None)
        return self.take(column, read_date(value, column, dayfirst=self.dayfirst, not_after=not_after))

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
            return self._missing(column, required, "")
        return self.take(column, read_choice(value, column, choices), "")

    def licence(self, column: str, *, required: bool = False) -> Licence | None:
        value = self.raw(column)
        if not value:
            return self._missing(column, required, None)
        return self.take(column, read_licence(value, column))

    def serial(self, column: str, *, required: bool, partial: bool = False) -> tuple[str, str]:
        """The serial as written and its comparison key."""
        value = self.raw(column)
        if not value:
            return self._missing(column, required, ("", ""))
        return self.take(column, read_serial(value, column, partial=partial), (value[:60], ""))

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

"""One way to filter a list, shared by its web page, its downloads and its API.

A list declares its filters once, as the fields of a `ListFilter` (a Django form, so the page renders it and its
errors are translated); each field narrows the queryset through the list's `filter_<name>(queryset, value)` method,
or through `lookups` when one lookup is enough. The form then gives everything else: the values read from a
QueryDict or any mapping (repeated or comma-separated for a field of several values; a blank value is no filter),
`apply` on a queryset already scoped to the viewer (it only ever narrows it), the errors by parameter for the API's
400 and for the page, the filters as text for an export's audit entry, and the API's OpenAPI query parameters.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter

from traza.core.values import parse_bool, parse_date


def no_filter(value) -> bool:
    """A blank text, no values, an unticked yes/no: no filter (0 is a value)."""
    return value is None or value is False or (isinstance(value, str | list | tuple) and not value)


def described(field: forms.Field, description) -> forms.Field:
    """`field`, with the API's longer description of it when the page's short label is not enough."""
    field.description = description  # type: ignore[attr-defined]
    return field


class WholeNumberField(forms.Field):
    """A whole number written in ASCII digits: "²" and "٣" are digits to str.isdigit(), not numbers to a person."""

    default_error_messages = {"invalid": _("Must be a whole number.")}

    def to_python(self, value) -> int | None:
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        if not (text.isascii() and text.isdigit()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)


class DayField(forms.Field):
    """A day written as ISO (2024-03-21) or day first (21/03/2024, as Mexican agencies write it)."""

    default_error_messages = {"invalid": _("Must be a date: YYYY-MM-DD.")}

    def __init__(self, *, label, help_text="", **kwargs):
        widget = forms.DateInput(attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d")
        super().__init__(label=label, help_text=help_text, required=False, widget=widget, **kwargs)

    def to_python(self, value) -> date | None:
        if isinstance(value, date):
            return value
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        try:
            return parse_date(text, dayfirst=True)
        except ValueError:
            params = {"field": getattr(self, "parameter", ""), "value": text[:20]}
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params=params) from None


def _flag_checked(value) -> bool:
    try:
        return value is True or (isinstance(value, str) and bool(value) and parse_bool(value))
    except ValueError:
        return False


class FlagInput(forms.CheckboxInput):
    """A checkbox whose text is read as a yes or no (`?overdue=true`, `?overdue=no`), not as any text at all."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=_flag_checked)

    def format_value(self, value):
        return "true"

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class FlagField(forms.Field):
    """Yes or no, written as Traza reads booleans everywhere (Y/N, yes/no, true/false, 1/0, sí/no), or a ticked box."""

    widget = FlagInput
    default_error_messages = {"invalid": _("Must be yes or no (true, false, 1, 0).")}

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> bool:
        if value in (None, "", False):
            return False
        if value is True:
            return True
        text = str(value).strip().lower()
        if text in ("on", "off"):  # a ticked box the browser sends without a value
            return text == "on"
        try:
            return parse_bool(text)
        except ValueError:
            params = {"field": getattr(self, "parameter", "")}
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params=params) from None


class ManyInput(forms.Select):
    """A select of one value on the page that reads every value the query gives: `?a=1&a=2` and `?a=1,2`."""

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        value = getlist(name) if getlist else data.get(name)
        return value if isinstance(value, list | tuple) else [value]


class ManyChoiceField(forms.Field):
    """Any of the choices, repeated or comma-separated; the page offers one of them, or any."""

    widget = ManyInput
    many = True
    default_error_messages = {"invalid_choice": _("Must be one of: %(allowed)s.")}

    def __init__(self, *, label, choices, help_text="", **kwargs):
        super().__init__(label=label, help_text=help_text, required=False, **kwargs)
        self.choices = [(str(value), text) for value, text in choices]
        self.widget.choices = [("", _("Any")), *self.choices]
        self.widget.attrs.setdefault("autocomplete", "off")

    @property
    def values(self) -> list[str]:
        return [value for value, _text in self.choices]

    def to_python(self, value) -> list[str]:
        given = value if isinstance(value, list | tuple) else [value]
        parts = [part for item in given for part in str(item if item is not None else "").split(",")]
        return [part.strip() for part in parts if part.strip()]

    def validate(self, value) -> None:
        if any(item not in self.values for item in value):
            allowed = ", ".join(self.values)
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"allowed": allowed}
            )


SORT_ORDER = _("Sort order")


class OrderingField(ManyChoiceField):
    """The columns a list is sorted by, comma-separated, each ascending or with "-" descending."""

    default_error_messages = {"invalid_choice": _("Must be one of: %(allowed)s (with - for descending).")}

    def __init__(self, columns: tuple[str, ...], *, label=SORT_ORDER, **kwargs):
        super().__init__(label=label, choices=[(column, column) for column in columns], **kwargs)
        self.columns = columns

    @property
    def values(self) -> list[str]:
        return [prefix + column for column in self.columns for prefix in ("", "-")]

    def validate(self, value) -> None:
        if any(item.removeprefix("-") not in self.columns for item in value):
            allowed = ", ".join(self.columns)
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"allowed": allowed}
            )


class ListFilter(forms.Form):
    """The filters of one list: its fields, how each narrows the list, and its order.

    A field narrows the queryset through `filter_<name>(queryset, value)` (the context `apply` was given is
    `self.context`), or `lookups[name]`;
    `ordering`, when the list declares it as an `OrderingField`, sorts by the columns asked and then `tiebreak`.
    """

    #: Field name → the queryset lookup its value is given to, for the filters that need nothing more.
    lookups: ClassVar[Mapping[str, str]] = {}
    #: The order of the list when none is asked.
    default_ordering: ClassVar[tuple[str, ...]] = ()
    #: What follows the columns asked, so that a page always holds the same rows.
    tiebreak: ClassVar[tuple[str, ...]] = ("-id",)
    #: The filters the web page shows, in this order; None for all. The others are the API's and the links'.
    page_fields: ClassVar[tuple[str, ...] | None] = None

    def __init__(self, data: Mapping[str, Any] | None = None, *args, **kwargs):
        super().__init__(data if data is not None else {}, *args, **kwargs)
        for name, field in self.fields.items():
            field.parameter = name  # type: ignore[attr-defined]  # for messages that name the parameter

    @property
    def shown(self) -> list[forms.BoundField]:
        """The fields the page shows."""
        names = self.page_fields if self.page_fields is not None else tuple(self.fields)
        return [self[name] for name in names]

    @property
    def hidden_errors(self) -> list[str]:
        """The errors of filters the page does not show, each naming its parameter."""
        shown = {field.name for field in self.shown}
        return [
            message if name == NON_FIELD_ERRORS else f"{name}: {message}"
            for name, messages in self.errors_by_parameter().items()
            if name not in shown
            for message in messages
        ]

    def apply(self, queryset: QuerySet, **context) -> QuerySet:
        """`queryset` narrowed by every filter given and put in the order asked; ValueError if any cannot be read."""
        if not self.is_valid():
            raise ValueError(self.errors_as_text())
        self.context = context
        if self.default_ordering:
            queryset = queryset.order_by(*self.default_ordering)
        for name, value in self.cleaned_data.items():
            if no_filter(value):
                continue
            narrow = getattr(self, f"filter_{name}", None)
            if narrow is not None:
                queryset = narrow(queryset, value)
            elif name in self.lookups:
                queryset = queryset.filter(**{self.lookups[name]: value})
            elif isinstance(self.fields[name], OrderingField):
                queryset = queryset.order_by(*value, *self.tiebreak)
        return queryset

    def errors_by_parameter(self) -> dict[str, list[str]]:
        """{parameter: [messages]}: what the API answers with a 400 (`ValidationError(...)`) and the page shows."""
        return {name: [str(message) for message in messages] for name, messages in self.errors.items()}

    def errors_as_text(self) -> str:
        """The errors as lines of text, for a download that cannot be made."""
        return "\n".join(f"{name}: {' '.join(messages)}" for name, messages in self.errors_by_parameter().items())

    def criteria(self) -> dict[str, str]:
        """The filters given, as text, for the audit log of an export; the order of the rows is not a filter."""
        self.is_valid()
        return {
            name: _text(value)
            for name, value in getattr(self, "cleaned_data", {}).items()
            if not no_filter(value) and not isinstance(self.fields[name], OrderingField)
        }

    @classmethod
    def parameters(cls) -> list[OpenApiParameter]:
        """The filters as the OpenAPI query parameters of the list's API."""
        return [_parameter(name, field) for name, field in cls.base_fields.items()]


def _text(value) -> str:
    if isinstance(value, list | tuple):
        return ",".join(str(item) for item in value)
    return str(value)


TYPES: tuple[tuple[type[forms.Field], type], ...] = (
    (WholeNumberField, int),
    (forms.FloatField, float),  # before IntegerField, which Django's FloatField extends
    (forms.IntegerField, int),
    (DayField, date),
    (FlagField, bool),
)


def _parameter(name: str, field: forms.Field) -> OpenApiParameter:
    kind = next((kind for field_type, kind in TYPES if isinstance(field, field_type)), str)
    description = getattr(field, "description", None) or field.help_text or field.label or ""
    many = getattr(field, "many", False)
    if many:
        enum = list(field.values)  # type: ignore[attr-defined]
    else:
        enum = [str(value) for value, _text in getattr(field, "choices", ()) if value != ""]
    return OpenApiParameter(
        name,
        kind,
        OpenApiParameter.QUERY,
        description=description,
        enum=enum or None,
        many=many or None,
        explode=False if many else None,
    )

"""The one way lists are filtered (core/filters.py): reading, applying, errors, criteria, OpenAPI parameters."""

from datetime import date

import pytest
from django import forms
from django.http import QueryDict
from django.utils import translation

from traza.agencies.models import Agency
from traza.core.filters import (
    DayField,
    FlagField,
    ListFilter,
    ManyChoiceField,
    OrderingField,
    WholeNumberField,
    described,
)


class AgencyFilter(ListFilter):
    """A list of agencies, filtered with one field of each kind."""

    level = ManyChoiceField(label="Level", choices=Agency.Level.choices)
    line = WholeNumberField(label="Line of the directory file", required=False)
    mou_from = DayField(label="Agreement from", help_text="Agreements signed on or after this day")
    designated = FlagField(label="Designated")
    name = described(forms.CharField(label="Name", required=False), "Any part of the agency's name")
    ordering = OrderingField(("name", "code"))

    lookups = {"level": "level__in", "line": "line", "mou_from": "mou_date__gte", "designated": "designated"}
    default_ordering = ("code",)
    page_fields = ("name", "level")

    def filter_name(self, queryset, text: str):
        return queryset.filter(name__icontains=text)


def read(query: str) -> AgencyFilter:
    return AgencyFilter(QueryDict(query))


@pytest.fixture
def agencies(catalog) -> dict[str, Agency]:
    rows = {
        "state": ("MXSIN0001", "Fiscalía General del Estado de Sinaloa", Agency.Level.STATE, 7, date(2024, 3, 21)),
        "town": ("MXSIN0060", "Policía Municipal de Culiacán", Agency.Level.MUNICIPAL, 12, None),
        "federal": ("MXFGR0001", "Fiscalía General de la República", Agency.Level.FEDERAL, 0, date(2023, 1, 5)),
    }
    return {
        key: Agency.objects.create(
            code=code, name=name, country_id="MX", level=level, kind="police", line=line, mou_date=mou
        )
        for key, (code, name, level, line, mou) in rows.items()
    }


def cleaned(given: AgencyFilter, name: str):
    assert given.is_valid(), given.errors
    return given.cleaned_data[name]


def codes(queryset) -> list[str]:
    return list(queryset.values_list("code", flat=True))


def test_several_values_are_read_comma_separated_or_repeated():
    assert cleaned(read("level=state,%20municipal"), "level") == ["state", "municipal"]
    assert cleaned(read("level=state&level=municipal"), "level") == ["state", "municipal"]
    assert cleaned(AgencyFilter({"level": "state,municipal"}), "level") == ["state", "municipal"]
    assert cleaned(AgencyFilter({"level": ["state", "federal"]}), "level") == ["state", "federal"]


def test_blank_values_are_no_filter():
    given = read("level=&level=,&line=&mou_from=%20&designated=&name=%20%20&ordering=")

    assert given.is_valid(), given.errors
    assert given.criteria() == {}


@pytest.mark.parametrize("text", ["²", "1²", "٣", "-1", "1.0", "12a"])
def test_a_whole_number_is_written_in_ascii_digits(text):
    given = AgencyFilter({"line": text})

    assert given.errors_by_parameter() == {"line": ["Must be a whole number."]}


@pytest.mark.django_db
def test_a_whole_number_of_zero_is_a_filter(agencies):
    assert cleaned(AgencyFilter({"line": " 12 "}), "line") == 12
    assert codes(AgencyFilter({"line": "0"}).apply(Agency.objects.all())) == ["MXFGR0001"]


@pytest.mark.parametrize("text", ["2024-03-21", "21/03/2024", "21/3/2024", " 2024-03-21 "])
def test_a_day_is_written_iso_or_day_first(text):
    assert cleaned(AgencyFilter({"mou_from": text}), "mou_from") == date(2024, 3, 21)


@pytest.mark.parametrize("text", ["03/21/2024", "31/02/2024", "yesterday", "2024-13-01"])
def test_a_day_that_is_not_one_is_refused(text):
    assert AgencyFilter({"mou_from": text}).errors_by_parameter() == {"mou_from": ["Must be a date: YYYY-MM-DD."]}


@pytest.mark.parametrize(("text", "value"), [("true", True), ("Sí", True), ("on", True), ("0", False), ("no", False)])
def test_a_flag_is_yes_or_no(text, value):
    assert cleaned(AgencyFilter({"designated": text}), "designated") is value


def test_errors_are_given_by_parameter():
    given = read("level=county&line=%C2%B2&designated=maybe&ordering=-line&name=Culiac%C3%A1n")

    assert not given.is_valid()
    assert given.errors_by_parameter() == {
        "level": ["Must be one of: federal, state, municipal."],
        "line": ["Must be a whole number."],
        "designated": ["Must be yes or no (true, false, 1, 0)."],
        "ordering": ["Must be one of: name, code (with - for descending)."],
    }
    assert given.errors_as_text().splitlines()[0] == "level: Must be one of: federal, state, municipal."
    assert given.hidden_errors == [
        "line: Must be a whole number.",
        "designated: Must be yes or no (true, false, 1, 0).",
        "ordering: Must be one of: name, code (with - for descending).",
    ]
    with pytest.raises(ValueError, match="line: Must be a whole number."):
        given.apply(Agency.objects.all())


def test_errors_are_in_the_readers_language():
    with translation.override("es"):
        assert AgencyFilter({"line": "x"}).errors_by_parameter() == {"line": ["Debe ser un número entero."]}


@pytest.mark.django_db
def test_apply_narrows_by_lookups_and_methods_and_sorts(agencies):
    every = Agency.objects.filter(code__in=["MXSIN0001", "MXSIN0060", "MXFGR0001"])

    assert codes(read("").apply(every)) == ["MXFGR0001", "MXSIN0001", "MXSIN0060"]
    assert codes(read("level=state,municipal&ordering=-code").apply(every)) == ["MXSIN0060", "MXSIN0001"]
    assert codes(read("name=fiscal%C3%ADa&ordering=-name").apply(every)) == ["MXSIN0001", "MXFGR0001"]
    assert codes(read("mou_from=01/01/2024").apply(every)) == ["MXSIN0001"]


@pytest.mark.django_db
def test_apply_never_widens_the_queryset_it_is_given(agencies):
    scoped = Agency.objects.filter(code="MXSIN0060")

    assert codes(read("level=federal,state,municipal&ordering=name").apply(scoped)) == ["MXSIN0060"]
    assert codes(read("level=federal").apply(scoped)) == []


def test_criteria_are_the_filters_given_as_text():
    given = read("level=state&level=municipal&line=7&mou_from=21/03/2024&designated=s%C3%AD&ordering=name&page=2")

    assert given.criteria() == {"level": "state,municipal", "line": "7", "mou_from": "2024-03-21", "designated": "True"}


def test_the_page_shows_its_fields_in_its_order():
    assert [field.name for field in read("").shown] == ["name", "level"]


def test_the_openapi_parameters_are_derived_from_the_fields():
    parameters = {parameter.name: parameter for parameter in AgencyFilter.parameters()}

    assert list(parameters) == ["level", "line", "mou_from", "designated", "name", "ordering"]
    assert {parameter.location for parameter in parameters.values()} == {"query"}
    level = parameters["level"]
    assert (level.type, level.enum, level.many, level.explode) == (str, ["federal", "state", "municipal"], True, False)
    assert str(level.description) == "Level"
    assert parameters["line"].type is int and parameters["line"].many is None
    assert parameters["mou_from"].type is date
    assert str(parameters["mou_from"].description) == "Agreements signed on or after this day"
    assert parameters["designated"].type is bool
    assert str(parameters["name"].description) == "Any part of the agency's name"
    assert parameters["ordering"].enum == ["name", "-name", "code", "-code"]
    assert str(parameters["ordering"].description) == "Sort order"


def test_a_single_choice_gives_its_values_without_the_blank_one_and_a_decimal_is_a_number():
    class KindFilter(ListFilter):
        kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any"), *Agency.Kind.choices[:2]])
        share = forms.FloatField(label="Share", required=False)

    kind, share = KindFilter.parameters()

    assert (kind.enum, kind.many) == (["police", "prosecutor"], None)
    assert share.type is float

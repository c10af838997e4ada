"""A row of a list page: the template reads the object through it, and the row's own fields beside it."""

import copy
from dataclasses import dataclass
from datetime import date

from django.template import Context, Template

from traza.core.rows import Row


@dataclass
class Gun:
    serial_number: str
    recovered: date

    def maker(self) -> str:
        return "Sturm, Ruger & Co."


@dataclass(frozen=True)
class DueGun(Row[Gun]):
    due_words: str


def test_a_template_reads_the_objects_attributes_and_methods_through_the_row():
    row = DueGun(Gun("ab-1234", date(2026, 3, 1)), due_words="vence en 3 horas")
    page = Template(
        '{{ row.serial_number }} · {{ row.maker }} · {{ row.recovered|date:"Y-m-d" }} · {{ row.due_words }}'
    )

    assert page.render(Context({"row": row})) == "ab-1234 · Sturm, Ruger &amp; Co. · 2026-03-01 · vence en 3 horas"


def test_an_attribute_neither_has_is_missing_and_a_copy_is_the_same_row():
    row = DueGun(Gun("ab-1234", date(2026, 3, 1)), due_words="")

    assert not hasattr(row, "possessor_name")
    assert copy.copy(row) == row and copy.deepcopy(row) == row

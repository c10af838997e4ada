"""update_rows: a few rows by one statement each, many through a joined UPDATE; the same rows either way."""

import pytest

from traza.catalog.models import Make
from traza.core.bulk import FEW_ROWS, update_rows

pytestmark = pytest.mark.django_db

NAMES = ("tab\there", "back\\slash", "new\nline", "Ñandú ármas", "")


@pytest.mark.parametrize("count", [1, FEW_ROWS, FEW_ROWS + 1, 3 * FEW_ROWS])
def test_update_rows_sets_every_column_of_every_row_and_no_other(catalog, count):
    makes = Make.objects.bulk_create(
        Make(name=f"BULK TEST {number}", country_id="US", ceased_year=1990) for number in range(count + 1)
    )
    changed, untouched = makes[:count], makes[count]
    rows = [
        (make.pk, f"{NAMES[number % len(NAMES)]} {number}", None if number % 2 else 2001 + number % 20, number % 3 == 0)
        for number, make in enumerate(changed)
    ]

    update_rows(Make._meta.db_table, "id", ("name", "ceased_year", "marked"), rows)

    found = {
        pk: (name, year, marked)
        for pk, name, year, marked in Make.objects.filter(pk__in=[make.pk for make in makes]).values_list(
            "pk", "name", "ceased_year", "marked"
        )
    }
    assert found == {**{pk: tuple(values) for pk, *values in rows}, untouched.pk: (untouched.name, 1990, True)}

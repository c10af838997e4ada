"""Places as agencies keep them in their lists: a state or municipality by its name or its code, accents and case
ignored; a name several municipalities share is refused with the candidates, and the row's other data is kept."""

import pytest
from django.utils import translation

from traza.tracing.models import Seizure, Trace

BASE = {
    "agency_code": "",
    "recovery_date": "2022-05-01",
    "recovery_country": "México",
    "serial_number": "ABC123",
    "manufacturer": "RUGER",
}


def rows(agency, *places):
    return [
        {
            **BASE,
            "agency_code": agency.code,
            "request_ref": f"R{n}",
            "recovery_state": state,
            "recovery_municipality": town,
        }
        for n, (state, town) in enumerate(places, start=1)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "town", "expected"),
    [
        ("Sinaloa", "Culiacán", ("MX-SIN", "25006")),
        ("SINALOA", "CULIACAN", ("MX-SIN", "25006")),
        (" sinaloa ", " culiacán ", ("MX-SIN", "25006")),
        ("", "Culiacán", ("MX-SIN", "25006")),  # one municipality of that name: its state follows
        ("MX-SIN", "25006", ("MX-SIN", "25006")),
        ("Nuevo León", "Guadalupe", ("MX-NLE", "19026")),  # the state tells the Guadalupes apart
        ("nuevo leon", "GUADALUPE", ("MX-NLE", "19026")),
    ],
)
def test_a_municipality_by_name_or_code(load, agency_a, state, town, expected):
    run = load("trace-requests", rows(agency_a, (state, town)))

    assert run.rows_rejected == 0, list(run.row_errors.values_list("text", flat=True))
    trace = Trace.objects.get()
    assert (trace.recovery_region_id, trace.recovery_municipality.code) == expected


@pytest.mark.django_db
def test_a_name_several_municipalities_share_is_refused_with_the_candidates(load, agency_a):
    run = load("trace-requests", rows(agency_a, ("", "Guadalupe"), ("Sinaloa", "Culiacán")))

    assert (run.rows_created, run.rows_rejected) == (1, 1)
    with translation.override("es"):
        error = run.row_errors.get()
        text = str(error.text)
    assert error.column == "recovery_municipality"
    assert "Guadalupe (MX-NLE, 19026)" in text and "Guadalupe (MX-ZAC, 32017)" in text
    assert "varios municipios" in text


@pytest.mark.django_db
def test_a_place_that_is_no_municipality_is_refused_by_name(load, agency_a):
    run = load("trace-requests", rows(agency_a, ("Sinaloa", "Ciudad Gótica")))

    with translation.override("en"):
        assert "neither the name nor the code" in str(run.row_errors.get().text)


@pytest.mark.django_db
def test_a_seizure_inventory_takes_municipality_names(load, agency_a):
    run = load(
        "seizures",
        [
            {
                "seizure_ref": "FA/2024/001",
                "item_no": "1",
                "agency_code": agency_a.code,
                "seizure_date": "15/03/2024",
                "country": "MEXICO",
                "state": "Sinaloa",
                "municipality": "Mazatlan",
                "serial_number": "KX-5150",
                "manufacturer": "Ruger",
                "firearm_type": "pistola",
            }
        ],
        dayfirst=True,
    )

    assert run.rows_rejected == 0, list(run.row_errors.values_list("text", flat=True))
    assert Seizure.objects.get().municipality.code == "25012"

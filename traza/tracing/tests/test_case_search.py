"""Finding an agency's traces as its people remember them: any part of a serial, the carpeta de investigación,
the seizure folio, the reference, the officer. The same filters serve the list, its CSV and the API."""

import pytest

from traza.agencies.tests.factories import api_client
from traza.tracing.tests.api_support import load_records, submit

URL = "/api/v1/traces/"


@pytest.fixture
def cases(load, agency_a, agency_b, catalog):
    load_records(load)
    load_records(load, serial="ZY-1775807", ref="4473-2")
    return {
        "ruger": submit(
            agency_a,
            request_ref="SSP-CLN/0412",
            agency_case_number="FED/SIN/CLN/0001234/2024",
            seizure_ref="FA-2024-118",
            officer_name="Ma. Guadalupe Ríos",
            officer_badge="P-4471",
        ),
        "zy": submit(
            agency_a,
            request_ref="SSP-CLN/0413",
            serial_number="ZY-1775807",
            agency_case_number="CI-FGE-SIN-77/2024",
            officer_name="JOSE LUIS ZAZUETA",
            officer_badge="8812",
        ),
        "theirs": submit(
            agency_b, request_ref="B-9", serial_number="ZY-1775807", agency_case_number="CI-FGE-SIN-77/2024"
        ),
    }


def found(client, **params) -> set[str]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.json()
    return {row["request_ref"] for row in response.json()["results"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        ("1775807", {"SSP-CLN/0413"}),  # the digits alone
        ("zy177", {"SSP-CLN/0413"}),  # the start, lower case
        ("Y-1775", {"SSP-CLN/0413"}),  # a middle part with the dash it was written with
        ("ZYI775", {"SSP-CLN/0413"}),  # I read as 1, as serials are compared
        ("12345", {"SSP-CLN/0412"}),
        ("RG-12345", {"SSP-CLN/0412"}),
        ("775", set()),  # under four characters: the whole serial or nothing
        ("9999", set()),
    ],
)
def test_any_part_of_a_serial_finds_the_trace(cases, officer_a, serial, expected):
    assert found(api_client(officer_a), serial=serial) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("0001234", {"SSP-CLN/0412"}),  # part of the carpeta
        ("ci-fge-sin-77", {"SSP-CLN/0413"}),  # case ignored
        ("FA-2024", {"SSP-CLN/0412"}),  # the folio de aseguramiento
        ("cln/04", {"SSP-CLN/0412", "SSP-CLN/0413"}),  # the reference
        ("NO-SUCH-CASE", set()),
    ],
)
def test_q_searches_carpeta_folio_and_reference(cases, officer_a, q, expected):
    assert found(api_client(officer_a), q=q) == expected


@pytest.mark.django_db
def test_q_finds_a_trace_by_its_number(cases, officer_a):
    assert found(api_client(officer_a), q=cases["zy"].number.lower()) == {"SSP-CLN/0413"}


@pytest.mark.django_db
def test_another_agency_trace_is_never_found(cases, officer_a, officer_b):
    assert found(api_client(officer_a), q=cases["theirs"].number) == set()
    assert found(api_client(officer_b), serial="1775807") == {"B-9"}
    assert found(api_client(officer_b), q="FED/SIN") == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("officer", "expected"),
    [("guadalupe", {"SSP-CLN/0412"}), ("ZAZUETA", {"SSP-CLN/0413"}), ("4471", {"SSP-CLN/0412"})],
)
def test_officer_finds_by_name_or_badge(cases, officer_a, officer, expected):
    assert found(api_client(officer_a), officer=officer) == expected


@pytest.mark.django_db
def test_the_list_and_its_csv_search_alike(cases, officer_a, client):
    client.force_login(officer_a)

    page = client.get("/traces/", {"serial": "1775807", "q": "77/2024"})
    csv = client.get("/traces/traces.csv", {"serial": "1775807", "q": "77/2024"})

    assert page.status_code == 200
    assert cases["zy"].number in page.content.decode()
    assert cases["ruger"].number not in page.content.decode()
    rows = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and cases["zy"].number in rows[1]

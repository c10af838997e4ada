"""The pages: who sees which request (another country's: 404), the print sheet, the CSV, Spanish."""

import csv
import io

import pytest
from django.urls import reverse

from traza.agencies.tests.personas import persona
from traza.international.services import international_request_answer
from traza.international.tests.conftest import client_of
from traza.tracing.models import Trace

URLS = ("international-detail", "international-print")


@pytest.fixture
def coordinator_us(agency_b):
    """The United States' coordinator: Mexico's requests are none of theirs."""
    return persona("coordinator_us", agency_b, "coordinator")


def test_the_coordinator_and_the_centre_analyst_see_their_country_requests(hi_power, coordinator_mx, analyst):
    for user in (coordinator_mx, analyst):
        client = client_of(user)
        listing = client.get(reverse("international-list")).content.decode()
        assert hi_power.international_request.number in listing
        for name in URLS:
            assert client.get(reverse(name, args=[hi_power.international_request.pk])).status_code == 200


def test_another_country_coordinator_and_the_agencies_people_get_404(hi_power, coordinator_us, officer_a, officer_b):
    pk = hi_power.international_request.pk
    foreign = client_of(coordinator_us)
    assert hi_power.international_request.number not in foreign.get(reverse("international-list")).content.decode()
    for name in (*URLS, "international-send", "international-answer"):
        method = foreign.post if name in ("international-send", "international-answer") else foreign.get
        assert method(reverse(name, args=[pk])).status_code == 404
    for user in (officer_a, officer_b):
        assert client_of(user).get(reverse("international-list")).status_code == 404
        assert client_of(user).get(reverse("international-detail", args=[pk])).status_code == 404


def test_the_traces_agency_sees_its_request_on_the_trace_page(hi_power, officer_a):
    page = client_of(officer_a).get(reverse("trace-detail", args=[hi_power.number])).content.decode()

    assert f"International trace request {hi_power.international_request.number}" in page
    assert "Argentina" in page


def test_the_print_sheet_carries_the_trace_request_form_fields(hi_power, coordinator_mx):
    sheet = client_of(coordinator_mx).get(reverse("international-print", args=[hi_power.international_request.pk]))

    text = sheet.content.decode()
    for expected in (
        "Firearm trace request to a foreign authority",
        "fm-40 817",
        "fabrica militar de armas portatiles",
        "Fábrica Militar de Armas Portátiles (Argentina)",
        "FM HP &#x27;Detective&#x27;",
        "9 mm",
        "EJERCITO ARGENTINO; escudo nacional",
        "Col. Tierra Blanca, Sinaloa, Mexico",
        "Policía Municipal de Culiacán (MXSIN0060)",
        "Ofl. Jesús Ávila · CLN-4471",
        "FGE/SIN/CLN/0231/2024",
        hi_power.number,
    ):
        assert expected in text, expected
    assert "QUINTERO" not in text


def test_the_csv_defuses_cells_that_look_like_formulas(fmap, submit, coordinator_mx):
    submit(
        serial_number="FM-1",
        manufacturer="FABRICA MILITAR DE ARMAS PORTATILES",
        markings='=HYPERLINK("http://x")',
        model="-FM 90",
    )
    submit(serial_number="FM-2", manufacturer="Fábrica Militar de Armas  Portátiles", markings="@SUM(A1)", model="+P35")
    third = submit(serial_number="FM-3", manufacturer="fabrica militar de armas portatiles", model="Hi Power")
    Trace.objects.filter(pk=third.pk).update(markings="\tpunzonado")  # intake strips it; older rows may not

    response = client_of(coordinator_mx).get(reverse("international-list-csv"))

    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == 3
    assert {row["Other markings"] for row in rows} == {'\'=HYPERLINK("http://x")', "'@SUM(A1)", "'\tpunzonado"}
    assert {row["Model"] for row in rows} == {"'-FM 90", "'+P35", "Hi Power"}
    assert {row["Sent to (country)"] for row in rows} == {"AR"}


def test_spanish_pages_and_csv_headers(hi_power, coordinator_mx):
    client = client_of(coordinator_mx, "es")
    number = hi_power.international_request.number

    listing = client.get(reverse("international-list")).content.decode()
    detail = client.get(reverse("international-detail", args=[hi_power.international_request.pk])).content.decode()
    body = b"".join(client.get(reverse("international-list-csv")).streaming_content).decode("utf-8")

    assert "Solicitudes internacionales de rastreo" in listing and number in listing
    assert "Registrar la respuesta de la autoridad extranjera" in detail
    assert "Número de solicitud" in body.splitlines()[0] and "Número de placa del agente" in body.splitlines()[0]


def test_unanswered_requests_come_first(fmap, submit, coordinator_mx):
    answered = submit(serial_number="FM-10", manufacturer="Fabrica Militar de Armas Portatiles")
    waiting = submit(serial_number="FM-11", manufacturer="Fabrica Militar de Armas Portatiles")
    international_request_answer(actor=coordinator_mx, request=answered.international_request, answer="no_record")

    listing = client_of(coordinator_mx).get(reverse("international-list")).content.decode()

    assert listing.index(waiting.international_request.number) < listing.index(answered.international_request.number)


def test_a_status_that_cannot_be_read_is_refused_by_the_page_and_the_csv_as_by_the_other_lists(
    hi_power, coordinator_mx
):
    from traza.audit.models import AuditEvent

    client = client_of(coordinator_mx)
    number = hi_power.international_request.number

    page = client.get(reverse("international-list"), {"status": "lost"})
    csv_file = client.get(reverse("international-list-csv"), {"status": "lost"})
    chosen = client.get(reverse("international-list-csv"), {"status": "open"})

    assert page.status_code == 400 and number not in page.content.decode()
    assert "Some filters could not be read" in page.content.decode()
    assert csv_file.status_code == 400 and csv_file.content.decode().startswith("status: ")
    assert number in b"".join(chosen.streaming_content).decode("utf-8")
    exported = AuditEvent.objects.filter(action="international.export")
    assert [event.details["criteria"] for event in exported] == [{"status": "open"}]

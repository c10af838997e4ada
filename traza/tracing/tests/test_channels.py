"""Every class of issue 8 through every channel a person uses: the web form, the API and a trace request file.

One scenario is written once and sent three ways; the trace must end the same whichever way it came:
same status and reason, same retail or awaiting licensee, same duplicate link, same evidence. The
requests are written as Mexican agencies write them: makes as an officer reads them off the gun,
`7,62x39`, accents, and in the file Spanish headers and day-first dates.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from traza.agencies.tests.factories import api_client
from traza.imports.services import import_file
from traza.tracing.engine.outcome import NOTE_IMPORTER_FOUND, NOTE_PAPER_IMPORTERS_ASKED
from traza.tracing.models import Trace
from traza.tracing.tests.pages_support import FORM, browser
from traza.tracing.tests.test_engine import hops, roles
from traza.tracing.tests.test_markings import CENTURY_PAPER, _purchase, rifle_chain
from traza.tracing.tests.world import CENTURY, DEALER, PAPER_DEALER, RUGER, WHOLESALER, chain, licensee_rows, rds

Status, Reason = Trace.Status, Trace.Reason
CHANNELS = ("form", "api", "file")
SPANISH = {
    "request_ref": "referencia",
    "recovery_date": "fecha_aseguramiento",
    "recovery_country": "pais",
    "recovery_state": "entidad",
    "recovery_municipality": "municipio",
    "serial_number": "numero_serie",
    "manufacturer": "marca",
    "importer": "importador",
    "model": "modelo",
    "caliber": "calibre",
    "firearm_type": "tipo_arma",
    "agency_case_number": "numero_carpeta",
    "officer_name": "nombre_agente",
}
RECOVERY = {
    "recovery_date": "2022-05-01",
    "recovery_country": "MX",
    "recovery_state": "MX-SIN",
    "recovery_municipality": "25006",
    "agency_case_number": "CI-CLN-2022-0042",
    "officer_name": "Ana López Núñez",
}


@pytest.fixture(params=CHANNELS)
def send(request, write_csv, django_capture_on_commit_callbacks):
    """Send a trace request through one channel as `user` and return the trace it made, resolved."""
    channel = request.param
    counter = iter(range(1, 100))

    def send(user, **fields) -> Trace:
        values = {**RECOVERY, **fields}
        with django_capture_on_commit_callbacks(execute=True):
            if channel == "form":
                response = browser(user).post("/traces/new/", {**FORM, "importer": "", **values})
                assert response.status_code == 302, response.content.decode()[:2000]
            elif channel == "api":
                response = api_client(user).post("/api/v1/traces/", values, format="json")
                assert response.status_code == 201, response.json()
            else:
                run = import_file(
                    kind="trace-requests", path=_file(write_csv, user, next(counter), values), dayfirst=True
                )
                assert (run.rows_created, run.rows_rejected) == (1, 0), list(run.row_errors.values())
        return Trace.objects.filter(agency=user.agency).latest("pk")

    send.channel = channel
    return send


def _file(write_csv, user, number: int, values: dict):
    """A trace_requests.csv as a Mexican agency writes it: Spanish headers, the state by name, day-first dates."""
    day = date.fromisoformat(values["recovery_date"])
    row = {**values, "recovery_date": f"{day.day:02d}/{day.month:02d}/{day.year}", "recovery_state": "Sinaloa"}
    row = {SPANISH[key]: value for key, value in row.items()} | {"clave_agencia": user.agency.code}
    row["referencia"] = f"SIN/FGE/{number:04d}"
    return write_csv(f"solicitudes-{number}.csv", list(row), [row])


def outcome(trace: Trace) -> dict:
    """What must be the same whichever channel the request came through."""
    steps = trace.steps.select_related("theft", "disposition").order_by("position")
    return {
        "status": trace.status,
        "reason": trace.status_reason,
        "note": trace.resolution_note,
        "retail": trace.retail_licensee_rds,
        "awaiting": trace.stopped_at_rds if trace.status == Status.IN_PROGRESS else "",
        "duplicate_of": trace.duplicate_of_id,
        "evidence": [
            (
                step.role,
                step.licensee_rds,
                step.disposition.record_id if step.disposition else "",
                step.theft.report_number if step.theft else "",
            )
            for step in steps
        ],
    }


# ----- class 2: a foreign gun with no import mark


@pytest.mark.django_db
def test_a_foreign_rifle_with_no_import_mark_is_found_in_its_importers_book(world, send, officer_a):
    world("dispositions", rifle_chain("RO-4411-87", "ROMARM CUGIR", [CENTURY, DEALER], ref="4473-12", importer="CAI"))

    trace = send(
        officer_a,
        serial_number="ro 4411 87",
        manufacturer="Romarm / Cugir",
        model="WASR-10 (culata dañada)",
        caliber="7,62x39",
        firearm_type="fusil",
    )

    assert (trace.manufacturer, trace.make.name) == ("Romarm / Cugir", "Romarm")
    assert outcome(trace) == {
        "status": Status.COMPLETED_DEALER,
        "reason": Reason.PURCHASE_RECORD_MISSING,
        "note": NOTE_IMPORTER_FOUND,
        "retail": rds(DEALER),
        "awaiting": "",
        "duplicate_of": None,
        "evidence": [("importer", rds(CENTURY), "RO-4411-87-0", ""), ("retailer", rds(DEALER), "RO-4411-87-1", "")],
    }


@pytest.mark.django_db
def test_a_foreign_rifle_imported_through_a_paper_importer_asks_it_and_waits(load, send, officer_a):
    rows = licensee_rows()
    region, district, county, _type, expiry, sequence = CENTURY_PAPER[0].split("-")
    paper = {"LIC_REGN": region, "LIC_DIST": district, "LIC_CNTY": county, "LIC_XPRDTE": expiry, "LIC_SEQN": sequence}
    rows.append({**rows[0], **paper, "LIC_TYPE": "08", "LICENSE_NAME": CENTURY_PAPER[1], "ELECTRONIC_RECORDS": "N"})
    load("licensees", rows)

    trace = send(officer_a, serial_number="n 2", manufacturer="CUGIR-Romarm", caliber="7,62 x 39", firearm_type="fusil")

    assert (trace.status, trace.resolution_note) == (Status.IN_PROGRESS, NOTE_PAPER_IMPORTERS_ASKED)
    assert roles(trace) == ["awaiting"]
    assert outcome(trace)["awaiting"] == rds(CENTURY_PAPER[0])


# ----- class 3: stolen from a dealer


@pytest.mark.django_db
def test_a_pistol_stolen_from_a_dealer_names_the_dealer_and_its_theft_report(world, send, officer_a):
    first_hop = chain("RG-909", "RUGER", hops(RUGER, WHOLESALER))[:1]
    world("dispositions", [{**first_hop[0], "disposed_to_license": PAPER_DEALER, "disposed_to_name": "OLD PUEBLO"}])
    theft = {
        "report_number": "3310.11-0042",
        "reported_by": PAPER_DEALER,
        "incident_date": "2021-06-01",
        "incident_type": "theft",
        "serial_number": "rg909",
        "manufacturer": "Sturm, Ruger & Co.",
    }
    world("thefts", [theft])

    trace = send(officer_a, serial_number="RG 909", manufacturer="Sturm Ruger", caliber="9 mm.", firearm_type="pistola")

    assert outcome(trace) == {
        "status": Status.COMPLETED_DEALER,
        "reason": Reason.STOLEN_REPORTED,
        "note": trace.resolution_note,
        "retail": rds(PAPER_DEALER),
        "awaiting": "",
        "duplicate_of": None,
        "evidence": [
            ("manufacturer", rds(RUGER), "RG-909-0", ""),
            ("retailer", rds(PAPER_DEALER), "", "3310.11-0042"),
        ],
    }


@pytest.mark.django_db
def test_the_dealer_that_reported_the_theft_is_labelled_the_retailer(world, submit):
    first_hop = chain("RG-919", "RUGER", hops(RUGER, WHOLESALER))[:1]
    world("dispositions", [{**first_hop[0], "disposed_to_license": PAPER_DEALER, "disposed_to_name": "OLD PUEBLO"}])
    theft = {"report_number": "77-1", "reported_by": PAPER_DEALER, "incident_date": "2021-06-01"}
    world("thefts", [{**theft, "incident_type": "theft", "serial_number": "RG919", "manufacturer": "Ruger"}])

    trace = submit(serial_number="RG-919", manufacturer="ruger")

    assert trace.retail_licensee_rds == rds(PAPER_DEALER)
    assert roles(trace) == ["manufacturer", "retailer"]


# ----- class 4: a duplicate


@pytest.mark.django_db
def test_a_duplicate_takes_the_first_traces_result_and_its_own_time_to_crime(world, submit, send, officer_b):
    world("dispositions", chain("RG-2000", "STURM RUGER & CO INC", hops(RUGER, WHOLESALER, DEALER), ref="4473-20"))
    world("purchases", [_purchase()])
    first = submit(serial_number="RG-2000", manufacturer="RUGER")

    second = send(officer_b, serial_number="rg2000", manufacturer="ruger", model="P-95", caliber="9mm luger")

    assert second.agency_id != first.agency_id
    assert outcome(second) == {
        **outcome(first),
        "status": Status.DUPLICATE,
        "reason": "",
        "note": second.resolution_note,
        "duplicate_of": first.pk,
    }
    assert (second.sale_date, second.time_to_crime) == (date(2021, 4, 10), (date(2022, 5, 1) - date(2021, 4, 10)).days)


# ----- class 5: in progress, waiting on a licensee; the API list says which


@pytest.mark.django_db
def test_a_trace_in_progress_says_in_the_api_list_which_licensee_it_waits_on(world, send, officer_a):
    world("dispositions", chain("RG-556", "RUGER", hops(RUGER, WHOLESALER, PAPER_DEALER))[:2])

    waiting = send(officer_a, serial_number="rg-556", manufacturer="Ruger", caliber="9mm", firearm_type="Pistola")
    done = send(officer_a, serial_number="RG 557", manufacturer="RUGER", recovery_date="2022-06-01")

    assert outcome(waiting) == {
        "status": Status.IN_PROGRESS,
        "reason": "",
        "note": waiting.resolution_note,
        "retail": "",
        "awaiting": rds(PAPER_DEALER),
        "duplicate_of": None,
        "evidence": [
            ("manufacturer", rds(RUGER), "RG-556-0", ""),
            ("wholesaler", rds(WHOLESALER), "RG-556-1", ""),
            ("awaiting", rds(PAPER_DEALER), "", ""),
        ],
    }
    listed = {row["number"]: row for row in api_client(officer_a).get("/api/v1/traces/").json()["results"]}
    assert (listed[waiting.number]["awaiting_licensee"], listed[waiting.number]["awaiting_licensee_rds"]) == (
        PAPER_DEALER,
        rds(PAPER_DEALER),
    )
    assert (listed[done.number]["awaiting_licensee"], listed[done.number]["retail_licensee_rds"]) == ("", "")


@pytest.mark.django_db
def test_the_api_list_names_the_awaited_licensees_of_12_traces_with_the_questions_of_2(world, submit, officer_a):
    world("dispositions", chain("RG-600", "RUGER", hops(RUGER, WHOLESALER, PAPER_DEALER))[:2])
    world("dispositions", chain("RG-601", "RUGER", hops(RUGER, PAPER_DEALER))[:1])
    client = api_client(officer_a)

    def asked() -> int:
        with CaptureQueriesContext(connection) as captured:
            rows = client.get("/api/v1/traces/").json()["results"]
        assert {row["awaiting_licensee"] for row in rows} == {PAPER_DEALER}
        return len(captured)

    for day in (1, 2):
        submit(serial_number="rg 600" if day == 1 else "RG601", recovery_date=f"2022-05-0{day}", manufacturer="Ruger")
    asked()  # the client's first request
    few = asked()
    for day in range(3, 13):
        submit(serial_number=f"RG-60{day % 2}", recovery_date=f"2022-05-{day:02d}", manufacturer="ruger")
    many = asked()

    assert many == few, (few, many)

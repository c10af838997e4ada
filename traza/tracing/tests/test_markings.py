"""No trace refused for spelling, and what the engine makes of the guns people send (issue classes 1–5).

Requests are written the way officers write them: makes misspelled or compound, importers
abbreviated, calibres with commas, day-first dates, Spanish headers. Each behaviour is tried
through the channel a person uses: a file, the API, the web form, and the engine itself.
"""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from traza.agencies.models import User
from traza.agencies.tests.factories import UserFactory, api_client
from traza.audit.models import AuditEvent
from traza.imports.services import import_file
from traza.industry.models import LicenseeQuery
from traza.industry.selectors import query_queue
from traza.industry.services import query_answer, query_no_record
from traza.tracing import engine
from traza.tracing.engine.outcome import (
    NOTE_IMPORTER_FOUND,
    NOTE_MAKE_FROM_RECORD,
    NOTE_MAKE_UNRESOLVED,
    NOTE_PAPER_IMPORTERS_ASKED,
)
from traza.tracing.models import Trace
from traza.tracing.services import trace_cancel
from traza.tracing.tests.pages_support import FORM, browser
from traza.tracing.tests.test_engine import hops, roles
from traza.tracing.tests.world import CENTURY, DEALER, PAPER_DEALER, RUGER, WHOLESALER, chain, licensee_rows, rds

Status, Reason = Trace.Status, Trace.Reason
UNKNOWN = "U.M. C.A.R. S.A. Rumania"  # a factory's mark no catalog lists, as an officer copied it
CENTURY_PAPER = ("6-03-003-08-8A-00370", "CENTURY ARMS (PAPER BOOKS)")
CENTURY_PAPER_2 = ("1-59-011-08-8A-33844", "CENTURY INTL ARMS INC")


def rifle_chain(serial: str, manufacturer: str, keepers: list[str], **options) -> list[dict]:
    """An AK-pattern rifle through `keepers`, as the importer and the dealer wrote it."""
    rows = chain(serial, manufacturer, hops(*keepers), caliber="7.62X39", **options)
    return [{**row, "firearm_type": "rifle"} for row in rows]


@pytest.fixture
def unknown(catalog):
    assert catalog.match_make(UNKNOWN).id is None, "the scenario needs a spelling the catalog does not resolve"
    return UNKNOWN


# ----- class 1: intake keeps any spelling; the engine matches it against the licensees' records


@pytest.mark.django_db
def test_a_request_file_with_unknown_makes_refuses_no_row_for_spelling(write_csv, agency_a, unknown):
    base = {"clave_agencia": agency_a.code, "pais": "mx", "entidad": "Sinaloa", "fecha_aseguramiento": "03/02/2023"}
    rows = [
        {**base, "referencia": "CLN-1", "marca": unknown, "numero_serie": "RO-1", "calibre": "7,62x39"},
        {
            **base,
            "referencia": "CLN-2",
            "marca": "Zbrojovka Vsetin",
            "importador": "Imp. Fronteriza SA",
            "numero_serie": "Z 88",
        },
        {**base, "referencia": "CLN-3", "marca": "ruger", "modelo": "P-95 DC (dañado)", "numero_serie": "312-00491"},
        {
            **base,
            "referencia": "CLN-4",
            "marca": "Armas Hechizas del Norte",
            "calibre": "cal. 38 sp",
            "numero_serie": "S/N 7",
        },
        {**base, "referencia": "CLN-5", "marca": "Ruger", "numero_serie": "312-1", "fecha_aseguramiento": "03/02/2999"},
    ]
    header = sorted({key for row in rows for key in row})
    path = write_csv("rastreos.csv", header, [{key: row.get(key, "") for key in header} for row in rows])

    run = import_file(kind="trace-requests", path=path, dayfirst=True)

    assert (run.rows_created, run.rows_rejected) == (4, 1)
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(6, "recovery_date")]
    traces = {t.request_ref: t for t in Trace.objects.all()}
    assert traces["CLN-1"].manufacturer == unknown and traces["CLN-1"].make is None
    assert traces["CLN-2"].importer == "Imp. Fronteriza SA" and traces["CLN-2"].importer_make is None
    assert (traces["CLN-3"].make.name, traces["CLN-3"].make_basis) == ("Ruger", "exact")
    assert traces["CLN-4"].caliber == "cal. 38 sp"
    assert traces["CLN-1"].recovery_date == date(2023, 2, 3)
    assert all(t.status != Status.SUBMITTED for t in traces.values())


@pytest.mark.django_db
def test_the_api_accepts_an_unknown_make_and_warns_in_the_callers_language(officer_a, unknown):
    client = api_client(officer_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
    body = {"recovery_date": "2023-02-03", "recovery_country": "MX", "serial_number": "ro 1", "manufacturer": unknown}

    response = client.post("/api/v1/traces/", body, format="json")

    assert response.status_code == 201, response.json()
    answer = response.json()
    assert (answer["firearm"]["make"], answer["firearm"]["make_id"], answer["firearm"]["make_basis"]) == (
        None,
        None,
        "",
    )
    assert answer["warnings"] == [
        {
            "field": "manufacturer",
            "message": "Marca no reconocida: se conserva tal como se escribió; un analista la revisará.",
        }
    ]
    assert unknown not in str(answer["warnings"])


@pytest.mark.django_db
def test_the_web_form_takes_an_unknown_make_and_says_an_analyst_will_review_it(
    officer_a, django_capture_on_commit_callbacks, unknown
):
    client = browser(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/traces/new/", {**FORM, "manufacturer": unknown}, follow=True)

    trace = Trace.objects.get()
    assert (trace.manufacturer, trace.make) == (unknown, None)
    html = response.content.decode()
    assert "Make not recognised: kept as written, an analyst will review it." in html
    assert (trace.status, trace.status_reason, trace.resolution_note) == (
        Status.NOT_TRACED,
        Reason.NO_RECORD,
        NOTE_MAKE_UNRESOLVED,
    )


@pytest.mark.django_db
def test_an_unresolved_make_is_matched_by_the_importers_record(world, submit, unknown):
    world("dispositions", rifle_chain("RO-4411-87", "CUGIR", [CENTURY, DEALER], ref="4473-12", importer="CAI"))

    trace = submit(
        serial_number="ro441187",
        manufacturer=unknown,
        importer="Century Intl Arms",
        caliber="7,62 x 39",
        firearm_type="fusil",
    )

    assert trace.status == Status.COMPLETED_DEALER
    assert (trace.make.name, trace.make_basis, trace.make_confidence) == ("Romarm", "importer-book", 0.75)
    assert trace.resolution_note == NOTE_MAKE_FROM_RECORD
    first = trace.steps.get(position=0)
    assert (first.licensee_rds, first.make_confidence) == (rds(CENTURY), 0.75)
    assert trace.retail_licensee_rds == rds(DEALER)

    engine.resolve([trace.pk])  # resolved again, it still says where its make came from

    trace.refresh_from_db()
    assert (trace.make.name, trace.make_basis, trace.resolution_note) == (
        "Romarm",
        "importer-book",
        NOTE_MAKE_FROM_RECORD,
    )
    assert trace.steps.get(position=0).make_confidence == 0.75


@pytest.mark.django_db
def test_an_unresolved_make_is_matched_by_a_record_that_reads_like_it(world, submit, catalog):
    written = "Sarsilmas Silah San."
    if catalog.match_make(written).id is not None:
        pytest.skip("the matcher resolves this spelling by itself now")
    world("dispositions", chain("T1100-22", "SARSILMAZ SILAH SANAYI A.S.", hops(WHOLESALER, DEALER), ref="4473-31"))

    trace = submit(serial_number="t1100 22", manufacturer=written, firearm_type="pistola", caliber="9 mm")

    assert trace.status == Status.COMPLETED_DEALER
    assert (trace.make.name, trace.make_basis) == ("Sarsilmaz", "importer-book")
    assert 0.85 <= trace.make_confidence < 1


@pytest.mark.django_db
def test_equal_serials_of_different_makes_never_link_an_unresolved_make(world, submit, unknown):
    world("dispositions", rifle_chain("55-1234", "CUGIR", [CENTURY, DEALER], importer="CAI"))
    world("dispositions", chain("55-1234", "FEGARMY", hops(CENTURY, WHOLESALER), importer="CAI"))

    trace = submit(serial_number="55-1234", manufacturer=unknown, importer="CENTURY ARMS")

    assert trace.make is None
    assert not trace.steps.filter(disposition__isnull=False).exists()
    assert (trace.status, trace.status_reason) == (Status.NOT_TRACED, Reason.NO_RECORD)


@pytest.mark.django_db
def test_a_record_of_another_calibre_or_type_does_not_give_its_make(world, submit, unknown):
    world("dispositions", rifle_chain("RO-9", "CUGIR", [CENTURY, DEALER], importer="CAI"))

    other_calibre = submit(serial_number="RO-9", manufacturer=unknown, importer="Century", caliber=".45 ACP")
    other_type = submit(
        serial_number="RO-9",
        manufacturer=unknown,
        importer="Century",
        firearm_type="revolver",
        recovery_date="2022-09-30",
    )

    for trace in (other_calibre, other_type):
        assert trace.make is None
        assert not trace.steps.filter(disposition__isnull=False).exists()


@pytest.mark.django_db
def test_a_near_miss_of_another_make_does_not_link(world, submit, catalog):
    written = "Sauer und Sohn Eckernförde"
    if catalog.match_make(written).id is not None:
        pytest.skip("the matcher resolves this spelling by itself")
    world("dispositions", chain("S-2044", "SIG SAUER INC", hops(WHOLESALER, DEALER)))

    trace = submit(serial_number="S2044", manufacturer=written)

    assert trace.make is None
    assert trace.status == Status.NOT_TRACED


# ----- class 2: a foreign gun without an import mark


@pytest.mark.django_db
def test_a_foreign_gun_without_an_import_mark_is_found_in_its_importers_book(world, submit):
    world("dispositions", rifle_chain("RO-4411-87", "ROMARM CUGIR", [CENTURY, DEALER], ref="4473-12", importer="CAI"))

    trace = submit(serial_number="RO 441187", manufacturer="romarm", caliber="7.62x39mm")

    assert trace.status == Status.COMPLETED_DEALER
    assert roles(trace)[0] == "importer"
    assert trace.resolution_note == NOTE_IMPORTER_FOUND


@pytest.mark.django_db
def test_the_importers_that_keep_paper_books_are_each_asked_and_answering_no_record_makes_it_foreign(
    load, submit, analyst, django_capture_on_commit_callbacks
):
    rows = licensee_rows()
    for number, name in (CENTURY_PAPER, CENTURY_PAPER_2):
        region, district, county, _type, expiry, sequence = number.split("-")
        paper = {
            "LIC_REGN": region,
            "LIC_DIST": district,
            "LIC_CNTY": county,
            "LIC_XPRDTE": expiry,
            "LIC_SEQN": sequence,
        }
        rows.append({**rows[0], **paper, "LIC_TYPE": "08", "LICENSE_NAME": name, "ELECTRONIC_RECORDS": "N"})
    load("licensees", rows)

    trace = submit(serial_number="N-2", manufacturer="Romarm/Cugir")

    assert trace.status == Status.IN_PROGRESS
    assert trace.resolution_note == NOTE_PAPER_IMPORTERS_ASKED
    asked = LicenseeQuery.objects.filter(trace=trace, status=LicenseeQuery.Status.OPEN)
    assert {q.licensee_rds for q in asked} == {rds(CENTURY_PAPER[0]), rds(CENTURY_PAPER_2[0])}
    assert roles(trace) == ["awaiting", "awaiting"]

    for query in list(asked):
        with django_capture_on_commit_callbacks(execute=True):
            query_no_record(actor=analyst, query=query, via="phone")

    trace.refresh_from_db()
    assert (trace.status, trace.status_reason, trace.country_of_origin) == (
        Status.TRACED_FOREIGN,
        Reason.FOREIGN_NOT_IMPORTED,
        "RO",
    )


# ----- class 3: stolen from a dealer


@pytest.mark.django_db
def test_the_dealer_that_reported_the_theft_is_the_retail_licensee_and_its_report_the_evidence(
    world, submit, officer_a, agency_a
):
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

    trace = submit(agency=agency_a, serial_number="RG 909", manufacturer="Ruger")

    assert (trace.status, trace.status_reason) == (Status.COMPLETED_DEALER, Reason.STOLEN_REPORTED)
    assert trace.retail_licensee_rds == rds(PAPER_DEALER)
    step = trace.steps.get(licensee_rds=rds(PAPER_DEALER))
    assert step.theft.report_number == "3310.11-0042"

    html = browser(officer_a).get(f"/traces/{trace.number}/").content.decode()
    assert "theft or loss report 3310.11-0042 in thefts.csv" in html
    body = api_client(officer_a).get(f"/api/v1/traces/{trace.number}/").json()
    assert body["retail_licensee_rds"] == rds(PAPER_DEALER)
    evidence = body["chain"][-1]["evidence"]
    assert (evidence["kind"], evidence["record_id"], evidence["file_name"]) == ("theft", "3310.11-0042", "thefts.csv")


# ----- class 4: duplicates


@pytest.mark.django_db
def test_a_duplicate_shows_the_first_traces_result_and_chain_and_links_to_it(
    world, submit, agency_b, officer_b, tmp_path
):
    world("dispositions", chain("RG-2000", "STURM RUGER & CO INC", hops(RUGER, WHOLESALER, DEALER), ref="4473-20"))
    world("purchases", [_purchase()])

    first = submit(serial_number="RG-2000", manufacturer="RUGER")
    second = submit(agency=agency_b, serial_number="rg2000", manufacturer="Sturm Ruger")

    assert (second.status, second.status_reason, second.duplicate_of_id) == (Status.DUPLICATE, "", first.pk)
    assert roles(second) == roles(first) == ["manufacturer", "wholesaler", "retailer", "purchaser"]
    assert (second.retail_licensee_rds, second.sale_date) == (first.retail_licensee_rds, first.sale_date)
    assert second.time_to_crime == (second.recovery_date - first.sale_date).days

    html = browser(officer_b).get(f"/traces/{second.number}/").content.decode()
    assert first.number in html and "Completed: purchaser found" in html and "GARCIA" not in html
    body = api_client(officer_b).get(f"/api/v1/traces/{second.number}/").json()
    assert (body["duplicate_of"], body["duplicate_of_status"], body["duplicate_of_status_reason"]) == (
        first.number,
        "completed_purchaser",
        "",
    )
    assert body["time_to_crime_days"] == second.time_to_crime and len(body["chain"]) == 4

    path = tmp_path / "traces.csv"
    call_command("export", "traces", "--output", str(path), stdout=io.StringIO())
    row = {r["trace_number"]: r for r in csv.DictReader(path.open(encoding="utf-8"))}[second.number]
    assert (row["status"], row["duplicate_of"], row["sale_date"]) == ("duplicate", first.number, "2021-04-10")
    assert row["retail_licensee"] == DEALER and row["time_to_crime_days"] == str(second.time_to_crime)


@pytest.mark.django_db
def test_two_traces_of_a_gun_waiting_on_one_licensee_make_one_query(world, submit, agency_b, load):
    world("dispositions", chain("RG-555", "RUGER", hops(RUGER, WHOLESALER, PAPER_DEALER))[:2])

    first = submit(serial_number="RG-555", manufacturer="RUGER")
    second = submit(agency=agency_b, serial_number="RG 555", manufacturer="ruger")

    query = LicenseeQuery.objects.get()
    assert (query.trace_id, query.licensee_rds) == (first.pk, rds(PAPER_DEALER))
    assert second.steps.get(role="awaiting").query_id == query.pk

    answer = {
        "record_id": "B-1",
        "record_keeper_license": PAPER_DEALER,
        "serial_number": "RG555",
        "manufacturer": "RUGER",
        "acquisition_date": "2021-03-12",
        "acquired_from_license": WHOLESALER,
        "disposition_date": "2021-04-01",
        "disposition_type": "sale",
    }
    load("dispositions", [answer])

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.COMPLETED_DEALER
    assert (second.status, second.retail_licensee_rds) == (Status.DUPLICATE, rds(PAPER_DEALER))


@pytest.mark.django_db
def test_the_same_gun_recovered_twice_asks_the_licensee_once_and_its_no_record_answers_both(
    world, submit, analyst, django_capture_on_commit_callbacks
):
    world("dispositions", chain("RG-777", "RUGER", hops(RUGER, WHOLESALER, PAPER_DEALER))[:2])

    seized = submit(serial_number="RG-777", manufacturer="RUGER", recovery_date="2022-03-14")
    again = submit(serial_number="rg 777", manufacturer="Sturm Ruger", recovery_date="2023-11-02")

    assert (seized.status, again.status) == (Status.IN_PROGRESS, Status.IN_PROGRESS)
    query = LicenseeQuery.objects.get()
    assert {seized.steps.get(role="awaiting").query_id, again.steps.get(role="awaiting").query_id} == {query.pk}

    engine.resolve([again.pk])  # resolving one of them alone keeps the query open for both
    query.refresh_from_db()
    assert query.status == LicenseeQuery.Status.OPEN

    with django_capture_on_commit_callbacks(execute=True):
        query_no_record(actor=analyst, query=query, via="phone")

    for trace in (seized, again):
        trace.refresh_from_db()
        assert (trace.status, trace.status_reason) == (Status.NOT_TRACED, Reason.NO_RECORD)


@pytest.mark.django_db
def test_withdrawing_the_trace_that_asked_leaves_the_question_open_for_the_guns_other_recovery(
    world, submit, officer_a, django_capture_on_commit_callbacks
):
    world("dispositions", chain("RG-778", "RUGER", hops(RUGER, WHOLESALER, PAPER_DEALER))[:2])
    seized = submit(serial_number="RG-778", manufacturer="RUGER", recovery_date="2022-03-14")
    again = submit(serial_number="rg 778", manufacturer="Sturm Ruger", recovery_date="2023-11-02")
    query = LicenseeQuery.objects.get()
    assert query.trace_id == seized.pk

    with django_capture_on_commit_callbacks(execute=True):
        trace_cancel(actor=officer_a, trace=seized)

    query.refresh_from_db()
    again.refresh_from_db()
    assert (query.status, query.trace_id) == (LicenseeQuery.Status.OPEN, again.pk)
    assert again.status == Status.IN_PROGRESS and again.steps.get(role="awaiting").query_id == query.pk
    passed = AuditEvent.objects.get(action="query.transfer")
    assert (passed.object_id, passed.details) == (str(query.pk), {"from": seized.pk, "to": again.pk})
    responder = _paper_responder()
    assert list(query_queue(user=responder)) == [query]

    with django_capture_on_commit_callbacks(execute=True):
        query_answer(actor=responder, query=query, record=_paper_sale("RG 778"), via="web")

    again.refresh_from_db()
    seized.refresh_from_db()
    assert (again.status, again.retail_licensee_rds) == (Status.COMPLETED_DEALER, rds(PAPER_DEALER))
    assert seized.status == Status.CANCELLED


@pytest.mark.django_db
def test_withdrawing_a_first_trace_makes_the_next_one_of_the_recovery_the_first_and_the_licensee_still_asked(
    world, submit, agency_b, officer_a, django_capture_on_commit_callbacks
):
    world("dispositions", chain("RG-559", "RUGER", hops(RUGER, WHOLESALER, PAPER_DEALER))[:2])
    first = submit(serial_number="RG-559", manufacturer="RUGER")
    second = submit(agency=agency_b, serial_number="RG 559", manufacturer="ruger")
    third = submit(serial_number="rg559", manufacturer="Sturm, Ruger & Co.")
    assert (second.duplicate_of_id, third.duplicate_of_id) == (first.pk, first.pk)

    with django_capture_on_commit_callbacks(execute=True):
        trace_cancel(actor=officer_a, trace=first)

    second.refresh_from_db()
    third.refresh_from_db()
    query = LicenseeQuery.objects.get()
    assert (second.status, second.duplicate_of_id) == (Status.IN_PROGRESS, None)
    assert (third.status, third.duplicate_of_id) == (Status.DUPLICATE, second.pk)
    assert (query.status, query.trace_id) == (LicenseeQuery.Status.OPEN, second.pk)
    assert second.steps.get(role="awaiting").query_id == third.steps.get(role="awaiting").query_id == query.pk

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(_paper_responder()).post(
            f"/api/v1/queries/{query.pk}/answer/", _paper_sale("RG-559"), format="json"
        )

    assert response.status_code == 200, response.json()
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, second.retail_licensee_rds) == (Status.COMPLETED_DEALER, rds(PAPER_DEALER))
    assert (third.status, third.duplicate_of_id, third.retail_licensee_rds) == (
        Status.DUPLICATE,
        second.pk,
        rds(PAPER_DEALER),
    )


def _paper_responder() -> User:
    """The Arizona dealer's own responder, who answers the queries addressed to its licence."""
    return UserFactory(username="old_pueblo", agency=None, role="industry", licensee_rds=rds(PAPER_DEALER))


def _paper_sale(serial: str) -> dict:
    """The Arizona dealer's record of the gun, as it answers: bought from the wholesaler, sold over the counter."""
    return {
        "record_id": "B-1",
        "serial_number": serial,
        "manufacturer": "RUGER",
        "acquisition_date": "2021-03-12",
        "acquired_from_license": WHOLESALER,
        "disposition_date": "2021-04-01",
        "disposition_type": "sale",
    }


# ----- class 5: in progress, waiting on a licensee


@pytest.mark.django_db
def test_a_trace_in_progress_says_which_licensee_it_waits_on(world, submit, officer_a, tmp_path):
    world("dispositions", chain("RG-556", "RUGER", hops(RUGER, WHOLESALER, PAPER_DEALER))[:2])
    waiting = submit(serial_number="RG-556", manufacturer="RUGER")
    done = submit(serial_number="RG-557", manufacturer="RUGER", recovery_date="2022-06-01")

    path = tmp_path / "traces.json"
    call_command("export", "traces", "--format", "json", "--output", str(path), stdout=io.StringIO())
    rows = {row["trace_number"]: row for row in json.loads(path.read_text(encoding="utf-8"))}
    assert rows[waiting.number]["awaiting_licensee"] == PAPER_DEALER
    assert rows[done.number]["awaiting_licensee"] == ""
    body = api_client(officer_a).get(f"/api/v1/traces/{waiting.number}/").json()
    assert (body["awaiting_licensee"], body["awaiting_licensee_rds"]) == (PAPER_DEALER, rds(PAPER_DEALER))
    assert body["retail_licensee_rds"] == ""


def _purchase() -> dict:
    return {
        "transaction_ref": "4473-20",
        "licensee": DEALER,
        "transaction_date": "2021-04-10",
        "last_name": "GARCIA",
        "first_name": "JUAN",
        "date_of_birth": "1990-04-02",
        "state": "TX",
    }


def test_the_spelling_warnings_are_in_spanish():
    from django.utils import translation

    from traza.tracing.validation import IMPORTER_NOT_RECOGNISED, MAKE_NOT_RECOGNISED

    with translation.override("es"):
        assert translation.gettext(MAKE_NOT_RECOGNISED).startswith("Marca no reconocida")
        assert translation.gettext(IMPORTER_NOT_RECOGNISED).startswith("Importador no reconocido")


@pytest.mark.django_db
def test_the_openapi_schema_has_the_awaiting_licensee_and_a_make_that_may_be_empty(client):
    schema = json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)["components"]["schemas"]

    names = list(schema["TraceDetail"]["properties"])
    assert names.index("awaiting_licensee") == names.index("retail_licensee_rds") + 1
    assert {"warnings", "duplicate_of_status", "awaiting_licensee_rds"} <= set(names)
    firearm = schema["Firearm"]["properties"]
    assert firearm["make"]["nullable"] and firearm["make_id"]["nullable"]
    assert "make_basis" in firearm and "make_confidence" in firearm
    assert "theft" in schema["EvidenceKindEnum"]["enum"]

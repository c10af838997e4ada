"""The trace engine, scenario by scenario: each test builds the records a tracing centre would hold."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from traza.core.bulk import FEW_ROWS
from traza.industry.models import LicenseeQuery
from traza.tracing import engine
from traza.tracing.models import Indicator, Trace, TraceStep
from traza.tracing.tests.world import (
    CENTURY,
    CLOSED_DEALER,
    DEALER,
    DEALER_AZ,
    LICENSEE_NAMES,
    PAPER_DEALER,
    PAPER_WHOLESALER,
    RUGER,
    SMITH,
    WHOLESALER,
    chain,
    licensee_rows,
    purchase,
    rds,
)

Status, Reason, Role = Trace.Status, Trace.Reason, TraceStep.Role


def hops(*numbers: str) -> list[tuple[str, str]]:
    return [(number, LICENSEE_NAMES[number][0]) for number in numbers]


def roles(trace: Trace) -> list[str]:
    return list(trace.steps.values_list("role", flat=True))


def test_it_follows_maker_wholesaler_and_dealer_to_the_purchaser(world, submit):
    world(
        "dispositions", chain("RG-12345", "STURM, RUGER & COMPANY, INC", hops(RUGER, WHOLESALER, DEALER), ref="4473-1")
    )
    world("purchases", [purchase(DEALER, "4473-1", "GARCIA", "JUAN")])

    trace = submit(serial_number="rg 12345", manufacturer="RUGER")

    assert trace.status == Status.COMPLETED_PURCHASER
    assert roles(trace) == [Role.MANUFACTURER, Role.WHOLESALER, Role.RETAILER, Role.PURCHASER]
    assert trace.first_licensee_rds == rds(RUGER)
    assert trace.retail_licensee_rds == rds(DEALER)
    assert trace.sale_date == date(2021, 4, 10)
    assert trace.time_to_crime == (date(2022, 5, 1) - date(2021, 4, 10)).days
    assert trace.purchase.last_name == "GARCIA"
    assert trace.completed_at is not None


def test_every_step_keeps_its_evidence(world, submit):
    world("dispositions", chain("RG777", "RUGER", hops(RUGER, DEALER), ref="4473-7"))

    trace = submit(serial_number="RG777", manufacturer="RUGER")

    first = trace.steps.select_related("disposition").first()
    run = first.disposition.import_run
    assert (run.file_name, first.disposition.line) == ("dispositions.csv", 2)
    assert first.disposition.record_id == "RG777-0"
    assert first.received_date == date(2021, 1, 10)


def test_officers_brand_matches_the_licensees_legal_name(world, submit):
    world("dispositions", chain("SW100200", "SMITH & WESSON SALES COMPANY", hops(SMITH, DEALER), ref="4473-2"))

    trace = submit(serial_number="SW100200", manufacturer="S&W")

    assert trace.status == Status.COMPLETED_DEALER
    assert trace.status_reason == Reason.PURCHASE_RECORD_MISSING
    assert trace.retail_licensee_rds == rds(DEALER)


def test_equal_serials_of_different_makers_are_never_linked(world, submit):
    world("dispositions", chain("A1000", "RUGER", hops(RUGER, DEALER), ref="4473-3"))

    smith = submit(serial_number="A1000", manufacturer="SMITH & WESSON")
    ruger = submit(serial_number="A1000", manufacturer="RUGER", recovery_date="2022-06-01")

    assert smith.status == Status.NOT_TRACED
    assert smith.status_reason == Reason.NO_RECORD
    assert not smith.steps.filter(disposition__isnull=False).exists()
    assert ruger.status == Status.COMPLETED_DEALER


def test_letters_read_as_digits_still_match(world, submit):
    world("dispositions", chain("1O0I-55", "RUGER", hops(RUGER, DEALER)))

    trace = submit(serial_number="IOO1 55", manufacturer="RUGER")

    assert trace.status == Status.COMPLETED_DEALER


def test_a_licensee_without_electronic_records_gets_a_query_and_the_trace_resumes_when_they_arrive(world, submit, load):
    world("dispositions", chain("RG-555", "RUGER", hops(RUGER, WHOLESALER, PAPER_DEALER))[:2])

    trace = submit(serial_number="RG-555", manufacturer="RUGER", priority="urgent", urgent_reason="homicidio")

    assert trace.status == Status.IN_PROGRESS
    query = LicenseeQuery.objects.get(trace=trace)
    assert (query.licensee_rds, query.status) == (rds(PAPER_DEALER), LicenseeQuery.Status.OPEN)
    assert query.due_at - query.created_at == timedelta(hours=24)
    assert roles(trace)[-1] == Role.AWAITING

    answer = [
        {
            "record_id": "B-1",
            "record_keeper_license": PAPER_DEALER,
            "serial_number": "RG555",
            "manufacturer": "RUGER",
            "acquisition_date": "2021-03-12",
            "acquired_from_license": WHOLESALER,
            "disposition_date": "2021-04-01",
            "disposition_type": "sale",
            "transaction_ref": "4473-9",
        }
    ]
    load("dispositions", answer)
    load("purchases", [purchase(PAPER_DEALER, "4473-9", "LOPEZ", "ANA", on="2021-04-01")])

    trace.refresh_from_db()
    query.refresh_from_db()
    assert trace.status == Status.COMPLETED_PURCHASER
    assert query.status == LicenseeQuery.Status.ANSWERED
    assert roles(trace) == [Role.MANUFACTURER, Role.WHOLESALER, Role.RETAILER, Role.PURCHASER]


def test_a_maker_without_electronic_records_is_asked_first(load, submit):
    load("licensees", licensee_rows(electronic={DEALER}))

    trace = submit(serial_number="SW999", manufacturer="Smith and Wesson")

    assert trace.status == Status.IN_PROGRESS
    assert LicenseeQuery.objects.get(trace=trace).licensee_rds == "54315017"


def test_an_electronic_dealer_without_the_record_means_no_record(world, submit):
    world("dispositions", chain("RG-606", "RUGER", hops(RUGER, DEALER_AZ))[:1])

    trace = submit(serial_number="RG-606", manufacturer="RUGER")

    assert (trace.status, trace.status_reason) == (Status.NOT_TRACED, Reason.NO_RECORD)
    assert not LicenseeQuery.objects.filter(trace=trace).exists()


def test_out_of_business_records_count_like_any_other(world, submit):
    world("dispositions", chain("RG-707", "RUGER", hops(RUGER, CLOSED_DEALER), ref="4473-70"))
    world("dispositions", chain("RG-708", "RUGER", hops(RUGER, CLOSED_DEALER))[:1])

    found = submit(serial_number="RG-707", manufacturer="RUGER")
    missing = submit(serial_number="RG-708", manufacturer="RUGER")

    assert found.status == Status.COMPLETED_DEALER
    assert found.retail_licensee_rds == rds(CLOSED_DEALER)
    assert (missing.status, missing.status_reason) == (Status.NOT_TRACED, Reason.OBR_NOT_FOUND)


def test_a_theft_in_the_licensees_book_ends_the_chain(world, submit):
    world("dispositions", chain("RG-808", "RUGER", hops(RUGER, DEALER), ending="theft"))

    trace = submit(serial_number="RG-808", manufacturer="RUGER")

    assert (trace.status, trace.status_reason) == (Status.COMPLETED_DEALER, Reason.STOLEN_REPORTED)
    assert trace.indicators.filter(code=Indicator.STOLEN_REPORTED).exists()


def test_a_licensees_theft_report_ends_the_chain_at_that_licensee(world, submit):
    world(
        "dispositions",
        [
            {**row, "disposed_to_license": PAPER_DEALER, "disposed_to_name": "OLD PUEBLO FIREARMS"}
            for row in chain("RG-909", "RUGER", hops(RUGER, WHOLESALER), ending="sale")[:1]
        ],
    )
    world(
        "thefts",
        [
            {
                "report_number": "3310.11-1",
                "reported_by": PAPER_DEALER,
                "incident_date": "2021-06-01",
                "incident_type": "theft",
                "serial_number": "RG909",
                "manufacturer": "STURM RUGER",
            }
        ],
    )

    trace = submit(serial_number="RG-909", manufacturer="RUGER")

    assert (trace.status, trace.status_reason) == (Status.COMPLETED_DEALER, Reason.STOLEN_REPORTED)
    assert not LicenseeQuery.objects.filter(trace=trace, status=LicenseeQuery.Status.OPEN).exists()
    assert trace.steps.last().licensee_rds == rds(PAPER_DEALER)


def test_a_theft_after_the_sale_is_an_indicator_only(world, submit):
    world("dispositions", chain("RG-1001", "RUGER", hops(RUGER, DEALER), ref="4473-11"))
    world("purchases", [purchase(DEALER, "4473-11", "SMITH", "JOHN")])
    world(
        "thefts",
        [
            {
                "report_number": "EPPD-22-1",
                "reported_by": "TXEPD0000",
                "incident_date": "2022-01-01",
                "incident_type": "theft",
                "serial_number": "RG-1001",
                "manufacturer": "RUGER",
            }
        ],
    )

    trace = submit(serial_number="RG-1001", manufacturer="RUGER")

    assert trace.status == Status.COMPLETED_PURCHASER
    assert trace.indicators.filter(code=Indicator.STOLEN_REPORTED).exists()


def test_a_lawful_export_is_traced_foreign(world, submit):
    world("dispositions", chain("RG-1100", "RUGER", hops(RUGER), ending="export"))

    trace = submit(serial_number="RG-1100", manufacturer="RUGER")

    assert (trace.status, trace.status_reason) == (Status.TRACED_FOREIGN, Reason.EXPORTED)


def test_a_foreign_make_is_found_through_its_importers_record(world, submit):
    world(
        "dispositions",
        chain(
            "RO-4411-87",
            "CUGIR",
            hops(CENTURY, DEALER),
            ref="4473-12",
            importer="CENTURY INTERNATIONAL ARMS",
            country_of_origin="RO",
            caliber="7.62X39",
        ),
    )

    by_maker = submit(serial_number="RO441187", manufacturer="ROMARM", importer="CENTURY ARMS", caliber="7.62 x 39")
    by_importer = submit(serial_number="RO441187", manufacturer="CENTURY ARMS", recovery_date="2022-07-01")

    assert by_maker.status == Status.COMPLETED_DEALER
    assert roles(by_maker)[0] == Role.IMPORTER
    assert by_importer.status == Status.COMPLETED_DEALER


def test_calibres_that_clash_are_not_the_same_gun(world, submit):
    world("dispositions", chain("CZ-1", "CUGIR", hops(CENTURY, DEALER), importer="CENTURY ARMS", caliber="7.62X39"))

    trace = submit(serial_number="CZ-1", manufacturer="ROMARM", importer="CENTURY ARMS", caliber=".308 WIN")

    assert trace.status != Status.COMPLETED_DEALER


def test_a_foreign_make_without_an_import_mark_in_no_importers_book_is_traced_foreign(world, submit):
    trace = submit(serial_number="N-1", manufacturer="ROMARM")

    assert (trace.status, trace.status_reason) == (Status.TRACED_FOREIGN, Reason.FOREIGN_NOT_IMPORTED)
    assert trace.country_of_origin == "RO"
    assert not LicenseeQuery.objects.filter(trace=trace).exists()


def test_a_foreign_make_never_imported_is_traced_foreign(world, submit, catalog):
    make = next(
        m
        for m in catalog_makes(catalog)
        if catalog.make_is_foreign(m)
        and not catalog.make_importers(m)
        and not catalog.make_licences(m)
        and catalog.make_is_marked(m)
    )
    trace = submit(serial_number="FX05-123", manufacturer=catalog.make_name(make))

    assert (trace.status, trace.status_reason) == (Status.TRACED_FOREIGN, Reason.FOREIGN_NOT_IMPORTED)


def catalog_makes(catalog):
    from traza.catalog.models import Make

    return list(Make.objects.values_list("pk", flat=True))


def test_a_maker_that_closed_before_1968_is_pre_1968(world, submit):
    from traza.catalog.models import Make

    make = Make.objects.filter(ceased_year__lt=1968).first()
    trace = submit(serial_number="12345", manufacturer=make.name)

    assert (trace.status, trace.status_reason) == (Status.NOT_TRACED, Reason.PRE_1968)


def test_records_before_the_gun_control_act_that_stop_are_pre_1968(world, submit):
    rows = chain("RG-64", "RUGER", hops(RUGER, PAPER_DEALER), made="1964-03-01")[:1]
    world("dispositions", rows)

    trace = submit(serial_number="RG-64", manufacturer="RUGER")

    assert (trace.status, trace.status_reason) == (Status.NOT_TRACED, Reason.PRE_1968)


def test_a_fully_obliterated_serial_is_not_traced(world, submit):
    trace = submit(serial_obliterated="Y", manufacturer="RUGER")

    assert (trace.status, trace.status_reason) == (Status.NOT_TRACED, Reason.OBLITERATED)
    assert trace.indicators.get(code=Indicator.OBLITERATED_SERIAL).strong


def test_a_partial_serial_resolves_when_exactly_one_record_matches(world, submit):
    world("dispositions", chain("RG12345", "RUGER", hops(RUGER, DEALER), ref="4473-13"))
    world("dispositions", chain("RG99999", "RUGER", hops(RUGER, DEALER)))

    trace = submit(serial_obliterated="partial", serial_number="RG1?3?5", manufacturer="RUGER")

    assert trace.status == Status.COMPLETED_DEALER
    assert trace.resolution_note == engine.NOTE_PARTIAL_SERIAL
    assert not trace.indicators.get(code=Indicator.OBLITERATED_SERIAL).strong


def test_a_partial_serial_matching_two_guns_is_not_traced(world, submit):
    world("dispositions", chain("RG12345", "RUGER", hops(RUGER, DEALER)))
    world("dispositions", chain("RG12945", "RUGER", hops(RUGER, DEALER)))

    trace = submit(serial_obliterated="partial", serial_number="RG12?45", manufacturer="RUGER")

    assert (trace.status, trace.status_reason) == (Status.NOT_TRACED, Reason.OBLITERATED)
    assert trace.resolution_note == engine.NOTE_PARTIAL_AMBIGUOUS


def test_a_gun_without_a_makers_mark_has_invalid_markings(world, submit):
    trace = submit(serial_number="S/N 1", manufacturer="HECHIZA")

    assert (trace.status, trace.status_reason) == (Status.NOT_TRACED, Reason.INVALID_MARKINGS)


def test_the_same_gun_and_recovery_from_another_agency_is_a_duplicate(world, submit, agency_b):
    world("dispositions", chain("RG-2000", "RUGER", hops(RUGER, DEALER)))

    first = submit(serial_number="RG-2000", manufacturer="RUGER")
    second = submit(agency=agency_b, serial_number="RG2000", manufacturer="STURM RUGER")
    other_recovery = submit(serial_number="RG-2000", manufacturer="RUGER", recovery_date="2023-01-05")

    assert first.status == Status.COMPLETED_DEALER
    assert (second.status, second.duplicate_of_id) == (Status.DUPLICATE, first.pk)
    assert other_recovery.status == Status.COMPLETED_DEALER


def test_a_recovery_before_the_sale_is_rejected_naming_the_recovery_date(world, submit):
    world("dispositions", chain("RG-3000", "RUGER", hops(RUGER, DEALER), made="2022-04-01"))

    trace = submit(serial_number="RG-3000", manufacturer="RUGER", recovery_date="2022-04-15")

    assert trace.status == Status.REJECTED
    assert "recovery_date" in trace.resolution_note
    assert not trace.indicators.exists()


def test_a_wholesaler_without_records_is_bridged_by_the_dealers_record(world, submit):
    maker, dealer = chain("RG-4000", "RUGER", hops(RUGER, PAPER_WHOLESALER, DEALER), ref="4473-40")[0::2]
    world("dispositions", [maker, dealer])

    trace = submit(serial_number="RG-4000", manufacturer="RUGER")

    assert trace.status == Status.COMPLETED_DEALER
    assert roles(trace) == [Role.MANUFACTURER, Role.WHOLESALER, Role.RETAILER]
    assert trace.resolution_note == engine.NOTE_BRIDGED


def test_indicators_of_a_straw_purchase(world, submit):
    world("dispositions", chain("RG-5000", "RUGER", hops(RUGER, DEALER), made="2022-01-01", ref="4473-50"))
    world("purchases", [purchase(DEALER, "4473-50", "MARTINEZ", "LUIS", on="2022-01-31")])
    world(
        "multiple-sales",
        [
            {
                "report_number": "MS-1",
                "form": "3310.4",
                "licensee": DEALER,
                "sale_date": "2022-01-31",
                "last_name": "MARTINEZ",
                "serial_number": "RG-5000",
                "manufacturer": "RUGER",
            }
        ],
    )

    trace = submit(
        serial_number="RG-5000", manufacturer="RUGER", possessor_last_name="RAMIREZ", possessor_first_name="PEDRO"
    )

    codes = dict(trace.indicators.values_list("code", "strong"))
    assert codes == {
        Indicator.SHORT_TTC: True,
        Indicator.PURCHASER_NOT_POSSESSOR: False,
        Indicator.MULTIPLE_SALE: False,
        Indicator.CROSS_BORDER: False,
    }


def test_the_buyer_as_possessor_is_no_indicator(world, submit):
    world("dispositions", chain("RG-5100", "RUGER", hops(RUGER, DEALER), ref="4473-51"))
    world("purchases", [purchase(DEALER, "4473-51", "Martínez", "Luis")])

    trace = submit(
        serial_number="RG-5100",
        manufacturer="RUGER",
        possessor_last_name="MARTINEZ",
        possessor_first_name="LUIS",
        recovery_country="US",
        recovery_state="TX",
    )

    assert set(trace.indicators.values_list("code", flat=True)) == {Indicator.SHORT_TTC}


def test_a_report_arriving_later_adds_its_indicator(world, submit, load):
    world("dispositions", chain("RG-5200", "RUGER", hops(RUGER, DEALER), ref="4473-52"))
    trace = submit(serial_number="RG-5200", manufacturer="RUGER", recovery_country="US", recovery_state="US-TX")
    assert not trace.indicators.filter(code=Indicator.MULTIPLE_SALE).exists()

    load(
        "multiple-sales",
        [
            {
                "report_number": "MS-2",
                "form": "3310.12",
                "licensee": DEALER,
                "sale_date": "2021-03-11",
                "last_name": "X",
                "serial_number": "RG5200",
                "manufacturer": "RUGER",
            }
        ],
    )

    assert trace.indicators.filter(code=Indicator.MULTIPLE_SALE).exists()


def test_resolution_costs_no_more_queries_for_a_hundred_traces_than_for_ten(world, load, agency_a):
    rows, requests = [], []
    for number in range(100):
        serial = f"BULK{number:04d}"
        rows += chain(serial, "RUGER", hops(RUGER, WHOLESALER, DEALER), ref=f"T-{number}")
        requests.append(
            {
                "request_ref": f"B-{number}",
                "agency_code": agency_a.code,
                "recovery_date": "2022-05-01",
                "recovery_country": "MX",
                "serial_number": serial,
                "manufacturer": "RUGER",
            }
        )
    world("dispositions", rows)
    world("purchases", [purchase(DEALER, f"T-{n}", "DOE", "JANE") for n in range(100)])
    load("trace-requests", requests)
    ids = list(Trace.objects.order_by("id").values_list("id", flat=True))

    with CaptureQueriesContext(connection) as ten:
        engine.resolve(ids[:10])
    with CaptureQueriesContext(connection) as more:
        engine.resolve(ids[: FEW_ROWS + 1])
    with CaptureQueriesContext(connection) as hundred:
        engine.resolve(ids)

    # Above FEW_ROWS the results are written through a temporary table (a few statements more, then no more).
    assert len(hundred) == len(more)
    assert len(ten) <= len(hundred)
    assert Trace.objects.filter(status=Status.COMPLETED_PURCHASER).count() == 100

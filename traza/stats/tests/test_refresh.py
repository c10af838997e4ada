"""The statistics' facts follow the traces and seized guns they describe, and match a rebuild from scratch."""

from datetime import date

import pytest

from traza.stats.models import CustodyAlert, Origin, SeizureFact, TraceFact
from traza.stats.refresh import facts_refresh_all
from traza.tracing.models import Trace
from traza.tracing.services import trace_cancel
from traza.tracing.tests.world import DEALER, LICENSEE_NAMES, RUGER, WHOLESALER, chain, purchase, rds

pytestmark = pytest.mark.django_db


def hops(*numbers):
    return [(number, LICENSEE_NAMES[number][0]) for number in numbers]


def facts() -> list[dict]:
    return sorted(TraceFact.objects.values(), key=lambda f: f["trace_id"])


def seizure(agency, ref, item, serial, on, manufacturer="Ruger", state="Sinaloa"):
    return {
        "seizure_ref": ref,
        "item_no": item,
        "agency_code": agency.code,
        "seizure_date": on,
        "country": "México",
        "state": state,
        "serial_number": serial,
        "manufacturer": manufacturer,
        "firearm_type": "pistola",
    }


def test_a_resolved_trace_has_its_facts(world, submit, agency_a):
    world("dispositions", chain("RG-12345", "STURM, RUGER & COMPANY, INC", hops(RUGER, WHOLESALER, DEALER), ref="A1"))
    world("purchases", [purchase(DEALER, "A1", "GARCIA", "JUAN")])
    trace = submit(serial_number="rg 12345", manufacturer="ruger", recovery_date="2022-05-01", crime_code="0911")

    fact = TraceFact.objects.get(trace=trace)
    assert fact.status == Trace.Status.COMPLETED_PURCHASER
    assert fact.agency_id == agency_a.pk and fact.level == "municipal" and fact.kind == "police"
    assert fact.country == "MX" and fact.region_id == "MX-SIN"
    assert fact.recovery_month == date(2022, 5, 1)
    assert fact.ttc_days == trace.time_to_crime
    assert fact.source_region_id == "US-TX" and fact.source_rds == rds(DEALER)
    assert fact.origin == Origin.US
    assert fact.policy == "distributed"
    assert fact.lag_days == (trace.submitted_at.date() - date(2022, 5, 1)).days
    assert fact.complete_hours == 0


def test_an_unresolved_trace_is_undetermined_and_a_withdrawn_one_leaves_the_figures(submit, officer_a):
    trace = submit(serial_number="ZZ-404", manufacturer="Glock")
    fact = TraceFact.objects.get(trace=trace)
    assert fact.origin == Origin.UNDETERMINED and fact.ttc_days is None
    if not trace.is_final:
        trace_cancel(actor=officer_a, trace=trace)
        assert not TraceFact.objects.filter(trace=trace).exists()


def test_seized_guns_count_as_traced_by_reference_or_by_serial(load, submit, agency_a):
    run = load(
        "seizures",
        [
            seizure(agency_a, "FOLIO/2024/001", "1", "AB-1001", "2024-01-05"),
            seizure(agency_a, "FOLIO/2024/001", "2", "AB-1002", "2024-01-05"),
            seizure(agency_a, "FOLIO/2024/002", "1", "AB-1003", "2024-02-10"),
        ],
    )
    assert run.rows_rejected == 0
    assert SeizureFact.objects.count() == 3 and not SeizureFact.objects.exclude(trace=None).exists()

    by_ref = submit(
        serial_number="",
        serial_obliterated="Y",
        manufacturer="Ruger",
        recovery_date="2024-01-05",
        seizure_ref="FOLIO/2024/001",
        seizure_item="2",
    )
    by_serial = submit(serial_number="ab1003", manufacturer="RUGER", recovery_date="2024-02-10")

    traced = dict(SeizureFact.objects.exclude(trace=None).values_list("seizure__serial_number", "trace_id"))
    assert traced == {"AB-1002": by_ref.pk, "AB-1003": by_serial.pk}
    untraced = SeizureFact.objects.get(trace=None)
    assert untraced.seizure.serial_number == "AB-1001"


def test_a_seized_gun_recovered_again_elsewhere_raises_a_custody_alert(load, submit, agency_a, agency_c):
    load("seizures", [seizure(agency_a, "FOLIO/2023/010", "1", "KX-5150", "2023-03-01")])
    submit(agency=agency_c, serial_number="KX5150", manufacturer="Sturm Ruger", recovery_date="2024-06-20")

    alert = CustodyAlert.objects.get()
    assert alert.kind == CustodyAlert.Kind.SEIZED_AGAIN
    assert alert.holding_agency == agency_a and alert.recovering_agency == agency_c
    assert alert.held_on == date(2023, 3, 1) and alert.recovered_on == date(2024, 6, 20)


def test_the_agencys_own_trace_of_its_seized_gun_raises_nothing(load, submit, agency_a):
    load("seizures", [seizure(agency_a, "FOLIO/2023/011", "1", "KX-5151", "2023-03-01")])
    submit(serial_number="KX5151", manufacturer="Ruger", recovery_date="2023-03-01")
    submit(
        serial_number="KX5151",
        manufacturer="Ruger",
        recovery_date="2023-03-20",
        seizure_ref="FOLIO/2023/011",
        seizure_item="1",
    )
    assert not CustodyAlert.objects.exists()


def test_the_same_serial_of_another_make_is_another_gun(load, submit, agency_a, agency_c):
    load("seizures", [seizure(agency_a, "FOLIO/2023/012", "1", "12345", "2023-03-01", manufacturer="Glock")])
    submit(agency=agency_c, serial_number="12345", manufacturer="Ruger", recovery_date="2024-06-20")
    assert not CustodyAlert.objects.exists()


def test_a_gun_traced_twice_far_apart_raises_an_alert_and_a_seizure_registered_late_too(
    load, submit, agency_a, agency_c
):
    first = submit(serial_number="LC-0099", manufacturer="Smith & Wesson", recovery_date="2022-01-15")
    second = submit(agency=agency_c, serial_number="lc0099", manufacturer="S&W", recovery_date="2023-08-02")
    alert = CustodyAlert.objects.get()
    assert (alert.kind, alert.earlier_trace, alert.trace) == (CustodyAlert.Kind.TRACED_TWICE, first, second)

    load("seizures", [seizure(agency_a, "FOLIO/2022/001", "7", "LC 0099", "2022-01-15", manufacturer="SMITH&WESSON")])
    assert CustodyAlert.objects.filter(kind=CustodyAlert.Kind.SEIZED_AGAIN, trace=second).count() == 1


def test_facts_kept_up_to_date_equal_a_rebuild(world, submit, agency_a, agency_c, load, officer_a):
    world("dispositions", chain("RG-1", "RUGER", hops(RUGER, WHOLESALER, DEALER), ref="B1"))
    world("purchases", [purchase(DEALER, "B1", "PEREZ", "ANA")])
    submit(serial_number="RG1", manufacturer="Ruger", recovery_date="2023-04-04")
    submit(agency=agency_c, serial_number="NOPE-1", manufacturer="Colt", recovery_date="2023-05-05")
    withdrawn = submit(serial_number="NOPE-2", manufacturer="Taurus", recovery_date="2023-06-06")
    if not withdrawn.is_final:
        trace_cancel(actor=officer_a, trace=withdrawn)
    load("seizures", [seizure(agency_a, "F-1", "1", "RG-1", "2023-04-04")])
    kept, kept_seizures = facts(), sorted(SeizureFact.objects.values(), key=lambda f: f["seizure_id"])

    assert facts_refresh_all() == (len(kept), len(kept_seizures))
    assert facts() == kept
    assert sorted(SeizureFact.objects.values(), key=lambda f: f["seizure_id"]) == kept_seizures


def test_the_refresh_command_rebuilds_the_facts(submit, capsys):
    from django.core.management import call_command

    trace = submit(serial_number="CMD-1", manufacturer="Colt", recovery_date="2023-02-02")
    TraceFact.objects.all().delete()
    call_command("stats", "refresh")
    assert TraceFact.objects.filter(trace=trace).exists()
    assert "Traces: 1; seized guns: 0." in capsys.readouterr().out


def test_placeholder_serials_and_unmarked_guns_raise_no_alert(load, submit, agency_a, agency_c):
    load(
        "seizures",
        [
            seizure(agency_a, "F-9", "1", "S/N", "2023-01-01", manufacturer="Hechiza"),
            seizure(agency_a, "F-9", "2", "SIN NUMERO", "2023-01-01", manufacturer="Colt"),
            seizure(agency_a, "F-9", "3", "0001", "2023-01-01", manufacturer="Colt"),
            seizure(agency_a, "F-9", "4", "HM-20931", "2023-01-01", manufacturer="arma hechiza"),
        ],
    )
    submit(agency=agency_c, serial_number="s/n", manufacturer="HECHIZA", recovery_date="2024-05-05")
    submit(agency=agency_c, serial_number="SIN NUMERO", manufacturer="Colt", recovery_date="2024-05-05")
    submit(agency=agency_c, serial_number="0001", manufacturer="Colt", recovery_date="2024-05-05")
    submit(agency=agency_c, serial_number="HM20931", manufacturer="Sin marca", recovery_date="2024-05-05")
    assert not CustodyAlert.objects.exists()

"""Straw purchasers, the repeat indicators and the leads' life across recomputes, from traces the engine resolved."""

from datetime import date

import pytest
from django.utils import translation

from traza.intel.leads.compute import leads_recompute
from traza.intel.leads.reasons import reason_text
from traza.intel.models import Lead, LeadNote
from traza.intel.services.suspects import suspect_flag
from traza.intel.suspects import read_serial
from traza.intel.tests.leads_compute_support import DEALER_AZ, PAPER_DEALER, market_fixture, people  # noqa: F401 - fixture
from traza.tracing.models import Indicator, Trace, TraceIndicator
from traza.tracing.services import trace_cancel

pytestmark = pytest.mark.django_db

RAMIREZ = {
    "last_name": "Ramírez Soto",
    "first_name": "José Luis",
    "date_of_birth": "1996-02-11",
    "street": "1207 E San Antonio Ave",
    "zip": "79901",
}
RAMIREZ_2 = {
    "last_name": "RAMIREZ SOTO",
    "first_name": "JOSE L",
    "date_of_birth": "1996-02-11",
    "street": "1207 EAST SAN ANTONIO AVE",
    "zip": "79901",
}
RAMIREZ_3 = {"last_name": "Ramirez", "first_name": "Jose Luis", "date_of_birth": "1996-11-02", "zip": "79901-2210"}
HOLDER = {"possessor_last_name": "Félix Quintero", "possessor_first_name": "Iván"}
NEIGHBOUR = {"last_name": "Olguín", "first_name": "Ma. Guadalupe", "date_of_birth": "1961-08-30"}


@pytest.fixture
def straw(market):
    """José Luis Ramírez Soto buys three Rugers in three weeks in El Paso; all three are seized in Culiacán within
    months, from someone else. A neighbour's revolver, bought in 2012, turns up in Chihuahua in 2023."""
    for serial, buyer, sold in (
        ("RG-7001", RAMIREZ, "2023-03-02"),
        ("RG-7002", RAMIREZ_2, "2023-03-09"),
        ("RG-7003", RAMIREZ_3, "2023-03-20"),
    ):
        market.sell(serial, buyer, sold)
    market.sell("RG-1100", NEIGHBOUR, "2012-06-14", dealer=DEALER_AZ)
    market.recover("RG-7001", "2023-06-18", **HOLDER)
    market.recover("RG-7002", "2023-08-02", recovery_municipality="25006", **HOLDER)
    market.recover("RG-7003", "2023-09-27", possessor_last_name="Leyva", possessor_first_name="Cruz")
    market.recover("RG-1100", "2023-10-04", state="MX-CHH")
    traces = market.trace()
    buyer, neighbour = people(market, ["RG-7001", "RG-7002", "RG-7003"], ["RG-1100"])
    return traces, buyer, neighbour


def test_a_straw_buyer_of_three_guns_seized_in_sinaloa_within_months_is_a_lead(straw):
    traces, buyer, neighbour = straw

    summary = leads_recompute()

    lead = Lead.objects.get(kind=Lead.Kind.STRAW_PURCHASER)
    reasons = {item["code"]: item for item in lead.reasons}
    assert lead.subject_key == buyer.key and summary["straw_purchaser"] == 1
    assert reasons["traced_guns"]["value"] == 3
    assert (reasons["recovered_abroad"]["value"], reasons["recovered_abroad"]["country"]) == (3, "MX")
    assert (reasons["short_ttc"]["value"], reasons["short_ttc"]["days"]) == (3, 108)
    assert reasons["purchaser_not_possessor"]["value"] == 3
    assert (reasons["short_window"]["value"], reasons["short_window"]["days"]) == (3, 30)
    assert all(0 <= item["strength"] <= 1 for item in lead.reasons)
    assert lead.score >= 80
    assert (lead.first_seen, lead.last_seen) == (date(2023, 6, 18), date(2023, 9, 27))
    assert set(lead.traces.values_list("serial_key", flat=True)) == {"RG7001", "RG7002", "RG7003"}
    assert list(lead.people.all()) == [buyer]
    assert not Lead.objects.filter(subject_key=neighbour.key).exists()


def test_the_buyers_traces_are_marked_repeat_purchaser_and_the_neighbours_is_not(straw):
    traces, _buyer, _neighbour = straw

    leads_recompute()

    marked = TraceIndicator.objects.filter(code=Indicator.REPEAT_PURCHASER)
    assert set(marked.values_list("trace__serial_key", "strong")) == {
        ("RG7001", True),
        ("RG7002", True),
        ("RG7003", True),
    }


def test_work_on_a_lead_survives_a_recompute(straw, investigator_a, agency_b):
    leads_recompute()
    lead = Lead.objects.get(kind=Lead.Kind.STRAW_PURCHASER)
    Lead.objects.filter(pk=lead.pk).update(
        status=Lead.Status.REFERRED, assigned_to=investigator_a, referred_to=agency_b, referred_case="EP-24-0093"
    )
    LeadNote.objects.create(lead=lead, author=investigator_a, text="Domicilio visitado; nadie abrió.")

    leads_recompute()

    again = Lead.objects.get(kind=Lead.Kind.STRAW_PURCHASER)
    assert again.pk == lead.pk and again.active
    assert (again.status, again.assigned_to, again.referred_to, again.referred_case) == (
        Lead.Status.REFERRED,
        investigator_a,
        agency_b,
        "EP-24-0093",
    )
    assert list(again.notes.values_list("text", flat=True)) == ["Domicilio visitado; nadie abrió."]
    assert again.traces.count() == 3


def test_a_lead_whose_traces_are_cancelled_goes_inactive(market, investigator_a, officer_b, agency_b, catalog):
    """Culiacán flags a Ruger; El Paso traces it (the chain waits on a dealer without electronic records), then
    withdraws the trace."""
    suspect_flag(
        actor=investigator_a, serials=[read_serial("rg 8800", "Ruger", catalog=catalog)], case_ref="CI/SIN/0412/2024"
    )
    market.sell("RG-8800", NEIGHBOUR, "2022-11-03", dealer=PAPER_DEALER, books=False)
    market.recover("RG-8800", "2024-01-19", state="US-TX", country="US", agency_code=agency_b.code)
    trace = market.trace()["RG8800"]
    assert trace.status == Trace.Status.IN_PROGRESS
    leads_recompute()
    assert Lead.objects.get(kind=Lead.Kind.SUSPECT_GUN).active

    trace_cancel(actor=officer_b, trace=trace)
    summary = leads_recompute()

    lead = Lead.objects.get(kind=Lead.Kind.SUSPECT_GUN)
    assert not lead.active and summary["inactive"] == 1
    assert list(lead.traces.all()) == [trace]


def test_two_traced_guns_recovered_long_after_the_sale_are_not_a_lead(market):
    for serial, sold, recovered in (("RG-2201", "2011-01-15", "2022-02-01"), ("RG-2202", "2013-07-01", "2023-03-12")):
        market.sell(serial, NEIGHBOUR, sold, dealer=DEALER_AZ)
        market.recover(serial, recovered, state="MX-SON")
    market.trace()
    people(market, ["RG-2201", "RG-2202"])

    leads_recompute()

    assert not Lead.objects.exists()
    assert TraceIndicator.objects.filter(code=Indicator.REPEAT_PURCHASER, strong=False).count() == 2


REASONS = [
    ({"code": "traced_guns", "strength": 0.5, "value": 3}, "3 guns traced", "3 armas rastreadas"),
    (
        {"code": "recovered_abroad", "strength": 1.0, "value": 1, "country": "MX"},
        "1 recovered in Mexico",
        "1 recuperada en México",
    ),
    (
        {"code": "short_ttc", "strength": 1.0, "value": 3, "days": 108},
        "3 recovered within 3 years of the sale (the soonest 108 days after it)",
        "3 recuperadas menos de 3 años después de la venta (la primera 108 días después)",
    ),
    (
        {"code": "dealer_short_ttc", "strength": 0.3, "value": 8, "sold": 1300},
        "8 guns traced within 3 years of the sale, of 1,300 sold",
        "8 armas rastreadas menos de 3 años después de la venta, de 1\xa0300 vendidas",
    ),
    (
        {"code": "dealer_rate", "strength": 1.0, "value": 26.7, "peers": 1.3, "state": "TX"},
        "26.7 short time-to-crime traces per 1,000 guns sold, against 1.3 at its peers in Texas",
        "26,7 rastreos con tiempo al delito corto por cada 1000 armas vendidas, frente a 1,3 en sus pares de Texas",
    ),
    (
        {"code": "same_dealer", "strength": 0.3, "value": 1, "days": 21},
        "1 pair of them bought at the same dealer within 21 days",
        "1 par de ellos compró con el mismo comerciante con 21 días o menos de diferencia",
    ),
]


@pytest.mark.parametrize(("item", "english", "spanish"), REASONS, ids=[r[0]["code"] for r in REASONS])
def test_each_reason_reads_as_one_line_in_english_and_spanish(catalog, item, english, spanish):
    with translation.override("en"):
        assert reason_text(item) == english
    with translation.override("es"):
        assert reason_text(item) == spanish


def test_a_reason_of_an_unknown_code_shows_its_code(db):
    assert reason_text({"code": "new_indicator", "strength": 0.2, "value": 4}) == "new_indicator"

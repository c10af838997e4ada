"""Rings of buyers, dealers far above their peers and repeat_dealer, from traces the engine resolved."""

import pytest

from traza.intel.leads import indicators
from traza.intel.leads.compute import leads_recompute
from traza.intel.models import Lead
from traza.intel.tests.leads_compute_support import DEALER, DEALER_AZ, DEALER_TX2, market_fixture, people  # noqa: F401
from traza.tracing.models import Indicator, Trace, TraceIndicator

pytestmark = pytest.mark.django_db

# Two buyers at one address in El Paso, written two ways, buying Rugers at one dealer within weeks.
CARRASCO = {
    "last_name": "Carrasco",
    "first_name": "Brenda",
    "date_of_birth": "1999-05-04",
    "street": "3115 Pera Ave Apt 2",
    "zip": "79905",
}
ARMENDARIZ = {
    "last_name": "Armendáriz Luna",
    "first_name": "Kevin",
    "date_of_birth": "2001-12-01",
    "street": "3115 PERA AVENUE #2",
    "zip": "79905",
}
# A father and his son at one address, each with a rifle bought years apart and recovered years later.
SENIOR = {
    "last_name": "Villalobos",
    "first_name": "Rogelio",
    "suffix": "Sr",
    "date_of_birth": "1958-03-09",
    "street": "410 Calle Lomas",
    "zip": "88001",
}
JUNIOR = {
    "last_name": "Villalobos",
    "first_name": "Rogelio",
    "suffix": "Jr.",
    "date_of_birth": "1984-07-21",
    "street": "410 CALLE LOMAS",
    "zip": "88001",
}


def test_two_buyers_sharing_an_address_who_bought_at_one_dealer_within_weeks_form_a_ring(market):
    sales = (
        ("RG-3101", CARRASCO, "2023-01-09"),
        ("RG-3102", ARMENDARIZ, "2023-01-20"),
        ("RG-3103", ARMENDARIZ, "2023-02-03"),
    )
    for serial, buyer, sold in sales:
        market.sell(serial, buyer, sold)
    for serial, recovered in (("RG-3101", "2023-07-30"), ("RG-3102", "2023-07-30"), ("RG-3103", "2023-11-12")):
        market.recover(serial, recovered, possessor_last_name="Ochoa", possessor_first_name="Jesús")
    market.trace()
    brenda, kevin = people(market, ["RG-3101"], ["RG-3102", "RG-3103"])

    leads_recompute()

    ring = Lead.objects.get(kind=Lead.Kind.RING)
    reasons = {item["code"]: item["value"] for item in ring.reasons}
    assert set(ring.people.all()) == {brenda, kevin}
    assert reasons["ring_members"] == 2 and reasons["shared_address"] == 1 and reasons["same_dealer"] == 1
    assert reasons["short_ttc"] == 3
    assert set(ring.traces.values_list("serial_key", flat=True)) == {"RG3101", "RG3102", "RG3103"}
    assert ring.subject_key == min(brenda.key, kevin.key)
    first = ring.pk

    leads_recompute()

    assert Lead.objects.get(kind=Lead.Kind.RING).pk == first


def test_relatives_at_one_address_are_not_a_ring_without_trafficking_signs(market):
    market.sell("RG-4101", SENIOR, "2009-10-02", dealer=DEALER_AZ)
    market.sell("RG-4102", JUNIOR, "2014-04-26", dealer=DEALER)
    market.recover("RG-4101", "2022-03-15", state="MX-CHH")
    market.recover("RG-4102", "2023-09-08", state="MX-CHH")
    market.trace()
    people(market, ["RG-4101"], ["RG-4102"])

    leads_recompute()

    assert not Lead.objects.filter(kind=Lead.Kind.RING).exists()


def test_a_dealer_far_above_its_peers_is_a_lead_and_an_average_one_is_not(market):
    """Border Guns (TX) sold 300 guns, 8 traced within months; Tejas Outdoors (TX) sold 4,000, 5 of them; Desert
    Sporting Goods (AZ) sold 3,000, 3 of them."""
    for dealer, sold, short in ((DEALER, 300, 8), (DEALER_TX2, 4000, 5), (DEALER_AZ, 3000, 3)):
        market.unsold(dealer, sold - short)
        for n in range(short):
            serial = f"SH-{dealer[-5:]}-{n}"
            market.sell(
                serial,
                {"last_name": f"Buyer {dealer[-3:]}{n}", "date_of_birth": "1990-01-01"},
                f"2022-0{n % 9 + 1}-1{n % 9}",
                dealer=dealer,
            )
            market.recover(serial, f"2023-0{n % 9 + 1}-2{n % 9}", state="MX-SON")
    market.trace()
    people(market)

    leads_recompute()

    lead = Lead.objects.get(kind=Lead.Kind.DEALER)
    reasons = {item["code"]: item for item in lead.reasons}
    assert lead.subject_key == "57406336"  # Border Guns and Pawn's RDS key
    assert (reasons["dealer_short_ttc"]["value"], reasons["dealer_short_ttc"]["sold"]) == (8, 300)
    assert (reasons["dealer_rate"]["value"], reasons["dealer_rate"]["peers"], reasons["dealer_rate"]["state"]) == (
        26.7,
        1.2,
        "TX",
    )
    assert lead.traces.count() == 8
    assert lead.score >= 50


def test_a_dealer_with_many_short_ttc_traces_in_a_year_marks_them_repeat_dealer(market, monkeypatch):
    """With a bar of 5 a year (25 in production), Border Guns' 6 guns recovered in 2023 within months of the
    sale are marked, a gun it sold in 2010 and recovered that year is too, Tejas Outdoors' 2 are not."""
    monkeypatch.setattr(indicators, "REPEAT_DEALER_TRACES", 5)
    for n in range(6):
        market.sell(f"RD-{n}", {"last_name": f"Cliente {n}"}, f"2022-1{n % 3}-0{n + 1}")
        market.recover(f"RD-{n}", f"2023-0{n + 1}-15", state="MX-BCN")
    market.sell("RD-1999", {"last_name": "Saucedo"}, "2010-05-04")
    market.recover("RD-1999", "2023-12-01", state="MX-BCN")
    for n in range(2):
        market.sell(f"TJ-{n}", {"last_name": f"Comprador {n}"}, "2023-01-10", dealer=DEALER_TX2)
        market.recover(f"TJ-{n}", "2023-03-01", state="MX-BCN")
    traces = market.trace()
    people(market)

    leads_recompute()

    marked = set(TraceIndicator.objects.filter(code=Indicator.REPEAT_DEALER).values_list("trace__serial_key", "strong"))
    assert marked == {*((f"RD{n}", False) for n in range(6)), ("RD1999", False)}

    duplicates = [traces[f"RD{n}"].pk for n in range(2)]
    Trace.objects.filter(pk__in=duplicates).update(status=Trace.Status.DUPLICATE)  # found to be the same guns
    leads_recompute()

    assert not TraceIndicator.objects.filter(code=Indicator.REPEAT_DEALER).exists()

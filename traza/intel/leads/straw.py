"""Straw purchasers: buyers whose guns turn up at crimes soon, far away, in other hands.

A buyer with two traced guns or more is weighed on PRODUCT.md's indicators; a buyer with one traced
gun only when it shows strong signs together: recovered within a year of the sale, abroad or far from
the dealer, and bought in bulk (a multiple-sale report, or other guns bought within WINDOW_DAYS).
"""

from collections import defaultdict
from datetime import date
from typing import cast

from traza.intel.leads.found import Found, combined_score, reason
from traza.intel.leads.inputs import TracedGun
from traza.intel.models import Lead

WINDOW_DAYS = 30
MIN_SCORE = 40.0
WEIGHTS = {
    "recovered_abroad": 0.25,
    "traced_guns": 0.5,
    "short_ttc": 0.6,
    "recovered_far": 0.3,
    "purchaser_not_possessor": 0.2,
    "multiple_sale": 0.4,
    "short_window": 0.4,
}


def by_buyer(guns: list[TracedGun]) -> dict[int, list[TracedGun]]:
    grouped: dict[int, list[TracedGun]] = defaultdict(list)
    for gun in guns:
        grouped[gun.buyer_id].append(gun)
    return grouped


def candidates(buyers: dict[int, list[TracedGun]]) -> list[int]:
    """Buyers worth weighing: two traced guns or more, or one with a strong sign that needs no other record."""
    return [
        person
        for person, guns in buyers.items()
        if len(guns) >= 2 or (guns[0].strong and (guns[0].abroad or guns[0].far))
    ]


def straw_purchasers(
    buyers: dict[int, list[TracedGun]], reports: dict[int, int], bought: dict[int, list[date]]
) -> list[Found]:
    """The straw_purchaser leads among `buyers` (person id → traced guns)."""
    found = []
    for person in candidates(buyers):
        guns, reported = buyers[person], reports.get(person, 0)
        window = most_within(bought.get(person, []), WINDOW_DAYS)
        if not _enough(guns, reported, window):
            continue
        reasons = buyer_reasons(guns, reported, window)
        score = combined_score(reasons, WEIGHTS)
        if score >= MIN_SCORE:
            days = [gun.recovered_on for gun in guns]
            traces = {gun.trace_id for gun in guns}
            found.append(Found(Lead.Kind.STRAW_PURCHASER, "", score, reasons, min(days), max(days), traces, {person}))
    return found


def _enough(guns: list[TracedGun], reports: int, window: int) -> bool:
    """Three guns; two with a sign beyond being recovered abroad (bought in bulk, one recovered within a year,
    both within three); or one gun with every strong sign."""
    bulk = reports > 0 or window >= 2
    if len(guns) >= 3:
        return True
    if len(guns) == 2:
        return bulk or any(gun.strong for gun in guns) or all(gun.short or gun.far for gun in guns)
    gun = guns[0]
    return gun.strong and (gun.abroad or gun.far) and bulk


def buyer_reasons(guns: list[TracedGun], reports: int, window: int) -> list[dict]:
    """The reason items of one buyer: how many guns, where and how soon they were recovered, how they were bought."""
    count = len(guns)
    abroad = [gun.country for gun in guns if gun.abroad]
    short = [cast(int, gun.ttc) for gun in guns if gun.short]
    strong = sum(1 for gun in guns if gun.strong)
    far = sum(1 for gun in guns if gun.far)
    others = sum(1 for gun in guns if gun.not_the_buyer)
    items = []
    items.append(reason("traced_guns", (count - 1) / 4, count))
    if abroad:
        country = max(sorted(set(abroad)), key=abroad.count)
        strength = len(abroad) / count * min(1.0, len(abroad) / 3)
        items.append(reason("recovered_abroad", strength, len(abroad), country=country))
    if short:
        items.append(reason("short_ttc", (strong + 0.5 * (len(short) - strong)) / 2, len(short), days=min(short)))
    if far:
        items.append(reason("recovered_far", far / 2, far))
    if reports:
        items.append(reason("multiple_sale", reports / 2, reports))
    if window >= 2:
        items.append(reason("short_window", (window - 1) / 3, window, days=WINDOW_DAYS))
    if others:
        items.append(reason("purchaser_not_possessor", others / 2, others))
    return items


def most_within(days: list[date], span: int) -> int:
    """The most of these days that fall within `span` days of each other."""
    ordered = sorted(days)
    best, start = 0, 0
    for end, day in enumerate(ordered):
        while (day - ordered[start]).days > span:
            start += 1
        best = max(best, end - start + 1)
    return best

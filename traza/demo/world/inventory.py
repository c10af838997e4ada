"""Guns seized in Mexico and never submitted for tracing: the coverage gap the seizure inventory shows.

ATF has long reported that most guns seized in Mexico are never traced. Every Mexican recovery event
gets more guns in its inventory than in its trace requests, as many as its agency's coverage of the
day says (traza.demo.world.history: a minority, varying by agency, rising after the policy change),
and some seizures are never traced at all. Some of the untraced guns are traceable (their US records
are in Traza): submitting them would close the gap. A few traced guns are missing from their
agency's own inventory.
"""

from collections.abc import Callable
from datetime import date

from traza.demo.world.events import Event, Item
from traza.demo.world.oddities import MEXICAN_MAKES, OLD_MAKES
from traza.demo.world.sampling import Weighted, days
from traza.demo.world.storyteller import Storyteller

MAX_EXTRA_GUNS = 15
KINDS = Weighted(["sold", "homemade", "military", "foreign", "ground_off", "old"], [45, 15, 10, 10, 10, 10])


def fill(t: Storyteller, events: list[Event], coverage: Callable[[Event], float]) -> list[Event]:
    """Add untraced guns to the Mexican events, and whole seizures nobody traced; return the new events.

    An event whose agency traces a share `p` of what it seizes gets about (1 - p) / p untraced guns
    for each gun it traced, give or take half.
    """
    mexican = [e for e in events if e.mexico and not e.later]
    for event in mexican:
        event.items.extend(untraced(t, event) for _ in range(_extra(t, event, coverage(event))))
    added = []
    for _ in range(max(2, len(mexican) // 4)):
        event = t.recover([], date(2020, 1, 1), place=t.place(mexico=True))
        event.story = "seized"
        event.items = [untraced(t, event) for _ in range(t.rng.randint(1, 5))]
        added.append(event)
    return added


def _extra(t: Storyteller, event: Event, share: float) -> int:
    traced = sum(item.traced for item in event.items)
    return min(MAX_EXTRA_GUNS, round(traced * (1 - share) / share * t.rng.uniform(0.5, 1.5)))


def untraced(t: Storyteller, event: Event) -> Item:
    """A seized gun its agency did not submit."""
    rng = t.rng
    kind = KINDS.pick(rng)
    if kind == "sold":
        gun, producer = t.gun()
        sold = t.sold_day(newest=min(date(2025, 12, 31), event.on - days(60)))
        t.sell(gun, producer, t.dealer(t.source_for(event.place)), sold)
        return Item(gun, traced=False)
    if kind == "homemade":
        gun = t.loose_gun("SIN MARCA")
        gun.serial = "S/N"
        return Item(gun, traced=False)
    if kind == "military":
        return Item(t.loose_gun(rng.choice(MEXICAN_MAKES), tag="mx_military"), traced=False)
    if kind == "foreign":
        return Item(t.loose_gun(rng.choice(("Norinco", "Romarm", "Zastava"))), traced=False)
    if kind == "ground_off":
        gun, _producer = t.gun()
        return Item(gun, traced=False, obliterated="Y")
    return Item(t.loose_gun(rng.choice(OLD_MAKES)), traced=False)


def duplicates(t: Storyteller, events: list[Event], count: int) -> None:
    """Mark guns that a second agency also submits (same gun, same recovery)."""
    candidates = [
        item
        for event in events
        if event.mexico and not event.later
        for item in event.items
        if item.traced and item.obliterated == "N" and item.gun.make.marked
    ]
    for item in t.rng.sample(candidates, k=min(count, len(candidates))):
        item.duplicate = True


def uninventoried(t: Storyteller, events: list[Event], count: int) -> None:
    """Leave traced Mexican guns out of their agency's own seizure inventory (the trace still cites the folio)."""
    candidates = [
        item
        for event in events
        if event.mexico and event.story != "seized_again" and not event.later
        for item in event.items
        if item.traced and not item.duplicate
    ]
    for item in t.rng.sample(candidates, k=min(count, len(candidates))):
        item.inventoried = False

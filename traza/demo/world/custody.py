"""Guns that leave an agency's custody and turn up again: what the custody alerts look for.

- `seized_again`: a gun sold in the US sits in a Mexican agency's seizure inventory (never traced), and
  is recovered again 3 to 9 months later at another crime scene by another agency, which traces it.
- `traced_twice`: a gun traced after a Mexican recovery is recovered and traced again 10 to 20 months
  later, by another agency, in Mexico or across the border.

Both later traces reach the purchaser like any ordinary sale; same make, same serial as before.
"""

from datetime import date

from traza.demo.world.events import Event, Item
from traza.demo.world.sampling import END, days
from traza.demo.world.storyteller import RECOVERED_FROM, Storyteller

#: The first recovery leaves room for the second one before the world's history ends.
FIRST_BY = {"seized_again": END - days(280), "traced_twice": END - days(620)}
AGAIN_AFTER = {"seized_again": (90, 270), "traced_twice": (300, 600)}


def custody(t: Storyteller, count: int) -> list[Event]:
    """`count` guns of each kind, two recovery events each: the first recovery, then the later one."""
    events = []
    for story in ("seized_again", "traced_twice"):
        for _ in range(count):
            events.extend(_twice(t, story))
    return events


def _twice(t: Storyteller, story: str) -> list[Event]:
    rng = t.rng
    place = t.place(mexico=True)
    gun, producer = t.gun()
    sold = t.sold_day(oldest=date(2015, 1, 1), newest=date(2023, 3, 31))
    t.sell(gun, producer, t.dealer(t.source_for(place)), sold)
    first = t.recover([Item(gun, traced=story == "traced_twice")], sold, place=place)
    first.on = min(max(first.on, RECOVERED_FROM), FIRST_BY[story])
    first.story = "custody_first" if story == "seized_again" else story
    low, high = AGAIN_AFTER[story]
    again_at = t.place(mexico=True if story == "seized_again" else None)
    second = t.recover([Item(gun)], first.on, place=again_at, within=high)
    second.on = max(second.on, first.on + days(rng.randint(low, high)))
    second.story, second.unlike = story, first
    return [first, second]

"""What every story of a traced gun needs: new guns, dealers, sales, recoveries.

The stories themselves are in traza.demo.world.stories (one per path of the trace engine) and
traza.demo.world.rings (straw-purchase rings).
"""

import random
from datetime import date
from functools import cached_property

from traza.demo.world.background import HISPANIC_SHARE, Catalogue
from traza.demo.world.books import Books
from traza.demo.world.events import Event, Item
from traza.demo.world.guns import Gun, Serials
from traza.demo.world.industry import Industry
from traza.demo.world.licensee import Licensee
from traza.demo.world.people import Person, buyer, mexican, person
from traza.demo.world.reference import Make, Place, makes, models, places, source_states
from traza.demo.world.sampling import END, Weighted, between, days

RECOVERED_FROM = date(2023, 7, 1)
#: Where guns recovered in Mexico were first sold: the border states first, as ATF's Mexico traces show.
#: A modelling weight, not a measurement: the remaining 22% follows the national source-state mix.
MEXICO_SOURCES = {"TX": 41.0, "AZ": 19.0, "CA": 15.0, "NM": 3.0}
MX_CRIMES = {"5212": 40, "5214": 10, "3530": 6, "3560": 5, "0911": 12, "1006": 4, "1204": 5, "1314": 8, "5203": 5}
US_CRIMES = {"5212": 25, "5202": 10, "1314": 15, "0911": 10, "1204": 10, "3530": 8, "3562": 5, "5214": 7, "5299": 5}


class Storyteller:
    """Tells the stories of the traced guns, writing their records through `books`."""

    def __init__(self, rng: random.Random, industry: Industry, books: Books, serials: Serials, catalogue: Catalogue):
        self.rng, self.industry, self.books, self.serials, self.catalogue = rng, industry, books, serials, catalogue
        mx = [p for p in places() if p.country == "MX"]
        us = [p for p in places() if p.country == "US"]
        self.mx_places = Weighted(mx, [p.weight for p in mx])
        self.us_places = Weighted(us, [p.weight for p in us])
        shares = {row["source_state"]: float(row["traces_2023"]) for row in source_states()}
        rest = sum(v for s, v in shares.items() if s not in MEXICO_SOURCES)
        mexico = {s: MEXICO_SOURCES.get(s, 22.0 * v / rest) for s, v in shares.items()}
        self.mexico_sources = self._sources(mexico)
        self.us_sources = {
            state: self._sources({row["source_state"]: float(row[f"recovered_{state}"]) for row in source_states()})
            for state in ("TX", "AZ", "CA", "NM", "IL")
        }
        self.mx_crimes = Weighted(list(MX_CRIMES), list(MX_CRIMES.values()))
        self._dealers: dict[tuple[str, bool], Weighted[Licensee]] = {}
        self.us_crimes = Weighted(list(US_CRIMES), list(US_CRIMES.values()))

    def _sources(self, weights: dict[str, float]) -> Weighted[str]:
        states = sorted(s for s in weights if self.industry.dealers_in(s, electronic=True))
        return Weighted(states, [weights[s] for s in states])

    # --- guns -----------------------------------------------------------------------------

    def gun(self, make: Make | None = None, *, tag: str = "", electronic: bool | None = None) -> tuple[Gun, Licensee]:
        """A new story gun of ordinary commerce and the licensee it starts from."""
        for _attempt in range(100):
            chosen = make or self._make(tag)
            model = self.catalogue.model(self.rng, chosen, tag)
            producer, importer = self.catalogue.producer(self.rng, chosen)
            if electronic is None or producer.electronic == electronic:
                return Gun(self.serials.new(chosen), chosen, model, importer), producer
        raise RuntimeError(f"no producer of {make} with electronic records = {electronic}")

    def _make(self, tag: str) -> Make:
        while True:
            chosen = self.catalogue.makes.pick(self.rng)
            if not tag or any(tag in m.tags for m in models()[chosen.name]):
                return chosen

    def loose_gun(self, make_name: str, tag: str = "") -> Gun:
        """A gun of a make no US licensee's records hold (no licence, long gone, foreign, homemade)."""
        make = makes()[make_name]
        options = [m for m in models()[make_name] if not tag or tag in m.tags]
        return Gun(self.serials.new(make), make, self.rng.choice(options))

    # --- licensees and sales ----------------------------------------------------------------

    def dealer(self, state: str, *, electronic: bool = True) -> Licensee:
        """An active retail dealer of the state (or of a border state when it has none of the kind)."""
        chooser = self._dealers.get((state, electronic))
        if chooser is None:
            found = [d for d in self.industry.dealers_in(state, electronic=electronic) if d.closed is None]
            if not found:
                found = [d for s in ("TX", "AZ", "CA") for d in self.industry.dealers_in(s, electronic=electronic)]
                found = [d for d in found if d.closed is None]
            chooser = self._dealers[(state, electronic)] = Weighted(found, [d.weight for d in found])
        return chooser.pick(self.rng)

    @cached_property
    def straw_dealer(self) -> Licensee:
        """The Texas border dealer every lone straw buyer and every Texas ring buys from."""
        found = [d for d in self.industry.dealers_in("TX", electronic=True, border=True) if d.closed is None]
        return self.rng.choice(sorted(found, key=lambda d: d.rds))

    def closed_dealer(self, *, electronic: bool) -> Licensee:
        return self.rng.choice(self.industry.closed_dealers(electronic=electronic))

    def wholesaler(self, *, electronic: bool = True) -> Licensee:
        return self.rng.choice([w for w in self.industry.wholesalers if w.electronic == electronic])

    def sell(
        self,
        gun: Gun,
        producer: Licensee,
        dealer: Licensee,
        sold: date,
        *,
        via: Licensee | None = None,
        direct: bool = False,
        ending: str = "sale",
        hidden: tuple[Licensee, ...] = (),
        purchase: bool = True,
        ref: bool = True,
    ) -> Person | None:
        """Write `gun`'s way from its producer (usually through a distributor) to `dealer`, and its end there.

        Returns the buyer when a Form 4473 was written for the sale.
        """
        if via is None and not direct and self.rng.random() < 0.7:
            via = self.wholesaler()
        keepers = [producer, via, dealer] if via else [producer, dealer]
        number = self.books.transaction(dealer, sold) if ending == "sale" and ref and dealer.electronic else ""
        self.books.history(gun, keepers, end=sold, ending=ending, ref=number, hidden=hidden)
        if not number or not purchase or dealer in hidden:
            return None
        someone = buyer(
            self.rng,
            state=dealer.state,
            city=dealer.city,
            zip_code=dealer.zip,
            hispanic_share=HISPANIC_SHARE.get(dealer.state, 0.08),
            on=sold,
        )
        self.books.purchase(dealer, number, sold, someone)
        return someone

    def sold_day(self, *, oldest: date = date(2004, 1, 1), newest: date = date(2025, 12, 31)) -> date:
        return between(self.rng, oldest, newest)

    # --- recoveries -------------------------------------------------------------------------

    def place(self, *, mexico: bool | None = None) -> Place:
        if mexico is None:
            mexico = self.rng.random() < 0.65
        return (self.mx_places if mexico else self.us_places).pick(self.rng)

    def source_for(self, place: Place) -> str:
        """The state where a gun recovered at `place` was first sold."""
        if place.country == "MX":
            return self.mexico_sources.pick(self.rng)
        return self.us_sources[place.state].pick(self.rng)

    def recover(
        self,
        items: list[Item],
        after: date,
        *,
        place: Place | None = None,
        within: int | None = None,
        possessor: Person | None = None,
    ) -> Event:
        """A recovery of these guns some time after `after` (within `within` days of it, if given)."""
        rng = self.rng
        place = place or self.place()
        first = max(after + days(rng.randint(7, 30)), RECOVERED_FROM)
        last = min(END, after + days(within)) if within else END
        on = min(END, between(rng, first, max(first, last)))
        mexico = place.country == "MX"
        if possessor is None and rng.random() < 0.88:
            possessor = mexican(rng, on=on) if mexico else self._american(place.state, on)
        crime = (self.mx_crimes if mexico else self.us_crimes).pick(rng)
        urgent = rng.random() < 0.04 or (crime == "0911" and rng.random() < 0.3)
        return Event(place, on, items, possessor, crime, urgent=urgent)

    def _american(self, state: str, on: date) -> Person:
        return person(self.rng, hispanic=self.rng.random() < HISPANIC_SHARE.get(state, 0.2), on=on, ages=(16, 50))

    def maybe_partial(self, item: Item, share: float) -> Item:
        """Sometimes the serial is partly ground off: still readable enough to fit only this gun."""
        if self.rng.random() < share:
            written = self.serials.partial(item.gun.serial)
            if written:
                item.obliterated, item.written = "partial", written
        return item

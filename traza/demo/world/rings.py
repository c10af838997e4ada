"""Straw-purchase rings: buyers in border states who buy many guns within weeks for traffickers.

Each ring has one to three buyers (young, mostly with Hispanic names, as in the cases ATF describes)
who buy AR- and AK-pattern rifles and 9mm, .38 Super and 5.7 mm pistols at a few border-area dealers.
The dealers file the multiple-sale reports the law asks for (3310.4 for handguns, 3310.12 for rifles in
AZ, CA, NM and TX). Most of the guns turn up months later in weapons caches in Mexico, taken from
someone else than the buyer; the seizing agency submits only some of them for tracing.
"""

from datetime import date

from traza.demo.world.background import reportable_rifle
from traza.demo.world.events import Event, Item
from traza.demo.world.guns import Gun
from traza.demo.world.licensee import Licensee
from traza.demo.world.people import Person, buyer
from traza.demo.world.sampling import Weighted, between, business_days_apart, days
from traza.demo.world.storyteller import Storyteller

RING_STATES = {"TX": 45, "AZ": 30, "CA": 15, "NM": 10}
DESTINATIONS = {
    "TX": ("MX-TAM", "MX-CHH", "MX-NLE", "MX-SIN", "MX-JAL", "MX-MIC", "MX-GUA", "MX-GRO"),
    "AZ": ("MX-SON", "MX-SIN", "MX-BCN", "MX-CHH"),
    "CA": ("MX-BCN", "MX-SIN", "MX-JAL", "MX-MIC"),
    "NM": ("MX-CHH", "MX-SIN", "MX-DUR"),
}
GUNS_PER_VISIT = Weighted([1, 2, 3, 4], [30, 35, 20, 15])


def rings(t: Storyteller, traced: int) -> list[Event]:
    """Rings until about `traced` of their guns are submitted for tracing."""
    events: list[Event] = []
    submitted = 0
    while submitted < traced:
        found = ring(t)
        events.extend(found)
        submitted += sum(item.traced for event in found for item in event.items)
    return events


def ring(t: Storyteller) -> list[Event]:
    rng = t.rng
    state = Weighted(list(RING_STATES), list(RING_STATES.values())).pick(rng)
    active = [d for d in t.industry.dealers_in(state, electronic=True) if d.closed is None]
    near = [d for d in active if d.border] or active
    dealers = rng.sample(near, k=min(len(near), rng.randint(2, 4)))
    start = between(rng, date(2024, 1, 1), date(2025, 9, 30))
    sold: dict[Gun, date] = {}
    for _buyer in range(rng.choice((1, 1, 2, 2, 3))):
        home = dealers[0]
        person = buyer(rng, state=state, city=home.city, zip_code=home.zip, hispanic_share=0.7, on=start, ages=(21, 32))
        sales: dict[Licensee, list[tuple[date, Gun]]] = {}
        for _visit in range(rng.randint(2, 5)):
            dealer = rng.choice(dealers)
            day = start + days(rng.randint(0, 50))
            for gun in _visit_purchase(t, person, dealer, day):
                sold[gun] = day
                sales.setdefault(dealer, []).append((day, gun))
        for dealer, bought in sales.items():
            _report(t, person, dealer, bought)
    return _caches(t, state, sold)


def _visit_purchase(t: Storyteller, person: Person, dealer: Licensee, day: date) -> list[Gun]:
    """One visit, one Form 4473, one to four guns."""
    rng = t.rng
    number = t.books.transaction(dealer, day)
    guns = []
    for _ in range(GUNS_PER_VISIT.pick(rng)):
        gun, producer = t.gun(tag="ring_rifle" if rng.random() < 0.55 else "ring_pistol")
        keepers = [producer, t.wholesaler(), dealer] if rng.random() < 0.7 else [producer, dealer]
        t.books.history(gun, keepers, end=day, ending="sale", ref=number)
        guns.append(gun)
    t.books.purchase(dealer, number, day, person)
    return guns


def _report(t: Storyteller, person: Person, dealer: Licensee, bought: list[tuple[date, Gun]]) -> None:
    """The dealer's multiple-sale reports: two or more handguns (or border rifles) within five business days."""
    for form, counts in (
        ("3310.4", lambda gun: gun.model.handgun),
        ("3310.12", lambda gun: reportable_rifle(gun.model)),
    ):
        items = sorted(((day, gun) for day, gun in bought if counts(gun)), key=lambda pair: pair[0])
        start = 0
        while start < len(items):
            end = start + 1
            while end < len(items) and business_days_apart(items[start][0], items[end][0]) <= 5:
                end += 1
            window = items[start:end]
            if len(window) >= 2:
                t.books.multiple_sale(form, dealer, window[-1][0], person, [gun for _day, gun in window])
            start = end


def _caches(t: Storyteller, state: str, sold: dict[Gun, date]) -> list[Event]:
    """The ring's guns turn up in one to three caches in Mexico, months after the sales."""
    rng = t.rng
    recovered = [gun for gun in sold if rng.random() < 0.8]
    rng.shuffle(recovered)
    groups = min(len(recovered), rng.randint(1, 3))
    destinations = [p for p in t.mx_places.items if p.state in DESTINATIONS[state]]
    places = Weighted(destinations, [p.weight for p in destinations])
    events = []
    for index in range(groups):
        guns = recovered[index::groups]
        items = [_seized(t, gun) for gun in guns]
        event = t.recover(items, max(sold[g] for g in guns), place=places.pick(rng), within=rng.randint(60, 330))
        if rng.random() < 0.3:
            event.crime = "5214"
        events.append(event)
    return events


def _seized(t: Storyteller, gun: Gun) -> Item:
    item = Item(gun, traced=t.rng.random() < 0.6)
    if t.rng.random() < 0.07:
        item.obliterated = "Y"
        return item
    return t.maybe_partial(item, 0.11)

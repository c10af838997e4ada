"""Straw purchasers: buyers in border states who buy many guns within weeks for traffickers.

A ring has two or three buyers (young, mostly with Hispanic names, as in the cases ATF describes),
most often living at one address, who buy AR- and AK-pattern rifles and 9mm, .38 Super and 5.7 mm
pistols at a few border-area dealers within weeks of each other; some straw buyers work alone. The
first lone buyers and Texan rings buy mostly from one dealer (`Storyteller.straw_dealer`), so that
dealer ends with far more short time-to-crime traces than its peers. The dealers file the
multiple-sale reports the law asks for (3310.4 for handguns, 3310.12 for rifles in AZ, CA, NM and
TX). Most of the guns turn up months later in weapons caches in Mexico, taken from someone else
than the buyer, guns of different buyers side by side; the seizing agency submits only some of them
for tracing. One cache of each crew is seized in Sinaloa by the federal prosecutor's delegation.

Every buyer is followed (truth.py): their records are written with variants, and the world remembers
who they are. The first lone buyer's guns are the ones the demo investigator flags as suspect; one of
them is recovered last of all and traced only after the flag (`Event.later`).
"""

from datetime import date

from traza.demo.world.background import reportable_rifle
from traza.demo.world.events import Event, Item
from traza.demo.world.guns import Gun
from traza.demo.world.licensee import Licensee
from traza.demo.world.people import Person, buyer
from traza.demo.world.reference import names
from traza.demo.world.sampling import END, Weighted, between, business_days_apart, days
from traza.demo.world.storyteller import Storyteller

RING_STATES = {"TX": 45, "AZ": 30, "CA": 15, "NM": 10}
DESTINATIONS = {
    "TX": ("MX-TAM", "MX-CHH", "MX-NLE", "MX-SIN", "MX-JAL", "MX-MIC", "MX-GUA", "MX-GRO"),
    "AZ": ("MX-SON", "MX-SIN", "MX-BCN", "MX-CHH"),
    "CA": ("MX-BCN", "MX-SIN", "MX-JAL", "MX-MIC"),
    "NM": ("MX-CHH", "MX-SIN", "MX-DUR"),
}
GUNS_PER_VISIT = Weighted([1, 2, 3, 4], [30, 35, 20, 15])
#: Of every five crews, which are lone straw buyers (the others are rings; the first of them Texan).
LONE = (1, 3)
#: When a crew starts buying. The straw dealer's crews buy in 2024 and their guns turn up in 2025, so that its
#: short time-to-crime traces of one year reach what the repeat-dealer indicator counts.
SEASON = (date(2024, 1, 1), date(2025, 9, 30))
HOME_SEASON = (date(2024, 5, 1), date(2024, 11, 30))
HOME_RECOVERIES = (date(2025, 1, 6), date(2025, 3, 31))
#: The first crews the straw dealer serves (all of a small world's), so that a large world has one such
#: dealer, not one that sold to every straw buyer of the country.
STRAW_DEALER_CREWS = 15
#: The agency that seizes one cache of each crew, and where (the demo investigator's delegation).
SINALOA_SEIZER = "MXFGR2500"
SINALOA = "MX-SIN"
#: Every straw buyer has at least this many guns recovered, and this many of them traced back to them.
RECOVERED_PER_BUYER = 2
TRACED_PER_BUYER = 2


def rings(t: Storyteller, traced: int) -> list[Event]:
    """Rings and lone straw buyers until about `traced` of their guns are submitted for tracing."""
    events: list[Event] = []
    submitted = crews = 0
    while submitted < traced:
        found = crew(t, lone=crews % 5 in LONE, texan=crews % 5 == 0, served=crews < STRAW_DEALER_CREWS)
        crews += 1
        events.extend(found)
        submitted += sum(item.traced for event in found if not event.later for item in event.items)
    return events


def crew(t: Storyteller, *, lone: bool, texan: bool = False, served: bool = True) -> list[Event]:
    """One ring of two or three buyers, or one buyer alone, and the caches their guns end in.

    Lone buyers and `texan` rings buy in the straw dealer's state, other rings in a border state; while
    `served`, crews in that state buy from the straw dealer first, others at border dealers of their state."""
    rng = t.rng
    home_state = t.straw_dealer.state
    state = home_state if lone or texan else Weighted(list(RING_STATES), list(RING_STATES.values())).pick(rng)
    home = served and state == home_state
    dealers = _dealers(t, state, lone=lone, served=home)
    start = between(rng, *(HOME_SEASON if home else SEASON))
    buyers = [_straw_buyer(t, state, dealers[0], start) for _ in range(1 if lone else rng.choice((2, 2, 3)))]
    if not lone and rng.random() < 0.75:
        for member in buyers[1:]:
            member.street, member.unit, member.city, member.zip = (
                buyers[0].street, buyers[0].unit, buyers[0].city, buyers[0].zip,
            )  # fmt: skip
    truth = t.books.truth
    truth.straw.extend(member.uid for member in buyers)
    if not lone:
        truth.rings.append([member.uid for member in buyers])
    sold: dict[Gun, tuple[date, int]] = {}
    for member in buyers:
        sales: dict[Licensee, list[tuple[date, Gun]]] = {}
        for _visit in range(rng.randint(3, 5)):
            dealer = dealers[0] if home and rng.random() < (0.8 if lone else 0.6) else rng.choice(dealers)
            day = start + days(rng.randint(0, 50))
            for gun in _visit_purchase(t, member, dealer, day):
                sold[gun] = (day, member.uid)
                sales.setdefault(dealer, []).append((day, gun))
        for dealer, bought in sales.items():
            _report(t, member, dealer, bought)
    later = _suspects(t, sold) if lone and not truth.suspects else None
    events = _caches(t, state, {gun: sale for gun, sale in sold.items() if gun is not later})
    if home:
        for event in events:
            event.on = max(event.on, between(rng, *HOME_RECOVERIES))
    for event in events:
        event.story = "straw" if lone else "ring"
    if later is not None:
        events.append(_later(t, later, sold[later][0]))
    return events


def _dealers(t: Storyteller, state: str, *, lone: bool, served: bool) -> list[Licensee]:
    """The crew's dealers: border-area ones of the state, the straw dealer first for the crews it serves."""
    rng = t.rng
    active = [d for d in t.industry.dealers_in(state, electronic=True) if d.closed is None and d is not t.straw_dealer]
    near = [d for d in active if d.border] or active
    chosen = rng.sample(near, k=min(len(near), rng.randint(1, 2) if lone else rng.randint(2, 4)))
    return [t.straw_dealer, *chosen] if served else chosen


def _straw_buyer(t: Storyteller, state: str, dealer: Licensee, on: date) -> Person:
    """A young buyer living near the dealer; some with two surnames, an apartment, a move in the weeks they buy."""
    rng = t.rng
    someone = buyer(rng, state=state, city=dealer.city, zip_code=dealer.zip, hispanic_share=0.7, on=on, ages=(21, 32))
    if someone.hispanic and rng.random() < 0.5:
        someone.last = f"{someone.last} {rng.choice(names()['hispanic_surname'])}"
    if rng.random() < 0.4:
        someone.unit = rng.choice((str(rng.randint(1, 48)), f"{rng.randint(1, 3)}{rng.choice('ABCD')}"))
    if rng.random() < 0.2:
        someone.former = (someone.street, someone.unit, someone.city, someone.zip)
        someone.street = f"{rng.randint(100, 19999)} {rng.choice(names()['us_street'])}"
        someone.unit, someone.moved_on = "", on + days(rng.randint(10, 40))
    return t.books.truth.follow(someone)


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


def _caches(t: Storyteller, state: str, sold: dict[Gun, tuple[date, int]]) -> list[Event]:
    """The crew's guns turn up in one to three caches in Mexico, months after the sales; the first in Sinaloa.

    Most guns are recovered, at least RECOVERED_PER_BUYER of each buyer; the Sinaloa cache holds a gun of each
    buyer, its serial legible.
    """
    rng = t.rng
    recovered = [gun for gun in sold if rng.random() < 0.8]
    for uid in sorted({uid for _day, uid in sold.values()}):
        theirs = [gun for gun in sold if sold[gun][1] == uid]
        missing = RECOVERED_PER_BUYER - len([gun for gun in theirs if gun in recovered])
        recovered.extend([gun for gun in theirs if gun not in recovered][: max(0, missing)])
    rng.shuffle(recovered)
    leading: dict[int, Gun] = {}
    for gun in recovered:
        leading.setdefault(sold[gun][1], gun)
    others = [gun for gun in recovered if gun not in leading.values()]
    groups = rng.randint(1, 3)
    caches = [[*leading.values(), *others[0::groups]], *(others[index::groups] for index in range(1, groups))]
    destinations = [p for p in t.mx_places.items if p.state in DESTINATIONS[state]]
    places = Weighted(destinations, [p.weight for p in destinations])
    sinaloa = [p for p in destinations if p.state == SINALOA]
    events = []
    for index, guns in enumerate(cache for cache in caches if cache):
        items = [_seized(t, gun) for gun in guns]
        place = rng.choice(sinaloa) if index == 0 else places.pick(rng)
        event = t.recover(items, max(sold[g][0] for g in guns), place=place, within=rng.randint(60, 330))
        if index == 0:
            event.agency = SINALOA_SEIZER
            for item in items[: len(leading)]:
                item.obliterated, item.written = "N", ""
        if rng.random() < 0.3:
            event.crime = "5214"
        events.append(event)
    _enough_traced(events, {gun: uid for gun, (_day, uid) in sold.items()})
    return events


def _seized(t: Storyteller, gun: Gun) -> Item:
    item = Item(gun, traced=t.rng.random() < 0.6)
    if t.rng.random() < 0.07:
        item.obliterated = "Y"
        return item
    return t.maybe_partial(item, 0.11)


def _enough_traced(events: list[Event], buyers: dict[Gun, int]) -> None:
    """The seizing delegation in Sinaloa traces every legible gun it holds; every buyer has TRACED_PER_BUYER
    guns traced, their serials legible."""
    traced: dict[int, int] = {}
    for event in events:
        for item in event.items:
            if event.agency == SINALOA_SEIZER and item.obliterated != "Y":
                item.traced = True
            if item.traced and item.obliterated == "N":
                traced[buyers[item.gun]] = traced.get(buyers[item.gun], 0) + 1
    for event in events:
        for item in event.items:
            uid = buyers[item.gun]
            if traced.get(uid, 0) < TRACED_PER_BUYER and not (item.traced and item.obliterated == "N"):
                item.traced, item.obliterated, item.written = True, "N", ""
                traced[uid] = traced.get(uid, 0) + 1


def _suspects(t: Storyteller, sold: dict[Gun, tuple[date, int]]) -> Gun:
    """Every gun this lone buyer bought is flagged by the demo investigator; the one returned is recovered later."""
    t.books.truth.suspects.extend((gun.serial, gun.make.name) for gun in sold)
    return max(sold, key=lambda gun: (sold[gun][0], gun.serial))


def _later(t: Storyteller, gun: Gun, sold: date) -> Event:
    """The flagged buyer's last gun, recovered in Sinaloa shortly before the world's history ends: its trace is
    submitted only after the guns were flagged."""
    rng = t.rng
    sinaloa = [p for p in t.mx_places.items if p.state == SINALOA]
    event = t.recover([Item(gun, inventoried=False)], sold, place=rng.choice(sinaloa))
    event.on = max(event.on, END - days(rng.randint(10, 40)))
    event.agency, event.story, event.later = SINALOA_SEIZER, "straw_later", True
    return event

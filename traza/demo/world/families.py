"""Households and namesakes: people who look alike in the records and are not one person, nor straw buyers.

- `junior`: a father and his son of the same name at one address, SR and JR (a suffix often left off),
  born a generation apart.
- `siblings`: a brother and a sister, or two brothers, at one address, with their own given names.
- `namesakes`: two people of a common name in the same town, born years apart, at different addresses.

Each of them buys a gun or three over the years at dealers of their state; one gun of the family is
stolen years later and recovered in a crime in the US, traced to its buyer. People resolution must keep
them apart, and nothing in it is a sign of trafficking.
"""

import random
from datetime import date, timedelta

from traza.demo.world.events import Event, Item
from traza.demo.world.people import Person, buyer, relative
from traza.demo.world.reference import names
from traza.demo.world.sampling import between
from traza.demo.world.storyteller import Storyteller

KINDS = ("junior", "siblings", "namesakes")
STATES = ("TX", "AZ", "CA", "NM", "FL", "GA")
COMMON = (("JUAN", "HERNANDEZ"), ("JOSE", "GARCIA"), ("JOHN", "SMITH"), ("MARIA", "MARTINEZ"), ("LUIS", "LOPEZ"))
FIRST_SALE = date(2010, 1, 1)
LAST_SALE = date(2025, 6, 30)


def families(t: Storyteller, count: int) -> list[Event]:
    """`count` households or pairs of namesakes, the kinds in turn; one recovery event each."""
    return [_family(t, KINDS[index % len(KINDS)], index) for index in range(count)]


def _family(t: Storyteller, kind: str, index: int) -> Event:
    rng = t.rng
    state = STATES[index % len(STATES)]
    dealer = t.dealer(state)
    head = buyer(
        rng, state=state, city=dealer.city, zip_code=dealer.zip, hispanic_share=0.6, on=FIRST_SALE, ages=(40, 60)
    )
    head.sex = "M"
    if kind == "junior":
        head.suffix = "SR"
        kin = relative(rng, head, born=_years_after(rng, head.born, 22, 30), first=head.first, sex="M", suffix="JR")
        kin.middle = head.middle
    elif kind == "siblings":
        sex = rng.choice("MF")
        kin = relative(rng, head, born=_years_after(rng, head.born, 1, 8), first=_other_given(rng, head, sex), sex=sex)
    else:
        head.first, head.last = COMMON[index // len(KINDS) % len(COMMON)]
        head.sex = "F" if head.first == "MARIA" else "M"
        kin = buyer(
            rng, state=state, city=head.city, zip_code=head.zip, hispanic_share=0.6, on=FIRST_SALE, ages=(21, 60)
        )
        kin.first, kin.last, kin.sex, kin.middle = head.first, head.last, head.sex, ""
    truth = t.books.truth
    members = [truth.follow(head), truth.follow(kin)]
    truth.households.append([member.uid for member in members])
    bought = {member.uid: [_purchase(t, member, state) for _ in range(rng.randint(1, 3))] for member in members}
    sold, gun = min(bought[head.uid], key=lambda sale: sale[0])
    places = [p for p in t.us_places.items if p.state == state] or t.us_places.items
    return _stolen(t, gun, sold, rng.choice(places))


def _purchase(t: Storyteller, member: Person, state: str):
    """One gun bought at a dealer of the state, once the member is 21: (day, gun)."""
    rng = t.rng
    day = between(rng, max(FIRST_SALE, _years_after(rng, member.born, 21, 22)), LAST_SALE)
    dealer = t.dealer(state)
    gun, producer = t.gun()
    keepers = [producer, t.wholesaler(), dealer] if rng.random() < 0.7 else [producer, dealer]
    number = t.books.transaction(dealer, day)
    t.books.history(gun, keepers, end=day, ending="sale", ref=number)
    t.books.purchase(dealer, number, day, member)
    return day, gun


def _stolen(t: Storyteller, gun, sold: date, place) -> Event:
    event = t.recover([Item(gun)], max(sold, date(2021, 1, 1)), place=place)
    event.story = "family"
    return event


def _years_after(rng: random.Random, day: date, low: int, high: int) -> date:
    return day + timedelta(days=rng.randint(low * 365 + 10, high * 365 + 300))


def _other_given(rng: random.Random, head: Person, sex: str) -> str:
    group = "hispanic" if head.hispanic else "anglo"
    options = [name for name in names()[f"{group}_{'male' if sex == 'M' else 'female'}"] if name != head.first]
    return rng.choice(options)

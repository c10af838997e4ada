"""Stories of guns that end off the ordinary path: old, foreign, exported, homemade, ground off, stolen,
lost, destroyed, or two guns with one serial.
"""

from datetime import date

from traza.demo.world.events import Event, Item
from traza.demo.world.guns import Gun
from traza.demo.world.reference import agencies, makes
from traza.demo.world.sales import mx_old
from traza.demo.world.sampling import END, between, days
from traza.demo.world.storyteller import Storyteller

OLD_MAKES = ("Hopkins & Allen", "Forehand & Wadsworth", "Meriden Firearms", "Johnson Automatics", "Lefever Arms")
HISTORIC_MAKERS = ("Colt", "Smith & Wesson", "Remington")
UNIMPORTED_FOREIGN = ("Romarm", "Zastava", "Norinco", "Beretta", "Canik", "Taurus")
MEXICAN_MAKES = ("SEDENA (Industria Militar)", "Productos Mendoza")
EXPORTERS = ("Colt", "SIG Sauer")
SEDENA_BUYER = "SECRETARIA DE LA DEFENSA NACIONAL - DCAM"


# --- old, foreign, exported, homemade -------------------------------------------------------


def pre1968_make(t: Storyteller) -> Event:
    """A gun of a maker that closed long before the Gun Control Act of 1968: there are no records to trace."""
    return t.recover([Item(t.loose_gun(t.rng.choice(OLD_MAKES)))], date(2020, 1, 1), place=t.place(mexico=True))


def pre1968_chain(t: Storyteller) -> Event:
    """The maker's old books show a sale before 1968 to a dealer long closed: not traced, pre-1968."""
    gun = t.loose_gun(t.rng.choice(HISTORIC_MAKERS), tag="old")
    producer = t.catalogue.producer(t.rng, gun.make)[0]
    sold = between(t.rng, date(1956, 1, 1), date(1967, 6, 30))
    t.books.history(gun, [producer, t.rng.choice(t.industry.old_dealers)], end=sold, ending="sale")
    return t.recover([Item(gun)], date(2020, 1, 1))


def foreign_incomplete(t: Storyteller) -> Event:
    """A foreign make with US importers, submitted without the importer: looked for in every importer's book."""
    gun = t.loose_gun(t.rng.choice(UNIMPORTED_FOREIGN))
    return t.recover([Item(gun, with_importer=False)], date(2020, 1, 1), place=t.place(mexico=True))


def foreign_never_imported(t: Storyteller) -> Event:
    """A Mexican-made (military) gun: made abroad, never imported, traced abroad."""
    gun = t.loose_gun(t.rng.choice(MEXICAN_MAKES), tag="mx_military")
    return t.recover([Item(gun)], date(2020, 1, 1), place=t.place(mexico=True))


def exported(t: Storyteller) -> Event:
    """Exported lawfully by its US maker to Mexico's army (DCAM), later diverted: traced abroad."""
    gun = t.loose_gun(t.rng.choice(EXPORTERS), tag="export")
    producer = t.catalogue.producer(t.rng, gun.make)[0]
    shipped = between(t.rng, date(2008, 1, 1), date(2019, 12, 31))
    t.books.history(gun, [producer], end=shipped, ending="export", receiver_name=SEDENA_BUYER)
    return t.recover([Item(gun)], shipped, place=t.place(mexico=True))


def homemade(t: Storyteller) -> Event:
    """A homemade gun with no maker's marks ('hechiza'): not traced, invalid markings."""
    gun = t.loose_gun("SIN MARCA")
    gun.serial = t.rng.choice(("S/N", "SIN NUMERO", "NO VISIBLE", "0001"))
    return t.recover([Item(gun)], date(2020, 1, 1), place=t.place(mexico=True))


# --- serials ground off ---------------------------------------------------------------------


def obliterated_full(t: Storyteller) -> Event:
    """A traceable gun whose serial was ground off completely."""
    event = mx_old(t)
    item = event.items[0]
    item.obliterated, item.written = "Y", ""
    return event


def partial_none(t: Storyteller) -> Event:
    """A partly ground-off serial that fits no record."""
    gun, _producer = t.gun()
    item = Item(gun, obliterated="partial", written=t.serials.partial(gun.serial) or "")
    return t.recover([item], date(2020, 1, 1), place=t.place(mexico=True))


def partial_ambiguous(t: Storyteller) -> Event:
    """A partly ground-off serial that fits two guns of the make: not traced."""
    gun, producer = t.gun(electronic=True)
    twin_serial, position = t.serials.sibling(gun.serial)
    twin = Gun(twin_serial, gun.make, gun.model, gun.importer)
    sold = t.sold_day(oldest=date(2016, 1, 1))
    t.sell(gun, producer, t.dealer("AZ"), sold)
    t.sell(twin, producer, t.dealer("TX"), sold - days(40))
    written = t.serials.partial(gun.serial, positions=[position])
    return t.recover([Item(gun, obliterated="partial", written=written or "")], sold, place=t.place(mexico=True))


# --- thefts, losses and other ends in a licensee's book ---------------------------------------


def dealer_theft(t: Storyteller, *, kind: str = "theft") -> Event:
    """Stolen from (or lost by) a dealer that recorded it and reported it on F 3310.11."""
    place = t.place()
    dealer = t.dealer(t.source_for(place))
    gun, producer = t.gun(electronic=True)
    stolen = t.sold_day(oldest=date(2018, 1, 1))
    t.sell(gun, producer, dealer, stolen, ending=kind)
    note = "Burglary of licensed premises" if kind == "theft" else "Lost in shipment"
    t.books.theft(gun, reported_by=dealer.number(stolen), on=stolen, kind=kind, country="US", state=dealer.state,
                  notes=note)  # fmt: skip
    return t.recover([Item(gun)], stolen, place=place)


def dealer_loss(t: Storyteller) -> Event:
    return dealer_theft(t, kind="loss")


def dealer_theft_paper(t: Storyteller) -> Event:
    """Stolen from a paper dealer: its records are not in Traza, but its theft report is."""
    place = t.place()
    dealer = t.dealer(t.source_for(place), electronic=False)
    gun, producer = t.gun(electronic=True)
    stolen = t.sold_day(oldest=date(2018, 1, 1))
    t.sell(gun, producer, dealer, stolen, via=t.wholesaler())
    t.books.theft(gun, reported_by=dealer.number(stolen), on=stolen, kind="theft", country="US", state=dealer.state,
                  notes="Smash-and-grab burglary")  # fmt: skip
    return t.recover([Item(gun)], stolen, place=place)


def owner_theft(t: Storyteller) -> Event:
    """Sold at retail, later stolen from the owner, who reported it to the police."""
    state = t.rng.choice(("TX", "AZ", "CA", "NM", "IL"))
    police = [
        a["agency_code"]
        for a in agencies()
        if a["country"] == "US" and a["state"] == state and a["level"] == "municipal"
    ]
    dealer = t.dealer(state)
    gun, producer = t.gun()
    sold = t.sold_day(oldest=date(2012, 1, 1), newest=date(2024, 12, 31))
    t.sell(gun, producer, dealer, sold)
    stolen = between(t.rng, sold + days(30), min(END - days(60), sold + days(2500)))
    t.books.theft(gun, reported_by=t.rng.choice(police), on=stolen, kind="theft", country="US", state=state,
                  notes=t.rng.choice(("Residential burglary", "Vehicle burglary")))  # fmt: skip
    return t.recover([Item(gun)], stolen)


def in_inventory(t: Storyteller) -> Event:
    """Still in a dealer's inventory by its records: missing from the shelf, never reported."""
    gun, producer = t.gun(electronic=True)
    held = t.sold_day(oldest=date(2020, 1, 1), newest=date(2025, 10, 31))
    t.sell(gun, producer, t.dealer(t.rng.choice(("TX", "AZ"))), held, ending="inventory")
    return t.recover([Item(gun)], held)


def destroyed(t: Storyteller) -> Event:
    """Recorded as destroyed by the dealer, and yet recovered."""
    gun, producer = t.gun(electronic=True)
    gone = t.sold_day(oldest=date(2016, 1, 1))
    t.sell(gun, producer, t.dealer("TX"), gone, ending="destroyed")
    return t.recover([Item(gun)], gone)


def purchase_missing(t: Storyteller) -> Event:
    """Sold at retail; the dealer uploaded its A&D book but not the Form 4473."""
    gun, producer = t.gun(electronic=True)
    sold = t.sold_day(oldest=date(2014, 1, 1))
    t.sell(gun, producer, t.dealer("AZ"), sold, purchase=False)
    return t.recover([Item(gun)], sold)


def retail_no_ref(t: Storyteller) -> Event:
    """Sold at retail with no Form 4473 number in the book: the dealer is the end of the chain."""
    gun, producer = t.gun(electronic=True)
    sold = t.sold_day()
    t.sell(gun, producer, t.dealer("NM"), sold, ref=False)
    return t.recover([Item(gun)], sold)


def ambiguous(t: Storyteller) -> Event:
    """Two guns of one make carry the same serial (two plants): the request gives no calibre to tell them apart."""
    make = makes()["Hi-Point"]
    plants = t.catalogue.industry.makers[make.name].items[:2]
    gun, _producer = t.gun(make)
    twin = Gun(gun.serial, make, t.rng.choice([m for m in t.catalogue.models[make.name].items if m != gun.model]))
    sold = t.sold_day(oldest=date(2016, 1, 1))
    t.sell(gun, plants[0], t.dealer("TX"), sold)
    t.sell(twin, plants[1], t.dealer("NM"), sold - days(90))
    return t.recover([Item(gun, caliber_given=False)], sold, place=t.place(mexico=True))

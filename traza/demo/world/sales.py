"""Stories of guns sold at retail: traced to the buyer, or stopped at a licensee whose records are missing.

Each story writes the records that lead the engine where the story goes (or leaves the gap that
stops it) and returns the recovery event a trace request will describe.
"""

from datetime import date
from typing import cast

from traza.demo.world.events import Event, Item
from traza.demo.world.industry import PAPER_MAKERS
from traza.demo.world.reference import makes
from traza.demo.world.sampling import between, days
from traza.demo.world.storyteller import Storyteller

NO_LICENCE_MAKES = ("Charter Arms", "Bryco Arms", "Lorcin Engineering", "Raven Arms", "Intratec", "Polymer80")
ELECTRONIC_MAKERS = ("Ruger", "Smith & Wesson", "SIG Sauer", "Glock", "Springfield Armory", "Taurus International")


# --- ordinary sales ------------------------------------------------------------------------


def mx_old(t: Storyteller) -> Event:
    """A gun sold in the US years ago, trafficked and recovered in Mexico."""
    place = t.place(mexico=True)
    gun, producer = t.gun()
    sold = t.sold_day(oldest=date(1996, 1, 1), newest=date(2024, 6, 30))
    t.sell(gun, producer, t.dealer(t.source_for(place)), sold)
    return t.recover([t.maybe_partial(Item(gun), 0.05)], sold, place=place)


def us_crime(t: Storyteller, *, own: bool = False) -> Event:
    """A gun recovered in a US crime; taken from someone other than its buyer unless `own`."""
    place = t.place(mexico=False)
    gun, producer = t.gun()
    sold = t.sold_day(oldest=date(2008, 1, 1))
    buyer = t.sell(gun, producer, t.dealer(t.source_for(place)), sold)
    event = t.recover([Item(gun)], sold, place=place)
    if own and buyer is not None:
        event.possessor = buyer
    return event


def us_own(t: Storyteller) -> Event:
    return us_crime(t, own=True)


def foreign_imported(t: Storyteller) -> Event:
    """A foreign-made gun that came in through its US importer and was sold at retail."""
    place = t.place()
    make = t.rng.choice([m for m in t.catalogue.makes.items if m.foreign])
    gun, producer = t.gun(make)
    sold = t.sold_day(oldest=date(2012, 1, 1))
    t.sell(gun, producer, t.dealer(t.source_for(place)), sold)
    return t.recover([Item(gun, with_importer=t.rng.random() < 0.85)], sold, place=place)


# --- chains that reach a licensee whose records are not in Traza ----------------------------


def paper_dealer(t: Storyteller) -> Event:
    """Sold to a dealer that keeps paper books: the trace waits on a query to the dealer."""
    place = t.place()
    gun, producer = t.gun(electronic=True)
    sold = t.sold_day(oldest=date(2015, 1, 1))
    t.sell(gun, producer, t.dealer(t.source_for(place), electronic=False), sold)
    return t.recover([Item(gun)], sold, place=place)


def paper_wholesaler(t: Storyteller) -> Event:
    """The maker sold it to a distributor that keeps paper books: the query goes to the distributor."""
    gun, producer = t.gun(electronic=True)
    dealer = t.dealer("TX")
    sold = t.sold_day(oldest=date(2016, 1, 1))
    t.sell(gun, producer, dealer, sold, via=t.wholesaler(electronic=False), hidden=(dealer,))
    return t.recover([Item(gun)], sold)


def bridge(t: Storyteller) -> Event:
    """A paper distributor between an electronic maker and an electronic dealer: the dealer's record of
    acquisition names the distributor, so the chain can step over it."""
    place = t.place()
    gun, producer = t.gun(electronic=True)
    sold = t.sold_day(oldest=date(2016, 1, 1))
    t.sell(gun, producer, t.dealer(t.source_for(place)), sold, via=t.wholesaler(electronic=False))
    return t.recover([Item(gun)], sold, place=place)


def obr_found(t: Storyteller) -> Event:
    """Sold by a dealer that has since closed and handed its records over (OBR): still traced to the buyer."""
    dealer = t.closed_dealer(electronic=True)
    gun, producer = t.gun(electronic=True)
    closed = cast(date, dealer.closed)
    sold = between(t.rng, max(date(2012, 1, 1), closed - days(3000)), closed - days(20))
    t.sell(gun, producer, dealer, sold)
    return t.recover([Item(gun)], sold)


def obr_not_found(t: Storyteller) -> Event:
    """Shipped to a closed dealer whose handed-over records do not have the gun."""
    dealer = t.closed_dealer(electronic=True)
    gun, producer = t.gun(electronic=True)
    closed = cast(date, dealer.closed)
    sold = between(t.rng, max(date(2012, 1, 1), closed - days(3000)), closed - days(20))
    t.sell(gun, producer, dealer, sold, via=t.wholesaler(), hidden=(dealer,))
    return t.recover([Item(gun)], sold)


def obr_missing(t: Storyteller) -> Event:
    """Shipped to a closed dealer whose records never reached Traza: a query for its records."""
    dealer = t.closed_dealer(electronic=False)
    gun, producer = t.gun(electronic=True)
    closed = cast(date, dealer.closed)
    sold = between(t.rng, max(date(2012, 1, 1), closed - days(3000)), closed - days(20))
    t.sell(gun, producer, dealer, sold, via=t.wholesaler())
    return t.recover([Item(gun)], sold)


def dealer_no_record(t: Storyteller) -> Event:
    """Shipped to a dealer whose uploaded records lack the gun: not traced, no record."""
    place = t.place()
    dealer = t.dealer(t.source_for(place))
    gun, producer = t.gun(electronic=True)
    sold = t.sold_day(oldest=date(2014, 1, 1))
    t.sell(gun, producer, dealer, sold, via=t.wholesaler(), hidden=(dealer,))
    return t.recover([Item(gun)], sold, place=place)


def maker_no_record(t: Storyteller) -> Event:
    """A serial the maker's uploaded records do not have (misread, or made before they were uploaded)."""
    gun, _producer = t.gun(makes()[t.rng.choice(ELECTRONIC_MAKERS)], electronic=True)
    return t.recover([Item(gun)], date(2020, 1, 1))


def no_licence_make(t: Storyteller) -> Event:
    """A US make the catalog holds no licence for (defunct 'Saturday night special' makers, kit frames)."""
    return t.recover([Item(t.loose_gun(t.rng.choice(NO_LICENCE_MAKES)))], date(2020, 1, 1))


def paper_maker(t: Storyteller) -> Event:
    """A gun of a maker that keeps paper books, sold through paper dealers: the query goes to the maker."""
    make = makes()[t.rng.choice(PAPER_MAKERS)]
    gun, producer = t.gun(make)
    sold = t.sold_day(oldest=date(2015, 1, 1))
    t.sell(gun, producer, t.dealer("TX", electronic=False), sold, direct=True)
    return t.recover([Item(gun)], sold)

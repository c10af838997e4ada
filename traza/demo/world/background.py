"""Ordinary commerce: the bulk of the A&D books, written as a stream so any size fits in little memory.

Each retail transaction picks a source state (ATF's 2023 source-state shares), a dealer there, one or
two guns of makes weighted by their real output (AFMER 2023; imports by ATF's 2015 import figures),
and lays each gun's chain backwards from the sale: maker or importer, usually a distributor, the dealer.
"""

import random
from datetime import date

from traza.demo.world.books import Books
from traza.demo.world.guns import Gun, Serials
from traza.demo.world.industry import Industry
from traza.demo.world.licensee import Licensee
from traza.demo.world.people import buyer
from traza.demo.world.reference import Make, Model, makes, models, source_states
from traza.demo.world.sampling import END, Weighted, between, days

START = date(2014, 1, 1)
BORDER_STATES = ("AZ", "CA", "NM", "TX")
HISPANIC_SHARE = {"TX": 0.4, "NM": 0.45, "AZ": 0.3, "CA": 0.35, "FL": 0.2, "PR": 0.95}
#: Yearly imports by make, from ATF's 2015 imports by country of origin shared among that country's makes.
IMPORTS = {
    "Glock": 900_000, "Taurus": 480_000, "HS Produkt": 330_000, "Beretta": 110_000, "Benelli": 90_000,
    "Canik": 110_000, "Tisas": 40_000, "Sarsilmaz": 30_000, "Girsan": 30_000, "Walther": 140_000,
    "Heckler & Koch": 60_000, "CZ": 100_000, "Armscor": 85_000, "Zastava": 75_000, "FN Herstal": 70_000,
    "Bersa": 42_000, "Romarm": 27_000, "IWI": 20_000, "Arsenal AD": 11_000, "Steyr Mannlicher": 6_000,
    "Llama": 2_000,
}  # fmt: skip
#: Makes whose guns only story guns carry (no licence, ceased long ago, or Mexican military).
STORY_ONLY_TAGS = {"old", "mx_military"}


def reportable_rifle(model: Model) -> bool:
    """A semi-automatic rifle above .22 with a detachable magazine: what 3310.12 counts."""
    return model.firearm_type == "rifle" and "ring_rifle" in model.tags


class Catalogue:
    """The makes and models ordinary commerce sells, weighted by output."""

    def __init__(self, industry: Industry):
        self.industry = industry
        chosen, weights = [], []
        for name, make_models in models().items():
            make = makes()[name]
            sold = [m for m in make_models if m.weight > 0 and not STORY_ONLY_TAGS & set(m.tags)]
            if not sold or not self.sellable(make):
                continue
            chosen.append(make)
            weights.append(IMPORTS.get(name, 0) if make.foreign else industry.makers[name].total)
        self.makes = Weighted(chosen, weights)
        self.models = {
            name: Weighted(list(items), [m.weight for m in items])
            for name, items in models().items()
            if any(m.weight > 0 for m in items)
        }

    def sellable(self, make: Make) -> bool:
        if make.foreign:
            return make.name in self.industry.importers and make.name in IMPORTS
        return make.name in self.industry.makers and make.ceased is None

    def model(self, rng: random.Random, make: Make, tag: str = "") -> Model:
        if tag:
            tagged = [m for m in models()[make.name] if tag in m.tags]
            return rng.choice(tagged)
        return self.models[make.name].pick(rng)

    def producer(self, rng: random.Random, make: Make) -> tuple[Licensee, Make | None]:
        """The licensee a new gun of `make` starts its US life with, and the importer make if imported."""
        if make.foreign:
            importer = self.industry.importers[make.name].pick(rng)
            return importer, makes()[self.industry.importer_make[importer.rds]]
        return self.industry.makers[make.name].pick(rng), None


class Background:
    """Writes ordinary retail commerce until the A&D books hold the rows asked for."""

    def __init__(self, rng: random.Random, industry: Industry, books: Books, serials: Serials, catalogue: Catalogue):
        self.rng, self.industry, self.books, self.serials, self.catalogue = rng, industry, books, serials, catalogue
        self.wholesalers = Weighted(industry.wholesalers, [w.weight for w in industry.wholesalers])
        shares = {row["source_state"]: int(row["traces_2023"]) for row in source_states()}
        states = sorted(s for s in industry.dealers if industry.dealers[s])
        self.states = Weighted(states, [shares.get(s, 0) for s in states])
        self.dealers = {s: Weighted(industry.dealers[s], [d.weight for d in industry.dealers[s]]) for s in states}

    def run(self, rows: int, progress=None) -> None:
        output = self.books.output
        step = max(1, rows // 20)
        mark = output.counts["dispositions"] + step
        while output.counts["dispositions"] < rows:
            self.transaction()
            if progress and output.counts["dispositions"] >= mark:
                progress(output.counts["dispositions"])
                mark += step

    def transaction(self) -> None:
        rng, books = self.rng, self.books
        dealer = self.dealers[self.states.pick(rng)].pick(rng)
        last = dealer.closed - days(1) if dealer.closed else END
        on = between(rng, START, last)
        stock = [self.gun() for _ in range(2 if rng.random() < 0.05 else 1)]
        guns = [gun for gun, _producer in stock]
        draw = rng.random()
        if on > END - days(45) and draw < 0.4:
            ending = "inventory"
        elif draw < 0.003:
            ending = "theft"
        elif draw < 0.004:
            ending = "loss"
        else:
            ending = "sale"
        ref = books.transaction(dealer, on) if ending == "sale" and dealer.electronic else ""
        for gun, producer in stock:
            keepers = [producer, self.wholesalers.pick(rng), dealer] if rng.random() < 0.7 else [producer, dealer]
            books.history(gun, keepers, end=on, ending=ending, ref=ref)
            if ending in ("theft", "loss"):
                books.theft(
                    gun,
                    reported_by=dealer.number(on),
                    on=on,
                    kind=ending,
                    country="US",
                    state=dealer.state,
                    notes="F 3310.11",
                )
        if ref:
            person = self.buyer(dealer, on)
            books.purchase(dealer, ref, on, person)
            report_multiple_sale(books, dealer, on, person, guns)

    def gun(self) -> tuple[Gun, Licensee]:
        """A new gun of ordinary commerce and the licensee it starts from."""
        make = self.catalogue.makes.pick(self.rng)
        model = self.catalogue.model(self.rng, make)
        producer, importer = self.catalogue.producer(self.rng, make)
        return Gun(self.serials.background(make), make, model, importer), producer

    def buyer(self, dealer: Licensee, on: date):
        return buyer(
            self.rng,
            state=dealer.state,
            city=dealer.city,
            zip_code=dealer.zip,
            hispanic_share=HISPANIC_SHARE.get(dealer.state, 0.08),
            on=on,
        )


def report_multiple_sale(books: Books, dealer: Licensee, on: date, person, guns: list[Gun]) -> None:
    """File the multiple-sale reports a sale of these guns to one buyer calls for."""
    handguns = [g for g in guns if g.model.handgun]
    if len(handguns) >= 2:
        books.multiple_sale("3310.4", dealer, on, person, handguns)
    rifles = [g for g in guns if reportable_rifle(g.model)]
    if len(rifles) >= 2 and dealer.state in BORDER_STATES:
        books.multiple_sale("3310.12", dealer, on, person, rifles)

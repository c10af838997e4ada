"""The industry of the demo world: real manufacturers and dealers, synthetic distributors and dealers.

Manufacturers are the catalog's make licences with their AFMER 2023 names and output; foreign makes
come in through their US importers; retail dealers are the real ATF FFL list sample plus synthetic
dealers in the other states. Which licensees keep electronic records (and so appear as record keepers
in dispositions.csv) is decided here, once, so the licence list and the A&D books always agree.
"""

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import cast

from traza.demo.world.licensee import BORDER_CITIES, Licensee
from traza.demo.world.people import person
from traza.demo.world.reference import (
    Make,
    afmer,
    afmer_output,
    ffl_sample,
    makes,
    models,
    names,
    source_states,
    spellings,
    state_prefixes,
    us_cities,
)
from traza.demo.world.sampling import END, Weighted, between, decode_expiration

#: Makers that keep paper books: a trace of their guns waits on a query to them.
PAPER_MAKERS = (
    "Jimenez Arms",
    "Phoenix Arms",
    "Bond Arms",
    "North American Arms",
    "Iver Johnson",
    "Ithaca Gun Company",
)
#: Importers the catalog knows by name but not by licence: their licence is synthesised (type 08).
IMPORTER_STATES = {"Eagle Imports": "NJ", "SAR USA": "TX", "Stoeger Industries": "MD", "Interarms": "VA"}
SIZES = {"small": (24, 150), "medium": (36, 600), "large": (60, 2500)}


class Industry:
    """Every licensee of the world, by role, with the choosers the commerce needs."""

    def __init__(self, rng: random.Random, size: str):
        self.rng = rng
        self.all: dict[str, Licensee] = {}
        self.taken = set(afmer()) | {r["LIC_REGN"] + r["LIC_DIST"] + r["LIC_SEQN"] for r in ffl_sample()}
        self.sequences: dict[str, int] = defaultdict(lambda: 20000)
        self.makers: dict[str, Weighted[Licensee]] = {}
        self.importers: dict[str, Weighted[Licensee]] = {}
        self.importer_make: dict[str, str] = {}
        self.dealers: dict[str, list[Licensee]] = defaultdict(list)
        wholesalers, synthetic = SIZES[size]
        self._manufacturers()
        self._importers()
        self._listed_dealers()
        self._synthetic_dealers(synthetic)
        self._some_closed()
        self.wholesalers = [self._wholesaler() for _ in range(wholesalers)]
        self.old_dealers = [self._old_dealer() for _ in range(4)]

    # --- building -------------------------------------------------------------------------

    def _add(self, licensee: Licensee) -> Licensee:
        self.all.setdefault(licensee.rds, licensee)
        return self.all[licensee.rds]

    def _new_sequence(self, prefix: str) -> str:
        while True:
            self.sequences[prefix] += self.rng.randint(1, 37)
            sequence = f"{self.sequences[prefix]:05d}"
            if prefix + sequence not in self.taken:
                self.taken.add(prefix + sequence)
                return sequence

    def _place(self, state: str, *, border: bool = False) -> tuple[str, str, str]:
        cities: Sequence[tuple[str, str, str]] = us_cities().get(state) or us_cities()["TX"]
        if border:
            near = [c for c in cities if c[0] in BORDER_CITIES]
            cities = near or cities
        return self.rng.choice(cities)

    def _synthetic(self, state: str, lic_type: str, name: str, role: str, *, border: bool = False) -> Licensee:
        prefix = state_prefixes().get(state, "574")
        city, county, zip_code = self._place(state, border=border)
        rng = self.rng
        return Licensee(
            region=prefix[0],
            district=prefix[1:],
            county=county,
            lic_type=lic_type,
            expires=(rng.randint(2026, 2029), rng.randint(1, 12)),
            sequence=self._new_sequence(prefix),
            name=name,
            role=role,
            state=state,
            street=f"{rng.randint(100, 9999)} {rng.choice(names()['us_street'])}",
            city=city,
            zip=zip_code,
            phone=f"{rng.randint(201, 989)}{rng.randint(2000000, 9999999)}",
        )

    def _manufacturers(self) -> None:
        rows = afmer()
        sharing: dict[str, int] = defaultdict(int)
        for make in makes().values():
            for rds in make.licences:
                sharing[rds] += 1
        for make in makes().values():
            licences = [self._maker_licence(make, rds) for rds in make.licences]
            if not licences:
                continue
            output = [afmer_output(rows[rds]) / sharing[rds] if rds in rows else 0 for rds in make.licences]
            if not any(output):
                output = [1.0] + [0.0] * (len(output) - 1)
            keepers = [lic for lic, out in zip(licences, output, strict=True) if out > 0]
            for keeper in keepers:
                keeper.electronic = keeper.electronic or make.name not in PAPER_MAKERS
            self.makers[make.name] = Weighted(licences, output)

    def _maker_licence(self, make: Make, rds: str) -> Licensee:
        if rds in self.all:
            return self.all[rds]
        row = afmer().get(rds)
        state = row["premise_state"] if row else "TX"
        legal = row["license_name"].strip() if row else make.name.upper()
        licensee = self._synthetic(state, row["lic_type"] if row else "07", " ".join(legal.split()), "maker")
        licensee.region, licensee.district, licensee.sequence = rds[0], rds[1:3], rds[3:]
        licensee.street = row["premise_street"].strip() if row else licensee.street
        return self._add(licensee)

    def _importers(self) -> None:
        for make in makes().values():
            if not make.foreign or make.name not in models():
                continue
            licences, weights = [], []
            for position, importer in enumerate(make.importers):
                licensee = self._importer_licence(importer)
                if licensee is not None and licensee.closed is None:
                    self.importer_make.setdefault(licensee.rds, importer)
                    licences.append(licensee)
                    weights.append(1.0 / (1 + position))
            if licences:
                self.importers[make.name] = Weighted(licences, weights)

    def _importer_licence(self, importer: str) -> Licensee | None:
        """The licence an importer records imports under: its busiest one, or a synthesised type 08."""
        if importer in self.makers:
            chooser = self.makers[importer]
            busiest = chooser.items[0]
            busiest.electronic = True
            return busiest
        state = IMPORTER_STATES.get(importer)
        if state is None:
            return None
        legal = next((a for a in spellings()[importer] if a.endswith((" INC", " LLC"))), importer.upper() + " INC")
        licensee = self._add(self._synthetic(state, "08", legal, "importer"))
        if makes()[importer].ceased:
            licensee.closed = date(cast(int, makes()[importer].ceased), 12, 31)
        else:
            licensee.electronic = True
        self.makers[importer] = Weighted([licensee], [1.0])
        return licensee

    def _listed_dealers(self) -> None:
        for row in ffl_sample():
            year, month = decode_expiration(row["LIC_XPRDTE"])
            licensee = Licensee(
                region=row["LIC_REGN"],
                district=row["LIC_DIST"],
                county=row["LIC_CNTY"],
                lic_type=row["LIC_TYPE"],
                expires=(year, month),
                sequence=row["LIC_SEQN"],
                name=row["LICENSE_NAME"].strip(),
                role="dealer" if row["LIC_TYPE"] in ("01", "02") else "listed",
                state=row["PREMISE_STATE"].strip(),
                city=row["PREMISE_CITY"].strip(),
                zip=row["PREMISE_ZIP_CODE"].strip(),
                listed_row=row,
            )
            if licensee.rds in self.all:
                continue
            self._add(licensee)
            if licensee.role == "dealer":
                licensee.electronic = self.rng.random() < 0.78
                licensee.weight = self.rng.lognormvariate(0, 0.8)
                self.dealers[licensee.state].append(licensee)

    def _synthetic_dealers(self, count: int) -> None:
        shares = {row["source_state"]: int(row["traces_2023"]) for row in source_states()}
        total = sum(shares.values())
        for state in sorted(us_cities()):
            wanted = max(1, round(count * shares.get(state, 0) / total))
            if state in ("TX", "AZ", "CA", "NM"):
                wanted = max(wanted // 2, 4)
            for _ in range(wanted):
                self.dealers[state].append(self._dealer(state, border=state in ("TX", "AZ", "CA", "NM")))

    def _dealer(self, state: str, *, border: bool) -> Licensee:
        rng = self.rng
        words = names()
        if rng.random() < 0.3:
            owner = person(
                rng, hispanic=state in ("TX", "NM", "AZ", "CA") and rng.random() < 0.5, on=END, ages=(30, 70)
            )
            name, business = f"{owner.last}, {owner.first}", f"{owner.last}'S {rng.choice(words['dealer_noun'])}"
        else:
            business = f"{rng.choice(words['dealer_word'])} {rng.choice(words['dealer_noun'])}"
            name = f"{business} {rng.choice(words['business_suffix'])}"
        dealer = self._add(self._synthetic(state, "02" if "PAWN" in business else "01", name, "dealer", border=border))
        dealer.business = business if name != business else ""
        dealer.weight = rng.lognormvariate(0, 0.9)
        draw = rng.random()
        if draw < 0.07:
            self._close(dealer, electronic=draw < 0.045)
        else:
            dealer.electronic = draw < 0.80
        return dealer

    def _close(self, dealer: Licensee, *, electronic: bool) -> None:
        """Out of business since a day of 2016–2025, its records handed over (OBR) electronic or on paper."""
        dealer.closed = between(self.rng, date(2016, 1, 1), date(2025, 12, 31))
        year = dealer.closed.year + 1 + (dealer.closed.year % 3)
        dealer.expires = (year, dealer.expires[1])
        dealer.electronic = electronic

    def _some_closed(self) -> None:
        """At least one closed dealer of each kind of records, whatever the draw: the stories of a closed dealer's
        records (found, not found, never received) each need one."""
        for electronic in (True, False):
            if not self.closed_dealers(electronic=electronic):
                dealer = self.rng.choice(
                    [d for ds in self.dealers.values() for d in ds if not d.closed and d.listed_row is None]
                )
                self._close(dealer, electronic=electronic)

    def _wholesaler(self) -> Licensee:
        rng = self.rng
        words = names()
        states = Weighted(
            [r["source_state"] for r in source_states()], [int(r["traces_2023"]) for r in source_states()]
        )
        state = states.pick(rng)
        while state not in us_cities():
            state = states.pick(rng)
        name = (
            f"{rng.choice(words['wholesale_word'])} {rng.choice(words['wholesale_noun'])} {rng.choice(('INC', 'LLC'))}"
        )
        wholesaler = self._add(self._synthetic(state, "01", name, "wholesaler"))
        wholesaler.electronic = rng.random() < 0.75
        wholesaler.weight = rng.lognormvariate(0, 0.7)
        return wholesaler

    def _old_dealer(self) -> Licensee:
        """A dealer that closed soon after the Gun Control Act, whose books never reached Traza."""
        state = self.rng.choice(("TX", "AZ", "CA", "IL", "NY", "OH"))
        business = f"{self.rng.choice(names()['dealer_word'])} {self.rng.choice(names()['dealer_noun'])}"
        dealer = self._add(self._synthetic(state, "01", f"{business} CO", "old_dealer"))
        dealer.closed = date(self.rng.randint(1969, 1975), self.rng.randint(1, 12), 28)
        dealer.expires = (dealer.closed.year + 1, dealer.expires[1])
        return dealer

    # --- choosing -------------------------------------------------------------------------

    def dealers_in(
        self, state: str, *, electronic: bool | None = None, active_on: date | None = None, border: bool = False
    ) -> list[Licensee]:
        """Retail dealers of a state, filtered."""
        found = []
        for dealer in self.dealers.get(state, ()):
            if electronic is not None and dealer.electronic != electronic:
                continue
            if active_on is not None and dealer.closed is not None and dealer.closed < active_on:
                continue
            if border and not dealer.border:
                continue
            found.append(dealer)
        return found

    def closed_dealers(self, *, electronic: bool) -> list[Licensee]:
        return [d for ds in self.dealers.values() for d in ds if d.closed and d.electronic == electronic]

    def rows(self) -> list[list[str]]:
        return [licensee.row() for licensee in sorted(self.all.values(), key=lambda lic: lic.rds)]

"""The records guns leave: A&D rows, Form 4473s, multiple-sale reports and theft reports."""

import random
from collections import defaultdict
from datetime import date, timedelta

from traza.demo.world.files import Output
from traza.demo.world.guns import Gun
from traza.demo.world.licensee import Licensee
from traza.demo.world.people import Person
from traza.demo.world.spelling import holder_name, legal_name, spell, spell_caliber
from traza.demo.world.truth import Truth
from traza.demo.world.variants import written


class Books:
    """Writes the industry's records of guns to the output files, numbering them the way licensees do.

    A person the world follows (`Truth.follow`) is written with the variants of variants.py, drawn from
    `people_rng`, and each purchase naming them is recorded in `truth`.
    """

    def __init__(self, output: Output, rng: random.Random, *, people_rng: random.Random, truth: Truth):
        self.output = output
        self.rng = rng
        self.people_rng = people_rng
        self.truth = truth
        self.record_numbers: dict[str, int] = defaultdict(int)
        self.transaction_numbers: dict[str, int] = defaultdict(int)
        self.report_numbers: dict[str, int] = defaultdict(int)
        self.iso: dict[date, str] = {}

    def day(self, value: date | None) -> str:
        if value is None:
            return ""
        text = self.iso.get(value)
        if text is None:
            text = self.iso[value] = value.isoformat()
        return text

    def history(
        self,
        gun: Gun,
        keepers: list[Licensee],
        *,
        end: date,
        ending: str,
        ref: str = "",
        receiver_name: str = "",
        hidden: tuple[Licensee, ...] = (),
        holds: tuple[int, ...] = (),
    ) -> date:
        """Write the A&D rows of `gun` passing through `keepers`; the last one's `ending` happens on `end`.

        Dates are laid backwards from `end`: each keeper held the gun a while, and the next one received it
        a few days after the previous one shipped it. Paper licensees and `hidden` ones write no row.
        `ending` is a disposition type, `sale` (a retail sale, with `ref`) or `inventory` (still held).
        Returns the day the first keeper made or imported the gun.
        """
        spans = []
        disposed = end
        for position in range(len(keepers) - 1, -1, -1):
            hold = holds[position] if position < len(holds) else self._hold(keepers[position], position)
            acquired = disposed - timedelta(days=hold)
            spans.append((keepers[position], acquired, disposed))
            disposed = acquired - timedelta(days=self.rng.randint(1, 6))
        spans.reverse()
        for position, (keeper, acquired, disposed) in enumerate(spans):
            if not keeper.electronic or keeper in hidden:
                continue
            source = spans[position - 1][0] if position else None
            receiver = spans[position + 1][0] if position + 1 < len(spans) else None
            if receiver is not None:
                self._record(gun, keeper, acquired, source, disposed, "sale", receiver, "", "")
            elif ending == "inventory":
                self._record(gun, keeper, acquired, source, None, "", None, "", "")
            else:
                self._record(gun, keeper, acquired, source, disposed, ending, None, receiver_name, ref)
        return spans[0][1]

    def _hold(self, keeper: Licensee, position: int) -> int:
        if keeper.role in ("maker", "importer") and position == 0:
            return self.rng.randint(4, 75)
        if keeper.role == "wholesaler":
            return self.rng.randint(5, 120)
        return min(900, 2 + int(self.rng.expovariate(1 / 55)))

    def _record(self, gun, keeper, acquired, source, disposed, kind, receiver, receiver_name, ref) -> None:
        rng = self.rng
        self.record_numbers[keeper.rds] += 1
        producer = source is None
        if producer and gun.importer is not None:
            manufacturer, source_name = spell(rng, gun.make), gun.make.name.upper()
        elif producer:
            manufacturer, source_name = legal_name(keeper, gun.make), "MANUFACTURED"
        else:
            manufacturer, source_name = spell(rng, gun.make), holder_name(source)
        country = gun.make.country if (gun.make.foreign or producer) else ""
        self.output.write(
            "dispositions",
            (
                f"{acquired.year}-{self.record_numbers[keeper.rds]:07d}",
                keeper.number(acquired),
                gun.serial,
                manufacturer,
                spell(rng, gun.importer) if gun.importer else "",
                gun.model.name,
                spell_caliber(rng, gun.model.caliber),
                gun.model.firearm_type,
                country,
                self.day(acquired),
                source.number(acquired) if source else "",
                source_name,
                self.day(disposed),
                kind,
                receiver.number(disposed) if receiver else "",
                holder_name(receiver) if receiver else receiver_name,
                ref,
            ),
        )

    def transaction(self, dealer: Licensee, on: date) -> str:
        """A new Form 4473 number of this dealer."""
        self.transaction_numbers[dealer.rds] += 1
        return f"{on.year}-{self.transaction_numbers[dealer.rds]:06d}"

    def purchase(self, dealer: Licensee, ref: str, on: date, person: Person) -> None:
        self.truth.purchase(person, dealer.rds, ref)
        buyer = written(self.people_rng, person, on)
        self.output.write(
            "purchases",
            (
                ref,
                dealer.number(on),
                self.day(on),
                buyer.last,
                buyer.first,
                buyer.middle,
                buyer.suffix,
                self.day(buyer.born),
                buyer.place_of_birth,
                buyer.sex,
                buyer.street,
                buyer.city,
                buyer.state,
                buyer.zip,
                "DRIVER LICENSE" if self.rng.random() < 0.9 else "STATE ID",
                buyer.id_number,
                buyer.state,
            ),
        )

    def multiple_sale(self, form: str, dealer: Licensee, on: date, person: Person, guns: list[Gun]) -> None:
        """One report naming every gun of a multiple sale (3310.4 handguns, 3310.12 border rifles)."""
        buyer = written(self.people_rng, person, on)
        self.report_numbers[dealer.rds] += 1
        number = f"{dealer.rds}-{on.year}-{self.report_numbers[dealer.rds]:04d}"
        for gun in guns:
            self.output.write(
                "multiple_sales",
                (
                    number,
                    form,
                    dealer.number(on),
                    self.day(on),
                    buyer.last,
                    buyer.first,
                    buyer.middle,
                    self.day(buyer.born),
                    buyer.street,
                    buyer.city,
                    buyer.state,
                    buyer.zip,
                    "DRIVER LICENSE",
                    buyer.id_number,
                    gun.serial,
                    spell(self.rng, gun.make),
                    spell(self.rng, gun.importer) if gun.importer else "",
                    gun.model.name,
                    spell_caliber(self.rng, gun.model.caliber),
                    gun.model.firearm_type,
                ),
            )

    def theft(self, gun: Gun, *, reported_by: str, on: date, kind: str, country: str, state: str, notes: str) -> None:
        """A theft or loss report (ATF F 3310.11 by a licensee, or a police stolen-gun report)."""
        prefix = reported_by.replace("-", "")[:9]
        self.report_numbers[prefix] += 1
        self.output.write(
            "thefts",
            (
                f"{prefix}-{on.year}-{self.report_numbers[prefix]:05d}",
                reported_by,
                self.day(on),
                kind,
                gun.serial,
                spell(self.rng, gun.make),
                gun.model.name,
                spell_caliber(self.rng, gun.model.caliber),
                gun.model.firearm_type,
                country,
                state,
                notes,
            ),
        )

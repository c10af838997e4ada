"""Recovered guns and what agencies file about them: seizure inventories and trace requests.

A recovery event is one seizure (a place, a day, a possessor, the guns). In Mexico the seizing agency
records every gun in its inventory (seizures.csv) and only some are submitted for tracing. The seizing
agency is always the trace's agency of record; under the central access policy (before
history.POLICY_CHANGE) the federal prosecutor's state delegation submits for it, which history.csv
records. In the US the recovering agency submits its guns. When each request was submitted, and
how often each agency traces, come from traza.demo.world.history.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from traza.demo.world.events import Event, Item, Request
from traza.demo.world.files import Output
from traza.demo.world.guns import Gun
from traza.demo.world.history import (
    LAST_SUBMISSION,
    Habits,
    central_at,
    office_zone,
    policy_rows,
    submission_day,
    submitted_at,
)
from traza.demo.world.people import officer_name
from traza.demo.world.reference import Place, agencies, names
from traza.demo.world.sampling import Weighted
from traza.demo.world.spelling import spell, spell_caliber, stamp

SPANISH_TYPES = {"pistol": "pistola", "revolver": "revólver", "shotgun": "escopeta", "machine_gun": "ametralladora"}
COASTAL = {"MX-SIN", "MX-TAM", "MX-GRO", "MX-BCN", "MX-SON", "MX-MIC", "MX-JAL", "MX-COL", "MX-ROO"}
PORTS_OF_ENTRY = {"02004", "02002", "26043", "26055", "08037", "28027", "28032", "28022", "06007"}
BORDER_COUNTIES = {"48141", "48479", "48215", "48061", "04023", "04003", "04027", "06073", "06025", "35013"}
#: Why a request is urgent, by the first two digits of its offence code ("" for any other offence).
URGENT_ES = {
    "09": "Homicidio de elementos de la Guardia Nacional; se requiere la fuente del arma para la carpeta.",
    "10": "Secuestro en curso; el arma vincula a una célula activa.",
    "": "Agresión armada contra policías estatales; detenidos en flagrancia, plazo constitucional de 48 horas.",
}
URGENT_EN = {
    "09": "Homicide with a suspect in custody: charging decision due within 48 hours.",
    "12": "Armed robbery series; this firearm is linked to three incidents.",
    "": "Officer-involved shooting; suspect at large.",
}
RANKS = {"federal": ("SA", "SA", "Insp."), "state": ("Tpr.", "Sgt."), "sheriff": ("Dep.", "Sgt."), "": ("Ofc.", "Det.")}


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    country: str
    level: str
    kind: str
    state: str
    municipality: str
    parent: str


class Recorder:
    """Writes agencies, seizure inventories and trace requests for the world's recovery events."""

    def __init__(self, rng: random.Random, output: Output, habits_rng: random.Random):
        self.rng = rng
        self.output = output
        self.rows = agencies()
        self.agencies = [
            Agency(r["agency_code"], r["name"], r["country"], r["level"], r["kind"], r["state"], r["municipality"],
                   r["parent_code"])
            for r in self.rows
        ]  # fmt: skip
        self.by_code = {a.code: a for a in self.agencies}
        self.habits = Habits(habits_rng, self.agencies)
        self.counters: dict[tuple[str, str], int] = defaultdict(int)
        self.officers: dict[str, list[tuple[str, str]]] = {}
        self.late: list[tuple] = []
        self.requests: list[Request] = []

    def write_agencies(self) -> None:
        for row in self.rows:
            self.output.write("agencies", [row[column] for column in row])

    def assign(self, events: list[Event]) -> None:
        """Choose the agency that recovered each event's guns; a gun recovered again is another agency's."""
        for event in events:
            if event.agency:
                continue
            agency = self._recovering(event)
            for _attempt in range(20):
                if event.unlike is None or agency.code != event.unlike.agency:
                    break
                agency = self._recovering(event)
            if event.unlike is not None and agency.code == event.unlike.agency:
                agency = self.by_code["MXGNA0000" if agency.code != "MXGNA0000" else "MXSDN0000"]
            event.agency = agency.code

    def _recovering(self, event: Event) -> Agency:
        return self.seizer(event.place) if event.mexico else self.american(event.place)

    def coverage(self, event: Event) -> float:
        """The share of an event's seized guns its agency submits for tracing."""
        return self.habits.coverage(event.agency, event.on)

    def write(self, events: list[Event]) -> None:
        self.output.write_many("policies", policy_rows())
        for event in sorted(events, key=lambda e: e.on):
            if event.mexico:
                self._mexican(event)
            else:
                self._american(event)
        self.output.write_many("trace_requests", self.late)

    # --- who seizes and who submits ---------------------------------------------------------

    def _one(self, **match) -> Agency | None:
        return next((a for a in self.agencies if all(getattr(a, k) == v for k, v in match.items())), None)

    def seizer(self, place: Place) -> Agency:
        """The agency that seized guns at a Mexican place."""
        options: list[tuple[Agency | None, float]] = [
            (self._one(country="MX", kind="military", state=place.state), 30),
            (self._one(country="MX", level="municipal", municipality=place.municipality), 25),
            (self._one(country="MX", level="state", kind="police", state=place.state), 15),
            (self._one(country="MX", level="state", kind="prosecutor", state=place.state), 6),
            (self.by_code["MXGNA0000"], 12),
            (self.by_code["MXSDN0000"], 4),
            (self.by_code["MXSMR0000"], 6 if place.state in COASTAL else 0),
            (self.by_code["MXANA0000"], 4 if place.municipality in PORTS_OF_ENTRY else 0),
            (self.fgr(place), 6),
        ]
        present = [(agency, weight) for agency, weight in options if agency is not None and weight]
        return Weighted([a for a, _w in present], [w for _a, w in present]).pick(self.rng)

    def fgr(self, place: Place) -> Agency:
        """The federal prosecutor's delegation in the state, or its headquarters."""
        return (
            self._one(country="MX", kind="prosecutor", level="federal", state=place.state) or self.by_code["MXFGR0000"]
        )

    def american(self, place: Place) -> Agency:
        """The US agency that recovered guns at a place: city police mostly, then sheriffs, state and federal."""
        local = [a for a in self.agencies if a.country == "US" and a.municipality == place.municipality]
        options = [(a, 15.0 if "Sheriff" in a.name else 40.0) for a in local if a.level == "municipal"]
        options += [
            (a, 8.0) for a in self.agencies if a.country == "US" and a.state == place.state and a.level == "state"
        ]
        options += [(a, 8.0) for a in self.agencies if a.code.endswith("ATF0100") and a.state == place.state]
        if place.municipality in BORDER_COUNTIES:
            options += [(a, 8.0) for a in self.agencies if a.kind == "customs" and a.state == place.state]
        if not options:
            options = [(self.by_code["DCATF0000"], 1.0)]
        return Weighted([a for a, _w in options], [w for _a, w in options]).pick(self.rng)

    # --- rows -------------------------------------------------------------------------------

    def _mexican(self, event: Event) -> None:
        rng = self.rng
        seizer = self.by_code[event.agency]
        delegation = self.fgr(event.place)
        via = delegation if self.habits.central(seizer.code, event.on) else None
        folio = self._number(seizer.code, event.on.year, "")
        for number, item in enumerate(event.items, start=1):
            gun = item.gun
            if item.inventoried:
                self.output.write(
                    "seizures",
                    (
                        folio, str(number), seizer.code, event.on.isoformat(), "MX", event.place.state,
                        event.place.municipality, item.serial_written, item.obliterated, spell(rng, gun.make),
                        gun.model.name, spell_caliber(rng, gun.model.caliber), self._type(gun, spanish=True),
                    ),
                )  # fmt: skip
            if not item.traced:
                continue
            row = self._trace(seizer, event, item, folio, str(number), via=via)
            self.output.write("later_requests" if event.later else "trace_requests", row)
            if item.duplicate:
                other = delegation if delegation is not seizer else self.by_code["MXSDN0000"]
                self.late.append(self._trace(other, event, item, folio, str(number), duplicate=True))

    def _american(self, event: Event) -> None:
        agency = self.by_code[event.agency]
        for item in event.items:
            if item.traced:
                self.output.write("trace_requests", self._trace(agency, event, item, "", ""))

    def _number(self, code: str, year: int, prefix: str) -> str:
        self.counters[(code, prefix)] += 1
        if prefix:
            return f"{prefix}-{year}-{self.counters[(code, prefix)]:05d}"
        return f"{code}/{year}/{self.counters[(code, prefix)]:05d}"

    def _officer(self, agency: Agency) -> tuple[str, str]:
        if agency.code not in self.officers:
            self.officers[agency.code] = [
                (
                    officer_name(self.rng, ranks=self._ranks(agency)),
                    f"{agency.code[2:5]}-{self.rng.randint(1000, 9999)}",
                )
                for _ in range(4)
            ]
        return self.rng.choice(self.officers[agency.code])

    @staticmethod
    def _ranks(agency: Agency) -> tuple[str, ...]:
        """How the agency's officers sign ("" for Mexican agencies, whose officers sign with their names)."""
        if agency.country == "MX":
            return ()
        if "Sheriff" in agency.name:
            return RANKS["sheriff"]
        return RANKS.get(agency.level, RANKS[""])

    def _case(self, agency: Agency, event: Event) -> str:
        if agency.code not in event.case:
            year = event.on.year
            self.counters[(agency.code, "case")] += 1
            serial = self.counters[(agency.code, "case")]
            state = event.place.state[3:] if event.mexico else event.place.state
            if agency.country == "US":
                event.case[agency.code] = f"{agency.code[:2]}{year % 100:02d}-{serial:06d}"
            elif agency.kind == "prosecutor" and agency.level == "federal":
                event.case[agency.code] = f"FED/{state}/{serial:07d}/{year}"
            elif agency.kind == "prosecutor":
                event.case[agency.code] = f"CI-{state}/{serial:05d}/{year}"
            else:
                event.case[agency.code] = f"IPH/{agency.code[2:5]}/{serial:05d}/{year}"
        return event.case[agency.code]

    def _type(self, gun: Gun, *, spanish: bool) -> str:
        kind = gun.model.firearm_type
        return SPANISH_TYPES.get(kind, kind) if spanish and self.rng.random() < 0.5 else kind

    def _trace(
        self,
        agency: Agency,
        event: Event,
        item: Item,
        folio: str,
        number: str,
        duplicate: bool = False,
        via: Agency | None = None,
    ) -> tuple:
        rng = self.rng
        gun = item.gun
        mexico = agency.country == "MX"
        request_ref = self._number(agency.code, event.on.year, "SOL" if mexico else "REQ")
        if not event.later:
            self.requests.append(Request(agency.code, request_ref, event.story, item.obliterated, duplicate))
            self._history(agency, request_ref, event, item, via=via, duplicate=duplicate)
        officer, badge = self._officer(agency)
        urgent = event.urgent and rng.random() < 0.9
        reasons = URGENT_ES if mexico else URGENT_EN
        reason = reasons.get(event.crime[:2], reasons[""]) if urgent else ""
        place = event.place
        located = rng.random() < 0.8
        person = event.possessor
        return (
            request_ref,
            agency.code,
            officer,
            badge,
            self._case(agency, event),
            "urgent" if urgent else "routine",
            reason,
            event.crime,
            event.on.isoformat(),
            place.country,
            place.state,
            place.municipality,
            rng.choice(names()["mx_locality" if event.mexico else "us_locality"]),
            self._address(event),
            f"{place.latitude + rng.uniform(-0.04, 0.04):.5f}" if located else "",
            f"{place.longitude + rng.uniform(-0.04, 0.04):.5f}" if located else "",
            item.serial_written,
            item.obliterated,
            stamp(rng, gun.make),
            stamp(rng, gun.importer) if gun.importer and item.with_importer else "",
            gun.model.name if rng.random() < 0.9 else "",
            spell_caliber(rng, gun.model.caliber) if item.caliber_given else "",
            self._type(gun, spanish=mexico),
            gun.make.country if gun.make.foreign or rng.random() < 0.5 else "",
            self._markings(item, mexico),
            person.last if person else "",
            person.first if person else "",
            person.born.isoformat() if person else "",
            person.sex if person else "",
            ("MX" if person.hispanic and event.mexico else "US") if person else "",
            folio,
            number,
        )

    def _history(
        self, agency: Agency, request_ref: str, event: Event, item: Item, *, via: Agency | None, duplicate: bool
    ) -> None:
        """When the request was submitted (a duplicate: days after the first), by whom, how soon it resolved.

        The time is the submitting agency's local time (a designated delegation submits for a Mexican agency
        only, in the same time zone)."""
        rng, zone = self.habits.rng, office_zone(agency)
        if duplicate and item.submitted_at is not None:
            first = item.submitted_at.astimezone(zone).date()
            day = min(first + timedelta(days=rng.randint(3, 40)), LAST_SUBMISSION)
            when = submitted_at(rng, day, zone, urgent=event.urgent)
        else:
            day = submission_day(rng, event.on, self.habits.lag_days(agency, event.on))
            when = item.submitted_at = submitted_at(rng, day, zone, urgent=event.urgent)
        hours = self.habits.minutes_to_resolve() / 60
        via = via if via is not None and central_at(when) else None
        row = (agency.code, request_ref, via.code if via else "", when.isoformat(), f"{hours:.3f}")
        self.output.write("history", row)

    def _address(self, event: Event) -> str:
        if event.mexico:
            return f"{self.rng.choice(names()['mx_street'])} {self.rng.randint(1, 3000)}"
        return f"{self.rng.randint(100, 9999)} {self.rng.choice(names()['us_street'])}"

    def _markings(self, item: Item, spanish: bool) -> str:
        gun = item.gun
        if item.obliterated != "N":
            return "NÚMERO DE SERIE LIMADO" if spanish else "SERIAL NUMBER GROUND OFF"
        if not gun.make.marked:
            return "SIN MARCAS, FABRICACIÓN ARTESANAL" if spanish else "NO MARKINGS, PRIVATELY MADE"
        if gun.importer is not None and item.with_importer:
            return f"IMP. BY {stamp(self.rng, gun.importer)}"
        if gun.make.foreign and gun.make.country == "MX":
            return "HECHO EN MÉXICO"
        return ""

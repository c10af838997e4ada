"""Recovery events: where and when guns were seized, and what was filed about each gun."""

from dataclasses import dataclass, field
from datetime import date, datetime

from traza.demo.world.guns import Gun
from traza.demo.world.people import Person
from traza.demo.world.reference import Place


@dataclass(eq=False)
class Item:
    """One seized gun of an event, and how a trace request describes it."""

    gun: Gun
    traced: bool = True
    obliterated: str = "N"
    written: str = ""
    with_importer: bool = True
    caliber_given: bool = True
    duplicate: bool = False
    #: False for a gun its agency traced but left out of its own seizure inventory.
    inventoried: bool = True
    submitted_at: datetime | None = None

    @property
    def serial_written(self) -> str:
        if self.obliterated == "Y":
            return ""
        return self.written or self.gun.serial


@dataclass(eq=False)
class Event:
    """A recovery: where and when guns were seized, from whom, and the offence."""

    place: Place
    on: date
    items: list[Item]
    possessor: Person | None = None
    crime: str = "5212"
    urgent: bool = False
    story: str = ""
    case: dict = field(default_factory=dict)
    #: The code of the agency that recovered the guns (chosen by the Recorder).
    agency: str = ""
    #: An earlier recovery of the same gun: this one is by another agency.
    unlike: "Event | None" = None
    #: A recovery whose trace request is submitted after the demo is loaded (later_requests.csv): no seizure
    #: inventory, no history, no other gun added to it.
    later: bool = False

    @property
    def mexico(self) -> bool:
        return self.place.country == "MX"


@dataclass(frozen=True)
class Request:
    """A trace request written, with the story of its gun: what the engine should make of it."""

    agency: str
    request_ref: str
    story: str
    obliterated: str
    duplicate: bool

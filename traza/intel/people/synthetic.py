"""Purchase records of made-up people with known truth, written the way strangers write them.

Each person gets several purchase records with planted variants (typos, accents dropped, nicknames,
given names swapped, day and month of birth swapped, a mistyped digit, moves to a new address, unit
numbers written three ways, a missing middle name or second surname, id numbers with dashes) and the
hard negatives resolution must keep apart: a junior and a senior at one address, siblings, and very
common names with different dates of birth. Used by the tests and by bench/bench_people.py.
"""

import csv
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from traza.intel.people.normalise import NICKNAMES

NAMES_FILE = Path(__file__).resolve().parents[2] / "demo" / "data" / "names.csv"
ACCENTED = {
    "JOSE": "José",
    "JESUS": "Jesús",
    "RAMON": "Ramón",
    "MARIA": "María",
    "RAUL": "Raúl",
    "HECTOR": "Héctor",
    "MARTIN": "Martín",
    "ANGEL": "Ángel",
    "RUBEN": "Rubén",
    "HERNANDEZ": "Hernández",
    "GARCIA": "García",
    "MARTINEZ": "Martínez",
    "LOPEZ": "López",
    "GONZALEZ": "González",
    "RODRIGUEZ": "Rodríguez",
    "PEREZ": "Pérez",
    "SANCHEZ": "Sánchez",
    "RAMIREZ": "Ramírez",
    "GOMEZ": "Gómez",
    "VAZQUEZ": "Vázquez",
    "JIMENEZ": "Jiménez",
    "DIAZ": "Díaz",
    "GUTIERREZ": "Gutiérrez",
    "MUNOZ": "Muñoz",
    "NUNEZ": "Núñez",
    "PENA": "Peña",
    "ALVAREZ": "Álvarez",
    "CHAVEZ": "Chávez",
    "JUAREZ": "Juárez",
}
NICKNAMES_OF: dict[str, list[str]] = {}
for _nickname, _canonical in NICKNAMES.items():
    NICKNAMES_OF.setdefault(_canonical, []).append(_nickname)
PLACES = (
    ("EL PASO", "TX", "799"),
    ("SAN ANTONIO", "TX", "782"),
    ("HOUSTON", "TX", "770"),
    ("LAREDO", "TX", "780"),
    ("MCALLEN", "TX", "785"),
    ("DALLAS", "TX", "752"),
    ("PHOENIX", "AZ", "850"),
    ("TUCSON", "AZ", "857"),
    ("LOS ANGELES", "CA", "900"),
    ("SAN DIEGO", "CA", "921"),
    ("ALBUQUERQUE", "NM", "871"),
    ("LAS CRUCES", "NM", "880"),
)
STREET_TYPES = {"ST": ("Street", "St.", "ST", "Str"), "AVE": ("Avenue", "Ave", "AVE."), "RD": ("Road", "Rd")}
STREET_TYPES.update({"DR": ("Drive", "Dr."), "LN": ("Lane", "Ln"), "BLVD": ("Boulevard", "Blvd")})
UNIT_FORMS = ("Apt {}", "#{}", "Unit {}", "APT. {}")
COMMON = (("JUAN", "HERNANDEZ"), ("JOSE", "GARCIA"), ("MARIA", "LOPEZ"), ("JOHN", "SMITH"), ("LUIS", "MARTINEZ"))


def _names() -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    with NAMES_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lists.setdefault(row["list"], []).append(row["value"])
    return lists


@dataclass(frozen=True)
class Address:
    street: str
    unit: str
    city: str
    state: str
    zip: str


@dataclass
class Person:
    """One made-up human being: the truth their records are written from."""

    number: int
    first: str
    middle: str
    last: str
    second_last: str
    suffix: str
    born: date
    addresses: list[Address] = field(default_factory=list)
    id_numbers: list[str] = field(default_factory=list)


@dataclass
class Generator:
    """Draws people and their records from one seeded random stream, so a run is repeatable."""

    seed: int = 10
    rng: random.Random = field(init=False)
    lists: dict[str, list[str]] = field(init=False)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.lists = _names()

    def address(self, *, state: str | None = None) -> Address:
        rng = self.rng
        places = [p for p in PLACES if p[1] == state] if state else PLACES
        city, state_code, prefix = rng.choice(places)
        street = f"{rng.randint(100, 19999)} {rng.choice(self.lists['us_street'])}"
        unit = str(rng.randint(1, 40)) + rng.choice(("", "", "B")) if rng.random() < 0.25 else ""
        return Address(street, unit, city, state_code, f"{prefix}{rng.randint(1, 99):02d}")

    def id_number(self, state: str) -> str:
        return f"{state[0]}{self.rng.randint(10_000_000, 99_999_999)}"

    def person(self, number: int) -> Person:
        rng = self.rng
        hispanic = rng.random() < 0.6
        male = rng.random() < 0.75
        firsts = self.lists[("hispanic_" if hispanic else "anglo_") + ("male" if male else "female")]
        surnames = self.lists["hispanic_surname" if hispanic else "anglo_surname"]
        first, last = rng.choice(firsts), rng.choice(surnames)
        if rng.random() < 0.03:
            first, last = rng.choice(COMMON)
        middle = rng.choice(firsts) if rng.random() < 0.5 else ""
        second_last = rng.choice(surnames) if hispanic else ""
        born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 55))
        home = self.address()
        person = Person(number, first, middle, last, second_last, "", born, [home], [self.id_number(home.state)])
        if rng.random() < 0.25:
            moved = self.address(state=home.state if rng.random() < 0.6 else None)
            person.addresses.append(moved)
            person.id_numbers.append(person.id_numbers[0] if moved.state == home.state else self.id_number(moved.state))
        return person

    def relative(self, person: Person, number: int) -> Person:
        """A junior (same names, a generation younger, same address) or a sibling (another first name)."""
        rng = self.rng
        relative = replace(person, number=number, addresses=person.addresses[:1], id_numbers=[self.id_number("TX")])
        if rng.random() < 0.5:
            person.suffix, relative.suffix = "SR", "JR"
            gap = timedelta(days=rng.randint(20 * 365, 35 * 365))
            relative.born = person.born + gap
            if relative.born > date(2006, 1, 1):  # the junior is the one drawn; the senior is a generation older
                relative.born, person.born = person.born, person.born - gap
        else:
            lists = self.lists["hispanic_male" if person.second_last else "anglo_male"]
            relative.first = rng.choice([name for name in lists if name != person.first])
            relative.middle = rng.choice(lists) if rng.random() < 0.5 else ""
            relative.born = person.born + timedelta(days=rng.choice((-1, 1)) * rng.randint(300, 8 * 365))
        return relative

    def people(self, count: int) -> Iterator[Person]:
        number = 0
        while number < count:
            person = self.person(number)
            number += 1
            if self.rng.random() < 0.08 and number < count:
                relative = self.relative(person, number)
                number += 1
                yield person
                yield relative
                continue
            yield person

    def record_count(self) -> int:
        roll = self.rng.random()
        for limit, records in ((0.4, 1), (0.65, 2), (0.8, 3), (0.9, 4), (0.96, 6), (0.99, 9)):
            if roll < limit:
                return records
        return 15

    def records(self, person: Person, count: int) -> Iterator[dict]:
        for index in range(count):
            yield self.record(person, moved=index > 0 and len(person.addresses) > 1 and self.rng.random() < 0.6)

    def record(self, person: Person, *, moved: bool) -> dict:
        """One purchase record of `person`, with at most two hard variants planted and any number of easy ones."""
        rng = self.rng
        hard = rng.sample(("typo_last", "typo_first", "nickname", "swap", "dob_swap", "dob_digit"), k=2)
        hard = [variant for variant in hard if rng.random() < 0.12]
        address = person.addresses[-1 if moved else 0]
        first, middle = person.first, person.middle
        if "nickname" in hard and first in NICKNAMES_OF:
            first = rng.choice(NICKNAMES_OF[first])
        if "swap" in hard and middle:
            first, middle = middle, first
        if middle and rng.random() < 0.3:
            middle = ""
        if middle and rng.random() < 0.2:
            first, middle = f"{first} {middle}", ""
        last = self.surname(person)
        if "typo_last" in hard:
            last = typo(rng, last)
        if "typo_first" in hard:
            first = typo(rng, first)
        return {
            "person": person.number,
            "last_name": self.written(last),
            "first_name": self.written(first),
            "middle_name": self.written(middle),
            "suffix": self.suffix(person.suffix),
            "date_of_birth": self.born(person.born, hard),
            "street": self.street(address),
            "city": self.written(address.city),
            "state": address.state,
            "zip": address.zip + (f"-{rng.randint(1000, 9999)}" if rng.random() < 0.1 else ""),
            "id_number": self.document(person.id_numbers[-1 if moved else 0]),
        }

    def surname(self, person: Person) -> str:
        rng = self.rng
        if not person.second_last or rng.random() < 0.2:
            return person.last
        return f"{person.last}{rng.choice((' ', ' ', '-'))}{person.second_last}"

    def suffix(self, suffix: str) -> str:
        if not suffix or self.rng.random() < 0.3:
            return ""
        return self.rng.choice({"JR": ("Jr.", "JR", "Junior"), "SR": ("Sr.", "SR", "Senior")}[suffix])

    def born(self, born: date, hard: list[str]) -> date | None:
        if self.rng.random() < 0.01:
            return None
        if "dob_swap" in hard and born.day <= 12 and born.day != born.month:
            return born.replace(month=born.day, day=born.month)
        if "dob_digit" in hard:
            return one_digit_off(self.rng, born)
        return born

    def street(self, address: Address) -> str:
        rng = self.rng
        words = address.street.split()
        if words[-1] in STREET_TYPES:
            words[-1] = rng.choice(STREET_TYPES[words[-1]])
        street = " ".join(words)
        if address.unit:
            street += rng.choice((" ", ", ")) + rng.choice(UNIT_FORMS).format(address.unit)
        return self.written(street)

    def document(self, number: str) -> str:
        rng = self.rng
        if rng.random() < 0.05:
            return ""
        if rng.random() < 0.3:
            number = f"{number[:4]}-{number[4:]}" if rng.random() < 0.5 else f"{number[:3]} {number[3:]}"
        return number.lower() if rng.random() < 0.1 else number

    def written(self, text: str) -> str:
        """The text as a stranger types it: accents kept or dropped, upper, title or lower case."""
        rng = self.rng
        if rng.random() < 0.5:
            text = " ".join(ACCENTED.get(word, word) for word in text.split(" "))
        roll = rng.random()
        if roll < 0.3:
            return text.title()
        if roll < 0.4:
            return text.lower()
        return text.upper()


def one_digit_off(rng: random.Random, born: date) -> date:
    """The date with one digit mistyped: the last digit of the day or of the year, one up or down."""
    try:
        if rng.random() < 0.5 and born.day % 10 not in (0, 1) and born.day < 30:
            return born.replace(day=born.day - 1)
        return born.replace(year=born.year - 1 if born.year % 10 else born.year + 1)
    except ValueError:  # 29 February of a year that has none
        return born


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip inside a word: a letter doubled, dropped, swapped with the next, or replaced."""
    if len(text) < 4:
        return text
    at = rng.randint(1, len(text) - 2)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:at] + text[at] + text[at:]
    if kind == 1:
        return text[:at] + text[at + 1 :]
    if kind == 2:
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    return text[:at] + rng.choice("AEIOURSTNL") + text[at + 1 :]


def purchase_records(records: int, *, seed: int = 10) -> Iterator[dict]:
    """About `records` purchase records (exactly that many) with their true person under "person"."""
    generator = Generator(seed=seed)
    made = 0
    for person in generator.people(records):
        for record in generator.records(person, generator.record_count()):
            if made == records:
                return
            made += 1
            yield record


def true_pairs(people: list[int]) -> int:
    """How many pairs of records are one person, given each record's true person."""
    counts: dict[int, int] = {}
    for person in people:
        counts[person] = counts.get(person, 0) + 1
    return sum(n * (n - 1) // 2 for n in counts.values())


#: What a synthetic record gives a purchase row; the rest of the row is the same on every record.
PERSON_COLUMNS = (
    "last_name",
    "first_name",
    "middle_name",
    "suffix",
    "date_of_birth",
    "street",
    "city",
    "state",
    "zip",
    "id_number",
)


def purchases_insert(records: Iterable[dict], *, first_line: int = 1, dealers: int = 200) -> list[int]:
    """Write the records as Purchase rows of one import (COPY on PostgreSQL); each row's true person in order.

    The transaction reference is "S" and the record's line (counted from `first_line`), so a test can map
    purchases back to the truth.
    """
    from traza.core.bulk import insert_rows
    from traza.imports.models import ImportKind, ImportRun
    from traza.industry.importing import PurchasesKind
    from traza.industry.models import Purchase

    run = ImportRun.objects.create(kind=ImportKind.PURCHASES, file_name="synthetic.csv", status="accepted")
    truth: list[int] = []

    def rows() -> Iterator[tuple]:
        for line, record in enumerate(records, start=first_line):
            truth.append(record["person"])
            sold = date(2024, 1, 1) + timedelta(days=line % 700)
            values = {
                "licensee_rds": f"9{line % dealers:07d}",
                "transaction_ref": f"S{line}",
                "transaction_date": sold,
                **{name: record[name] for name in PERSON_COLUMNS},
                "place_of_birth": "",
                "sex": "M",
                "id_type": "DL",
                "id_issuer": record["state"],
                "person_key": "",
            }
            yield (run.id, line, *(values[name] for name in PurchasesKind.target.columns))

    columns = ("import_run_id", "line", *PurchasesKind.target.columns)  # what the purchase importer writes
    insert_rows(Purchase._meta.db_table, columns, rows())
    return truth

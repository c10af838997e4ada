"""How one person is written on each record: the variants people resolution has to see through.

A clerk types the buyer's name from an ID card or as the buyer says it; the buyer fills in the form
themselves another time. So the same buyer turns up with and without accents, with a nickname, with
one surname or two (in either order, or joined by a hyphen), with a typo, with the day and month of
birth swapped, with the unit number written three ways or left out, with the ID number spaced, and
at a new address once they move. People seen once (`uid` 0) are written as they are.
"""

import random
from dataclasses import replace
from datetime import date

from traza.demo.world.people import Person

#: The Spanish spelling of names the world writes without accents.
ACCENTED = {
    "JOSE": "JOSÉ", "JESUS": "JESÚS", "RAMON": "RAMÓN", "RAUL": "RAÚL", "HECTOR": "HÉCTOR", "VICTOR": "VÍCTOR",
    "JOAQUIN": "JOAQUÍN", "OSCAR": "ÓSCAR", "RUBEN": "RUBÉN", "CESAR": "CÉSAR", "EFRAIN": "EFRAÍN",
    "ADRIAN": "ADRIÁN", "MARIA": "MARÍA", "VERONICA": "VERÓNICA", "MONICA": "MÓNICA",
    "GONZALEZ": "GONZÁLEZ", "HERNANDEZ": "HERNÁNDEZ", "MARTINEZ": "MARTÍNEZ", "LOPEZ": "LÓPEZ",
    "RODRIGUEZ": "RODRÍGUEZ", "PEREZ": "PÉREZ", "SANCHEZ": "SÁNCHEZ", "RAMIREZ": "RAMÍREZ", "GOMEZ": "GÓMEZ",
    "DIAZ": "DÍAZ", "GUTIERREZ": "GUTIÉRREZ", "CHAVEZ": "CHÁVEZ", "VAZQUEZ": "VÁZQUEZ", "JIMENEZ": "JIMÉNEZ",
    "DOMINGUEZ": "DOMÍNGUEZ", "BELTRAN": "BELTRÁN", "FELIX": "FÉLIX", "URIAS": "URÍAS", "SOLIS": "SOLÍS",
    "PAYAN": "PAYÁN", "TREVINO": "TREVIÑO", "CANTU": "CANTÚ", "MUNOZ": "MUÑOZ", "NUNEZ": "NÚÑEZ",
}  # fmt: skip
#: Nicknames buyers give for their given name (each one read back by people resolution's table).
NICKNAMES = {
    "JOSE": ("PEPE",), "FRANCISCO": ("PACO", "PANCHO"), "JESUS": ("CHUY",), "GUADALUPE": ("LUPE",),
    "ALEJANDRO": ("ALEX",), "EDUARDO": ("LALO",), "ANTONIO": ("TONY",), "RICARDO": ("RICKY",),
    "MANUEL": ("MANNY",), "RAMON": ("MONCHO",), "LUIS": ("WICHO",), "ALBERTO": ("BETO",), "DANIEL": ("DANNY",),
    "WILLIAM": ("BILL", "WILL"), "ROBERT": ("BOB", "BOBBY"), "JAMES": ("JIM", "JIMMY"), "MICHAEL": ("MIKE",),
    "JOSEPH": ("JOE",), "THOMAS": ("TOM",), "RICHARD": ("RICK",), "CHRISTOPHER": ("CHRIS",), "DAVID": ("DAVE",),
    "ELIZABETH": ("LIZ",), "PATRICIA": ("PATTY",), "STEPHEN": ("STEVE",), "TIMOTHY": ("TIM",),
}  # fmt: skip
UNIT_STYLES = ("APT {}", "APT. {}", "#{}", "UNIT {}", "NO. {}")
STREET_WORDS = {"ST": "STREET", "AVE": "AVENUE", "DR": "DRIVE", "RD": "ROAD", "LN": "LANE", "BLVD": "BOULEVARD"}
KEYBOARD = "QWERTYUIOPASDFGHJKLZXCVBNM"


def written(rng: random.Random, someone: Person, on: date) -> Person:
    """`someone` as one record of `on` names them."""
    if not someone.uid:
        return someone
    return replace(
        someone,
        last=_surname(rng, someone.last),
        first=_given(rng, someone.first),
        middle=_middle(rng, someone.middle),
        born=_birth(rng, someone.born),
        street=_street(rng, someone, on),
        city=_home(someone, on)[2],
        zip=_home(someone, on)[3],
        id_number=_id_number(rng, someone.id_number),
        suffix=_suffix(rng, someone.suffix),
    )


def _home(someone: Person, on: date) -> tuple[str, str, str, str]:
    """(street, unit, city, zip) where `someone` lived on `on`."""
    if someone.former is not None and someone.moved_on is not None and on < someone.moved_on:
        return someone.former
    return someone.street, someone.unit, someone.city, someone.zip


def _accented(rng: random.Random, name: str, share: float) -> str:
    words = name.split()
    return " ".join(ACCENTED.get(w, w) if rng.random() < share else w for w in words)


def _surname(rng: random.Random, last: str) -> str:
    words = last.split()
    draw = rng.random()
    if len(words) == 2 and draw < 0.25:
        words = words[:1]  # the second surname left out, as US forms have one box
    elif len(words) == 2 and draw < 0.35:
        return "-".join(words)
    elif len(words) == 2 and draw < 0.4:
        words = words[::-1]
    text = _accented(rng, " ".join(words), 0.35)
    return _typo(rng, text) if rng.random() < 0.06 else text


def _given(rng: random.Random, first: str) -> str:
    draw = rng.random()
    if first in NICKNAMES and draw < 0.15:
        return rng.choice(NICKNAMES[first])
    text = _accented(rng, first, 0.35)
    if draw > 0.94:
        return _typo(rng, text)
    return text.title() if draw > 0.88 else text


def _middle(rng: random.Random, middle: str) -> str:
    draw = rng.random()
    if not middle or draw < 0.3:
        return ""
    return middle[0] if draw < 0.55 else _accented(rng, middle, 0.3)


def _suffix(rng: random.Random, suffix: str) -> str:
    if not suffix:
        return ""
    return rng.choice((suffix, f"{suffix}.", suffix.title()))


def _birth(rng: random.Random, born: date) -> date:
    """Usually right; now and then day and month swapped, as a day-first writer reads a month-first form, or a
    digit of the day mistyped."""
    draw = rng.random()
    if born.day <= 12 and born.day != born.month and draw < 0.25:
        return born.replace(day=born.month, month=born.day)
    if draw > 0.95:
        day = born.day // 10 * 10 + rng.randint(0, 9)
        return born.replace(day=day) if 1 <= day <= 28 and day != born.day else born
    return born


def _street(rng: random.Random, someone: Person, on: date) -> str:
    street, unit, _city, _zip = _home(someone, on)
    words = street.split()
    if words and rng.random() < 0.3:
        words = [STREET_WORDS.get(w, w) for w in words]
    text = " ".join(words)
    if unit and rng.random() < 0.85:
        text = f"{text} {rng.choice(UNIT_STYLES).format(unit)}"
    return text


def _id_number(rng: random.Random, number: str) -> str:
    draw = rng.random()
    if len(number) == 8 and draw < 0.1:
        return f"{number[:2]} {number[2:5]} {number[5:]}"
    if len(number) == 8 and draw < 0.15:
        return f"{number[:4]}-{number[4:]}"
    return number


def _typo(rng: random.Random, text: str) -> str:
    """One slip of the keyboard after the first letter: a letter swapped with the next, dropped or mistyped."""
    letters = [i for i, c in enumerate(text) if c.isalpha() and i > 0]
    if len(letters) < 3:
        return text
    at = rng.choice(letters[:-1])
    kind = rng.random()
    if kind < 0.35 and text[at + 1].isalpha():
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    if kind < 0.6:
        return text[:at] + text[at + 1 :]
    return text[:at] + rng.choice(KEYBOARD) + text[at + 1 :]

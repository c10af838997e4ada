"""A deterministic synthetic firearms market for the benchmarks, written to the FORMATS contract.

Makers of real catalog makes sell to a few hundred wholesalers and a few thousand dealers, who
sell at retail (with a Form 4473 purchase record), keep the gun in inventory, or report it
stolen. Everything follows from `seed`, so two runs with the same sizes write the same files.
A gun is 2 to 4 A&D rows (about 3 on average).

One gun in three has its maker written another way, as real books and police reports do
(`Sturm Ruger & Co., Inc.`, `COLTS MFG CO LLC`, `Century Int'l Arms`; `RUGGER`, `SMITH & WESON`,
`GLOK`), so the imports and the engine exercise the make matcher and its memo, not only exact names.

`DiverseBook` writes the A&D book (and purchases) of the import benchmark with the diversity of a real
one instead: a different gun and serial on every row, about a thousand models, dates spread over
fourteen years, every row its own transaction (its own buyer and 4473 reference when it is a sale), so
that no per-value memo of the importer can stand in for the per-row work. `changed` rewrites a share of
its rows (a later model name, a sale that came after), for the re-load of an edited book.
"""

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DISPOSITION_COLUMNS = (
    "record_id,record_keeper_license,serial_number,manufacturer,importer,model,caliber,firearm_type,"
    "country_of_origin,acquisition_date,acquired_from_license,acquired_from_name,disposition_date,"
    "disposition_type,disposed_to_license,disposed_to_name,transaction_ref"
)
PURCHASE_COLUMNS = (
    "transaction_ref,licensee,transaction_date,last_name,first_name,date_of_birth,sex,state,id_type,id_number"
)
LICENSEE_COLUMNS = (
    "LIC_REGN,LIC_DIST,LIC_CNTY,LIC_TYPE,LIC_XPRDTE,LIC_SEQN,LICENSE_NAME,BUSINESS_NAME,PREMISE_STREET,"
    "PREMISE_CITY,PREMISE_STATE,PREMISE_ZIP_CODE,VOICE_PHONE,STATUS,ELECTRONIC_RECORDS"
)
TRACE_COLUMNS = (
    "request_ref,agency_code,officer_name,agency_case_number,priority,recovery_date,recovery_country,"
    "recovery_state,serial_number,serial_obliterated,manufacturer,model,caliber,firearm_type,"
    "possessor_last_name,possessor_first_name"
)

FIRST_DAY = date(2012, 1, 2)
LAST_DAY = min(date(2026, 6, 30), date.today() - timedelta(days=30))
STATES = ("TX", "TX", "TX", "AZ", "AZ", "NM", "CA", "FL", "GA", "NV", "OK", "LA", "IL", "VA", "CO")
CITIES = {
    "TX": ("HOUSTON", "EL PASO", "SAN ANTONIO", "LAREDO", "MCALLEN", "DALLAS"),
    "AZ": ("PHOENIX", "TUCSON", "YUMA", "NOGALES"),
    "NM": ("ALBUQUERQUE", "LAS CRUCES"),
    "CA": ("SAN DIEGO", "FRESNO", "LOS ANGELES"),
}
LAST_NAMES = (
    "GARCIA",
    "MARTINEZ",
    "HERNANDEZ",
    "LOPEZ",
    "GONZALEZ",
    "SMITH",
    "JOHNSON",
    "RODRIGUEZ",
    "PEREZ",
    "SANCHEZ",
    "RAMIREZ",
    "TORRES",
    "FLORES",
    "RIVERA",
    "GOMEZ",
    "DIAZ",
    "REYES",
    "MORALES",
    "CRUZ",
    "ORTIZ",
    "WILLIAMS",
    "BROWN",
    "JONES",
    "MILLER",
    "DAVIS",
    "WILSON",
    "ANDERSON",
    "TAYLOR",
)
FIRST_NAMES = (
    "JUAN",
    "JOSE",
    "LUIS",
    "CARLOS",
    "JESUS",
    "MIGUEL",
    "ANA",
    "MARIA",
    "JAMES",
    "JOHN",
    "ROBERT",
    "MICHAEL",
    "DAVID",
    "DANIEL",
    "JORGE",
    "PEDRO",
    "LAURA",
    "SARAH",
    "ANGEL",
    "RICARDO",
)
MX_STATES = ("MX-SIN", "MX-SIN", "MX-CHH", "MX-SON", "MX-TAM", "MX-JAL", "MX-GRO", "MX-MIC", "MX-BCN", "MX-CMX")


@dataclass(frozen=True)
class Maker:
    """A manufacturer as its own A&D book writes it, and as a police report writes it."""

    written: str
    police: str
    licence: str
    weight: int
    serial: str  # a format for `serial_for`
    models: tuple[tuple[str, str, tuple[str, ...]], ...]  # (model, firearm type, calibres)


# Other ways the same maker is written: legal names in books, brands and typos in police reports.
SPELLINGS = {
    "STURM, RUGER & COMPANY, INC": ("Sturm Ruger & Co., Inc.", "STURM RUGER AND CO INC", "Sturm, Ruger & Company Inc"),
    "SMITH & WESSON": ("SMITH AND WESSON INC", "Smith & Wesson, Inc."),
    "GLOCK INC": ("GLOCK, INC.", "Glock Ges.m.b.H."),
    "SIG SAUER INC": ("SIG-SAUER, INC.", "SIG SAUER INC NEWINGTON NH"),
    "COLT'S MANUFACTURING COMPANY LLC": ("COLTS MFG CO LLC", "Colt's Mfg. Company"),
    "TAURUS INTERNATIONAL MANUFACTURING INC": ("TAURUS INTL MFG INC", "Taurus International Mfg., Inc."),
    "O.F. MOSSBERG & SONS": ("O F MOSSBERG AND SONS INC",),
    "SAVAGE ARMS INC": ("SAVAGE ARMS, INC.",),
    "HENRY REPEATING ARMS CO": ("HENRY REPEATING ARMS COMPANY",),
    "BERETTA USA CORP": ("BERETTA U.S.A. CORP.",),
    "CENTURY INTERNATIONAL ARMS": ("CENTURY INTL ARMS INC", "Century Int'l Arms"),
    "RUGER": ("RUGGER", "Sturm Ruger", "STURM-RUGER"),
    "GLOCK": ("GLOK", "Glock Austria"),
    "SIG SAUER": ("SIG-SAUER", "SIGSAUER"),
    "COLT": ("Colt's", "COLTS MFG"),
    "TAURUS": ("TAURAS", "Taurus Brasil"),
    "MOSSBERG": ("O.F. Mossberg",),
    "BERETTA": ("BERRETA", "Pietro Beretta"),
    "CENTURY ARMS": ("C.A.I.", "Century Int'l Arms"),
}


def spelled(text: str, n: int) -> str:
    """`text` for two guns in three; for the third, one of its other spellings (chosen by `n`, not by a RNG)."""
    others = SPELLINGS.get(text, ())
    if not others or n % 3:
        return text
    return others[(n // 3) % len(others)]


PISTOL_9 = ("9MM", "9MM LUGER", "9X19")
MAKERS = (
    Maker(
        "STURM, RUGER & COMPANY, INC",
        "RUGER",
        "1-56-157-07-6K-15352",
        20,
        "ruger",
        (
            ("LCP II", "pistol", (".380 ACP",)),
            ("SECURITY-9", "pistol", PISTOL_9),
            ("AR-556", "rifle", ("5.56 NATO", ".223 REM")),
            ("GP100", "revolver", (".357 MAG",)),
        ),
    ),
    Maker(
        "SMITH & WESSON",
        "SMITH & WESSON",
        "5-43-510-07-6C-15017",
        18,
        "letters3",
        (
            ("M&P9 SHIELD", "pistol", PISTOL_9),
            ("M&P15", "rifle", ("5.56 NATO",)),
            ("SD40", "pistol", (".40 S&W",)),
            ("686", "revolver", (".357 MAG",)),
        ),
    ),
    Maker(
        "GLOCK INC",
        "GLOCK",
        "1-58-067-08-6A-90327",
        16,
        "letters4",
        (
            ("G19", "pistol", PISTOL_9),
            ("G17", "pistol", PISTOL_9),
            ("G22", "pistol", (".40 S&W",)),
            ("G21", "pistol", (".45 ACP",)),
        ),
    ),
    Maker(
        "SIG SAUER INC",
        "SIG SAUER",
        "6-02-015-07-7B-01816",
        9,
        "prefix",
        (("P365", "pistol", PISTOL_9), ("P320", "pistol", PISTOL_9), ("MCX", "rifle", ("5.56 NATO",))),
    ),
    Maker(
        "COLT'S MANUFACTURING COMPANY LLC",
        "COLT",
        "6-06-003-07-6J-03306",
        6,
        "suffix",
        (("M1911", "pistol", (".45 ACP", ".38 SUPER")), ("AR-15", "rifle", ("5.56 NATO", ".223 REM"))),
    ),
    Maker(
        "TAURUS INTERNATIONAL MANUFACTURING INC",
        "TAURUS",
        "1-58-143-08-7C-14382",
        9,
        "letters2",
        (("G2C", "pistol", PISTOL_9), ("PT92", "pistol", PISTOL_9), ("856", "revolver", (".38 SPL",))),
    ),
    Maker(
        "O.F. MOSSBERG & SONS",
        "MOSSBERG",
        "5-74-343-07-6F-34208",
        5,
        "prefix",
        (("500", "shotgun", ("12 GA",)), ("MC2C", "pistol", PISTOL_9)),
    ),
    Maker(
        "SAVAGE ARMS INC",
        "SAVAGE",
        "6-04-331-07-6D-33152",
        4,
        "digits",
        (("AXIS", "rifle", (".308 WIN", ".243 WIN")), ("MARK II", "rifle", (".22 LR",))),
    ),
    Maker(
        "HENRY REPEATING ARMS CO",
        "HENRY",
        "8-22-006-07-6H-00698",
        3,
        "suffix",
        (("H001", "rifle", (".22 LR",)), ("BIG BOY", "rifle", (".44 MAG", ".357 MAG"))),
    ),
    Maker(
        "BERETTA USA CORP",
        "BERETTA",
        "1-62-083-08-7A-08339",
        4,
        "letters2",
        (("92FS", "pistol", PISTOL_9), ("APX", "pistol", PISTOL_9)),
    ),
    Maker(
        "CENTURY INTERNATIONAL ARMS",
        "CENTURY ARMS",
        "6-03-011-08-7D-33217",
        6,
        "prefix",
        (("VSKA", "rifle", ("7.62X39",)), ("WASR-10", "rifle", ("7.62X39",)), ("TP9", "pistol", PISTOL_9)),
    ),
)


def serial_for(style: str, n: int) -> str:
    """A serial in a maker's style; distinct for distinct `n` (under 17 million) within a maker."""
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O: they read as digits
    if style == "ruger":
        return f"{300 + n // 100_000}-{n % 100_000:05d}"
    if style == "letters3":
        a, b = divmod(n, 10_000)
        return letters[a // 529 % 23] + letters[a // 23 % 23] + letters[a % 23] + f"{b:04d}"
    if style == "letters4":
        a, b = divmod(n, 1_000)
        return letters[a // 12167 % 23] + letters[a // 529 % 23] + letters[a // 23 % 23] + letters[a % 23] + f"{b:03d}"
    if style == "letters2":
        a, b = divmod(n, 100_000)
        return letters[a // 23 % 23] + letters[a % 23] + f"{b:05d}"
    if style == "prefix":
        return f"66A{n:07d}"
    if style == "suffix":
        return f"{n:07d}CT"
    return f"{n:09d}"


@dataclass(frozen=True)
class Licensee:
    number: str
    name: str
    state: str
    lic_type: str

    @property
    def rds(self) -> str:
        parts = self.number.split("-")
        return parts[0] + parts[1] + parts[5]


@dataclass
class Gun:
    """What a trace request needs to know of a generated gun."""

    number: int
    maker: Maker
    serial: str
    model: str
    firearm_type: str
    caliber: str
    sold: date | None  # retail sale date, None when never sold at retail


def licensees(seed: int = 7, *, wholesalers: int = 150, dealers: int = 3000) -> dict[str, list[Licensee]]:
    """The market's licensees, by role."""
    rng = random.Random(seed)
    used = {_rds(m.licence) for m in MAKERS}
    makers = [Licensee(m.licence, m.written, "US", m.licence.split("-")[3]) for m in MAKERS]

    def make(count: int, kind: str) -> list[Licensee]:
        found = []
        while len(found) < count:
            region, district = rng.randint(1, 9), rng.randint(1, 99)
            sequence = rng.randint(1000, 99999)
            number = (
                f"{region}-{district:02d}-{rng.randint(1, 510):03d}-"
                f"{'02' if kind == 'pawn' else '01'}-{rng.randint(5, 9)}{rng.choice('ABCDEFGHJKL')}-{sequence:05d}"
            )
            if _rds(number) in used:
                continue
            used.add(_rds(number))
            state = rng.choice(STATES)
            label = {"wholesale": "DISTRIBUTORS", "dealer": "GUNS AND AMMO", "pawn": "PAWN"}[kind]
            name = f"{rng.choice(LAST_NAMES)} {label} {len(found) + 1:04d} LLC"
            found.append(Licensee(number, name, state, "02" if kind == "pawn" else "01"))
        return found

    retail = make(dealers * 85 // 100, "dealer") + make(dealers - dealers * 85 // 100, "pawn")
    return {"makers": makers, "wholesalers": make(wholesalers, "wholesale"), "dealers": retail}


def _rds(number: str) -> str:
    parts = number.split("-")
    return parts[0] + parts[1] + parts[5]


def _q(text: str) -> str:
    return f'"{text}"' if ("," in text or '"' in text) else text


def write_licensees(path: Path, market: dict[str, list[Licensee]]) -> int:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(LICENSEE_COLUMNS.split(","))
        count = 0
        for group in market.values():
            for licensee in group:
                region, district, county, lic_type, expiry, sequence = licensee.number.split("-")
                city = city_of(licensee)
                writer.writerow(
                    [
                        region,
                        district,
                        county,
                        lic_type,
                        expiry,
                        sequence,
                        licensee.name,
                        licensee.name,
                        f"{100 + count % 900} MAIN ST",
                        city,
                        licensee.state,
                        f"{75000 + count % 9000:05d}",
                        f"555{count:07d}",
                        "active",
                        "Y",
                    ]
                )
                count += 1
    return count


def city_of(licensee: Licensee) -> str:
    cities = CITIES.get(licensee.state, ("SPRINGFIELD",))
    return cities[int(licensee.rds) % len(cities)]


class Market:
    """Writes the A&D rows (and the purchases) of `rows` rows' worth of guns, gun by gun."""

    def __init__(self, rows: int, seed: int = 7, *, trace_guns: int = 0):
        self.rows = rows
        self.rng = random.Random(seed)
        self.licensees = licensees(seed)
        self.book: dict[str, int] = {}
        self.refs: dict[str, int] = {}
        self.trace_guns = trace_guns
        self.guns: list[Gun] = []
        self.gun_count = 0
        self.today = date.today()
        weights = [m.weight for m in MAKERS]
        self._maker_cycle = [m for m, w in zip(MAKERS, weights, strict=True) for _ in range(w)]
        self._quoted = {}

    def _who(self, licensee: Licensee) -> tuple[str, str]:
        found = self._quoted.get(licensee.number)
        if found is None:
            found = self._quoted[licensee.number] = (licensee.number, _q(licensee.name))
        return found

    def _record_id(self, licensee: Licensee) -> str:
        count = self.book.get(licensee.number, 0) + 1
        self.book[licensee.number] = count
        return f"AD{count:08d}"

    def write(self, dispositions: Path, purchases: Path | None = None) -> int:
        """Write the files; return the number of A&D rows written (exactly `rows`)."""
        keep_share = min(1.0, 1.3 * self.trace_guns * 3.05 / max(self.rows, 1)) if self.trace_guns else 0.0
        written = 0
        with (
            dispositions.open("w", encoding="utf-8", newline="") as ad,
            purchases.open("w", encoding="utf-8", newline="") if purchases else open("/dev/null", "w") as sales,
        ):
            ad.write(DISPOSITION_COLUMNS + "\n")
            sales.write(PURCHASE_COLUMNS + "\n")
            while written < self.rows:
                lines, sale_lines, gun = self._gun(self.gun_count)
                whole = len(lines) <= self.rows - written
                lines = lines[: self.rows - written]
                ad.write("".join(lines))
                if whole and sale_lines:
                    sales.write(sale_lines)
                written += len(lines)
                self.gun_count += 1
                if keep_share and self.rng.random() < keep_share:
                    self.guns.append(gun)
        return written

    def _gun(self, n: int) -> tuple[list[str], str, Gun]:
        rng = self.rng
        maker = self._maker_cycle[rng.randrange(len(self._maker_cycle))]
        model, kind, calibres = maker.models[rng.randrange(len(maker.models))]
        caliber = calibres[rng.randrange(len(calibres))]
        serial = serial_for(maker.serial, n)
        market = self.licensees
        hops = [market["makers"][MAKERS.index(maker)]]
        roll = rng.random()
        wholesalers = market["wholesalers"]
        if roll < 0.9:
            first = rng.randrange(len(wholesalers))
            hops.append(wholesalers[first])
            if roll < 0.09:
                hops.append(wholesalers[(first + 1 + rng.randrange(len(wholesalers) - 1)) % len(wholesalers)])
        hops.append(market["dealers"][rng.randrange(len(market["dealers"]))])
        day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days - 400))
        fixed = f"{serial},{_q(spelled(maker.written, n))},,{model},{caliber},{kind},US,"
        lines, sale_line, sold = [], "", None
        previous: Licensee | None = None
        for index, keeper in enumerate(hops):
            acquired = day
            last = index == len(hops) - 1
            number, name = self._who(keeper)
            source = self._who(previous) if previous else ("", "")
            if not last:
                day = acquired + timedelta(days=rng.randint(3, 60))
                receiver = self._who(hops[index + 1])
                ending = f"{day.isoformat()},sale,{receiver[0]},{receiver[1]},"
            else:
                ending, sale_line, sold = self._last_hop(keeper, acquired, number)
            lines.append(
                f"{self._record_id(keeper)},{number},{fixed}{acquired.isoformat()},{source[0]},{source[1]},{ending}\n"
            )
            previous = keeper
        return lines, sale_line, Gun(n, maker, serial, model, kind, caliber, sold)

    def _last_hop(self, dealer: Licensee, acquired: date, number: str) -> tuple[str, str, date | None]:
        """The dealer's disposition: mostly a retail sale with its 4473, else inventory or a theft."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.09:
            return ",,,,", "", None
        out = min(acquired + timedelta(days=rng.randint(2, 400)), LAST_DAY)
        if roll < 0.105:
            return f"{out.isoformat()},theft,,,", "", None
        count = self.refs.get(number, 0) + 1
        self.refs[number] = count
        ref = f"4473-{count:07d}"
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(17000))
        last, first = LAST_NAMES[rng.randrange(len(LAST_NAMES))], FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
        person = f"{last},{first},{born.isoformat()},M,{dealer.state},DL,{rng.randrange(10**8):08d}"
        sale = f"{ref},{number},{out.isoformat()},{person}\n"
        return f"{out.isoformat()},sale,,,{ref}", sale, out


def trace_rows(guns: list[Gun], count: int, seed: int, agencies: list[str], *, prefix: str = "BR") -> list[list[str]]:
    """Trace requests for `count` recovered guns: most from the market, some unknown or obliterated."""
    rng = random.Random(seed)
    pool = list(guns)
    rng.shuffle(pool)
    rows = []
    for index in range(count):
        roll = rng.random()
        if 0.1 <= roll < 0.11 and rows:
            rows.append([f"{prefix}-{index:07d}", agencies[index % len(agencies)], *rows[-1][2:]])
            continue
        gun = pool[index % len(pool)]
        recovered = _recovery_day(rng, gun)
        serial, obliterated = gun.serial, "N"
        if roll < 0.05:
            serial = serial_for(gun.maker.serial, 16_000_000 + index)
        elif roll < 0.07:
            serial, obliterated = "", "Y"
        elif roll < 0.1:
            serial = serial.lower().replace("-", " ")
        possessor = (LAST_NAMES[rng.randrange(len(LAST_NAMES))], FIRST_NAMES[rng.randrange(len(FIRST_NAMES))])
        if rng.random() < 0.5:
            possessor = ("", "")
        rows.append(
            [
                f"{prefix}-{index:07d}",
                agencies[index % len(agencies)],
                "AGENTE PEREZ",
                f"CI-{index:07d}",
                "routine",
                recovered.isoformat(),
                "MX",
                MX_STATES[index % len(MX_STATES)],
                serial,
                obliterated,
                spelled(gun.maker.police, index),
                gun.model,
                gun.caliber,
                gun.firearm_type,
                *possessor,
            ]
        )
    return rows


def _recovery_day(rng: random.Random, gun: Gun) -> date:
    start = gun.sold or LAST_DAY
    return min(start + timedelta(days=rng.randint(1, 1500)), date.today() - timedelta(days=1))


def write_csv(path: Path, header: str, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header.split(","))
        writer.writerows(rows)


AGENCIES = (
    ("MXSIN0060", "Policía Municipal de Culiacán", "MX", "municipal", "police", "MX-SIN", "25006"),
    ("MXFGR0001", "Fiscalía General de la República", "MX", "federal", "prosecutor", "", ""),
    ("MXSDN0001", "Secretaría de la Defensa Nacional", "MX", "federal", "military", "", ""),
    ("MXCHH0001", "Fiscalía General del Estado de Chihuahua", "MX", "state", "prosecutor", "MX-CHH", ""),
    ("MXSON0001", "Fiscalía General de Justicia del Estado de Sonora", "MX", "state", "prosecutor", "MX-SON", ""),
    ("MXTAM0001", "Fiscalía General de Justicia del Estado de Tamaulipas", "MX", "state", "prosecutor", "MX-TAM", ""),
)


def write_agencies(path: Path) -> list[str]:
    write_csv(
        path,
        "agency_code,name,country,level,kind,state,municipality",
        [list(agency) for agency in AGENCIES],
    )
    return [agency[0] for agency in AGENCIES]


# Model names as books write them: a base and its variants (finishes, sights, generations, packages).
MODEL_VARIANTS = (
    "", " COMPACT", " SUBCOMPACT", " FDE", " OD GREEN", " TB", " MOS", " GEN5", " GEN4", " GEN3", " OR",
    " PRO", " LTD", " CARRY", " XL", " X-MACRO", " SPECTRE", " TACTICAL", " HUNTER", " SPORT", " 4IN", " 3IN",
    " 5IN", " NS", " TALO", " CA", " MA", " STAINLESS", " BLUED", " CERAKOTE", " TWO-TONE", " PC", " LE",
    " M2.0", " PLUS", " MAX", " EZ", " SHIELD", " CORE", " COMP",
)  # fmt: skip


class DiverseBook:
    """An A&D book with the diversity of a real one (see the module's docstring); deterministic from `seed`."""

    def __init__(self, rows: int, seed: int = 7, *, changed: float = 0.0):
        self.rows = rows
        self.seed = seed
        self.changed = changed
        self.licensees = licensees(seed)
        self.gun_count = rows

    def write(self, dispositions: Path, purchases: Path | None = None) -> int:
        """Write the files; return the number of A&D rows written (exactly `rows`)."""
        rng = random.Random(self.seed)
        keepers = self.licensees["wholesalers"] + self.licensees["dealers"]
        makers = [m for m in MAKERS for _ in range(m.weight)]
        span = (LAST_DAY - FIRST_DAY).days - 400
        every = round(1 / self.changed) if self.changed else 0
        books: dict[str, int] = {}
        with (
            dispositions.open("w", encoding="utf-8", newline="") as ad,
            purchases.open("w", encoding="utf-8", newline="") if purchases else open("/dev/null", "w") as sales,
        ):
            ad.write(DISPOSITION_COLUMNS + "\n")
            sales.write(PURCHASE_COLUMNS + "\n")
            for n in range(self.rows):
                keeper = keepers[rng.randrange(len(keepers))]
                maker = makers[rng.randrange(len(makers))]
                base, kind, calibres = maker.models[rng.randrange(len(maker.models))]
                model = base + MODEL_VARIANTS[rng.randrange(len(MODEL_VARIANTS))]
                caliber = calibres[rng.randrange(len(calibres))]
                acquired = FIRST_DAY + timedelta(days=rng.randrange(span))
                record = books[keeper.number] = books.get(keeper.number, 0) + 1
                roll, later = rng.random(), rng.randint(2, 400)
                edited = every and n % every == every // 2
                if edited:
                    model += " (CORRECTED)"
                ad.write(
                    f"AD{record:09d},{keeper.number},{serial_for(maker.serial, n)},{_q(spelled(maker.written, n))},,"
                    f"{model},{caliber},{kind},US,{acquired.isoformat()},{maker.licence},{_q(maker.written)},"
                )
                if roll < 0.12:
                    ad.write(",,,,\n")  # still in inventory
                    continue
                out = min(acquired + timedelta(days=later + (30 if edited else 0)), LAST_DAY)
                if roll < 0.2:
                    dealer = self.licensees["dealers"][rng.randrange(len(self.licensees["dealers"]))]
                    ad.write(f"{out.isoformat()},sale,{dealer.number},{_q(dealer.name)},\n")
                    continue
                ref = f"4473-{n:09d}"
                ad.write(f"{out.isoformat()},sale,,,{ref}\n")
                born = date(1950, 1, 1) + timedelta(days=rng.randrange(17000))
                last, first = LAST_NAMES[rng.randrange(len(LAST_NAMES))], FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
                sales.write(
                    f"{ref},{keeper.number},{out.isoformat()},{last},{first},{born.isoformat()},"
                    f"{'MF'[n % 2]},{keeper.state},DL,{rng.randrange(10**9):09d}\n"
                )
        return self.rows

"""A federal firearms licensee of the demo world, and its licence number as each record writes it."""

from dataclasses import dataclass, field
from datetime import date

from traza.demo.world.sampling import expiration_code

LICENSEE_COLUMNS = (
    "LIC_REGN",
    "LIC_DIST",
    "LIC_CNTY",
    "LIC_TYPE",
    "LIC_XPRDTE",
    "LIC_SEQN",
    "LICENSE_NAME",
    "BUSINESS_NAME",
    "PREMISE_STREET",
    "PREMISE_CITY",
    "PREMISE_STATE",
    "PREMISE_ZIP_CODE",
    "MAIL_STREET",
    "MAIL_CITY",
    "MAIL_STATE",
    "MAIL_ZIP_CODE",
    "VOICE_PHONE",
    "STATUS",
    "OUT_OF_BUSINESS_DATE",
    "ELECTRONIC_RECORDS",
)
BORDER_CITIES = {
    "EL PASO", "SOCORRO", "HORIZON CITY", "ZAPATA", "LAREDO", "MCALLEN", "BROWNSVILLE", "DEL RIO", "EAGLE PASS",
    "TUCSON", "NOGALES", "YUMA", "DOUGLAS", "SAN DIEGO", "CHULA VISTA", "EL CENTRO", "LAS CRUCES", "DEMING",
}  # fmt: skip


@dataclass(eq=False)
class Licensee:
    """One federal firearms licensee of the demo world."""

    region: str
    district: str
    county: str
    lic_type: str
    expires: tuple[int, int]
    sequence: str
    name: str
    role: str
    state: str
    business: str = ""
    street: str = ""
    city: str = ""
    zip: str = ""
    mail: tuple[str, str, str, str] | None = None
    phone: str = ""
    electronic: bool = False
    closed: date | None = None
    weight: float = 1.0
    listed_row: dict | None = None
    _numbers: dict = field(default_factory=dict, repr=False)

    @property
    def rds(self) -> str:
        return self.region + self.district + self.sequence

    @property
    def border(self) -> bool:
        return self.city.strip() in BORDER_CITIES

    def number(self, on: date) -> str:
        """The licence number as written on a record of `on`: the expiration code of the licence then in force."""
        month_key = on.year * 12 + on.month
        found = self._numbers.get(month_key)
        if found is None:
            year, month = self.expires
            while date(year - 3, month, 1) > on:
                year -= 3
            code = expiration_code(year, month)
            found = f"{self.region}-{self.district}-{self.county}-{self.lic_type}-{code}-{self.sequence}"
            self._numbers[month_key] = found
        return found

    def row(self) -> list[str]:
        status = "out_of_business" if self.closed else "active"
        closed = self.closed.isoformat() if self.closed else ""
        extra = [status, closed, "Y" if self.electronic else "N"]
        if self.listed_row is not None:
            return [self.listed_row[column] for column in LICENSEE_COLUMNS[:17]] + extra
        year, month = self.expires
        mail = self.mail or (self.street, self.city, self.state, self.zip)
        return [
            self.region,
            self.district,
            self.county,
            self.lic_type,
            expiration_code(year, month),
            self.sequence,
            self.name,
            self.business,
            self.street,
            self.city,
            self.state,
            self.zip,
            *mail,
            self.phone,
            *extra,
        ]

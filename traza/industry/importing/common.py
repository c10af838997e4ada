"""What the industry's files share: firearm fields read once per distinct text, licences, people."""

import hashlib
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop as _

from traza.catalog.lookup import CatalogIndex, firearm_type
from traza.core.bulk import batches
from traza.core.values import name_key
from traza.imports import rules
from traza.imports.cleaning import Licence, RowReader, parse_licence
from traza.imports.errors import Message, RowError
from traza.imports.models import ImportRun
from traza.imports.rules import Field
from traza.industry.models import Disposition, Licensee, Purchaser

DISPOSITION_TYPES = {
    **{value: value for value in Disposition.Type.values},
    "venta": "sale",
    "transferencia": "transfer",
    "exportacion": "export",
    "exportación": "export",
    "robo": "theft",
    "extravio": "loss",
    "extravío": "loss",
    "perdida": "loss",
    "pérdida": "loss",
    "destruida": "destroyed",
    "destruido": "destroyed",
    "devolucion": "return",
    "devolución": "return",
}
SEXES = {"m": "M", "male": "M", "f": "F", "female": "F", "x": "X", "u": "X", "hombre": "M", "mujer": "F"}


#: The buyer as a purchase record and a multiple-sale report both name them: the fields of the `Purchaser` model,
#: in its order, each read from the column of the same name with the model's length.
PURCHASER_COLUMNS = tuple(field.name for field in Purchaser._meta.fields)
_PURCHASER_READS = tuple(
    (field.name, isinstance(field, models.DateField), field.max_length or 0, not field.blank)
    for field in Purchaser._meta.fields
)


def purchaser_fields(today: date) -> tuple[Field, ...]:
    """The buyer's fields of a row (PURCHASER_COLUMNS): texts within the model's lengths, the last name required,
    the date of birth a date not after today."""
    return tuple(
        rules.date(name, not_after=today) if is_date else rules.text(name, length, required=required)
        for name, is_date, length, required in _PURCHASER_READS
    )


def read_purchaser(row: RowReader, today: date) -> list:
    return [row.read(field) for field in purchaser_fields(today)]


def person_keys(last_names: Sequence[str], first_names: Sequence[str], births: Sequence[date | None]) -> list[str]:
    """The opaque, stable id of each person as records name them (a block of a file at once; not reversible to the
    name): a hash of the names as compared and the date of birth, keyed by the deployment's secret (BLAKE2b, whose
    keyed mode is a MAC, three times as fast as HMAC-SHA256 in Python: a purchase book is keyed by the million)."""
    keyed = hashlib.blake2b(key=_person_secret(settings.SECRET_KEY), digest_size=16)
    keys = []
    for last, first, born in zip(last_names, first_names, births, strict=True):
        digest = keyed.copy()
        digest.update(f"{name_key(last)}|{name_key(first)}|{born or ''}".encode())
        keys.append(digest.hexdigest())
    return keys


@lru_cache(maxsize=1)
def _person_secret(secret: str) -> bytes:
    """The key of `person_keys`: the secret made the 64 bytes BLAKE2b takes (it may be longer or shorter)."""
    return hashlib.blake2b(f"traza person key|{secret}".encode()).digest()


class FirearmFields:
    """Memoised resolution of the firearm fields that repeat across millions of rows."""

    def __init__(self, catalog: CatalogIndex):
        self.catalog = catalog
        self.make_id = lru_cache(maxsize=65536)(catalog.make_id)
        self.caliber_id = lru_cache(maxsize=65536)(catalog.caliber_id)
        self.country = lru_cache(maxsize=1024)(catalog.country_code)
        self.firearm_type = lru_cache(maxsize=1024)(firearm_type)
        self.licence = lru_cache(maxsize=65536)(parse_licence)

    def type_field(self, column: str = "firearm_type") -> Field:
        return rules.lookup(column, self.firearm_type, _("%(column)s is not a known firearm type."))

    def country_field(self, column: str) -> Field:
        return rules.lookup(column, self.country, _("%(column)s is not an ISO country code (MX, US, …)."))

    def read_type(self, row: RowReader, column: str = "firearm_type") -> str:
        return row.read(self.type_field(column))

    def read_country(self, row: RowReader, column: str) -> str:
        return row.read(self.country_field(column))


def not_own_licence(column: str, licensee: str) -> Message:
    """A file sent for one licensee holds only its own records: a row of another record keeper is refused so."""
    return Message(
        _("%(column)s is not your licence (RDS key %(licensee)s): a file you send may hold only your own records."),
        {"column": column, "licensee": licensee},
    )


def own_licence_row(row: RowReader, column: str, licence: Licence | None, licensee: str) -> None:
    """A row of another record keeper than the licensee the file is sent for is rejected."""
    if licensee and licence is not None and licence.rds != licensee:
        row.errors.append(RowError(row.line, column, not_own_licence(column, licensee)))


def licensee_stubs(references: dict[str, tuple[Licence, str]], run: ImportRun) -> None:
    """Create a licensee known only from other licensees' records, until the FFL list brings it."""
    if not references:
        return
    known: set[str] = set()
    keys = list(references)
    for part in batches(keys):
        known.update(Licensee.objects.filter(rds_key__in=part).values_list("rds_key", flat=True))
    stubs = [
        Licensee(
            rds_key=rds,
            region=licence.region,
            district=licence.district,
            county=licence.county,
            lic_type=licence.lic_type,
            expiration=licence.expiration,
            sequence=licence.sequence,
            license_name=name[:200],
            listed=False,
            import_run=run,
        )
        for rds, (licence, name) in references.items()
        if rds not in known
    ]
    Licensee.objects.bulk_create(stubs, ignore_conflicts=True, batch_size=1000)


def records_arrived(licensees: list[str], *, run: ImportRun | None) -> None:
    """Traces that waited for these licensees' records go on by themselves."""
    from traza.tracing.services import traces_resume

    traces_resume(licensee_rds=licensees)

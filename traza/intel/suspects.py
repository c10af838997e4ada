"""Suspect guns: reading the serials an investigator lists, and finding them among the guns being traced.

A serial is compared by the key the trace uses (`serial_key`: "ab-1234" is "AB1234"). A flag matches a
traced gun of the same catalog make; when either side's make is unknown to the catalog, the makers'
names must read the same (`name_key`); a flag without a manufacturer matches every gun of that serial.
"""

import csv
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.catalog.lookup import CatalogIndex
from traza.core.bulk import insert_rows
from traza.core.typing import Text
from traza.core.values import name_key, serial_is_valid, serial_key
from traza.imports.reading import header_key
from traza.intel.models import SuspectGun, SuspectGunHit
from traza.notifications.models import Kind
from traza.notifications.services import Item, notify_many
from traza.tracing.models import Indicator, Trace, TraceIndicator, format_trace_number

SERIAL_HEADERS = {
    "serial",
    "serial_number",
    "serial_no",
    "serie",
    "numero_serie",
    "numero_de_serie",
    "no_serie",
    "no_de_serie",
}
MAKER_HEADERS = {"manufacturer", "make", "maker", "fabricante", "marca"}
MAX_LINES = 5000
MAX_MANUFACTURER = 120
MAX_SERIAL = 60


@dataclass(frozen=True)
class SerialEntry:
    """One gun to flag: its serial as written, its key, the maker as written and the catalog make it names."""

    serial_number: str
    serial_key: str
    manufacturer: str = ""
    make_id: int | None = None


@dataclass(frozen=True)
class LineError:
    """A line of a list that was not read, and why (a message with %(line)s, translated when shown)."""

    line: int
    text: str
    message: Text
    in_file: bool = False

    def __str__(self) -> str:
        return str(self.message) % {"line": self.line}


def read_serial_list(text: str, *, catalog: CatalogIndex | None = None) -> tuple[list[SerialEntry], list[LineError]]:
    """The guns of a list, one a line: `serial` or `serial, manufacturer` (comma, semicolon or tab), an optional
    header line. Returns the good lines (each gun once) and an error for each bad line; a bad line loses no good one.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > MAX_LINES:
        return [], [LineError(MAX_LINES + 1, "", _("Line %(line)s: a list may hold at most 5,000 lines."))]
    catalog = catalog or CatalogIndex.load()
    entries: dict[tuple[str, str], SerialEntry] = {}
    errors = []
    for number, line in enumerate(lines, start=1):
        cells = _cells(line)
        if not cells or (number == 1 and _is_header(cells)):
            continue
        entry = read_serial(cells[0], cells[1] if len(cells) > 1 else "", catalog=catalog)
        if not isinstance(entry, SerialEntry):
            errors.append(LineError(number, line, entry))
        else:
            entries.setdefault((entry.serial_key, name_key(entry.manufacturer)), entry)
    return list(entries.values()), errors


def read_serial(serial: str, manufacturer: str = "", *, catalog: CatalogIndex) -> SerialEntry | Text:
    """One gun to flag, or the message (with %(line)s) that says what is wrong with it."""
    serial, manufacturer = serial.strip(), " ".join(manufacturer.split())
    key = serial_key(serial) if serial.isascii() else "\x00"
    if not serial:
        return _("Line %(line)s: the serial number is missing.")
    if len(serial) > MAX_SERIAL:
        return _("Line %(line)s: the serial number is longer than 60 characters.")
    if not serial_is_valid(key):
        return _("Line %(line)s: the serial number holds characters a serial number cannot have.")
    if len(manufacturer) > MAX_MANUFACTURER:
        return _("Line %(line)s: the manufacturer is longer than 120 characters.")
    make_id = catalog.make_id(manufacturer) if manufacturer else None
    return SerialEntry(serial, key, manufacturer, make_id)


def _is_header(cells: list[str]) -> bool:
    return header_key(cells[0]) in SERIAL_HEADERS or (len(cells) > 1 and header_key(cells[1]) in MAKER_HEADERS)


def _cells(line: str) -> list[str]:
    """The serial and the manufacturer of a line; after a comma, the rest of the line is the manufacturer's name
    (`STURM, RUGER & CO., INC`)."""
    if not line.strip():
        return []
    delimiter = next((d for d in "\t;," if d in line), ",")
    cells = [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))]
    return cells[:1] + [", ".join(cells[1:])] if delimiter == "," and len(cells) > 2 else cells


# Matching in the engine ----------------------------------------------------------------------------------------


def suspects_match(*, traces: list[dict], outcomes: dict) -> list[SuspectGunHit]:
    """Find the batch's traces of active suspect guns: record the hits, write the `suspect_gun` indicator, tell
    each flagging investigator once per new hit. Return the new hits.

    Runs after the batch's outcomes are written (they replace every indicator), so it writes the indicator again
    for every trace of the batch with a hit of a flag not withdrawn, found now or before.
    """
    guns = {t["id"]: _traced_gun(t, outcomes[t["id"]]) for t in traces if t["serial_key"]}
    flags = _active_flags({gun["serial_key"] for gun in guns.values()})
    pairs = {
        (flag.pk, trace_id)
        for trace_id, gun in guns.items()
        for flag in flags.get(gun["serial_key"], [])
        if _same_gun(flag, gun)
    }
    known = set(
        SuspectGunHit.objects.filter(trace_id__any=list(guns), suspect__withdrawn_at__isnull=True).values_list(
            "suspect_id", "trace_id"
        )
    )
    new = SuspectGunHit.objects.bulk_create(
        [SuspectGunHit(suspect_id=flag, trace_id=trace) for flag, trace in sorted(pairs - known)]
    )
    hit_traces = sorted({trace for _flag, trace in pairs | known})
    if hit_traces:  # most batches hold no suspect gun: no COPY for nothing
        insert_rows(
            TraceIndicator._meta.db_table,
            ("trace_id", "code", "strong"),
            [(t, Indicator.SUSPECT_GUN, True) for t in hit_traces],
        )
    _tell_flaggers(new, {flag.pk: flag for rows in flags.values() for flag in rows})
    return new


def _traced_gun(trace: dict, outcome) -> dict:
    """The traced gun with the make the engine settled on."""
    make_id = outcome.make.id if outcome.make else trace["make_id"]
    return {"serial_key": trace["serial_key"], "make_id": make_id, "manufacturer": trace["manufacturer"]}


def _active_flags(keys: set[str]) -> dict[str, list[SuspectGun]]:
    flags: dict[str, list[SuspectGun]] = {}
    if not keys:
        return flags
    active = SuspectGun.objects.filter(
        serial_key__any=sorted(keys), withdrawn_at__isnull=True, expires_on__gte=timezone.localdate()
    ).select_related("agency")
    for flag in active:
        flags.setdefault(flag.serial_key, []).append(flag)
    return flags


def _same_gun(flag: SuspectGun, gun: dict) -> bool:
    """The same make, or (a make unknown on either side) makers' names that read the same; no maker flags any."""
    if not flag.manufacturer and flag.make_id is None:
        return True
    if flag.make_id is not None and gun["make_id"] is not None:
        return flag.make_id == gun["make_id"]
    return name_key(flag.manufacturer) == name_key(gun["manufacturer"])


def _tell_flaggers(hits: list[SuspectGunHit], flags: dict[int, SuspectGun]) -> None:
    """Each flagging investigator learns which agency traced the gun, and the trace's number to quote to them."""
    if not hits:
        return
    traces = {
        row["id"]: row
        for row in Trace.objects.filter(id__in=[hit.trace_id for hit in hits]).values(
            "id", "created_at", "agency__name"
        )
    }
    url = reverse("intel-suspects")
    items = []
    for hit in hits:
        flag, trace = flags[hit.suspect_id], traces[hit.trace_id]
        params = {
            "serial": flag.serial_number,
            "case_ref": flag.case_ref,
            "agency": trace["agency__name"],
            "trace": format_trace_number(trace["created_at"].year, trace["id"]),
        }
        items.append(Item(flag.flagged_by_id, params, url, f"suspect_hit:{hit.pk}"))
    notify_many(kind=Kind.SUSPECT_TRACED, items=items)

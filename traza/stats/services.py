"""Changes the statistics pages make: trace untraced seized guns, close a custody alert; record an export."""

import io
from typing import cast

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from traza.agencies.models import Agency, User
from traza.audit.services import audit_record
from traza.core.tables import csv_lines, write_lines
from traza.imports.models import ImportKind, ImportRun
from traza.imports.services import upload_create
from traza.stats.models import CustodyAlert
from traza.stats.selectors import untraced_seizures

#: The trace request columns (FORMATS.md) a seized gun fills in; the others are left for the agency to complete.
REQUEST_COLUMNS = (
    "request_ref",
    "agency_code",
    "crime_code",
    "recovery_date",
    "recovery_country",
    "recovery_state",
    "recovery_municipality",
    "serial_number",
    "serial_obliterated",
    "manufacturer",
    "model",
    "caliber",
    "firearm_type",
    "seizure_ref",
    "seizure_item",
)
MAX_REQUESTS = 5000


def untraced_request_file(*, agency: Agency) -> tuple[bytes, int]:
    """A trace request file (FORMATS.md columns, CSV) for the agency's untraced seized guns, at most MAX_REQUESTS,
    oldest first; return its bytes and how many rows it holds. Each request's reference names its seizure.

    Written by the shared export writer, so a spreadsheet runs none of its cells; the importer reads a defused
    cell back as it was, so the file can be sent back as it is."""
    stream = io.StringIO()
    rows = (
        [
            f"INV-{seizure.seizure_ref}-{seizure.item_no}"[:60],
            agency.code,
            "",
            seizure.seizure_date,
            seizure.country,
            seizure.region_id,
            seizure.municipality.code if seizure.municipality else "",
            seizure.serial_number,
            seizure.serial_obliterated,
            seizure.manufacturer,
            seizure.model,
            seizure.caliber,
            seizure.firearm_type,
            seizure.seizure_ref,
            seizure.item_no,
        ]
        for seizure in untraced_seizures(agency.pk)[:MAX_REQUESTS]
    )
    count = write_lines(csv_lines(REQUEST_COLUMNS, rows), stream)
    return stream.getvalue().encode("utf-8"), count


def untraced_submit(*, actor: User) -> ImportRun | None:
    """Send the agency's untraced seized guns as a trace request upload (the file channel: checked row by row,
    resolved in bulk, each rejected row reported); None when none is left untraced."""
    content, count = untraced_request_file(agency=cast(Agency, actor.agency))
    if not count:
        return None
    name = f"untraced-{cast(Agency, actor.agency).code}-{timezone.localdate():%Y%m%d}.csv"
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    return upload_create(actor=actor, kind=ImportKind.TRACE_REQUESTS, file=upload, dayfirst=False)


def custody_alert_close(*, actor: User, alert: CustodyAlert, note: str) -> CustodyAlert:
    """Close a custody alert with what was checked; the audit log keeps who, when and why."""
    with transaction.atomic():
        alert.status, alert.closed_at, alert.closed_by, alert.note = (
            CustodyAlert.Status.CLOSED,
            timezone.now(),
            actor,
            note,
        )
        alert.save(update_fields=["status", "closed_at", "closed_by", "note"])
        audit_record(actor=actor, action="custody.close", target=alert, details={"kind": alert.kind})
    return alert


def stats_exported(*, actor, measure: str, file_format: str, chart: str = "", criteria: dict | None = None) -> None:
    """Record that statistics left Traza in a file: aggregate figures only, never personal data."""
    audit_record(
        actor=actor,
        action="stats.export",
        object_type="statistics",
        actor_name="" if actor is not None else "traza export",
        details={"measure": measure, "format": file_format, "chart": chart, "criteria": criteria or {}},
    )

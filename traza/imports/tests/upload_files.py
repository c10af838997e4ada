"""Files the upload tests send: rows of trace_requests.csv and seizures.csv, as CSV, XLSX or raw bytes."""

import csv
import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from traza.imports.services import kind_for

TRACE_COLUMNS = [column.name for column in kind_for("trace-requests").layout.columns]
SEIZURE_COLUMNS = [column.name for column in kind_for("seizures").layout.columns]


def stored_files(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def trace_row(agency, ref: str, **fields) -> dict:
    """A trace request of a Ruger recovered in Culiacán, as a row of trace_requests.csv."""
    return {
        "request_ref": ref,
        "agency_code": agency.code,
        "recovery_date": "2022-05-01",
        "recovery_country": "MX",
        "recovery_state": "MX-SIN",
        "recovery_municipality": "25006",
        "serial_number": f"RG-{ref}",
        "manufacturer": "Ruger",
        "caliber": "9mm",
        "firearm_type": "pistola",
        **fields,
    }


def seizure_row(agency, ref: str, item: str, **fields) -> dict:
    return {
        "seizure_ref": ref,
        "item_no": item,
        "agency_code": agency.code,
        "seizure_date": "2024-03-02",
        "country": "MX",
        "state": "MX-SIN",
        "serial_number": f"SZ-{ref}-{item}",
        "manufacturer": "Glock",
        "firearm_type": "pistola",
        **fields,
    }


def tomorrow() -> str:
    return (timezone.localdate() + timedelta(days=1)).isoformat()


def csv_upload(name: str, columns: list[str], rows: list[dict], *, encoding: str = "utf-8") -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding), content_type="text/csv")


def xlsx_upload(name: str, columns: list[str], rows: list[dict]) -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column, "") for column in columns])
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile(
        name, content.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def raw_upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")

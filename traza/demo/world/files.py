"""The files the demo world is written to: exactly the FORMATS.md columns, one CSV writer each.

Beside them, demo-only files (`SIDECARS`) that `demo_load` does not import: the access-policy history and
when each trace request was submitted (traza.demo.world.history), applied by `demo_load`; the guns the
demo investigator flags as suspect, and the trace request submitted after that (traza.demo.world.rings),
applied by `demo_intel_apply`.
"""

import csv
from pathlib import Path

from traza.demo.world.history import HISTORY_COLUMNS, POLICY_COLUMNS
from traza.demo.world.licensee import LICENSEE_COLUMNS

COLUMNS = {
    "agencies": ("agency_code", "name", "country", "level", "kind", "state", "municipality", "parent_code"),
    "licensees": LICENSEE_COLUMNS,
    "dispositions": (
        "record_id", "record_keeper_license", "serial_number", "manufacturer", "importer", "model", "caliber",
        "firearm_type", "country_of_origin", "acquisition_date", "acquired_from_license", "acquired_from_name",
        "disposition_date", "disposition_type", "disposed_to_license", "disposed_to_name", "transaction_ref",
    ),
    "purchases": (
        "transaction_ref", "licensee", "transaction_date", "last_name", "first_name", "middle_name", "suffix",
        "date_of_birth", "place_of_birth", "sex", "street", "city", "state", "zip", "id_type", "id_number",
        "id_issuer",
    ),
    "multiple_sales": (
        "report_number", "form", "licensee", "sale_date", "last_name", "first_name", "middle_name", "date_of_birth",
        "street", "city", "state", "zip", "id_type", "id_number", "serial_number", "manufacturer", "importer",
        "model", "caliber", "firearm_type",
    ),
    "thefts": (
        "report_number", "reported_by", "incident_date", "incident_type", "serial_number", "manufacturer", "model",
        "caliber", "firearm_type", "incident_country", "incident_state", "notes",
    ),
    "seizures": (
        "seizure_ref", "item_no", "agency_code", "seizure_date", "country", "state", "municipality", "serial_number",
        "serial_obliterated", "manufacturer", "model", "caliber", "firearm_type",
    ),
    "trace_requests": (
        "request_ref", "agency_code", "officer_name", "officer_badge", "agency_case_number", "priority",
        "urgent_reason", "crime_code", "recovery_date", "recovery_country", "recovery_state",
        "recovery_municipality", "recovery_locality", "recovery_address", "latitude", "longitude", "serial_number",
        "serial_obliterated", "manufacturer", "importer", "model", "caliber", "firearm_type", "country_of_origin",
        "markings", "possessor_last_name", "possessor_first_name", "possessor_dob", "possessor_sex",
        "possessor_nationality", "seizure_ref", "seizure_item",
    ),
}  # fmt: skip
SIDECARS = {
    "policies": POLICY_COLUMNS,
    "history": HISTORY_COLUMNS,
    "later_requests": COLUMNS["trace_requests"],
    "suspects": ("serial_number", "manufacturer"),
}

#: The order files are imported in: every reference a file makes is to something loaded before it.
LOAD_ORDER = (
    ("agencies", "agencies"),
    ("licensees", "licensees"),
    ("dispositions", "dispositions"),
    ("purchases", "purchases"),
    ("multiple_sales", "multiple-sales"),
    ("thefts", "thefts"),
    ("seizures", "seizures"),
    ("trace_requests", "trace-requests"),
)


class Output:
    """One open CSV writer per file, with its header written; counts the rows of each."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.handles = {}
        self.writers = {}
        self.counts = dict.fromkeys([*COLUMNS, *SIDECARS], 0)
        for name, columns in (COLUMNS | SIDECARS).items():
            handle = (directory / f"{name}.csv").open("w", encoding="utf-8", newline="")
            self.handles[name] = handle
            self.writers[name] = csv.writer(handle)
            self.writers[name].writerow(columns)

    def write(self, name: str, row) -> None:
        self.writers[name].writerow(row)
        self.counts[name] += 1

    def write_many(self, name: str, rows) -> None:
        rows = list(rows)
        self.writers[name].writerows(rows)
        self.counts[name] += len(rows)

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()

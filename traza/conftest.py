"""Fixtures shared by the domain apps' tests: the catalog, agencies, files written to FORMATS."""

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference catalogs once into the test database."""
    from traza.catalog.services import catalog_load

    with django_db_blocker.unblock():
        catalog_load()


@pytest.fixture
def catalog(db):
    """The catalog index (reloaded if a transactional test emptied the tables)."""
    from traza.catalog.lookup import CatalogIndex
    from traza.catalog.models import Make
    from traza.catalog.services import catalog_load

    if not Make.objects.exists():
        catalog_load()
    return CatalogIndex.load()


@pytest.fixture
def agency_a(catalog):
    """Culiacán's municipal police: our officer's agency."""
    from traza.agencies.models import Agency

    return Agency.objects.get_or_create(
        code="MXSIN0060",
        defaults={
            "name": "Policía Municipal de Culiacán",
            "country_id": "MX",
            "level": "municipal",
            "kind": "police",
            "region_id": "MX-SIN",
        },
    )[0]


@pytest.fixture
def agency_b(catalog):
    """El Paso police: another agency, which must see nothing of agency A's."""
    from traza.agencies.models import Agency

    return Agency.objects.get_or_create(
        code="TXEPD0000",
        defaults={
            "name": "El Paso Police Department",
            "country_id": "US",
            "level": "municipal",
            "kind": "police",
            "region_id": "US-TX",
        },
    )[0]


@pytest.fixture
def write_csv(tmp_path):
    """Write rows (dicts) as a CSV file with the given columns; return its path."""

    def write(name: str, columns: list[str], rows: list[dict], *, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        with path.open("w", encoding=encoding, newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow(row)
        return path

    return write


@pytest.fixture
def load(write_csv, catalog):
    """Import rows of one kind through the real importer; return the run."""
    from traza.imports.services import import_file, kind_for

    def run(kind: str, rows: list[dict], **options):
        columns = [column.name for column in kind_for(kind).layout.columns]
        path = write_csv(f"{kind}.csv", columns, rows)
        return import_file(kind=kind, path=path, **options)

    return run


def days_ago(days: int) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


# Personas (STYLE.md, Tests): the same named people in every app's tests, in agencies/tests/personas.py.
from traza.agencies.tests.personas import (  # noqa: E402, F401 - fixtures, used by name
    agency_c,
    analyst,
    analyst_us,
    auditor_a,
    centre,
    centre_us,
    coordinator_mx,
    federal,
    industry,
    investigator_a,
    licensee,
    officer_a,
    officer_b,
    officer_c,
    sharing_ac,
    supervisor_a,
    supervisor_c,
    sysadmin,
)


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Files sent to Traza go to the test's own temporary folder."""
    folder = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": folder}},
    }
    return folder


@pytest.fixture
def run_worker():
    """Run every queued background task, as `traza worker --until-idle` does, inside the test's transaction.

    The worker command itself closes and reopens database connections between tasks (as a long-running
    process must); that would end a test's transaction on PostgreSQL, so the tests run the same tasks
    through the worker's own `run_task`, without the connection housekeeping.
    """
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    def run() -> int:
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        count = 0
        while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
            result.claim(worker.worker_id)
            worker.run_task(result)
            count += 1
        return count

    return run

"""An import killed outright (kill -9) at random points, ten times in a row, then run again to the end: real
`traza import` and `traza worker` processes on the test's PostgreSQL database, a book of A&D records big enough
to take a few seconds.

A clean run is timed first; each kill then comes after a delay drawn (seeded) uniformly within that time, so the
kills fall anywhere from the process's start to its end. Afterwards the table holds exactly the book's rows, no
more and no fewer and with the book's values, every run that was killed says it was interrupted, none is left
`running`, and the audit log verifies.

PostgreSQL only: on SQLite the test database is the test process's own (in memory), out of reach of the
processes the test starts.
"""

import csv
import hashlib
import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from traza.imports.models import ImportRun
from traza.imports.services import kind_for
from traza.industry.models import Disposition
from traza.industry.services import records_upload_create
from traza.tracing.tests.world import DEALER, DEALER_AZ, WHOLESALER, rds

from .test_worker_faults import WAIT, start_worker, verify_audit, wait_for, worker_environment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROWS = 60_000  # more than one chunk of the staged load (50,000 rows), so a run commits part of the book
KILLS = 10
SEED = 20261206
COLUMNS = [column.name for column in kind_for("dispositions").layout.columns]
COMPARED = (
    "keeper_license",
    "record_id",
    "serial_number",
    "manufacturer",
    "model",
    "caliber",
    "acquisition_date",
    "disposition_date",
    "disposition_type",
    "disposed_to_name",
    "transaction_ref",
)
MAKES = ("Ruger", "RUGER", "Smith & Wesson", "S&W", "Glock", "glok", "Colt's Mfg", "Pietro Beretta", "taurus")
BUYERS = ("José Ñúñez", "maria de la o", "GARCÍA LÓPEZ, Juan", "Zoë O'Neil", "Peña Hnos. S.A. de C.V.", "")


def book_rows(count: int, keepers: tuple[str, ...]) -> list[dict]:
    """An A&D book as record keepers write it: makes spelled several ways, buyers' names with accents."""
    rows = []
    for n in range(count):
        acquired = date(2012, 1, 3) + timedelta(days=n % 3900)
        sold = n % 5 != 0
        rows.append(
            {
                "record_id": f"AD-{n:07d}",
                "record_keeper_license": keepers[n % len(keepers)],
                "serial_number": f"{'KXRTPZ'[n % 6]}{n:07d}",
                "manufacturer": MAKES[n % len(MAKES)],
                "model": f"Modelo {n % 97}",
                "caliber": ("9mm", ".380 ACP", "5.56x45", ".45 auto")[n % 4],
                "firearm_type": ("pistol", "rifle", "revolver")[n % 3],
                "acquisition_date": acquired.isoformat(),
                "disposition_date": (acquired + timedelta(days=n % 40)).isoformat() if sold else "",
                "disposition_type": "sale" if sold else "",
                "disposed_to_name": BUYERS[n % len(BUYERS)] if sold else "",
                "transaction_ref": f"4473-{n}" if sold else "",
            }
        )
    return rows


def write_book(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def fingerprint(records) -> tuple[int, str]:
    """(how many, SHA-256 of the sorted records): equal for the same rows, whatever order they come in."""
    lines = sorted("\t".join("" if value is None else str(value) for value in record) for record in records)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def expected(rows: list[dict]) -> tuple[int, str]:
    return fingerprint(
        (
            row["record_keeper_license"][:25],
            row["record_id"],
            row["serial_number"],
            row["manufacturer"],
            row["model"],
            row["caliber"],
            row["acquisition_date"] or None,
            row["disposition_date"] or None,
            row["disposition_type"],
            row["disposed_to_name"],
            row["transaction_ref"],
        )
        for row in rows
    )


def in_table() -> tuple[int, str]:
    return fingerprint(Disposition.objects.values_list(*COMPARED).iterator(chunk_size=10_000))


def half_loaded() -> None:
    """Leave the table as an earlier load cut short and an older version of the book would: half its rows gone,
    one in seven of the others with another model. Every run after this one commits chunk by chunk."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM industry_disposition WHERE id % 2 = 0")
        cursor.execute("UPDATE industry_disposition SET model = model || ' (viejo)' WHERE id % 7 = 0")


def sessions_of_others() -> int:
    """Sessions on the test database other than the test's own: a killed process's, until the server ends them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"
        )
        return cursor.fetchone()[0]


def kill_after(process: subprocess.Popen, delay: float) -> bool:
    """Kill -9 the process `delay` seconds after its start; False if it had already ended by itself."""
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=WAIT)
        return True
    return False


def kill_points(duration: float) -> list[float]:
    """KILLS seeded points, uniform between the process's start and the end of a clean run."""
    chance = random.Random(SEED)
    return [chance.uniform(0, duration) for _ in range(KILLS)]


def import_command(path: Path) -> list[str]:
    return [sys.executable, "-m", "traza", "import", "dispositions", str(path), "-v0"]


def run_import(path: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(
        import_command(path), env=worker_environment(tmp_path), capture_output=True, text=True, timeout=WAIT * 2
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def assert_the_book_is_whole(rows: list[dict]) -> None:
    assert in_table() == expected(rows), "rows lost, doubled or with values not the book's"
    assert not ImportRun.objects.filter(status__in=[ImportRun.Status.RUNNING, ImportRun.Status.PENDING]).exists()


def test_an_import_killed_ten_times_then_run_again_leaves_the_book_whole_and_says_what_happened(catalog, tmp_path):
    rows = book_rows(ROWS, (DEALER, WHOLESALER, DEALER_AZ))
    book = write_book(tmp_path / "libro A&D dic 2026.csv", rows)
    run_import(book, tmp_path)
    half_loaded()
    started = time.monotonic()
    run_import(book, tmp_path)  # timed: a run that finds half the book in, as every run after it does
    duration = time.monotonic() - started
    half_loaded()
    clean = set(ImportRun.objects.values_list("pk", flat=True))
    log = tmp_path / "import.log"

    killed, ended = [], []
    for delay in kill_points(duration):
        before = set(ImportRun.objects.values_list("pk", flat=True))
        with log.open("ab") as output:
            process = subprocess.Popen(
                import_command(book), env=worker_environment(tmp_path), stdout=output, stderr=subprocess.STDOUT
            )
        was_killed = kill_after(process, delay)
        wait_for(lambda: sessions_of_others() == 0, "the killed import's sessions to end")
        new = set(ImportRun.objects.values_list("pk", flat=True)) - before
        assert len(new) <= 1, f"one process started {len(new)} runs"
        (killed if was_killed else ended).extend(new)

    last = run_import(book, tmp_path)

    assert_the_book_is_whole(rows)
    runs = {run.pk: run for run in ImportRun.objects.exclude(pk__in=clean)}
    final = max(runs)
    assert runs[final].status == ImportRun.Status.ACCEPTED, last.stderr
    assert runs[final].rows_created + runs[final].rows_updated + runs[final].rows_unchanged == ROWS
    for pk in killed:  # killed after it recorded its end, a run stays accepted
        run = runs[pk]
        assert run.status in (ImportRun.Status.REFUSED, ImportRun.Status.ACCEPTED), (pk, run.status)
        if run.status == ImportRun.Status.REFUSED:
            assert "interrupted" in run.message_text and run.finished_at is not None, (pk, run.message_text)
    assert all(runs[pk].status == ImportRun.Status.ACCEPTED for pk in ended)
    assert any(runs[pk].status == ImportRun.Status.REFUSED for pk in killed), "no kill fell inside an import"
    assert set(runs) == {*killed, *ended, final}
    verify_audit()


@pytest.fixture
def responder(db):
    """The responder of the Texas dealer, sending its own A&D book."""
    from traza.agencies.tests.factories import UserFactory

    return UserFactory(username="respondedor_tx", agency=None, role="industry", licensee_rds=rds(DEALER))


def test_an_upload_whose_worker_is_killed_ten_times_leaves_the_book_whole_and_says_what_happened(
    catalog, responder, tmp_path, settings, django_capture_on_commit_callbacks
):
    """Ten workers killed at random points of the imports of an uploaded book; a worker then runs what is left
    and the book is sent once more. A task whose workers died three times is given up: its run says so."""
    folder = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": folder}},
    }
    rows = book_rows(ROWS, (DEALER,))
    content = write_book(tmp_path / "libro.csv", rows).read_bytes()

    def send() -> ImportRun:
        upload = SimpleUploadedFile("Libro A&D (diciembre).csv", content, content_type="text/csv")
        with django_capture_on_commit_callbacks(execute=True):
            return records_upload_create(actor=responder, kind="dispositions", file=upload, complete_book=True)

    def settled(run: ImportRun) -> bool:
        run.refresh_from_db()
        return run.status in (ImportRun.Status.ACCEPTED, ImportRun.Status.REFUSED)

    def run_worker_until(run: ImportRun) -> float:
        started = time.monotonic()
        log = tmp_path / "worker-clean.log"
        worker = start_worker(tmp_path, log, "--sweep-every", "1")
        try:
            wait_for(lambda: settled(run), "the upload to be imported", worker, log)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=WAIT)
        return time.monotonic() - started

    run_worker_until(send())
    half_loaded()
    duration = run_worker_until(send())
    half_loaded()
    clean = set(ImportRun.objects.values_list("pk", flat=True))
    log = tmp_path / "worker.log"

    for delay in kill_points(duration):
        if not ImportRun.objects.filter(status__in=[ImportRun.Status.PENDING, ImportRun.Status.RUNNING]).exists():
            send()  # the last one ended (or was given up): there is always an import for the worker to be killed in
        kill_after(start_worker(tmp_path, log, "--sweep-every", "1"), delay)
        wait_for(lambda: sessions_of_others() == 0, "the killed worker's sessions to end")
    leftover = subprocess.run(
        [sys.executable, "-m", "traza", "worker", "--until-idle"],
        env=worker_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=WAIT * 2,
    )
    assert leftover.returncode == 0, leftover.stdout + leftover.stderr
    last = send()
    run_worker_until(last)

    assert_the_book_is_whole(rows)
    last.refresh_from_db()
    assert (last.status, last.rows_rejected) == (ImportRun.Status.ACCEPTED, 0)
    said = []
    for run in ImportRun.objects.exclude(pk__in=clean).exclude(pk=last.pk):
        if run.status == ImportRun.Status.REFUSED:  # its workers died three times: given up
            assert "interrupted" in run.message_text, (run.pk, run.message_text)
        else:  # taken up again after its worker died, or finished before the kill
            assert run.status == ImportRun.Status.ACCEPTED, (run.pk, run.status)
        said.append(run.status == ImportRun.Status.REFUSED or "again from the start" in " ".join(run.warning_texts))
    assert any(said), "no kill fell inside an import"
    assert not [path for path in folder.rglob("*") if path.is_file()]  # no upload left behind
    verify_audit()

"""A worker killed outright (kill -9) in the middle of a task loses nothing: real `traza worker` processes on
the test's PostgreSQL database, a real upload and a real batch of traces.

Each test stops the first worker where the task is half done, deterministically: it holds a lock the task
needs, waits until the worker is seen waiting for it, kills the worker, then lets the lock go. Another
worker must then take the task up again and finish it. Every wait is bounded; nothing depends on timing.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from traza.audit.models import AuditEvent
from traza.audit.services import audit_record_many
from traza.core.leases import lease_held
from traza.core.workers import worker_lease_name
from traza.imports.models import ImportRun
from traza.imports.services import upload_store
from traza.imports.tests.upload_files import TRACE_COLUMNS, csv_upload, trace_row
from traza.intel.tasks import intel_refresh
from traza.tracing.models import Trace
from traza.tracing.tasks import resolve_traces

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WAIT = 180  # seconds: the most any step may take before the test gives up (and fails)


def worker_environment(data_dir: Path) -> dict[str, str]:
    """The environment of a `traza worker` that works on this test's database and files."""
    url = urlsplit(os.environ["DATABASE_URL"])
    database = urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))
    return {
        **os.environ,
        "DATABASE_URL": database,
        "TRAZA_DATA_DIR": str(data_dir),
        "TRAZA_ENV_FILE": os.devnull,
        "TRAZA_TESTING": "true",
        "TRAZA_EMBEDDED_WORKER": "false",
    }


def start_worker(data_dir: Path, log: Path, *arguments: str) -> subprocess.Popen:
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "traza", "worker", *arguments],
            env=worker_environment(data_dir),
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_for(condition, what: str, worker: subprocess.Popen | None = None, log: Path | None = None) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if worker is not None and worker.poll() is not None:
            pytest.fail(f"the worker exited ({worker.returncode}) before {what}:\n{log.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


class Blocker:
    """A connection of the test's own holding a lock inside an open transaction, until `release`."""

    def __init__(self, *statements: tuple[str, list]):
        self.connection = connections.create_connection("default")
        self.connection.set_autocommit(False)
        with self.connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)

    def release(self) -> None:
        self.connection.rollback()
        self.connection.close()


def someone_waits_on(table: str = "") -> bool:
    """Whether a session waits for a lock: on `table`, or (no table) on a row another transaction holds."""
    with connection.cursor() as cursor:
        if table:
            cursor.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                " WHERE NOT l.granted AND c.relname = %s",
                [table],
            )
        else:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'")
        return cursor.fetchone()[0] > 0


def kill(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=WAIT)


def died_workers_lease_gone(task: DBTaskResult) -> bool:
    return not lease_held(worker_lease_name(task.worker_ids[-1]))


def verify_audit() -> None:
    call_command("audit", "verify", stdout=open(os.devnull, "w"))  # noqa: SIM115 - raises CommandError if broken


WHERE_KILLED = {
    "while it writes its rows": (
        ("LOCK TABLE imports_importrowerror IN ACCESS EXCLUSIVE MODE", []),
        "imports_importrowerror",
    ),
    "once its traces are in, before their audit entries": (("SELECT * FROM audit_auditchainhead FOR UPDATE", []), ""),
}


@pytest.mark.parametrize("where", WHERE_KILLED)
def test_an_upload_whose_worker_is_killed_is_taken_up_again_and_finishes(
    officer_a, agency_a, tmp_path, settings, where
):
    """The upload's worker dies halfway; another worker imports the file, still stored, and every trace once."""
    folder = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": folder}},
    }
    rows = [
        trace_row(agency_a, f"CLN/2024/{n:04d}", serial_number=f"ab{n:05d}", recovery_date=f"{n % 28 + 1:02d}/03/2024")
        for n in range(1, 301)
    ]
    rows[17]["manufacturer"] = "Smith & Wesson"
    rows[40]["recovery_date"] = "31/02/2024"  # no such day: rejected
    rows[41]["recovery_country"] = "México"  # a country name where its code goes
    rows.reverse()  # rows out of order, as files come
    upload = csv_upload("solicitudes rastreo marzo.csv", TRACE_COLUMNS, rows)
    run = upload_store(actor=officer_a, kind="trace-requests", file=upload, dayfirst=True, agency=agency_a)
    lock, table = WHERE_KILLED[where]
    blocker = Blocker(lock)
    stored = list(folder.rglob("*"))
    log = tmp_path / "worker.log"

    first = start_worker(tmp_path, log)
    try:
        wait_for(lambda: someone_waits_on(table), "the import to wait for the lock", first, log)
        kill(first)
    finally:
        blocker.release()
        if first.poll() is None:
            kill(first)
    task = DBTaskResult.objects.exclude(task_path=intel_refresh.module_path).get()  # resolving queued it
    assert (task.status, ImportRun.objects.get(pk=run.pk).status) == (TaskResultStatus.RUNNING, "running")
    assert all(path.exists() for path in stored)  # the file waits for the next attempt
    if not table:  # killed once its traces were in (and resolved), before they were in the audit log
        assert Trace.objects.exists()
        assert not AuditEvent.objects.filter(action="trace.create").exists()
    wait_for(lambda: died_workers_lease_gone(task), "the killed worker's lease to go")

    second = subprocess.run(
        [sys.executable, "-m", "traza", "worker", "--until-idle"],
        env=worker_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )

    assert second.returncode == 0, second.stdout + second.stderr
    run.refresh_from_db()
    task.refresh_from_db()
    assert (task.status, len(task.worker_ids)) == (TaskResultStatus.SUCCESSFUL, 2)
    assert run.status == ImportRun.Status.ACCEPTED
    traces = Trace.objects.filter(agency=agency_a)
    assert run.rows_created + run.rows_unchanged == traces.count() == 300 - run.rows_rejected
    assert "imported it again from the start" in " ".join(run.warning_texts)
    assert not traces.filter(status=Trace.Status.SUBMITTED).exists()
    assert not [path for path in folder.rglob("*") if path.is_file()]  # personal data gone with the run
    created = AuditEvent.objects.filter(action="trace.create", object_type="trace")
    assert sorted(created.values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in traces.values_list("pk", flat=True)
    )
    assert AuditEvent.objects.filter(action="import.finish", object_id=str(run.pk)).count() == 1
    verify_audit()


def submitted_traces(agency, count: int) -> list[int]:
    """`count` traces as a bulk submission leaves them: `submitted` a moment ago, audited, not resolved yet."""
    now = timezone.now()
    makers = ["Ruger", "RUGER", "Smith and Wesson", "S&W", "Glock", "glok", "Colt's Mfg", "Pietro Beretta"]
    traces = Trace.objects.bulk_create(
        Trace(
            agency=agency,
            request_ref=f"SIN-{n:05d}",
            channel=Trace.Channel.FILE,
            status=Trace.Status.SUBMITTED,
            submitted_at=now,
            recovery_date=timezone.localdate() - timedelta(days=n % 700),
            recovery_country="MX",
            serial_number=f"{'ABCDEFGH'[n % 8]}{n:06d}",
            serial_key=f"{'ABCDEFGH'[n % 8]}{n:06d}",
            manufacturer=makers[n % len(makers)],
            firearm_type="pistola",
        )
        for n in range(count)
    )
    ids = [trace.pk for trace in traces]
    audit_record_many(
        actor=None,
        actor_name="carga masiva",
        action="trace.create",
        targets=(("trace", pk, agency.pk) for pk in ids),
        details={"channel": "file"},
    )
    return ids


def test_a_batch_whose_worker_is_killed_is_resolved_by_the_next_worker_once(agency_a, tmp_path):
    """The worker dies between two writes of a batch; a worker started later resolves every trace left."""
    ids = submitted_traces(agency_a, 6000)
    resolve_traces.enqueue(ids)
    blocker = Blocker(("SELECT id FROM tracing_trace WHERE id = %s FOR UPDATE", [ids[-1]]))
    log = tmp_path / "worker.log"

    first = start_worker(tmp_path, log)
    try:
        wait_for(lambda: someone_waits_on(), "the batch to reach the locked trace", first, log)
        kill(first)
    finally:
        blocker.release()
        if first.poll() is None:
            kill(first)
    task = DBTaskResult.objects.exclude(task_path=intel_refresh.module_path).get()  # resolving queued it
    assert task.status == TaskResultStatus.RUNNING
    assert Trace.objects.filter(status=Trace.Status.SUBMITTED).exists()
    wait_for(lambda: died_workers_lease_gone(task), "the killed worker's lease to go")

    second = start_worker(tmp_path, log, "--sweep-every", "1")
    try:
        wait_for(
            lambda: (
                not Trace.objects.filter(status=Trace.Status.SUBMITTED).exists()
                and DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).exists()
            ),
            "every trace to be resolved",
            second,
            log,
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=WAIT)

    task.refresh_from_db()
    assert (task.status, len(task.worker_ids)) == (TaskResultStatus.SUCCESSFUL, 2)
    assert Trace.objects.filter(status__in=Trace.FINAL).count() == 6000
    assert AuditEvent.objects.filter(action="trace.create").count() == 6000
    verify_audit()


def test_a_killed_command_line_import_is_recorded_as_interrupted_by_the_next_one(agency_a, tmp_path, write_csv):
    """`traza import` killed while it writes: the next `traza import` ends its run as interrupted, then imports."""
    rows = [trace_row(agency_a, f"cln-{n}", recovery_date="5/3/2024") for n in range(1, 51)]
    rows[3]["recovery_date"] = "2024-13-45"  # rejected: its error waits behind the lock
    path = write_csv("rastreos_marzo.csv", TRACE_COLUMNS, rows)
    command = [sys.executable, "-m", "traza", "import", "trace-requests", str(path), "--dayfirst"]
    blocker = Blocker(("LOCK TABLE imports_importrowerror IN ACCESS EXCLUSIVE MODE", []))
    log = tmp_path / "import.log"
    with log.open("ab") as output:
        first = subprocess.Popen(
            command, env=worker_environment(tmp_path), stdout=output, stderr=subprocess.STDOUT, cwd=tmp_path
        )
    try:
        wait_for(lambda: someone_waits_on("imports_importrowerror"), "the import to write", first, log)
        kill(first)
    finally:
        blocker.release()
        if first.poll() is None:
            kill(first)
    killed = ImportRun.objects.get()
    assert killed.status == ImportRun.Status.RUNNING

    again = subprocess.run(
        command, env=worker_environment(tmp_path), capture_output=True, text=True, timeout=WAIT, cwd=tmp_path
    )

    assert again.returncode == 0, again.stdout + again.stderr
    killed.refresh_from_db()
    assert killed.status == ImportRun.Status.REFUSED and "interrupted" in killed.message_text
    latest = ImportRun.objects.exclude(pk=killed.pk).get()
    assert (latest.status, latest.rows_rejected) == (ImportRun.Status.ACCEPTED, 1)
    assert Trace.objects.count() == 49
    assert not Trace.objects.filter(status=Trace.Status.SUBMITTED).exists()
    verify_audit()


def test_a_worker_outlives_the_database_going_away_and_takes_its_lease_again(tmp_path):
    """The database refuses connections and ends the worker's sessions (as a restart does); the worker waits,
    then carries on with the queue and holds its lease again, without being restarted itself."""
    from traza.core.tests.tasks import add

    name = connection.settings_dict["NAME"]
    log = tmp_path / "worker.log"
    before = add.enqueue(a=1, b=2)
    worker = start_worker(tmp_path, log, "--sweep-every", "1")
    try:
        wait_for(lambda: DBTaskResult.objects.get(id=before.id).status == "SUCCESSFUL", "the first task", worker, log)
        worker_id = DBTaskResult.objects.get(id=before.id).worker_ids[-1]
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as outside:  # the main database's
            outside.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            try:
                outside.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                    [name, connection.connection.info.backend_pid],
                )
                wait_for(lambda: "database is unreachable" in log.read_text(), "the worker to notice", worker, log)
            finally:
                outside.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        after = add.enqueue(a=20, b=22)

        wait_for(lambda: DBTaskResult.objects.get(id=after.id).status == "SUCCESSFUL", "the next task", worker, log)
        wait_for(lambda: lease_held(worker_lease_name(worker_id)), "the lease to be held again", worker, log)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=WAIT)

    assert DBTaskResult.objects.get(id=after.id).return_value == 42
    assert DBTaskResult.objects.get(id=after.id).worker_ids == [worker_id]  # the same worker, never restarted


def test_an_import_killed_while_it_records_its_end_is_not_left_accepted_without_its_audit_entry(
    catalog, tmp_path, write_csv
):
    """The run's end and its audit entry are one transaction: killed between them, the run is neither."""
    from traza.tracing.tests.world import licensee_rows

    rows = licensee_rows()
    path = write_csv("ffl lista (dic).csv", list(rows[0]), rows)
    command = [sys.executable, "-m", "traza", "import", "licensees", str(path)]
    with connection.cursor() as cursor:  # the audit log's chain head exists from the first entry on
        cursor.execute("SELECT count(*) FROM audit_auditchainhead")
        has_head = cursor.fetchone()[0] > 0
    if not has_head:
        audit_record_many(actor=None, actor_name="prueba", action="trace.create", targets=[("trace", 1, None)])
    blocker = Blocker(("SELECT * FROM audit_auditchainhead FOR UPDATE", []))
    log = tmp_path / "import.log"
    with log.open("ab") as output:
        first = subprocess.Popen(
            command, env=worker_environment(tmp_path), stdout=output, stderr=subprocess.STDOUT, cwd=tmp_path
        )
    try:
        wait_for(lambda: someone_waits_on(), "the import to record its end", first, log)
        kill(first)
    finally:
        blocker.release()
        if first.poll() is None:
            kill(first)
    killed = ImportRun.objects.get()
    assert killed.status == ImportRun.Status.RUNNING
    assert not AuditEvent.objects.filter(action="import.finish").exists()

    again = subprocess.run(
        command, env=worker_environment(tmp_path), capture_output=True, text=True, timeout=WAIT, cwd=tmp_path
    )

    assert again.returncode == 0, again.stdout + again.stderr
    assert [(run.status, run.rows_unchanged) for run in ImportRun.objects.order_by("pk")] == [
        (ImportRun.Status.REFUSED, 0),
        (ImportRun.Status.ACCEPTED, len(rows)),
    ]
    assert AuditEvent.objects.filter(action="import.finish").count() == 2
    verify_audit()

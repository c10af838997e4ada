"""The PostgreSQL server restarted under a running `traza serve` and `traza worker`: both carry on by themselves.

The test restarts the server the suite runs on (scripts/with-postgres starts one for the session; the test
finds its data directory and pg_ctl by asking the server), with the server and the worker started as an
operator starts them. After the restart, a trace sent over HTTP is answered (a request that meets the restart
may fail once, none after), an uploaded file of trace requests is imported and resolved by the same worker,
and neither process was started again.
"""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.db import connection
from django_tasks_db.models import DBTaskResult

from traza.agencies.services import token_create
from traza.core.tests.servers import free_port
from traza.imports.models import ImportRun
from traza.imports.tasks import import_upload
from traza.imports.tests.upload_files import TRACE_COLUMNS, csv_upload, trace_row
from traza.tracing.models import Trace
from traza.tracing.tests.api_support import REQUEST

from .test_worker_faults import WAIT, start_worker, verify_audit, wait_for, worker_environment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process table in /proc"),
]


def pg_ctl(*arguments: str) -> list[str]:
    """The command running pg_ctl on the test's PostgreSQL server, as the owner of its data directory."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_config WHERE name = 'BINDIR'")
        binaries = Path(cursor.fetchone()[0])
        cursor.execute("SHOW data_directory")
        data = Path(cursor.fetchone()[0])
    if not (binaries / "pg_ctl").exists() or not data.exists():
        pytest.skip("the PostgreSQL server does not run on this machine: the test cannot restart it")
    log = data.parent / "server.log"  # where scripts/with-postgres has the server write; not our output
    command = [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), *arguments]
    if os.geteuid() == 0 and data.stat().st_uid != 0:
        command = [shutil.which("runuser") or "runuser", "-u", data.owner(), "--", *command]
    return command


def processes_below(pid: int) -> set[int]:
    """Every living process below `pid` (the server's web workers)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.add(child)
        todo.extend(children.get(child, []))
    return found


class Api:
    """The server's API as an agency's system calls it: a bearer token, answers in English."""

    def __init__(self, base: str, token: str):
        self.base = base
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {token}", "Accept-Language": "en"})
        self.failures: list[str] = []

    def up(self) -> bool:
        try:
            return self.session.get(f"{self.base}/api/v1/traces/", timeout=10).status_code == 200
        except requests.ConnectionError:
            return False

    def trace(self, ref: str) -> dict:
        """Send a trace; a 5xx (or a dropped connection) is noted and the same request, same key, sent again."""
        for _attempt in range(3):
            try:
                response = self.session.post(
                    f"{self.base}/api/v1/traces/",
                    json={**REQUEST, "request_ref": ref, "serial_number": f"RG-{ref}"},
                    headers={"Idempotency-Key": f"rastreo-{ref}"},
                    timeout=60,
                )
            except requests.ConnectionError as error:
                self.failures.append(f"{ref}: {error}")
                continue
            if response.status_code < 500:
                assert response.status_code in (200, 201), response.text
                return response.json()
            self.failures.append(f"{ref}: {response.status_code}")
        pytest.fail(f"the server kept failing: {self.failures}")

    def upload(self, agency, refs: list[str]) -> int:
        file = csv_upload("rastreos después del reinicio.csv", TRACE_COLUMNS, [trace_row(agency, r) for r in refs])
        response = self.session.post(
            f"{self.base}/api/v1/uploads/",
            data={"kind": "trace-requests"},
            files={"file": (file.name, file.read(), "text/csv")},
            timeout=60,
        )
        assert response.status_code == 202, response.text
        return response.json()["id"]


@pytest.fixture
def server(tmp_path):
    """`traza serve` (one web worker, no embedded worker) on a free port; yield (process, base URL, log)."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "traza", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            env=worker_environment(tmp_path),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process, f"http://127.0.0.1:{port}", log
    finally:
        below = processes_below(process.pid)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for pid in below:  # a web worker its master left behind
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def imported(run_id: int) -> bool:
    return ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.ACCEPTED).exists()


def test_the_server_and_the_worker_carry_on_after_the_database_restarts(officer_a, agency_a, server, tmp_path):
    restart = pg_ctl("restart", "-m", "fast", "-w", "-t", "120")
    process, base, serve_log = server
    _token, raw = token_create(user=officer_a, name="sistema de la fiscalía")
    api = Api(base, raw)
    worker_log = tmp_path / "worker.log"
    worker = start_worker(tmp_path, worker_log, "--sweep-every", "1")
    try:
        wait_for(lambda: process.poll() is None and api.up(), "the server to answer", process, serve_log)
        before = api.trace("CLN-0001")
        first = api.upload(agency_a, ["CLN-0002", "cln-0003"])
        wait_for(lambda: imported(first), "the worker to import the first file", worker, worker_log)
        web_workers = processes_below(process.pid)
        assert not api.failures

        done = subprocess.run(restart, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=WAIT, check=False)
        assert done.returncode == 0, done.stderr
        connection.close()  # the test's own session ended with the server

        after = api.trace("CLN-0004")
        second = api.upload(agency_a, ["CLN-0005", "Cln-0006"])
        wait_for(lambda: imported(second), "the worker to import the file sent after the restart", worker, worker_log)
        again = api.trace("CLN-0007")

        assert len(api.failures) <= 1, api.failures  # the request that met the restart, if any
        assert (process.poll(), worker.poll()) == (None, None)  # neither was started again: the same processes
        assert processes_below(process.pid) == web_workers, serve_log.read_text()
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=WAIT)

    imports = DBTaskResult.objects.filter(task_path=import_upload.module_path)
    ran_them = {name.rsplit("-", 2)[1] for task in imports for name in task.worker_ids}
    assert (imports.count(), ran_them) == (2, {str(worker.pid)})  # both files, by the one worker
    assert [before["request_ref"], after["request_ref"], again["request_ref"]] == ["CLN-0001", "CLN-0004", "CLN-0007"]
    traces = Trace.objects.filter(agency=agency_a)
    assert traces.count() == 7
    assert not traces.filter(status=Trace.Status.SUBMITTED).exists()
    verify_audit()

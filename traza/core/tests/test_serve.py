"""`traza serve` for real: gunicorn, WhiteNoise and the embedded worker in subprocesses, on a free port."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from traza.core.tests.servers import free_port, wait_until_up

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process table in /proc")


def _traza(*args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "traza", *args], env=env, check=True, timeout=120, **kwargs)


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    """A migrated SQLite database and collected static files, with production settings."""
    env = {
        **os.environ,
        "TRAZA_ENV_FILE": os.devnull,
        "TRAZA_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "sqlite:///serve.sqlite3",
        "DEBUG": "false",
        "TRAZA_TESTING": "true",
        "SECRET_KEY": "serve-smoke-test-secret-key-serve-smoke-test",
        "TRAZA_EMBEDDED_WORKER": "true",
    }
    _traza("migrate", "--noinput", "-v0", env=env)
    _traza("collectstatic", "--noinput", "-v0", env=env)
    return env


def _get(url: str) -> tuple[int, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a local http:// URL
        return response.status, dict(response.headers)


def _descendants(pid: int) -> dict[int, str]:
    """Every living process below `pid`, with its command line."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: dict[int, str] = {}
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        try:
            found[child] = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        todo.extend(children.get(child, []))
    return found


def _is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def serve(production_env, tmp_path):
    """Start `traza serve` with two web workers, wait until it answers; yield (process, base URL, log)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "traza", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            env=production_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    processes: dict[int, str] = {}
    try:
        wait_until_up(f"{base}/accounts/login/", server, log)
        processes.update(_descendants(server.pid))
        yield server, base, log
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        for pid in processes:
            if _is_running(pid):
                os.kill(pid, signal.SIGKILL)


def _assert_gunicorn_and_worker_run(processes: dict[int, str]) -> None:
    assert sum("gunicorn traza.wsgi:application" in cmd for cmd in processes.values()) == 3, processes  # master + 2
    assert sum(cmd.endswith("-m traza worker") for cmd in processes.values()) == 1, processes


def _wait_until_gone(pids, timeout: float = 30) -> list[int]:
    deadline = time.monotonic() + timeout
    while (running := [pid for pid in pids if _is_running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return running


def test_serve_answers_pages_and_static_files_and_stops_gunicorn_and_worker_on_sigterm(serve, tmp_path):
    server, base, log = serve

    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    status, headers = _get(f"{base}/static/{manifest['paths']['traza/app.css']}")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "immutable" in headers["Cache-Control"], "WhiteNoise serves hashed static files as immutable"

    processes = _descendants(server.pid)
    _assert_gunicorn_and_worker_run(processes)
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=60) == 0, log.read_text()
    assert [pid for pid in processes if _is_running(pid)] == [], log.read_text()


def test_serve_killed_outright_leaves_no_orphan_process(serve):
    server, _base, log = serve
    processes = _descendants(server.pid)
    _assert_gunicorn_and_worker_run(processes)

    server.kill()
    server.wait()

    assert _wait_until_gone(processes) == [], log.read_text()


_BOOT = (
    "import gc, sys; import traza.wsgi; from traza.catalog import lookup; "
    "print(gc.get_freeze_count(), len(lookup._SHARED))"
)


def test_a_web_worker_boots_with_the_catalog_built_and_frozen(production_env):
    """What a web worker keeps for life (the catalog index) is built at boot and left out of full collections."""
    booted = subprocess.run(
        [sys.executable, "-c", _BOOT], env=production_env, check=True, timeout=120, capture_output=True, text=True
    )
    frozen, catalogs = map(int, booted.stdout.split())
    assert catalogs == 1
    assert frozen > 10_000


def test_a_web_worker_boots_before_the_database_is_migrated(tmp_path):
    """The catalog is then built by the first request that needs it."""
    env = {
        **os.environ,
        "TRAZA_ENV_FILE": os.devnull,
        "TRAZA_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "sqlite:///empty.sqlite3",
        "TRAZA_TESTING": "true",
    }
    booted = subprocess.run(
        [sys.executable, "-c", _BOOT], env=env, check=True, timeout=120, capture_output=True, text=True
    )
    frozen, catalogs = map(int, booted.stdout.split())
    assert catalogs == 0
    assert frozen > 0

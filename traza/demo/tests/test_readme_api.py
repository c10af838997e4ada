"""The README's API example works on the demo as written: its shell block, run by bash as a reader pastes it.

The example is the first ```sh block under "## API", read after the quick start: from the checkout, with
`make demo` serving on 127.0.0.1:8000. The test loads the small demo world, gives its database to the
checkout's `traza` and to a `traza serve` it starts (on PostgreSQL the test database itself; on SQLite, whose
test database lives in memory, a copy in a file), and runs the block with bash from the checkout, failing at
the first command that fails or variable that is not set. The server listens on a free port, since 8000 may be
taken where the tests run: curl's own configuration (CURL_HOME) connects 127.0.0.1:8000 there, and the block is
not edited. Pasted a second time, the block answers the trace it sent the first time.
"""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from traza.core.tests.servers import free_port, wait_until_up
from traza.demo.services import demo_load
from traza.demo.world import generate

CHECKOUT = Path(__file__).resolve().parents[3]
README = CHECKOUT / "README.md"


def example() -> str:
    """The README's API example: the first shell block of its "## API" section."""
    section = README.read_text(encoding="utf-8").split("\n## API\n", 1)[1]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("readme")
    generate(size="small", seed=11, directory=directory)
    return directory


def database_url(folder: Path) -> str:
    """The address of the test's database for another process (SQLite: a copy of it in `folder`)."""
    if connection.vendor == "postgresql":
        url = urlsplit(os.environ["DATABASE_URL"])
        return urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))
    connection.ensure_connection()
    path = folder / "demo.sqlite3"
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{path}"


@pytest.fixture
def demo(catalog, world, tmp_path):
    """The demo world loaded and served by `traza serve` on a free port; yield the environment to run the block in."""
    demo_load(directory=world)
    port = free_port()
    (tmp_path / ".curlrc").write_text(f"connect-to = 127.0.0.1:8000:127.0.0.1:{port}\n")
    env = {name: value for name, value in os.environ.items() if name != "TOKEN"}
    env |= {
        "DATABASE_URL": database_url(tmp_path),
        "TRAZA_DATA_DIR": str(tmp_path),
        "TRAZA_ENV_FILE": os.devnull,
        "TRAZA_TESTING": "true",
        "TRAZA_EMBEDDED_WORKER": "false",
        "CURL_HOME": str(tmp_path),
    }
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "traza", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/api/v1/traces/", server, log)
        yield env
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def paste(block: str, env: dict[str, str], *, strict: bool) -> dict:
    """Run the block with bash from the checkout; return the answer curl printed last."""
    if not (CHECKOUT / ".venv" / "bin" / "traza").exists():
        pytest.skip("no .venv/bin/traza in the checkout: the README's quick start (make demo) makes it")
    options = ["-e", "-u", "-o", "pipefail"] if strict else []
    ran = subprocess.run(
        ["bash", *options, "-c", block], cwd=CHECKOUT, env=env, capture_output=True, text=True, timeout=120
    )
    if strict:
        assert ran.returncode == 0, f"the README's block failed ({ran.returncode}):\n{ran.stdout}\n{ran.stderr}"
    last = ran.stdout.strip().splitlines()[-1] if ran.stdout.strip() else ""
    assert last.startswith("{"), f"curl printed no answer:\n{ran.stdout}\n{ran.stderr}"
    return json.loads(last)


@pytest.mark.django_db(transaction=True)  # the server and the commands read what the test committed
def test_the_readme_api_example_works_on_the_demo_as_written(demo):
    block = example()

    first = paste(block, demo, strict=True)
    again = paste(block, demo, strict=False)  # the user exists by now: only its creation fails

    sent = json.loads(re.search(r"-d '(.*?)'", block, re.S).group(1))
    assert "number" in first, first
    assert first["serial_number"] == sent["serial_number"]
    assert first["status"] != "submitted", "resolved in the request, as the README says"
    assert again["number"] == first["number"]

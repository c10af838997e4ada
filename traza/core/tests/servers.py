"""Starting real servers in tests: a free port to give one, and waiting until it answers."""

import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, log: Path, *, seconds: float = 60) -> None:
    """Wait until `url` gets an HTTP answer of any status (a 401 without a token is a server that is up); fail with
    the server's log if it exits first or does not answer in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"traza serve exited early:\n{log.read_text()}"
        try:
            urllib.request.urlopen(url, timeout=5).close()  # noqa: S310 - a local http:// URL
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # not up yet, or busy booting its workers
            time.sleep(0.2)
    pytest.fail(f"traza serve did not answer {url} within {seconds:.0f} s:\n{log.read_text()}")

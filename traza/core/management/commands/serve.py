"""`traza serve`: the production web server (gunicorn), with the background worker beside it if asked."""

import contextlib
import ctypes
import functools
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from gunicorn import version_info as gunicorn_version

_PR_SET_PDEATHSIG = 1
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _die_with_parent(parent: int) -> None:
    """Run in each child before exec: get SIGTERM when `traza serve` dies, even by SIGKILL (Linux only)."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)


def _bind_address(host: str, port: int) -> str:
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


class Command(BaseCommand):
    help = (
        "Serve Traza over HTTP with gunicorn (static files through WhiteNoise). When TRAZA_EMBEDDED_WORKER is true "
        "(the default on SQLite), also run one background worker and stop it when the server stops."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default: 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default: 8000).")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Web worker processes (default: TRAZA_WEB_WORKERS, which defaults to 2).",
        )

    def handle(self, *, host: str, port: int, workers: int | None, **options):
        workers = settings.TRAZA_WEB_WORKERS if workers is None else workers
        if workers < 1:
            raise CommandError(_("--workers must be at least 1."))
        gunicorn = [
            sys.executable,
            "-m",
            "gunicorn",
            "traza.wsgi:application",
            "--bind",
            _bind_address(host, port),
            "--workers",
            str(workers),
        ]
        if gunicorn_version >= (25, 1):
            # Gunicorn's control socket has one default path per user, shared by every instance.
            gunicorn.append("--no-control-socket")
        self.stdout.write(_("Starting Traza at http://%(address)s/") % {"address": _bind_address(host, port)})
        if not settings.TRAZA_EMBEDDED_WORKER:
            self.stdout.flush()
            os.execv(sys.executable, gunicorn)  # noqa: S606 - fixed arguments; gunicorn takes over this process
        worker = [sys.executable, "-m", "traza", "worker"]
        sys.exit(self.supervise({"gunicorn": gunicorn, "worker": worker}))

    def supervise(self, commands: dict[str, list[str]]) -> int:
        """Run the commands side by side until a signal arrives or one of them exits, then stop them all.

        Each child has its own process group, so a Ctrl-C in the terminal reaches only this process,
        which asks every child once to stop gracefully (SIGTERM); a second signal kills them.
        """
        received: list[int] = []
        for signum in _STOP_SIGNALS:
            signal.signal(signum, lambda signum, frame: received.append(signum))
        self.stdout.flush()
        children = {
            name: subprocess.Popen(
                command, process_group=0, preexec_fn=functools.partial(_die_with_parent, os.getpid())
            )
            for name, command in commands.items()
        }
        exited = self._wait_for_first(children, received)
        status = 0
        if exited is not None:
            status = 1
            self.stderr.write(
                _("%(name)s stopped unexpectedly (exit status %(status)s); stopping Traza.")
                % {"name": exited, "status": children[exited].returncode}
            )
        self._stop(children, received)
        return status

    def _wait_for_first(self, children: dict[str, subprocess.Popen], received: list[int]) -> str | None:
        """Wait until a stop signal arrives (None) or a child exits (its name)."""
        while not received:
            for name, child in children.items():
                if child.poll() is not None:
                    return name
            time.sleep(0.2)
        return None

    def _stop(self, children: dict[str, subprocess.Popen], received: list[int]) -> None:
        signals_so_far = len(received)
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        while any(child.poll() is None for child in children.values()):
            if len(received) > signals_so_far:
                for child in children.values():
                    if child.poll() is None:
                        with contextlib.suppress(ProcessLookupError):
                            os.killpg(child.pid, signal.SIGKILL)
            time.sleep(0.1)

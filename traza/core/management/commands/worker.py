"""`traza worker`: run the background tasks queued in the database, and take up those of workers that died."""

import logging
import signal
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections

from traza.core.workers import tasks_recover, tasks_release, worker_lease
from traza.imports.services import import_runs_abandoned
from traza.intel.tasks import intel_refresh_missing
from traza.notifications.triggers import queries_overdue_notify
from traza.stats.refresh import facts_refresh_missing
from traza.tracing.tasks import pending_sweep

logger = logging.getLogger(__name__)

RECONNECT_SECONDS = 2


def housekeeping() -> None:
    """Give back the tasks of dead workers, end the import runs nobody will finish, sweep waiting traces, tell
    submitters of overdue licensee queries."""
    tasks_recover()
    import_runs_abandoned()
    pending_sweep()
    queries_overdue_notify()


class Command(BaseCommand):
    help = (
        "Run the background tasks queued in the database. Any number of workers may run, on any number of "
        "machines: each task runs once, and the task of a worker that dies is taken up by another. With "
        "--until-idle, run what is queued and exit."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--until-idle",
            action="store_true",
            help="Run every task that is ready, then exit instead of waiting for more.",
        )
        parser.add_argument(
            "--queues",
            default="*",
            help="Comma-separated names of the queues to take tasks from (default: every queue).",
        )
        parser.add_argument(
            "--sweep-every",
            type=float,
            default=60.0,
            help="Seconds between looks for the tasks of dead workers and for waiting traces (default: 60).",
        )

    def handle(self, *, until_idle: bool, queues: str, sweep_every: float, verbosity: int, **options):
        # db_worker installs its own SIGINT/SIGTERM handlers (finish the running task, then stop);
        # the caller's come back afterwards, so `call_command("worker", until_idle=True)` leaves no trace.
        previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        worker_id, lease = worker_lease()
        stop = threading.Event()
        try:
            housekeeping()
            facts_refresh_missing()
            intel_refresh_missing()
            if not until_idle:
                threading.Thread(
                    target=self.keep_house, args=(stop, lease, sweep_every), name="traza-housekeeping", daemon=True
                ).start()
            options = {"queue_name": queues, "batch": until_idle, "reload": False, "verbosity": verbosity}
            if until_idle:
                call_command("db_worker", interval=0, startup_delay=False, worker_id=worker_id, **options)
            else:
                self.run_until_stopped(worker_id, lease, options)
        finally:
            stop.set()
            lease.release()
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def run_until_stopped(self, worker_id: str, lease, options: dict) -> None:
        """Run tasks until a signal stops the worker. When the database goes away (a restart, a failover), wait
        for it to come back and carry on: the lease is taken again and the task the worker was running, which
        the database could not record, goes back to the queue."""
        while True:
            try:
                if lease.keep():
                    tasks_release(worker_id)
                call_command("db_worker", interval=1, startup_delay=True, worker_id=worker_id, **options)
                return
            except (OperationalError, InterfaceError):
                logger.warning("The database is unreachable; the worker tries again in %s s", RECONNECT_SECONDS)
                connections.close_all()
                time.sleep(RECONNECT_SECONDS)

    def keep_house(self, stop: threading.Event, lease, every: float) -> None:
        """Every `every` seconds, until stopped: hold on to the lease, then `housekeeping`. A failure (the database
        restarting) is logged and tried again next time."""
        while not stop.wait(every):
            try:
                if lease.keep():
                    housekeeping()
            except Exception:
                logger.exception("Worker housekeeping failed; trying again in %s s", every)
            finally:
                connections.close_all()

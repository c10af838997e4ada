"""`traza worker`: run the background tasks queued in the database."""

import signal

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the background tasks queued in the database. Any number of workers may run, on any number of "
        "machines: each task runs once. With --until-idle, run what is queued and exit."
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

    def handle(self, *, until_idle: bool, queues: str, verbosity: int, **options):
        # db_worker installs its own SIGINT/SIGTERM handlers (finish the running task, then stop);
        # the caller's come back afterwards, so `call_command("worker", until_idle=True)` leaves no trace.
        previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        try:
            call_command(
                "db_worker",
                queue_name=queues,
                batch=until_idle,
                interval=0 if until_idle else 1,
                startup_delay=not until_idle,
                reload=False,
                verbosity=verbosity,
            )
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

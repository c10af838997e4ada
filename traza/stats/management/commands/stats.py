"""`traza stats refresh`: rebuild the statistics' facts from the records (after a restore, or to check them)."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from traza.stats.refresh import facts_refresh_all


class Command(BaseCommand):
    help = (
        "Rebuild the statistics' facts (one row per trace and per seized gun) from the records. They are kept up "
        "to date as traces resolve and inventories import; a rebuild is needed only after restoring a backup."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("refresh", help="Rebuild every fact from the traces and seizure inventories")

    def handle(self, *args, action: str, **options):
        started = time.monotonic()
        traces, seizures = facts_refresh_all()
        self.stdout.write(
            _("Statistics rebuilt in %(seconds).1f s. Traces: %(traces)s; seized guns: %(seizures)s.")
            % {"traces": traces, "seizures": seizures, "seconds": time.monotonic() - started}
        )

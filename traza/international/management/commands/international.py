"""`traza international open`: open the international requests of traces that ended abroad before Traza opened them.

The engine opens a request after each batch it resolves; traces resolved before an upgrade brought
international requests get theirs from this command, once (running it again opens nothing more).
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import ngettext

from traza.core.bulk import batches
from traza.international.services import international_requests_open
from traza.tracing.models import Trace

BATCH = 5000


class Command(BaseCommand):
    help = "International trace requests: `traza international open` opens those of traces already traced abroad."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("open", help="Open a request for every traced_foreign trace that has none")

    def handle(self, *args, action: str, **options):
        ids = list(
            Trace.objects.filter(status=Trace.Status.TRACED_FOREIGN, international_request__isnull=True)
            .order_by("id")
            .values_list("id", flat=True)
        )
        opened = 0
        for part in batches(ids, BATCH):
            with transaction.atomic():
                opened += international_requests_open(trace_ids=part)
        self.stdout.write(
            ngettext("%(count)s international request opened.", "%(count)s international requests opened.", opened)
            % {"count": opened}
        )

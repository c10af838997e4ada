"""`traza audit verify`: check the audit log's hash chain; exits non-zero naming the first bad entry."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from traza.audit.selectors import audit_chain_report


class Command(BaseCommand):
    help = "Check the audit log: `traza audit verify` finds an entry that was altered or removed."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("verify", help="Recompute every entry's hash; name the first that does not match")

    def handle(self, *args, action: str, **options):
        report = audit_chain_report()
        if not report.intact:
            raise CommandError(
                ngettext(
                    "The audit log is broken: %(problem)s. %(count)s entry before it is intact.",
                    "The audit log is broken: %(problem)s. %(count)s entries before it are intact.",
                    report.count,
                )
                % {"problem": report.problem, "count": report.count}
            )
        self.stdout.write(
            ngettext(
                "The audit log is intact: %(count)s entry. Last hash: %(hash)s",
                "The audit log is intact: %(count)s entries. Last hash: %(hash)s",
                report.count,
            )
            % {"count": report.count, "hash": report.head_hash}
        )

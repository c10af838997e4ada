"""`traza verify-sheet NUMBER CODE`: whether a printed result sheet shows the trace's current record.

Exits 0 when it does; 1 when the record changed since the sheet was printed, or the code is not one Traza issued.
Says only the trace's status and when it changed: no personal data.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from traza.tracing.sheets.codes import Verdict, format_code, last_change, normalise_code, sheet_check

NOT_MATCHING = 1


class Command(BaseCommand):
    help = "Check a printed result sheet: does its verification code match the trace's current record?"

    def add_arguments(self, parser):
        parser.add_argument("number", help="The trace number printed on the sheet, e.g. T202400000123")
        parser.add_argument("code", nargs="+", help="The verification code printed on the sheet (spaces allowed)")

    def handle(self, *args, number: str, code: list[str], **options):
        typed = " ".join(code)
        normalised = normalise_code(typed)
        if not normalised:
            raise CommandError(
                _("A verification code is 16 letters (A to Z) and digits (2 to 7), as printed on the sheet."),
                returncode=NOT_MATCHING,
            )
        check = sheet_check(number=number, code=normalised)
        words = {"number": number.strip().upper(), "code": format_code(normalised)}
        trace, printed = check.trace, check.printed
        if check.verdict == Verdict.INVALID or trace is None:
            raise CommandError(
                _("Not a valid code: Traza never issued a sheet of trace %(number)s with the code %(code)s.") % words,
                returncode=NOT_MATCHING,
            )
        words |= {"status": trace.get_status_display(), "changed": _when(last_change(trace))}
        if check.verdict == Verdict.OUTDATED and printed is not None:
            words |= {"printed_status": printed.get_status_display(), "printed_changed": _when(printed.changed_at)}
            raise CommandError(
                _(
                    "The sheet of trace %(number)s is outdated: the record changed since it was printed "
                    "(printed state: %(printed_status)s, last changed on %(printed_changed)s; now: %(status)s, "
                    "last changed on %(changed)s)."
                )
                % words,
                returncode=NOT_MATCHING,
            )
        self.stdout.write(
            _("The sheet matches the current record of trace %(number)s: %(status)s, last changed on %(changed)s.")
            % words
        )


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")

"""`traza import KIND FILE`: take in a file written to the FORMATS contract."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from traza.imports.models import ImportKind, ImportRun
from traza.imports.services import import_file, import_runs_abandoned, write_error_report


class ProgressBar:
    """A progress bar on standard error, redrawn at most a few times a second."""

    def __init__(self, stream, label: str):
        self.stream = stream
        self.label = label
        self.last = 0.0
        self.interactive = stream.isatty()

    def __call__(self, run: ImportRun) -> None:
        now = time.monotonic()
        if now - self.last < (0.2 if self.interactive else 5.0):
            return
        self.last = now
        if run.rows_total:
            share = run.progress
            bar = "#" * int(share * 30)
            line = f"{self.label} [{bar:<30}] {share:6.1%} {run.rows_read:>12,} rows"
        else:  # a book's first load streams without counting its rows first
            line = f"{self.label} {run.rows_read:>12,} rows"
        self.stream.write(("\r" + line) if self.interactive else line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.interactive and self.last:
            self.stream.write("\n")


class Command(BaseCommand):
    help = (
        "Import a file: agencies, licensees, dispositions, purchases, multiple-sales, thefts, seizures, trace-requests."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file", type=Path)
        parser.add_argument("--encoding", help="The file's encoding when it is neither UTF-8 nor Windows-1252")
        parser.add_argument("--dayfirst", action="store_true", default=None, help="Dates are DD/MM/YYYY")
        parser.add_argument("--errors", type=Path, help="Where to write the rejected rows (CSV)")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Dispositions only: the file is part of the keepers' books, so their records do not count as "
            "electronic (a missing gun then waits on a query instead of ending as no record)",
        )

    def handle(self, *args, kind: str, file: Path, encoding, dayfirst, errors, partial, verbosity: int, **options):
        import_runs_abandoned()  # an earlier import killed before its end is recorded as interrupted
        bar = ProgressBar(sys.stderr, kind) if verbosity else None
        run = import_file(
            kind=kind, path=file, encoding=encoding, dayfirst=dayfirst, complete_book=not partial, progress=bar
        )
        if bar:
            bar.close()
        if run.status == ImportRun.Status.REFUSED:
            self.stderr.write(_("File refused: %(reason)s") % {"reason": run.message_text})
            raise SystemExit(2)
        for warning in run.warning_texts:
            self.stderr.write(_("Warning: %(warning)s") % {"warning": warning})
        self.stdout.write(
            _(
                "%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(rejected)s rejected."
            )
            % {
                "rows": run.rows_read,
                "created": run.rows_created,
                "updated": run.rows_updated,
                "unchanged": run.rows_unchanged,
                "rejected": run.rows_rejected,
            }
        )
        if run.rows_rejected:
            self._list_errors(run)
            report = errors or Path(f"{file.name}.errors.csv")
            count = write_error_report(run, report)
            self.stdout.write(
                ngettext("%(count)s error written to %(path)s", "%(count)s errors written to %(path)s", count)
                % {"count": count, "path": report}
            )

    def _list_errors(self, run: ImportRun, limit: int = 20) -> None:
        for error in run.row_errors.all()[:limit]:
            if error.reference:
                text = _("line %(line)s (%(reference)s), %(column)s: %(reason)s")
            else:
                text = _("line %(line)s, %(column)s: %(reason)s")
            self.stderr.write(
                text
                % {
                    "line": error.line,
                    "reference": error.reference,
                    "column": error.column_shown or "-",
                    "reason": error.text,
                }
            )
        if run.row_errors.count() > limit:
            self.stderr.write(_("… and more: see the error report."))

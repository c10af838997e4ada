"""`traza export traces --output FILE`: write traces.csv (or JSON) as FORMATS.md lays it out.

`traza export international --output FILE`: the international trace requests, as CSV or JSON.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from traza.agencies.models import Agency
from traza.international.exports import write_requests
from traza.international.models import InternationalRequest
from traza.international.services import international_requests_exported
from traza.tracing.exports import FORMATS, write_traces
from traza.tracing.models import Trace
from traza.tracing.services import traces_exported


class Command(BaseCommand):
    help = "Export traces as traces.csv or JSON (the FORMATS.md columns). Never purchaser or possessor names."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["traces", "international"])
        parser.add_argument("--output", required=True, type=Path, help="File to write; - for standard output")
        parser.add_argument("--format", dest="file_format", choices=FORMATS, help="csv or json (default: by extension)")
        parser.add_argument("--agency", help="Only this agency's traces (agency code)")
        parser.add_argument("--status", action="append", choices=Trace.Status.values, help="Only this status (repeat)")

    def handle(self, *args, kind: str, output: Path, file_format, agency, status, **options):
        if kind == "international":
            return self.international(output=output, file_format=file_format, agency=agency)
        queryset = Trace.objects.all()
        if agency:
            queryset = queryset.filter(agency=self.agency(agency))
        if status:
            queryset = queryset.filter(status__in=status)
        file_format = file_format or ("json" if output.suffix.lower() == ".json" else "csv")
        criteria = {"agency": agency or "", "status": ",".join(status or [])}
        if str(output) == "-":
            self.stdout.ending = ""
            count = write_traces(queryset, self.stdout, file_format=file_format)
            traces_exported(actor=None, file_format=file_format, count=count, criteria=criteria)
            return
        try:
            with output.open("w", encoding="utf-8", newline="") as stream:
                count = write_traces(queryset, stream, file_format=file_format)
        except OSError as error:
            raise CommandError(_("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror})
        traces_exported(actor=None, file_format=file_format, count=count, criteria=criteria)
        self.stdout.write(
            ngettext("%(count)s trace written to %(path)s", "%(count)s traces written to %(path)s", count)
            % {"count": count, "path": output}
        )

    def agency(self, code: str) -> Agency:
        found = Agency.objects.filter(code__iexact=code.strip()).first()
        if found is None:
            raise CommandError(_("No agency has the code %(code)s.") % {"code": code})
        return found

    def international(self, *, output: Path, file_format: str | None, agency: str | None) -> None:
        """The international trace requests (of one agency's traces with --agency), with the form's fields."""
        queryset = InternationalRequest.objects.all()
        if agency:
            queryset = queryset.filter(trace__agency=self.agency(agency))
        file_format = file_format or ("json" if output.suffix.lower() == ".json" else "csv")
        if str(output) == "-":
            self.stdout.ending = ""
            count = write_requests(queryset, self.stdout, file_format=file_format)
        else:
            try:
                with output.open("w", encoding="utf-8", newline="") as stream:
                    count = write_requests(queryset, stream, file_format=file_format)
            except OSError as error:
                raise CommandError(_("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror})
        international_requests_exported(
            actor=None, file_format=file_format, count=count, criteria={"agency": agency or ""}
        )
        if str(output) != "-":
            self.stdout.write(
                ngettext(
                    "%(count)s international request written to %(path)s",
                    "%(count)s international requests written to %(path)s",
                    count,
                )
                % {"count": count, "path": output}
            )

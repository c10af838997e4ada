"""`traza export traces --output FILE`: write traces.csv (or JSON) as FORMATS.md lays it out.

`traza export international --output FILE`: the international trace requests, as CSV or JSON.

`traza export leads --output FILE [--agency CODE]`: leads.csv (FORMATS.md), the active leads (with at least one
trace of the agency with --agency, and only that agency's trace numbers).

`traza export stats MEASURE --output FILE [--by month,status] [--from D] [--to D] [--country MX | --agency CODE]`:
a statistic as CSV, JSON or XLSX (see traza/stats/exports.py).
"""

from collections.abc import Iterable
from pathlib import Path
from typing import TextIO, cast

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from traza.agencies.models import Agency
from traza.catalog.models import Country
from traza.intel.exports import leads_for_export, write_leads
from traza.intel.services.leads import leads_exported
from traza.international.exports import write_requests
from traza.international.models import InternationalRequest
from traza.international.services import international_requests_exported
from traza.stats.exports import FORMATS as STATS_FORMATS
from traza.stats.exports import write_result
from traza.stats.forms import StatsFilterForm
from traza.stats.measures import MEASURES
from traza.stats.measures import measure as measure_result
from traza.stats.scopes import AGENCY, COUNTRY, Scope
from traza.stats.services import stats_exported
from traza.tracing.exports import write_traces
from traza.tracing.filters import TraceListFilter
from traza.tracing.models import Trace
from traza.tracing.services import traces_exported

REFUSED = 2  # exit status of bad input, as the other commands
OPTIONS = {"start": "--from", "end": "--to", "kind": "--kind-of-agency"}  # a form field's command-line option


class Command(BaseCommand):
    help = (
        "Export traces as traces.csv or JSON (the FORMATS.md columns), international requests, leads as leads.csv, "
        "or a statistic (CSV, JSON or XLSX). Never purchaser or possessor names."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["traces", "international", "stats", "leads"])
        parser.add_argument("measure", nargs="?", help=f"With stats: the measure ({', '.join(sorted(MEASURES))})")
        parser.add_argument("--output", required=True, type=Path, help="File to write; - for standard output")
        parser.add_argument(
            "--format", dest="file_format", choices=STATS_FORMATS, help="csv, json or xlsx (default: by extension)"
        )
        parser.add_argument("--agency", help="Only this agency's traces (agency code); with stats, its own figures")
        parser.add_argument("--status", action="append", choices=Trace.Status.values, help="Only this status (repeat)")
        stats = parser.add_argument_group("stats", "Filters and breakdown of `traza export stats`")
        stats.add_argument("--by", default="", help="Comma-separated breakdown, e.g. agency or month,status")
        stats.add_argument("--from", dest="start", default="", help="First recovery date (YYYY-MM-DD or DD/MM/YYYY)")
        stats.add_argument("--to", dest="end", default="", help="Last recovery date")
        stats.add_argument("--country", default="MX", help="The country's figures, suppressed (default MX)")
        for name in ("state", "municipality", "level", "kind-of-agency", "crime-code", "firearm-type", "policy"):
            stats.add_argument(f"--{name}", default="")
        stats.add_argument("--limit", default="")

    def handle(self, *args, kind: str, output: Path, file_format, agency, status, **options):
        if kind == "stats":
            return self.stats(output=output, file_format=file_format, agency=agency, **options)
        if kind == "leads":
            return self.leads(output=output, file_format=file_format, agency=agency)
        if file_format == "xlsx":
            raise CommandError(_("Traces and international requests are exported as CSV or JSON."))
        if kind == "international":
            return self.international(output=output, file_format=file_format, agency=agency)
        queryset = Trace.objects.all()
        if agency:
            queryset = queryset.filter(agency=self.agency(agency))
        filters = TraceListFilter({"status": status or []})
        queryset = filters.apply(queryset)
        file_format = file_format or ("json" if output.suffix.lower() == ".json" else "csv")
        criteria = {"agency": agency or "", **filters.criteria()}
        if str(output) == "-":
            self.stdout.ending = ""
            count = write_traces(queryset, cast(TextIO, self.stdout), file_format=file_format)
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

    def stats(self, *, output: Path, file_format: str | None, agency: str | None, measure: str | None, **options):
        """One statistic: an agency's own figures in detail with --agency, else a country's, small cells hidden."""
        if measure not in MEASURES:
            raise CommandError(
                _("Name the measure to export: %(measures)s.") % {"measures": ", ".join(sorted(MEASURES))},
                returncode=REFUSED,
            )
        data = {
            "by": options["by"],
            "start": options["start"],
            "end": options["end"],
            "state": options["state"],
            "municipality": options["municipality"],
            "level": options["level"],
            "kind": options["kind_of_agency"],
            "crime_code": options["crime_code"],
            "firearm_type": options["firearm_type"],
            "policy": options["policy"],
            "limit": options["limit"],
        }
        form = StatsFilterForm(data, measure=measure)
        if not form.is_valid():
            problems = "; ".join(
                f"{OPTIONS.get(name, '--' + name.replace('_', '-'))}: {' '.join(cast(Iterable[str], messages))}"
                for name, messages in form.errors.items()
            )
            raise CommandError(problems, returncode=REFUSED)
        if agency:
            found = self.agency(agency)
            scope = Scope(AGENCY, country=found.country_id, agency_id=found.pk)
        else:
            country = options["country"].strip().upper()
            if not Country.objects.filter(code=country).exists():
                raise CommandError(_("No country has the code %(code)s.") % {"code": country}, returncode=REFUSED)
            scope = Scope(COUNTRY, country=country)
        result = measure_result(measure, scope=scope, filters=form.filters(), by=form.cleaned_data["by"])
        file_format = file_format or (output.suffix.lower().lstrip(".") if output.suffix else "csv")
        if file_format not in STATS_FORMATS:
            raise CommandError(_("Write statistics as csv, json or xlsx."), returncode=REFUSED)
        meta = {"scope": scope.name, "by": form.cleaned_data["by"], "filters": {k: v for k, v in data.items() if v}}
        if file_format == "xlsx" and str(output) == "-":
            raise CommandError(_("An XLSX workbook needs a file: give --output a file name."), returncode=REFUSED)
        try:
            if file_format == "xlsx":
                with output.open("wb") as stream:
                    count = write_result(result, stream, file_format="xlsx")
            elif str(output) == "-":
                self.stdout.ending = ""
                count = write_result(result, self.stdout, file_format=file_format, meta=meta)
            else:
                with output.open("w", encoding="utf-8", newline="") as stream:
                    count = write_result(result, stream, file_format=file_format, meta=meta)
        except OSError as error:
            raise CommandError(_("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror})
        stats_exported(actor=None, measure=measure, file_format=file_format, criteria=meta["filters"])
        if str(output) == "-":
            self.stderr.write(str(result.caveat))  # the file on standard output stays its documented columns
            return
        self.stdout.write(
            ngettext("%(count)s row written to %(path)s", "%(count)s rows written to %(path)s", count)
            % {"count": count, "path": output}
        )
        self.stdout.write(str(result.caveat))

    def agency(self, code: str) -> Agency:
        found = Agency.objects.filter(code__iexact=code.strip()).first()
        if found is None:
            raise CommandError(_("No agency has the code %(code)s.") % {"code": code}, returncode=REFUSED)
        return found

    def international(self, *, output: Path, file_format: str | None, agency: str | None) -> None:
        """The international trace requests (of one agency's traces with --agency), with the form's fields."""
        queryset = InternationalRequest.objects.all()
        if agency:
            queryset = queryset.filter(trace__agency=self.agency(agency))
        file_format = file_format or ("json" if output.suffix.lower() == ".json" else "csv")
        if str(output) == "-":
            self.stdout.ending = ""
            count = write_requests(queryset, cast(TextIO, self.stdout), file_format=file_format)
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

    def leads(self, *, output: Path, file_format: str | None, agency: str | None) -> None:
        """leads.csv: the active leads, strongest first; with --agency, those resting on its traces (theirs only)."""
        if file_format not in (None, "csv"):
            raise CommandError(_("Leads are exported as CSV (leads.csv)."), returncode=REFUSED)
        found = self.agency(agency) if agency else None
        queryset, traces = leads_for_export(agency=found)
        if str(output) == "-":
            self.stdout.ending = ""
            count = write_leads(queryset, cast(TextIO, self.stdout), traces=traces)
        else:
            try:
                with output.open("w", encoding="utf-8", newline="") as stream:
                    count = write_leads(queryset, stream, traces=traces)
            except OSError as error:
                raise CommandError(_("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror})
        leads_exported(actor=None, file_format="csv", count=count, criteria={"agency": agency or ""})
        if str(output) != "-":
            self.stdout.write(
                ngettext("%(count)s lead written to %(path)s", "%(count)s leads written to %(path)s", count)
                % {"count": count, "path": output}
            )

"""`traza demo-data`: write a synthetic world as FORMATS files, and optionally load it with demo users."""

import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from traza.agencies.roles import needs_two_factor
from traza.demo import selectors
from traza.demo.services import DemoLoadError, demo_intel_apply, demo_load, demo_users_ensure
from traza.demo.world import SIZES, generate
from traza.imports.models import ImportRun
from traza.tracing.models import Indicator, Trace


class Command(BaseCommand):
    help = (
        "Write a realistic synthetic world (licensees, A&D records, purchases, reports, seizures, trace requests) "
        "as FORMATS files; with --load, import it, create demo users, resolve people and compute leads."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=list(SIZES), default="small", help=("How big a world"))
        parser.add_argument("--seed", type=int, default=1968, help=("Same seed, same files"))
        parser.add_argument("--output", type=Path, help=("Folder for the files (default var/demo/SIZE)"))
        parser.add_argument("--load", action="store_true", help=("Import the files and create demo users"))
        parser.add_argument("--password", help=("Password of the demo users (default: a random one)"))

    def handle(self, *args, size: str, seed: int, output: Path | None, load: bool, password: str | None, **options):
        self.verbosity = options["verbosity"]
        directory = output or Path(settings.DATA_DIR) / "demo" / size
        self._generate(size, seed, directory)
        if not load:
            return
        self._load(directory)
        try:
            password, users = demo_users_ensure(password=password)
        except ValidationError as error:
            raise CommandError(
                _("The demo password is not accepted: %(reason)s") % {"reason": " ".join(error.messages)}
            )
        self._intel(directory)
        self._summary()
        self._users(password, users)

    def _generate(self, size: str, seed: int, directory: Path) -> None:
        started = time.monotonic()
        self.stdout.write(_("Writing the %(size)s demo world (seed %(seed)s) to %(path)s") % {
            "size": size, "seed": seed, "path": directory,
        })  # fmt: skip
        world = generate(size=size, seed=seed, directory=directory, progress=self._progress)
        for name, count in world.counts.items():
            self.stdout.write(
                "  "
                + ngettext("%(file)s.csv: %(count)s row", "%(file)s.csv: %(count)s rows", count)
                % {"file": name, "count": f"{count:,}"}
            )
        self.stdout.write(_("Written in %(seconds).1f s.") % {"seconds": time.monotonic() - started})

    def _progress(self, rows: int) -> None:
        if self.verbosity > 1:
            self.stderr.write("  " + _("… %(rows)s A&D rows") % {"rows": f"{rows:,}"})

    def _load(self, directory: Path) -> None:
        started = time.monotonic()
        self.stdout.write(_("Importing the files through the ordinary importer…"))
        try:
            demo_load(directory=directory, progress=self._loaded)
        except DemoLoadError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Imported in %(seconds).1f s.") % {"seconds": time.monotonic() - started})

    def _loaded(self, name: str, run: ImportRun) -> None:
        self.stdout.write(
            "  "
            + _("%(file)s: %(rows)s rows, %(created)s created, %(updated)s updated, %(rejected)s rejected")
            % {
                "file": name,
                "rows": run.rows_read,
                "created": run.rows_created,
                "updated": run.rows_updated,
                "rejected": run.rows_rejected,
            }
        )

    def _intel(self, directory: Path) -> None:
        started = time.monotonic()
        self.stdout.write(_("Resolving people, flagging suspect guns, computing leads…"))
        try:
            summary = demo_intel_apply(directory=directory)
        except DemoLoadError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            "  "
            + _("%(flagged)s guns flagged as suspect, %(traced)s traced later, %(people)s people, %(leads)s leads")
            % {
                "flagged": summary.flagged,
                "traced": summary.later_traces,
                "people": selectors.people_count(),
                "leads": selectors.active_leads(),
            }
        )
        self.stdout.write(_("Done in %(seconds).1f s.") % {"seconds": time.monotonic() - started})

    def _summary(self) -> None:
        statuses = dict(Trace.Status.choices)
        reasons = dict(Trace.Reason.choices)
        self.stdout.write(_("Traces by status:"))
        for status, reason, count in selectors.traces_by_status():
            label = str(statuses.get(status, status))
            if reason:
                label = _("%(status)s — %(reason)s") % {"status": label, "reason": reasons.get(reason, reason)}
            self.stdout.write(f"  {count:>7,}  {label}")
        self.stdout.write(_("Open queries to licensees: %(count)s") % {"count": selectors.open_queries()})
        labels = dict(Indicator.choices)
        counts = selectors.indicator_counts().items()
        indicators = ", ".join(f"{labels.get(code, code)} {count}" for code, count in counts)
        self.stdout.write(_("Indicators: %(indicators)s") % {"indicators": indicators})

    def _users(self, password: str, users) -> None:
        self.stdout.write(_("Demo users (password for all: %(password)s):") % {"password": password})
        licensees = selectors.licensee_names([user.licensee_rds for user in users if user.licensee_rds])
        width = max((len(user.get_full_name()) for user in users), default=0)
        for user in users:
            mark = "*" if needs_two_factor(user) else " "
            where = [user.get_role_display()]
            if user.agency:
                where.append(user.agency.code)
            elif user.licensee_rds:
                where.append(f"{user.licensee_rds} {licensees.get(user.licensee_rds, '')}".strip())
            self.stdout.write(f"  {mark} {user.username:<22} {user.get_full_name():<{width}}  {', '.join(where)}")
        self.stdout.write(_("Sign in on the server's sign-in page, /accounts/login/."))
        self.stdout.write(
            _(
                "Accounts marked * set up two-step verification (any TOTP authenticator app) the first time they "
                "sign in, and give a code from it at every sign-in; the others sign in with the password alone."
            )
        )

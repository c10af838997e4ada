"""`traza catalog load`: load or refresh the reference catalogs from the shipped files.

`traza catalog alias add "TEXT" "MAKE NAME" [--by USERNAME] [--correct]`: map a spelling of a make to a catalog
make, as an analyst does on the markings review page (audited; its traces are traced again).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from traza.agencies.selectors import user_by_username
from traza.catalog.review import make_alias_add, make_by_name
from traza.catalog.services import CatalogError, catalog_load

REFUSED = 2
CONSOLE = "traza catalog alias add"


class Command(BaseCommand):
    help = "Manage the reference catalogs (places, makes, calibres, crime codes) and the spellings of makes."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("load", help="Load or refresh the catalogs from the files shipped with Traza.")
        alias = actions.add_parser("alias", help="Spellings of makes").add_subparsers(
            dest="alias_action", required=True
        )
        add = alias.add_parser("add", help="Map a spelling, as written on records, to a catalog make (audited).")
        add.add_argument("text", help='The spelling as written, e.g. "SOUTHPORT CONN USA"')
        add.add_argument("make", help='The catalog make\'s name, e.g. "Ruger"')
        add.add_argument("--by", default="", help="The username of the analyst who asked for it (for the audit log)")
        add.add_argument(
            "--correct", action="store_true", help="Replace an earlier analyst's mapping of the spelling (audited)"
        )

    def handle(self, *args, action: str, **options) -> None:
        if action == "alias":
            self.alias_add(
                text=options["text"], make_name=options["make"], by=options["by"], correct=options["correct"]
            )
            return
        try:
            counts = catalog_load()
        except CatalogError as error:
            raise CommandError(str(error)) from error
        for catalog, count in counts.items():
            self.stdout.write(_("%(catalog)s: %(count)d rows") % {"catalog": catalog, "count": count})

    def alias_add(self, *, text: str, make_name: str, by: str, correct: bool) -> None:
        actor = user_by_username(by) if by else None
        if by and actor is None:
            raise CommandError(_("No user has the username %(username)s.") % {"username": by}, returncode=REFUSED)
        try:
            make = make_by_name(make_name)
            alias = make_alias_add(actor=actor, text=text, make=make, correct=correct, actor_name=CONSOLE)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages), returncode=REFUSED) from error
        self.stdout.write(
            _("%(text)s is now read as %(make)s; the worker traces again the traces that name it.")
            % {"text": alias.name, "make": make.name}
        )

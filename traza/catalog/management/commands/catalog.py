"""`traza catalog load`: load or refresh the reference catalogs from the shipped files."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from traza.catalog.services import CatalogError, catalog_load


class Command(BaseCommand):
    help = "Manage the reference catalogs (places, makes, calibres, crime codes)."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("load", help=("Load or refresh the catalogs from the files shipped with Traza."))

    def handle(self, *args, action: str, **options) -> None:
        try:
            counts = catalog_load()
        except CatalogError as error:
            raise CommandError(str(error)) from error
        for catalog, count in counts.items():
            self.stdout.write(_("%(catalog)s: %(count)d rows") % {"catalog": catalog, "count": count})

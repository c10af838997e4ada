"""`traza people resolve`: resolve every person record into people (train the model, keep the keys).

`traza people link`: link the records that arrived since to the people known, with the saved model.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from traza.intel.people.services import people_link_new, people_resolve_all


class Command(BaseCommand):
    help = (
        "Resolve the people named in purchases, multiple sales and trace possessors: 'resolve' trains the model "
        "on all records and groups them (keys of unchanged people are kept); 'link' links only the new records."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("resolve", help="Train the model on every record and resolve them all")
        actions.add_parser("link", help="Link the records not resolved yet to the people known")

    def handle(self, *args, action: str, **options):
        if action == "link":
            linked = people_link_new()
            self.stdout.write(_("New person records linked: %(records)s.") % {"records": linked})
            return
        summary = people_resolve_all()
        self.stdout.write(
            _(
                "People resolved in %(seconds).1f s. Records: %(records)s (%(new_records)s new); "
                "people: %(people)s (%(new_people)s new)."
            )
            % {
                "seconds": summary.seconds,
                "records": summary.records,
                "new_records": summary.new_records,
                "people": summary.people,
                "new_people": summary.new_people,
            }
        )

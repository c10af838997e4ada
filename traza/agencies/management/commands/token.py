"""`traza token create|revoke`: API tokens for machine clients. The raw token is shown once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from traza.agencies.management.commands.user import validation_error
from traza.agencies.models import User
from traza.agencies.selectors import user_by_username
from traza.agencies.services import TOKEN_DAYS, token_create, token_revoke


class Command(BaseCommand):
    help = "Create or revoke API tokens: `traza token create --username U`, `traza token revoke --username U`."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token; the token is printed on the last line")
        create.add_argument("--username", required=True)
        create.add_argument(
            "--days", type=int, default=TOKEN_DAYS, help=f"Days until it expires (default {TOKEN_DAYS})"
        )
        create.add_argument("--name", default="", help="What the token is for, to tell tokens apart")
        revoke = actions.add_parser("revoke", help="Revoke a user's tokens, or the one with --prefix")
        revoke.add_argument("--username", required=True)
        revoke.add_argument("--prefix", default="", help="The token's first characters, as create printed them")

    def handle(self, *args, action: str, username: str, **options):
        user = user_by_username(username)
        if user is None:
            raise CommandError(_("No user has the username %(username)s.") % {"username": username})
        if action == "create":
            self.create(user, days=options["days"], name=options["name"])
        else:
            self.revoke(user, prefix=options["prefix"])

    def create(self, user: User, *, days: int, name: str) -> None:
        try:
            token, raw = token_create(user=user, days=days, name=name)
        except ValidationError as error:
            raise validation_error(error)
        expires = formats.date_format(token.expires_at, "DATE_FORMAT")
        self.stdout.write(
            _("Token %(prefix)s… for %(username)s, valid until %(date)s. It is shown only now: keep it secret.")
            % {"prefix": token.prefix, "username": user.username, "date": expires}
        )
        self.stdout.write(raw)

    def revoke(self, user: User, *, prefix: str) -> None:
        count = token_revoke(user=user, prefix=prefix)
        if prefix and not count:
            raise CommandError(
                _("%(username)s has no live token starting with %(prefix)s.")
                % {
                    "username": user.username,
                    "prefix": prefix,
                }
            )
        self.stdout.write(
            ngettext("%(count)s token of %(username)s revoked.", "%(count)s tokens of %(username)s revoked.", count)
            % {"count": count, "username": user.username}
        )

"""`traza user create`: open an account for a person or a machine client of an agency."""

import getpass
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from traza.agencies.models import User
from traza.agencies.services import user_create


def validation_error(error: ValidationError) -> CommandError:
    """One line per wrong field, in the operator's language."""
    if hasattr(error, "message_dict"):
        lines = [f"{field}: {message}" for field, messages in error.message_dict.items() for message in messages]
    else:
        lines = list(error.messages)
    return CommandError("\n".join(lines))


class Command(BaseCommand):
    help = "Manage user accounts: `traza user create --username U --agency CODE --role ROLE`."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a user")
        create.add_argument("--username", required=True)
        create.add_argument("--agency", default="", help="Agency code (not needed for sysadmin or industry)")
        create.add_argument("--role", required=True, help="One of: " + ", ".join(User.Role.values))
        create.add_argument("--password-file", type=Path, help="Read the password from this file (first line)")
        create.add_argument("--language", default="", help="es or en (default: the agency's country's)")

    def handle(self, *args, action: str, **options):
        if action == "create":
            self.create(**options)

    def create(self, *, username: str, agency: str, role: str, password_file: Path | None, language: str, **options):
        password = self._password(password_file, interactive=sys.stdin.isatty())
        try:
            user = user_create(username=username, agency_code=agency, role=role, password=password, language=language)
        except ValidationError as error:
            raise validation_error(error)
        facts = {"username": user.username, "role": user.role, "agency": user.agency.code if user.agency else "-"}
        if user.has_usable_password():
            self.stdout.write(_("User %(username)s created: role %(role)s, agency %(agency)s.") % facts)
        else:
            message = _("User %(username)s created: role %(role)s, agency %(agency)s, API tokens only (no password).")
            self.stdout.write(message % facts)

    def _password(self, path: Path | None, *, interactive: bool) -> str | None:
        """The password from the file, or typed twice at a terminal; None for an API-only account."""
        if path is not None:
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as error:
                raise CommandError(_("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror})
            return lines[0] if lines and lines[0] else None
        if not interactive:
            return None
        password = getpass.getpass(_("Password (empty for an API-only account): "))
        if password and password != getpass.getpass(_("Password again: ")):
            raise CommandError(_("The two passwords differ."))
        return password or None

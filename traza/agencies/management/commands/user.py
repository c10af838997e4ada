"""`traza user create|invite|role|suspend|reactivate|remove|reset-two-factor`: accounts, from the console.

The operator at the console may act on any account; every change is in the audit log.
"""

import getpass
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from traza.agencies.models import Agency, User
from traza.agencies.selectors import user_by_username
from traza.agencies.services import user_create
from traza.agencies.services.accounts import (
    user_change_role,
    user_invite,
    user_reactivate,
    user_remove,
    user_suspend,
)
from traza.agencies.services.two_factor import two_factor_reset

# What each change says once done: the sentences the agency page says (`agencies/views/agency_admin.py`).
DONE = {
    "role": gettext_lazy("%(user)s is now %(role)s."),
    "suspend": gettext_lazy("%(user)s is suspended."),
    "reactivate": gettext_lazy("%(user)s may sign in again."),
    "remove": gettext_lazy("%(user)s is removed."),
    "reset-two-factor": gettext_lazy("%(user)s will set up a new authenticator at the next sign-in."),
}


def validation_error(error: ValidationError) -> CommandError:
    """One line per wrong field, in the operator's language."""
    if hasattr(error, "message_dict"):
        lines = [f"{field}: {message}" for field, messages in error.message_dict.items() for message in messages]
    else:
        lines = list(error.messages)
    return CommandError("\n".join(lines))


def _named_or_positional(parser, name: str, **kwargs) -> None:
    """`--name VALUE`, as `user create` takes it, or VALUE alone in its place (as these commands first took it)."""
    parser.add_argument(name, nargs="?", default=None, metavar=name.upper(), **kwargs)
    parser.add_argument(f"--{name}", dest=f"{name}_option", default=None, metavar=name.upper(), **kwargs)


def _given(options: dict, name: str) -> str:
    """The value given for `name`, either way; a CommandError when none, or two that differ."""
    positional, named = options.get(name) or "", options.get(f"{name}_option") or ""
    if positional and named and positional != named:
        raise CommandError(_("Give --%(name)s once.") % {"name": name})
    if not (positional or named):
        raise CommandError(_("Give --%(name)s.") % {"name": name})
    return named or positional


class Command(BaseCommand):
    help = "Manage user accounts: `traza user create --username U --agency CODE --role ROLE`, invite, role, suspend…"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a user")
        create.add_argument("--username", required=True)
        create.add_argument("--agency", default="", help="Agency code (not needed for sysadmin or industry)")
        create.add_argument("--role", required=True, help="One of: " + ", ".join(User.Role.values))
        create.add_argument("--password-file", type=Path, help="Read the password from this file (first line)")
        create.add_argument("--language", default="", help="es or en (default: the agency's country's)")
        create.add_argument("--licensee", default="", help="An industry responder's licence (RDS key)")
        invite = actions.add_parser("invite", help="Create a user with no password; print the one-time link to set it")
        invite.add_argument("--username", required=True)
        invite.add_argument("--agency", required=True, help="Agency code")
        invite.add_argument("--role", required=True, help="One of: " + ", ".join(User.Role.values))
        role = actions.add_parser("role", help="Give a user another role (their API tokens end)")
        _named_or_positional(role, "username")
        _named_or_positional(role, "role", choices=User.Role.values)
        for name, text in (
            ("suspend", "Stop a user signing in, for now"),
            ("reactivate", "Let a suspended user sign in again"),
            ("remove", "Close an account for good (it stays, inactive, for the record)"),
            ("reset-two-factor", "Forget a user's authenticator app; they set up a new one at the next sign-in"),
        ):
            _named_or_positional(actions.add_parser(name, help=text), "username")

    def handle(self, *args, action: str, **options):
        if action == "create":
            self.create(**options)
        elif action == "invite":
            self.invite(**options)
        else:
            self.change(action, **options)

    def invite(self, *, username: str, agency: str, role: str, **options):
        found = Agency.objects.filter(code__iexact=agency.strip()).first()
        if found is None:
            raise CommandError(_("No agency has the code %(code)s.") % {"code": agency})
        try:
            user, path = user_invite(actor=None, agency=found, username=username, role=role)
        except ValidationError as error:
            raise validation_error(error)
        self.stdout.write(
            _("User %(username)s invited. Give them this link (after your site's address); it works once:")
            % {"username": user.username}
        )
        self.stdout.write(path)

    def change(self, action: str, **options):
        username = _given(options, "username")
        user = user_by_username(username)
        if user is None:
            raise CommandError(_("No user has the username %(username)s.") % {"username": username})
        try:
            if action == "role":
                user_change_role(actor=None, user=user, role=_given(options, "role"))
            elif action == "reset-two-factor":
                two_factor_reset(actor=None, user=user)
            else:
                {"suspend": user_suspend, "reactivate": user_reactivate, "remove": user_remove}[action](
                    actor=None, user=user
                )
        except ValidationError as error:
            raise validation_error(error)
        self.stdout.write(str(DONE[action]) % {"user": user.username, "role": user.get_role_display()})

    def create(
        self, *, username: str, agency: str, role: str, password_file: Path | None, language: str, licensee: str, **opts
    ):
        password = self._password(password_file, interactive=sys.stdin.isatty())
        try:
            user = user_create(
                username=username,
                agency_code=agency,
                role=role,
                password=password,
                language=language,
                licensee_rds=licensee,
            )
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

"""The `traza` command: the operator's single entry point (wraps Django's management commands).

Commands are named with dashes, as operators type them (`traza demo-data`, `traza help demo-data`), in the
list `traza help` prints and in every usage line; the management command behind each keeps Django's
underscore (`demo_data`), and the underscored name keeps working.
"""

import os
import sys
from difflib import get_close_matches

from django.conf import settings
from django.core.management import ManagementUtility, get_commands

CONFIGURATION_ERROR = 2
UNKNOWN_COMMAND = 1


def main() -> None:
    """Run `traza COMMAND …`. A setting that is missing or wrong stops the command with its message alone,
    not a traceback.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "traza.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        TrazaUtility(["traza", *dashed_names(sys.argv[1:])]).execute()
    except ImproperlyConfigured as error:
        print(f"traza: {error}", file=sys.stderr)
        sys.exit(CONFIGURATION_ERROR)


def dashed_names(arguments: list[str]) -> list[str]:
    """The arguments with the command's name, and the one `traza help` is asked about, in their dashed form."""
    arguments = list(arguments)
    named = 2 if arguments[:1] == ["help"] else 1
    for index in range(min(named, len(arguments))):
        if not arguments[index].startswith("-"):
            arguments[index] = dashed(arguments[index])
    return arguments


def dashed(name: str) -> str:
    return name.replace("_", "-")


class TrazaUtility(ManagementUtility):
    """Django's command-line utility, speaking of commands by their dashed names."""

    def main_help_text(self, commands_only: bool = False) -> str:
        names = get_commands()
        lines = super().main_help_text(commands_only=commands_only).splitlines()
        return "\n".join(dashed(line) if line.strip() in names else line for line in lines)

    def fetch_command(self, subcommand: str):
        name = subcommand.replace("-", "_")
        commands = get_commands()
        if name in commands:
            return super().fetch_command(name)
        if os.environ.get("DJANGO_SETTINGS_MODULE"):
            settings.INSTALLED_APPS  # noqa: B018 -- a broken setting is the real cause: raise it rather than this
        from django.utils.translation import gettext as _

        matches = get_close_matches(name, commands)
        if matches:
            message = _("Unknown command: %(command)s. Did you mean %(match)s?")
        else:
            message = _("Unknown command: %(command)s.")
        sys.stderr.write(message % {"command": subcommand, "match": matches and dashed(matches[0])} + "\n")
        sys.stderr.write(_("Type 'traza help' for the list of commands.") + "\n")
        sys.exit(UNKNOWN_COMMAND)


if __name__ == "__main__":
    main()

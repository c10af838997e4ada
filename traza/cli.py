"""The `traza` command: the operator's single entry point (wraps Django's management commands)."""

import os
import sys

CONFIGURATION_ERROR = 2


def main() -> None:
    """Run `traza COMMAND …`; a dashed command (`demo-data`) is the management command `demo_data`,
    also in `traza help demo-data`.

    A setting that is missing or wrong stops the command with its message alone, not a traceback.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "traza.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    arguments = sys.argv[1:]
    # The command's name, and the one `traza help` is asked about.
    named = 2 if arguments[:1] == ["help"] else 1
    for index in range(min(named, len(arguments))):
        if not arguments[index].startswith("-"):
            arguments[index] = arguments[index].replace("-", "_")
    try:
        execute_from_command_line(["traza", *arguments])
    except ImproperlyConfigured as error:
        print(f"traza: {error}", file=sys.stderr)
        sys.exit(CONFIGURATION_ERROR)


if __name__ == "__main__":
    main()

"""The `traza` command: the operator's single entry point (wraps Django's management commands)."""

import os
import sys


def main() -> None:
    """Run `traza COMMAND …`; a dashed command (`demo-data`) is the management command `demo_data`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "traza.settings")
    from django.core.management import execute_from_command_line

    arguments = sys.argv[1:]
    if arguments and not arguments[0].startswith("-"):
        arguments[0] = arguments[0].replace("-", "_")
    execute_from_command_line(["traza", *arguments])


if __name__ == "__main__":
    main()

"""The `traza` command: the operator's single entry point (wraps Django's management commands)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "traza.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["traza", *sys.argv[1:]])


if __name__ == "__main__":
    main()

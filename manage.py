#!/usr/bin/env python
"""Django's command-line utility, with bad configuration reported in one line."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    from cms import preflight

    preflight.load_settings()
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except OperationalError:
        # Only a database that cannot be reached at all becomes a one-line message; other errors stay loud.
        if preflight.database_error():
            preflight.check_database_or_exit()
        raise


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Django's command-line utility for yjtracker."""

import os
import sys
from pathlib import Path


def create_sqlite_folders() -> None:
    """Create the folder of each SQLite database file: SQLite makes the file but not its folder.

    A fresh database is first reached through a command here (``migrate``), so this is where its
    folder is made; the settings only name it. Broken settings are left for Django to report.
    """
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        databases = settings.DATABASES.values()
    except (ImproperlyConfigured, ImportError):
        return
    for database in databases:
        name = str(database.get("NAME") or "")
        if database["ENGINE"].endswith("sqlite3") and name and not name.startswith((":", "file:")):
            Path(name).parent.mkdir(parents=True, exist_ok=True)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjtracker.settings")
    from django.core.management import execute_from_command_line

    create_sqlite_folders()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

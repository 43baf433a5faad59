"""The ``newsdesk`` command: a thin front to Django's management commands.

Every command reads the same configuration (``NEWSDESK_DATA_DIR``, ``DATABASE_URL`` and
the other variables in :mod:`newsdesk.settings`), so the operator never needs to know
about ``DJANGO_SETTINGS_MODULE`` or ``manage.py``.
"""

from __future__ import annotations

import argparse
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

import newsdesk
from newsdesk import private_files

USAGE = """\
usage: newsdesk COMMAND [ARGS...]

  init                 create the data folder and the database, apply migrations
  demo [--if-empty]    fill an empty site with the demo outlet
  serve [--host 127.0.0.1] [--port 8000] [--workers N]
                       run the production server (gunicorn, DEBUG off)
  createsuperuser      create an admin account
  first-admin          create the account 'admin' with a printed password (for trying out)
  manage COMMAND ...   run any Django management command (newsdesk manage help)
  COMMAND-NAME ...     run a management command by its dashed name
                       (newsdesk import-wxr FILE runs import_wxr)

Configuration comes from the environment: NEWSDESK_DATA_DIR (default ./newsdesk-data),
DATABASE_URL (default: SQLite in the data folder) and the other NEWSDESK_* variables.
"""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(USAGE + _project_commands())
        return 0
    name, rest = args[0], args[1:]
    if name == "serve":
        # Before anything imports the settings: the server forces production mode.
        from newsdesk import serve

        return serve.main(rest)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    from newsdesk.config import ConfigError

    try:
        if name == "init":
            return init(rest)
        if name == "manage":
            return manage(rest)
        return run_command(name, rest)
    except ConfigError as error:
        sys.stderr.write(f"newsdesk: {error}\n")
        return 2


def init(argv: Sequence[str]) -> int:
    """Create the data folder and the database (or bring it up to date)."""
    parser = argparse.ArgumentParser(
        prog="newsdesk init", description="Create the data folder and database; migrate."
    )
    parser.add_argument("-v", "--verbosity", type=int, default=1, choices=range(4))
    args = parser.parse_args(list(argv))

    import django
    from django.conf import settings
    from django.core.management import CommandError, call_command

    django.setup()
    data_dir = Path(settings.DATA_DIR)
    private_files.folder(data_dir, private_files.DATA_FOLDER)
    private_files.folder(Path(settings.MEDIA_ROOT), private_files.PUBLIC_FOLDER)
    for change in private_files.tighten(_private_files(), data_dir):
        sys.stderr.write(f"newsdesk init: {change}\n")
    try:
        call_command("migrate", interactive=False, verbosity=args.verbosity)
    except CommandError as error:
        sys.stderr.write(f"newsdesk init: {error}\n")
        return 1
    sys.stdout.write(f"Data folder: {data_dir}\nDatabase: {describe_database()}\n")
    return 0


def _private_files() -> list[Path]:
    """Every file newsdesk keeps that only its own user may read."""
    from django.conf import settings
    from django.db import connection

    names = (private_files.SECRET_KEY_FILE, private_files.ADMIN_PASSWORD_FILE)
    found = [Path(settings.DATA_DIR) / name for name in names]
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        found += private_files.sqlite_files(Path(connection.settings_dict["NAME"]))
    if settings.EXPORT_SIGNING_KEY is not None:
        found.append(Path(settings.EXPORT_SIGNING_KEY))
    return found


def manage(argv: Sequence[str]) -> int:
    """Django's own command line, named ``newsdesk manage`` in its help."""
    from django.core.management import execute_from_command_line

    execute_from_command_line(["newsdesk manage", *argv])
    return 0


def run_command(dashed: str, argv: Sequence[str]) -> int:
    """``newsdesk import-wxr FILE`` runs the management command ``import_wxr``."""
    import django
    from django.core.management import get_commands, load_command_class
    from django.core.management.base import BaseCommand

    django.setup()
    name = dashed.replace("-", "_")
    app = get_commands().get(name)
    if app is None:
        sys.stderr.write(
            f"newsdesk: unknown command {dashed!r}; 'newsdesk --help' lists the commands.\n"
        )
        return 2
    command = app if isinstance(app, BaseCommand) else load_command_class(app, name)
    command.run_from_argv(["newsdesk", dashed, *argv])  # exits non-zero on CommandError
    return 0


def describe_database() -> str:
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite, {settings['NAME']}"
    where = f"{settings.get('HOST') or 'local socket'}:{settings.get('PORT') or 'default port'}"
    return f"{connection.display_name}, database {settings['NAME']!r} on {where}"


def _project_commands() -> str:
    """The newsdesk apps' own management commands, under their dashed names.

    Found in the package's folders, as Django finds them, without setting Django up:
    the settings would make the data folder and a secret key, and help makes nothing."""
    here = Path(newsdesk.__file__).parent
    folders = [
        str(here / package.name / "management" / "commands")
        for package in pkgutil.iter_modules([str(here)])
        if package.ispkg
    ]
    names = sorted(
        module.name.replace("_", "-")
        for module in pkgutil.iter_modules(folders)
        if not module.ispkg and not module.name.startswith("_")
    )
    return "\nnewsdesk commands: " + ", ".join(names) + "\n" if names else ""


if __name__ == "__main__":
    sys.exit(main())

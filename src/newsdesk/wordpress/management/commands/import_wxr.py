"""``import_wxr FILE… [--media-dir DIR] [--dry-run]``: move a WordPress site in.

Each file is imported in one transaction: it either lands whole or leaves the site as
it was. A progress bar shows on a terminal only; the report (counts per kind, then
warnings with their reasons) is printed at the end of each file.
"""

from __future__ import annotations

import io
import sys
from functools import partial
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from newsdesk.wordpress.importer import import_wxr
from newsdesk.wordpress.report import OUTCOMES, Report
from newsdesk.wordpress.wxr import WxrError


class Command(BaseCommand):
    help = "Import WordPress export files (WXR 1.0–1.2): posts, pages, media, comments, old links."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="WordPress export (.xml)")
        parser.add_argument(
            "--media-dir",
            metavar="DIR",
            help="a copy of the old site's wp-content/uploads; attachment files are taken "
            "from here (nothing is ever downloaded)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="do everything and report, then roll back: the site is left unchanged",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="act as this user (permissions are checked); default: the system",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar, even on a terminal"
        )

    def handle(self, *args, **options):
        media_dir = options["media_dir"]
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"--media-dir {media_dir}: not a folder")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user {options['user']}: no such user")
        show_progress = not options["no_progress"] and sys.stderr.isatty()
        for name in options["files"]:
            path = Path(name)
            try:
                report = self._import(path, media_dir, options["dry_run"], user, show_progress)
            except (WxrError, PermissionDenied) as error:
                raise CommandError(
                    f"{error}\nNothing from {path.name} was imported; the site is as it was "
                    "before this file."
                ) from None
            self.stdout.write(render(report))

    def _import(self, path: Path, media_dir, dry_run: bool, user, show_progress: bool) -> Report:
        if not show_progress:
            return import_wxr(path, media_dir=media_dir, dry_run=dry_run, user=user)
        size = path.stat().st_size if path.exists() else None
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task(f"Importing {path.name}", total=size)
            return import_wxr(
                path,
                media_dir=media_dir,
                dry_run=dry_run,
                user=user,
                on_progress=lambda n: progress.advance(task, n),
            )


def render(report: Report) -> str:
    """The report as text: a table of counts, then notes and warnings."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=100, force_terminal=False, no_color=True, highlight=False, soft_wrap=True
    )
    say = partial(console.print, markup=False)
    heading = f"{'Dry run (nothing saved)' if report.dry_run else 'Imported'}: {report.file_name}"
    if report.site:
        heading += f" from {report.site}"
    say(heading)
    table = Table(show_edge=False)
    table.add_column("kind")
    for outcome in OUTCOMES:
        table.add_column(outcome, justify="right")
    for kind, *numbers in report.rows():
        table.add_row(kind, *(str(n) for n in numbers))
    console.print(table)
    for topic, counter in report.notes.items():
        listed = ", ".join(f"{name} ×{n}" for name, n in counter.most_common(15))
        more = f" and {len(counter) - 15} more" if len(counter) > 15 else ""
        say(f"{topic}: {listed}{more}")
    if report.warning_counts:
        say(f"Warnings ({sum(report.warning_counts.values())}):")
        for reason, number in report.warning_counts.most_common():
            say(f"  {reason} ({number}):")
            for example in report.warnings[reason]:
                say(f"    - {example}")
            if number > len(report.warnings[reason]):
                say(f"    … and {number - len(report.warnings[reason])} more")
    console.print(
        "Comments were imported; the public site shows the approved ones when the site "
        "settings' Show comments is on (readers cannot write new ones)."
        if report.total("comments", "created") or report.total("comments", "updated")
        else ""
    )
    return buffer.getvalue().rstrip() + "\n"

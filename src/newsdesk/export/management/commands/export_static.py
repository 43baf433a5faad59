"""``newsdesk export-static OUTDIR``: the public site as static files, for mirrors."""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.export.exporter import ExportError, Options, export
from newsdesk.export.folder import OutsideFolder
from newsdesk.export.integrity import KeyProblem
from newsdesk.export.render import RenderError


class Command(BaseCommand):
    help = (
        "Export every public page, feed, sitemap and the files they use into OUTDIR, for a "
        "mirror on any host or a bundle passed by hand. Again into the same folder, only "
        "what changed is rewritten and what is no longer public is removed. Links are "
        "relative by default (the folder works under any address and from disk); feeds "
        "and sitemaps then keep the main address (NEWSDESK_BASE_URL), as their formats "
        "need full addresses."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("outdir", type=Path, help="Folder to write (created if missing).")
        where = parser.add_mutually_exclusive_group()
        where.add_argument(
            "--base-url",
            help="The mirror's own address (https://mirror.example or …/sub/path): links, "
            "feeds and sitemaps use it; canonical links still name the main address.",
        )
        where.add_argument(
            "--relative",
            action="store_true",
            help="Links relative to each page (the default).",
        )
        parser.add_argument("--bundle", type=Path, help="Also write the export as one zip.")
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes rendering in parallel (default: one per core).",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Render every address again, not only what changed (after an upgrade).",
        )
        parser.add_argument(
            "--signing-key",
            type=Path,
            help="Ed25519 private key (PEM) to sign the manifest with "
            "(default: NEWSDESK_EXPORT_SIGNING_KEY).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar, even on a terminal."
        )

    def handle(self, *args, **options) -> None:
        base_url = options["base_url"]
        if base_url is not None:
            parts = urlsplit(base_url)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
                raise CommandError(f"--base-url {base_url!r}: expected http(s)://host[/path]")
        if options["jobs"] < 1:
            raise CommandError("--jobs must be at least 1")
        run = Options(
            out=options["outdir"],
            base_url=base_url,
            bundle=options["bundle"],
            jobs=options["jobs"],
            full=options["full"],
            signing_key=options["signing_key"] or settings.EXPORT_SIGNING_KEY,
        )
        show = not options["no_progress"] and sys.stderr.isatty()
        bar = _ProgressBar() if show else None
        try:
            with bar or nullcontext():
                report = export(run, progress=bar.update if bar else None)
        except (ExportError, RenderError, KeyProblem, OutsideFolder, OSError) as error:
            raise CommandError(str(error)) from error
        for warning in report.warnings:
            self.stderr.write(f"Warning: {warning}", style_func=self.style.WARNING)
        self._summary(run, report, options["verbosity"])

    def _summary(self, run: Options, report, verbosity: int) -> None:
        if verbosity >= 2:
            for name in report.written:
                self.stdout.write(f"written  {name}")
            for name in report.removed:
                self.stdout.write(f"removed  {name}")
        how = "full" if report.full else "incremental"
        rate = report.rendered / report.seconds if report.seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {report.pages} addresses ({report.files} files) to {run.out} in "
                f"{report.seconds:.2f} s ({how}: {report.rendered} rendered, {rate:.0f}/s; "
                f"{len(report.written)} written, {len(report.removed)} removed; "
                f"{report.views_share:.0%} of the rendering CPU in the site's views)."
            )
        )
        if report.key_fingerprint:
            self.stdout.write(f"Signed MANIFEST.sha256 with key {report.key_fingerprint}.")
        if run.bundle:
            self.stdout.write(f"Bundle: {run.bundle}")


class _ProgressBar:
    """rich's progress bar on the terminal (stderr, so stdout stays the summary)."""

    def __enter__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.progress.__enter__()
        self.task = self.progress.add_task("Rendering", total=None)
        return self

    def update(self, done: int, total: int) -> None:
        self.progress.update(self.task, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

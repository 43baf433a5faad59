"""Applying a WordPress export to the site: :func:`import_wxr`.

The file is read as a stream of records (:mod:`.wxr`) and each goes to the step that
knows its kind: authors (:mod:`.people`), terms (:mod:`.terms`), posts (:mod:`.posts`),
pages (:mod:`.pages`), attachments (:mod:`.attachments`), comments with their items
(:mod:`.comments`), menus (:mod:`.menus`). Steps write through the import actions of
:mod:`newsdesk.content.actions`, posts and attachments in batches, and record every
WordPress object in the ID map (:class:`~.models.LegacyItem`), so memory holds one
batch whatever the size of the export. Whatever refers to something later in the file
(featured images, page parents, galleries of attached images) is resolved at the end
from the database; then the old addresses are written (:mod:`.redirects`), and the
menus, whose items link to those final addresses.

The whole run is one transaction: a file that turns out to be broken half-way leaves
the site exactly as it was (files copied from ``--media-dir`` are removed again), and
``dry_run`` does everything, reports, then rolls back. Importing the same file again
changes nothing: items are found by WordPress ID (else GUID) and skipped when their
record is unchanged, updated when it changed.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from newsdesk.content import actions
from newsdesk.content.models import Post
from newsdesk.wordpress import bodies, wxr
from newsdesk.wordpress.attachments import Attachments
from newsdesk.wordpress.context import STATUSES, ImportContext, Kind
from newsdesk.wordpress.media import MediaLibrary
from newsdesk.wordpress.menus import NAV_MENU, Menus
from newsdesk.wordpress.models import LegacyItem
from newsdesk.wordpress.pages import Pages
from newsdesk.wordpress.people import Authors
from newsdesk.wordpress.posts import Posts
from newsdesk.wordpress.redirects import RedirectWriter, redirect_remembered_items
from newsdesk.wordpress.report import Report
from newsdesk.wordpress.terms import Terms


class _DryRun(Exception):
    """Raised at the end of a dry run to roll everything back."""


def import_wxr(
    path: str | Path,
    *,
    media_dir: str | Path | None = None,
    dry_run: bool = False,
    user=None,
    on_progress: Callable[[int], None] | None = None,
) -> Report:
    """Import one WXR file and return the report. Raises :class:`~.wxr.WxrError` (the
    site unchanged) when the file cannot be read; ``user`` (None: the system) must hold
    the permissions the import actions check."""
    return Importer(
        Path(path), media_dir=media_dir, dry_run=dry_run, user=user, on_progress=on_progress
    ).run()


class Importer:
    def __init__(
        self,
        path: Path,
        *,
        media_dir: str | Path | None = None,
        dry_run: bool = False,
        user=None,
        on_progress: Callable[[int], None] | None = None,
    ):
        self.path = path
        self.on_progress = on_progress
        self.context = context = ImportContext(
            user=user,
            dry_run=dry_run,
            media=MediaLibrary(Path(media_dir) if media_dir else None, dry_run=dry_run),
            report=Report(str(path), dry_run),
            redirects=RedirectWriter(),
        )
        self.authors = Authors(context)
        self.terms = Terms(context)
        self.attachments = Attachments(context)
        self.posts = Posts(context, self.authors, self.terms, self.attachments)
        self.pages = Pages(context, self.authors)
        self.menus = Menus(context)

    def run(self) -> Report:
        context = self.context
        try:
            with _without_mapped_database(), transaction.atomic():
                for record in wxr.read(self.path, on_read=self.on_progress):
                    self._take(record)
                if context.run is None:
                    context.start(wxr.Site(), self.path)
                self.attachments.flush()
                self.posts.flush()
                self._finish()
                if context.dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except BaseException:
            context.media.discard()
            raise
        finally:
            context.media.close()
        return context.report

    def _take(self, record: wxr.Record) -> None:
        if isinstance(record, wxr.Site):
            self.context.start(record, self.path)
        elif isinstance(record, wxr.Author):
            self.authors.take(record)
        elif isinstance(record, wxr.Term):
            if record.taxonomy == NAV_MENU:
                self.menus.declare(record)
            else:
                self.terms.take(record)
        elif record.post_type == "attachment":
            self.attachments.add(record)
        elif record.post_type == "post":
            if self._importable(record):
                self.posts.add(record)
        elif record.post_type == "page":
            if self._importable(record):
                self.pages.take(record)
        elif record.post_type == "nav_menu_item":
            self.menus.add(record)
        else:
            self.context.report.count("other items", "skipped")
            self.context.report.note("skipped item types", record.post_type or "(none)")

    def _importable(self, item: wxr.Item) -> bool:
        if item.status in STATUSES:
            return True
        report = self.context.report
        kind = "posts" if item.post_type == "post" else "pages"
        report.count(kind, "skipped")
        report.note(f"skipped {kind} by status", item.status or "(none)")
        report.count("comments", "skipped", len(item.comments))
        return False

    def _finish(self) -> None:
        context = self.context
        context.final = True
        self.terms.place_orphans()
        self.pages.place_orphans()
        self.attachments.attach_featured_images()
        bodies.render_waiting(context)
        redirect_remembered_items(context)
        context.redirects.flush()
        self.menus.finish()
        report = context.report
        report.count("redirects", "created", context.redirects.created)
        report.count("redirects", "updated", context.redirects.updated)
        report.count("redirects", "unchanged", context.redirects.unchanged)
        report.count("files", "created", context.media.copied)
        report.count("files", "unchanged", context.media.reused)
        touched = LegacyItem.objects.filter(last_run=context.run, kind=Kind.POST)
        actions.finish_import(
            user=context.user,
            summary=f"Imported {self.path.name} from {report.site or 'WordPress'}",
            posts=Post.objects.filter(pk__in=touched.values("object_id")),
        )
        context.run.finished_at = timezone.now()
        context.run.report = report.as_dict()
        context.run.save(update_fields=["finished_at", "report"])


@contextmanager
def _without_mapped_database():
    """SQLite maps up to 256 MB of the database file into the process (settings) to
    speed up reads. An import mostly writes, and every page it touches would count as
    the importer's memory, growing with the archive; so the mapping is off meanwhile."""
    previous = None
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size")
            previous = cursor.fetchone()  # None for an in-memory database
            if previous is not None:
                cursor.execute("PRAGMA mmap_size=0")
    try:
        yield
    finally:
        if previous is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA mmap_size={int(previous[0])}")

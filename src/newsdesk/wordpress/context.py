"""What every step of an import shares: where the export comes from, this run, its
report, and the ID map (:class:`~.models.LegacyItem`) through which the steps find
each other's work without holding it in memory."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.utils import timezone

from newsdesk.content.models import Status
from newsdesk.content.slugs import MAX_LENGTH as SLUG_LENGTH
from newsdesk.wordpress import wxr
from newsdesk.wordpress.media import MediaLibrary
from newsdesk.wordpress.models import ImportRun, LegacyItem
from newsdesk.wordpress.redirects import RedirectWriter, canonical
from newsdesk.wordpress.report import Report

#: Part of every item's checksum: a newer converter re-converts unchanged items.
#: 2: media files checked like uploads (a re-import checks what an older one copied).
CONVERTER_VERSION = "2"
Kind = LegacyItem.Kind

STATUSES = {
    "publish": Status.PUBLISHED,
    "draft": Status.DRAFT,
    "pending": Status.PENDING,
    "future": Status.SCHEDULED,
    "private": Status.PRIVATE,
}
_MAP_FIELDS = [
    "wp_id",
    "wp_key",
    "guid",
    "old_path",
    "object_id",
    "checksum",
    "wp_parent",
    "wp_thumbnail",
    "position",
    "pending_body",
    "last_run",
]


@dataclass
class ImportContext:
    user: object
    dry_run: bool
    media: MediaLibrary
    report: Report
    redirects: RedirectWriter
    source: str = ""
    prefix: str = ""  # the old blog's path ("/blog" for a blog under example.com/blog/)
    language: str = "en"
    declares_authors: bool = False  # WXR 1.0 and some tools name authors only in items
    run: ImportRun | None = None
    final: bool = False  # set once the whole file has been read

    def start(self, site: wxr.Site, path: Path) -> None:
        address = site.address
        self.source = site_key(address) or f"file:{path.name}"
        self.report.site = address
        prefix = canonical(address).rstrip("/") if address else ""
        self.prefix = "" if "?" in prefix else prefix
        self.language = (site.language.split("-")[0].lower() or "en")[:8]
        for url in (site.link, site.base_blog_url, site.base_site_url):
            self.media.learn_host(url)
        self.run = ImportRun.objects.create(
            source=self.source,
            file_name=str(path),
            started_at=timezone.now(),
            user=self.user if getattr(self.user, "pk", None) else None,
        )

    # --- the ID map ----------------------------------------------------------------------

    def known(self, kind: str, items: Iterable, keys: Iterable[str] = ()) -> dict:
        """The map rows of ``items`` by :func:`identity`: found by WordPress ID, else by
        GUID (the same item exported from a copy of the site under another ID), else by
        the stand-in key of a record the file gives no ID (``keys``, in item order)."""
        items, keys = list(items), list(keys)
        rows = LegacyItem.objects.filter(source=self.source, kind=kind)
        ids = [item.wp_id for item in items if item.wp_id]
        by_id = {row.wp_id: row for row in rows.filter(wp_id__in=ids)} if ids else {}
        found = {("id", wp_id): row for wp_id, row in by_id.items()}
        by_guid = {
            item.guid: item
            for item in items
            if item.wp_id not in by_id and getattr(item, "guid", "")
        }
        if by_guid:
            for row in rows.filter(guid__in=list(by_guid)):
                item = by_guid.pop(row.guid, None)
                if item is not None:
                    if item.wp_id:
                        row.wp_id = item.wp_id
                    found[identity(item)] = row
        if any(keys):
            for row in rows.filter(wp_key__in=[key for key in keys if key]):
                found.setdefault(("key", row.wp_key), row)
        return found

    def row(self, kind: str, known: LegacyItem | None, **fields) -> LegacyItem:
        row = known or LegacyItem(source=self.source, kind=kind)
        for name, value in fields.items():
            setattr(row, name, value)
        return row

    def remember(self, rows: Iterable[LegacyItem]) -> None:
        """Write map rows: new ones created, known ones updated."""
        rows = list(rows)
        for row in rows:
            row.last_run = self.run
            if row.pk is None:
                row.first_run = self.run
        known = [row for row in rows if row.pk is not None]
        LegacyItem.objects.bulk_create([row for row in rows if row.pk is None], batch_size=500)
        if known:
            LegacyItem.objects.bulk_update(known, _MAP_FIELDS, batch_size=500)

    def refused_file(self, item: wxr.Item, field: str, path: str, why: str) -> None:
        """A file of the media folder the site would not store, in the report: which,
        named where (the item and its field), and why."""
        self.report.count("files", "skipped")
        self.report.warn(
            "file refused (not stored)", f"{path}, named in the {field} of {item.describe()}: {why}"
        )

    def checksum(self, record) -> str:
        """Of a WordPress record as this importer reads it; equal means nothing to do."""
        stripped = dataclasses.replace(record, line=0)  # the same item, moved in the file
        flags = (CONVERTER_VERSION, self.media.root is not None, self.source)
        return hashlib.sha256(repr((flags, stripped)).encode()).hexdigest()


# --- small helpers ------------------------------------------------------------------------


def identity(record, key: str = "") -> tuple[str, object]:
    """How the ID map knows a record: its WordPress ID, else its GUID, else ``key``."""
    if record.wp_id:
        return ("id", record.wp_id)
    guid = getattr(record, "guid", "")
    return ("guid", guid) if guid else ("key", key)


def site_key(address: str) -> str:
    """The site an export comes from, scheme left out (http and https are one site)."""
    parts = urlsplit(address.strip())
    host = (parts.hostname or "").lower()
    return f"{host}{parts.path.rstrip('/')}"[:300] if host else ""


def when(value: str, *, utc: bool = False) -> datetime | None:
    """A WordPress date ("2010-10-05 00:27:25"); GMT ones are UTC, the others site-local.
    "0000-00-00 00:00:00" (an unscheduled draft) is None."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        naive = datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return naive.replace(tzinfo=UTC) if utc else timezone.make_aware(naive)


def published_at(item: wxr.Item) -> datetime | None:
    exact = when(item.post_date_gmt, utc=True)
    if exact is not None or item.status in ("draft", "pending"):
        # A draft without a GMT date has a "floating" date: it gets one when published.
        return exact
    return when(item.post_date)


def modified_at(item: wxr.Item) -> datetime | None:
    return when(item.modified_gmt, utc=True) or when(item.modified)


def int_or_none(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number or None


def path_part(value: str) -> str:
    """A slug or slug path as it appears, escaped, in an address."""
    return canonical("/" + value.strip("/"))[1:] if value else ""


def free_name(base: str, taken: Callable[[str], bool], limit: int = SLUG_LENGTH) -> str:
    """``base``, else ``base-2``, ``base-3``… whichever is not taken."""
    candidate, number = base, 2
    while taken(candidate):
        suffix = f"-{number}"
        candidate = base[: limit - len(suffix)] + suffix
        number += 1
    return candidate

"""Applying a WordPress export to the site.

:func:`import_wxr` reads the file as a stream (:mod:`.wxr`), converts bodies
(:mod:`.convert`), writes through the import actions of
:mod:`newsdesk.content.actions`, and remembers every WordPress object in
:class:`~.models.LegacyItem`. Posts, attachments and comments are written in batches,
so memory holds one batch whatever the size of the export; whatever refers to
something later in the file (featured images, page parents, galleries of attached
images) is resolved at the end from the database.

The whole run is one transaction: a file that turns out to be broken half-way leaves
the site exactly as it was (files copied from ``--media-dir`` are removed again), and
``dry_run`` does everything, reports, then rolls back. Re-importing the same file
changes nothing: items are found by WordPress ID (else GUID) and skipped when their
record is unchanged, updated when it changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import mimetypes
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import partial
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from newsdesk.content import actions
from newsdesk.content.html import plain_text, sanitize
from newsdesk.content.models import (
    Author,
    Category,
    Comment,
    CommentStatus,
    Image,
    Page,
    Post,
    PostFormat,
    Redirect,
    Status,
    Tag,
)
from newsdesk.content.slugs import MAX_LENGTH as SLUG_LENGTH
from newsdesk.content.slugs import slug_for
from newsdesk.wordpress import convert, wxr
from newsdesk.wordpress.media import MediaLibrary
from newsdesk.wordpress.models import ImportRun, LegacyItem
from newsdesk.wordpress.redirects import RedirectWriter, canonical, variants
from newsdesk.wordpress.report import Report

#: Part of every item's checksum: a newer converter re-converts unchanged items.
CONVERTER_VERSION = "1"
BATCH = 200
Kind = LegacyItem.Kind

STATUSES = {
    "publish": Status.PUBLISHED,
    "draft": Status.DRAFT,
    "pending": Status.PENDING,
    "future": Status.SCHEDULED,
    "private": Status.PRIVATE,
}
COMMENT_MODERATION = {
    "1": Comment.Moderation.APPROVED,
    "0": Comment.Moderation.PENDING,
    "spam": Comment.Moderation.SPAM,
    "trash": Comment.Moderation.TRASH,
    "post-trashed": Comment.Moderation.TRASH,
}
COMMENT_KINDS = {
    "": Comment.Kind.COMMENT,
    "comment": Comment.Kind.COMMENT,
    "pingback": Comment.Kind.PINGBACK,
    "trackback": Comment.Kind.TRACKBACK,
}
FORMATS = {value for value, _label in PostFormat.choices}
_DIMENSIONS = re.compile(r's:5:"width";i:(\d+);s:6:"height";i:(\d+);')


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
    """Import one WXR file; returns the report. Raises :class:`~.wxr.WxrError` (the
    site unchanged) when the file cannot be read."""
    return Importer(
        Path(path), media_dir=media_dir, dry_run=dry_run, user=user, on_progress=on_progress
    ).run()


class Importer:
    def __init__(
        self,
        path: Path,
        *,
        media_dir=None,
        dry_run: bool = False,
        user=None,
        on_progress: Callable[[int], None] | None = None,
    ):
        self.path = path
        self.dry_run = dry_run
        self.user = user
        self.on_progress = on_progress
        self.media = MediaLibrary(Path(media_dir) if media_dir else None, dry_run=dry_run)
        self.report = Report(str(path), dry_run)
        self.redirects = RedirectWriter()
        self.site = wxr.Site()
        self.source = ""
        self.prefix = ""
        self.language = "en"
        self.run_record: ImportRun | None = None
        self.final = False  # galleries resolve with what exists once the file is read
        self.posts: list[wxr.Item] = []
        self.attachments: list[wxr.Item] = []
        # Small maps, bounded by the number of authors, categories and pages, not posts.
        self.authors: dict[str, int] = {}
        self.author_users: dict[int, int] = {}
        self.categories: dict[str, int] = {}
        self.category_paths: dict[str, str] = {}
        self.orphan_categories: dict[str, str] = {}
        self.orphan_pages: dict[int, str] = {}
        self.declares_authors = False

    # --- the run ---------------------------------------------------------------------

    def run(self) -> Report:
        try:
            with transaction.atomic():
                for record in wxr.read(self.path, on_read=self.on_progress):
                    self._take(record)
                if self.run_record is None:
                    self._start(wxr.Site())
                self._flush()
                self._finish()
                if self.dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except BaseException:
            self.media.discard()
            raise
        finally:
            self.media.close()
        return self.report

    def _take(self, record: wxr.Record) -> None:
        if isinstance(record, wxr.Site):
            self._start(record)
        elif isinstance(record, wxr.Author):
            self._author(record)
        elif isinstance(record, wxr.Term):
            self._term(record)
        elif record.post_type == "attachment":
            self.attachments.append(record)
            if len(self.attachments) >= BATCH:
                self._flush_attachments()
        elif record.post_type == "post":
            if self._importable(record):
                self.posts.append(record)
                if len(self.posts) >= BATCH:
                    self._flush_posts()
        elif record.post_type == "page":
            if self._importable(record):
                self._page(record)
        else:
            self.report.count("other items", "skipped")
            self.report.note("skipped item types", record.post_type or "(none)")

    def _importable(self, item: wxr.Item) -> bool:
        if item.status in STATUSES:
            return True
        kind = "posts" if item.post_type == "post" else "pages"
        self.report.count(kind, "skipped")
        self.report.note(f"skipped {kind} by status", item.status or "(none)")
        self.report.count("comments", "skipped", len(item.comments))
        return False

    def _start(self, site: wxr.Site) -> None:
        self.site = site
        address = site.address
        self.source = _site_key(address) or f"file:{self.path.name}"
        self.report.site = address
        self.prefix = canonical(address).rstrip("/") if address else ""
        if "?" in self.prefix:
            self.prefix = ""
        self.language = (site.language.split("-")[0].lower() or "en")[:8]
        self.declares_authors = site.wxr_version not in ("", "1.0")
        for url in (site.link, site.base_blog_url, site.base_site_url):
            self.media.learn_host(url)
        self.run_record = ImportRun.objects.create(
            source=self.source,
            file_name=str(self.path),
            started_at=timezone.now(),
            user=self.user if getattr(self.user, "pk", None) else None,
        )

    def _flush(self) -> None:
        self._flush_attachments()
        self._flush_posts()

    def _finish(self) -> None:
        self.final = True
        self._place_orphan_categories()
        self._place_orphan_pages()
        self._attach_featured_images()
        self._render_waiting_galleries()
        self._redirect_remembered_items()
        self.redirects.flush()
        self.report.count("redirects", "created", self.redirects.created)
        self.report.count("redirects", "updated", self.redirects.updated)
        self.report.count("redirects", "unchanged", self.redirects.unchanged)
        self.report.count("files", "created", self.media.copied)
        self.report.count("files", "unchanged", self.media.reused)
        run = self.run_record
        touched = LegacyItem.objects.filter(last_run=run, kind=Kind.POST).values("object_id")
        actions.finish_import(
            user=self.user,
            summary=f"Imported {self.path.name} from {self.report.site or 'WordPress'}",
            posts=Post.objects.filter(pk__in=touched),
        )
        run.finished_at = timezone.now()
        run.report = self.report.as_dict()
        run.save(update_fields=["finished_at", "report"])

    # --- the ID map ----------------------------------------------------------------------

    def _known(self, kind: str, items: Iterable) -> dict[int, LegacyItem]:
        """The map rows of ``items`` by WordPress ID; an ID the map lacks is looked up by
        GUID (the same item exported from a copy of the site under another ID)."""
        items = list(items)
        found = {
            row.wp_id: row
            for row in LegacyItem.objects.filter(
                source=self.source, kind=kind, wp_id__in=[item.wp_id for item in items]
            )
        }
        by_guid = {
            item.guid: item.wp_id
            for item in items
            if item.wp_id not in found and getattr(item, "guid", "")
        }
        if by_guid:
            rows = LegacyItem.objects.filter(source=self.source, kind=kind, guid__in=list(by_guid))
            for row in rows:
                wp_id = by_guid.get(row.guid)
                if wp_id is not None and wp_id not in found:
                    row.wp_id = wp_id
                    found[wp_id] = row
        return found

    def _remember(self, rows: Iterable[LegacyItem]) -> None:
        """Write map rows: new ones created, known ones updated."""
        rows = list(rows)
        for row in rows:
            row.last_run = self.run_record
            if row.pk is None:
                row.first_run = self.run_record
        known = [row for row in rows if row.pk is not None]
        LegacyItem.objects.bulk_create([row for row in rows if row.pk is None], batch_size=500)
        if known:
            fields = [
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
            LegacyItem.objects.bulk_update(known, fields, batch_size=500)

    def _row(self, kind: str, known: LegacyItem | None, **fields) -> LegacyItem:
        row = known or LegacyItem(source=self.source, kind=kind)
        for name, value in fields.items():
            setattr(row, name, value)
        return row

    def _checksum(self, record) -> str:
        stripped = dataclasses.replace(record, line=0)
        flags = (CONVERTER_VERSION, self.media.root is not None, self.source)
        return hashlib.sha256(repr((flags, dataclasses.astuple(stripped))).encode()).hexdigest()

    # --- authors ---------------------------------------------------------------------------

    def _author(self, record: wxr.Author) -> int | None:
        login = record.login.strip()
        if not login:
            self.report.warn("author without a login", f"line {record.line}: skipped")
            self.report.count("authors", "skipped")
            return None
        checksum = self._checksum(record)
        known = LegacyItem.objects.filter(source=self.source, kind=Kind.AUTHOR, wp_key=login)
        row = known.first()
        author = Author.objects.filter(pk=row.object_id).first() if row else None
        if author is not None and row.checksum == checksum:
            self.report.count("authors", "unchanged")
        else:
            outcome = "updated" if author is not None else "created"
            author = author or Author()
            author.display_name = (plain_text(record.display_name) or login)[:200]
            if not author.slug:
                author.slug = _free_slug(slug_for(login, "author"), _taken(Author, author))
            actions.import_term(author, user=self.user)
            self._account(author, record)
            row = self._row(
                Kind.AUTHOR,
                row,
                wp_key=login,
                wp_id=record.wp_id,
                object_id=author.pk,
                checksum=checksum,
                old_path=f"{self.prefix}/author/{_path_part(slug_for(login, 'author'))}/",
            )
            self._remember([row])
            self.report.count("authors", outcome)
        self.authors[login] = author.pk
        if record.wp_id and author.user_id:
            self.author_users[record.wp_id] = author.user_id
        return author.pk

    def _account(self, author: Author, record: wxr.Author) -> None:
        """A login account without a usable password: the person sets one by reset."""
        users = get_user_model()
        if author.user_id:
            user = users.objects.get(pk=author.user_id)
        else:
            wanted = re.sub(r"[^\w.@+-]", "_", record.login)[:150] or "author"
            user = users.objects.filter(username=wanted).first()
            same_person = (
                user is not None
                and record.email
                and user.email.lower() == record.email.lower()
                and not Author.objects.filter(user=user).exists()
            )
            if user is not None and not same_person:
                name = _free_name(wanted, lambda n: users.objects.filter(username=n).exists())
                self.report.warn(
                    "user name taken",
                    f"author “{record.login}”: an account “{wanted}” already exists; "
                    f"created “{name}”",
                )
                wanted, user = name, None
            if user is None:
                user = users(username=wanted)
                user.set_unusable_password()
        user.email = record.email[:254] or user.email
        user.first_name = record.first_name[:150]
        user.last_name = record.last_name[:150]
        user.save()
        if author.user_id != user.pk:
            author.user = user
            author.save(update_fields=["user"])

    def _author_ids(self, items: list[wxr.Item]) -> dict[str, int]:
        logins = {item.creator for item in items if item.creator}
        missing = [login for login in logins if login not in self.authors]
        if missing:
            rows = LegacyItem.objects.filter(
                source=self.source, kind=Kind.AUTHOR, wp_key__in=missing
            )
            for login, pk in rows.values_list("wp_key", "object_id"):
                self.authors[login] = pk
        live = set(
            Author.objects.filter(
                pk__in=[self.authors[x] for x in logins if x in self.authors]
            ).values_list("pk", flat=True)
        )
        for login in logins:
            if self.authors.get(login) in live:
                continue
            self.authors.pop(login, None)
            tidy = login.strip(" \t<>\"'")
            if tidy != login and self.authors.get(tidy) in live:
                self.report.warn(
                    "garbled author name",
                    f"posts name the author “{login}”; taken to be “{tidy}”",
                )
                self.authors[login] = self.authors[tidy]
                continue
            if self.declares_authors:
                self.report.warn(
                    "missing author",
                    f"“{login}” is named by posts but not declared in the file; "
                    "created an author profile under that name",
                )
            self._author(wxr.Author(login=login))
        return self.authors

    # --- terms ---------------------------------------------------------------------------

    def _term(self, record: wxr.Term) -> None:
        if record.taxonomy == "category":
            self._category(record)
        elif record.taxonomy == "post_tag":
            self._tag(record)
        else:
            self.report.count("other terms", "skipped")
            self.report.note("skipped taxonomies", record.taxonomy or "(none)")

    def _tag(self, record: wxr.Term) -> int:
        key = _term_key(record.slug, record.name)
        row = self._term_row(Kind.TAG, key, record.wp_id)
        tag = Tag.objects.filter(pk=row.object_id).first() if row else None
        checksum = self._checksum(record)
        if tag is not None and row.checksum == checksum:
            self.report.count("tags", "unchanged")
            return tag.pk
        name = (plain_text(record.name) or key)[:200]
        slug = slug_for(key or name, "tag")
        outcome = "updated" if tag is not None else "created"
        if tag is None:
            tag = Tag.objects.filter(slug=slug).first()  # the site's own tag: merged, kept
            if tag is not None:
                outcome = "unchanged"
                self.report.note("merged with the site's own terms", f"tag {slug}")
            else:
                tag = Tag(name=name, slug=slug)
        if outcome != "unchanged":
            tag.name, tag.description = name, record.description
        actions.import_term(tag, user=self.user)
        self._remember(
            [
                self._row(
                    Kind.TAG,
                    row,
                    wp_key=key,
                    wp_id=record.wp_id,
                    object_id=tag.pk,
                    checksum=checksum,
                    old_path=f"{self.prefix}/tag/{_path_part(key)}/",
                )
            ]
        )
        self.report.count("tags", outcome)
        return tag.pk

    def _category(self, record: wxr.Term) -> int:
        key = _term_key(record.slug, record.name)
        parent_key = _term_key(record.parent_slug, "") if record.parent_slug else ""
        if parent_key == key:
            parent_key = ""
        row = self._term_row(Kind.CATEGORY, key, record.wp_id)
        category = Category.objects.filter(pk=row.object_id).first() if row else None
        self.category_paths[key] = (
            f"{self.category_paths.get(parent_key, parent_key)}/{key}" if parent_key else key
        )
        checksum = self._checksum(record)
        if category is not None and row.checksum == checksum:
            self.categories[key] = category.pk
            self.report.count("categories", "unchanged")
            return category.pk
        parent_id = self.categories.get(parent_key) if parent_key else None
        if parent_key and parent_id is None:
            self.orphan_categories[key] = parent_key  # placed when the file has been read
        name = (plain_text(record.name) or key)[:200]
        slug = slug_for(key or name, "category")
        outcome = "updated" if category is not None else "created"
        if category is None:
            category = Category.objects.filter(parent_id=parent_id, slug=slug).first()
            if category is not None:
                outcome = "unchanged"
                self.report.note("merged with the site's own terms", f"category {slug}")
            else:
                category = Category(name=name, slug=slug, parent_id=parent_id)
        if outcome != "unchanged":
            category.name, category.description = name, record.description
            category.parent_id = parent_id if parent_id != category.pk else None
        actions.import_term(category, user=self.user)
        self._remember(
            [
                self._row(
                    Kind.CATEGORY,
                    row,
                    wp_key=key,
                    wp_id=record.wp_id,
                    object_id=category.pk,
                    checksum=checksum,
                    old_path=f"{self.prefix}/category/{_path_part(self.category_paths[key])}/",
                )
            ]
        )
        self.categories[key] = category.pk
        self.report.count("categories", outcome)
        return category.pk

    def _term_row(self, kind: str, key: str, wp_id: int | None) -> LegacyItem | None:
        rows = LegacyItem.objects.filter(source=self.source, kind=kind)
        match = Q(wp_key=key) | Q(wp_id=wp_id) if wp_id else Q(wp_key=key)
        found = list(rows.filter(match)[:2])
        return next((row for row in found if row.wp_key == key), found[0] if found else None)

    def _term_ids(self, items: list[wxr.Item]) -> tuple[dict[str, int], dict[str, int]]:
        """Tag and category ids by key for the terms a batch uses; terms the channel did
        not declare (WXR 1.0, hand-made files) are created from the reference."""
        wanted: dict[str, dict[str, wxr.TermRef]] = {"post_tag": {}, "category": {}}
        for item in items:
            for ref in item.terms:
                if ref.taxonomy in wanted:
                    wanted[ref.taxonomy].setdefault(_term_key(ref.slug, ref.name), ref)
        wanted = {
            taxonomy: {k: v for k, v in refs.items() if k} for taxonomy, refs in wanted.items()
        }
        tags = dict(
            LegacyItem.objects.filter(
                source=self.source, kind=Kind.TAG, wp_key__in=list(wanted["post_tag"])
            ).values_list("wp_key", "object_id")
        )
        live = set(Tag.objects.filter(pk__in=tags.values()).values_list("pk", flat=True))
        for key, ref in wanted["post_tag"].items():
            if tags.get(key) not in live:
                self.report.note("terms used but not declared in the file", f"tag {key}")
                tags[key] = self._tag(wxr.Term("post_tag", ref.slug or key, ref.name))
        live = set(
            Category.objects.filter(pk__in=self.categories.values()).values_list("pk", flat=True)
        )
        for key, ref in wanted["category"].items():
            if self.categories.get(key) not in live:
                row = self._term_row(Kind.CATEGORY, key, None)
                if row is not None and Category.objects.filter(pk=row.object_id).exists():
                    self.categories[key] = row.object_id
                else:
                    self.report.note("terms used but not declared in the file", f"category {key}")
                    self._category(wxr.Term("category", ref.slug or key, ref.name))
        return tags, self.categories

    def _place_orphan_categories(self) -> None:
        for key, parent_key in self.orphan_categories.items():
            parent_id = self.categories.get(parent_key)
            category = Category.objects.filter(pk=self.categories.get(key)).first()
            if category is None:
                continue
            if parent_id is None:
                self.report.warn(
                    "missing parent category",
                    f"category “{key}” names parent “{parent_key}”, which is not in the file; "
                    "kept at the top level",
                )
                continue
            category.parent_id = parent_id
            category.slug = _free_slug(category.slug, _taken(Category, category, parent_id))
            actions.import_term(category, user=self.user)

    # --- posts ---------------------------------------------------------------------------

    def _flush_posts(self) -> None:
        items, self.posts = self.posts, []
        if not items:
            return
        self._flush_attachments()  # galleries may show images from earlier in the file
        known = self._known(Kind.POST, items)
        stored = Post.objects.in_bulk([row.object_id for row in known.values()])
        work = []
        for item in items:
            row = known.get(item.wp_id)
            post = stored.get(row.object_id) if row else None
            checksum = self._checksum(item)
            if post is not None and row.checksum == checksum:
                self.report.count("posts", "unchanged")
                self.report.count("comments", "unchanged", len(item.comments))
                continue
            work.append((item, row, post, checksum))
        if not work:
            return
        authors = self._author_ids([item for item, *_ in work])
        tags, categories = self._term_ids([item for item, *_ in work])
        slugs = self._post_slugs(work)
        entries, rows = [], []
        for (item, row, post, checksum), slug in zip(work, slugs, strict=True):
            self.report.count("posts", "updated" if post is not None else "created")
            post = post or Post()
            waiting = self._fill_post(post, item, slug)
            if not item.creator:
                self.report.warn("no author", f"{item.describe()}: imported without a byline")
            entries.append(
                actions.ImportedPost(
                    post,
                    tags=[tags[k] for k in _refs(item, "post_tag") if k in tags],
                    categories=[categories[k] for k in _refs(item, "category") if k in categories],
                    authors=[authors[item.creator]] if item.creator in authors else [],
                    updated_at=_when(item.modified_gmt, utc=True) or _when(item.modified),
                    created_at=_when(item.post_date_gmt, utc=True) or _when(item.post_date),
                )
            )
            rows.append((item, row, checksum, waiting))
        actions.import_posts(entries, user=self.user)
        self._remember(
            self._row(
                Kind.POST,
                row,
                wp_id=item.wp_id,
                guid=item.guid[:1000],
                old_path=canonical(item.link),
                object_id=entry.post.pk,
                checksum=checksum,
                wp_thumbnail=_int_or_none(item.meta.get("_thumbnail_id")),
                pending_body=item.content if waiting else "",
            )
            for (item, row, checksum, waiting), entry in zip(rows, entries, strict=True)
        )
        self._import_comments(
            [(item, entry.post.pk, None) for (item, *_), entry in zip(rows, entries, strict=True)]
        )
        for (item, *_), entry in zip(rows, entries, strict=True):
            if entry.post.is_public:
                self._redirect_post(item, entry.post.get_absolute_url())

    def _fill_post(self, post: Post, item: wxr.Item, slug: str) -> bool:
        """Set the post's fields from the item; True when a gallery waits for images."""
        converted = self._convert(item)
        post.title = plain_text(item.title)[:500]
        post.slug = slug
        post.body = converted.html
        post.excerpt = item.excerpt
        post.status = STATUSES[item.status]
        post.published_at = self._published_at(item)
        post.password = item.password[:100]
        post.sticky = item.sticky
        post.format = _post_format(item)
        post.comment_status = _comment_status(item)
        post.language = self.language
        return converted.waiting_for_images

    def _published_at(self, item: wxr.Item) -> datetime | None:
        exact = _when(item.post_date_gmt, utc=True)
        if exact is not None or item.status in ("draft", "pending"):
            # A draft without a GMT date has a "floating" date: it gets one when published.
            return exact
        return _when(item.post_date)

    def _post_slugs(self, work: list) -> list[str]:
        """Each post's slug: WordPress's own (decoded), else one from the title; unique
        among posts and top-level pages (both live at /<slug>/)."""
        bases = []
        for item, *_ in work:
            wanted = slug_for(unquote(item.slug), "") if item.slug else ""
            bases.append(wanted or slug_for(plain_text(item.title), "post"))
        owners = {}
        for pk, slug in Post.objects.filter(slug__in=bases).values_list("pk", "slug"):
            owners.setdefault(slug, set()).add(pk)
        pages = set(Page.objects.filter(parent=None, slug__in=bases).values_list("slug", flat=True))
        chosen: list[str] = []
        claimed: set[str] = set()
        for (_item, _row, post, _checksum), base in zip(work, bases, strict=True):
            own = post.pk if post is not None else None
            busy = base in claimed or base in pages or bool(owners.get(base, set()) - {own})
            slug = base
            if busy:
                slug = _free_slug(
                    base,
                    lambda s, own=own: (
                        s in claimed
                        or Post.objects.filter(slug=s).exclude(pk=own).exists()
                        or Page.objects.filter(parent=None, slug=s).exists()
                    ),
                )
            claimed.add(slug)
            chosen.append(slug)
        return chosen

    def _convert(self, item: wxr.Item) -> convert.Converted:
        converted = convert.convert(
            item.content,
            gallery=partial(self._gallery, item),
            rewrite_url=self.media.rewrite,
        )
        for name, number in converted.unknown_shortcodes.items():
            self.report.note("unknown shortcodes (kept as text)", f"[{name}]", number)
        for name, number in converted.dropped_blocks.items():
            self.report.note("dynamic blocks (not in the file, dropped)", name, number)
        return converted

    def _redirect_post(self, item: wxr.Item, new_path: str) -> None:
        for path in variants(canonical(item.link)):
            self.redirects.add(path, new_path)
        self.redirects.add(f"{self.prefix}/?p={item.wp_id}", new_path)
        guid_path = canonical(item.guid)
        if guid_path.startswith(f"{self.prefix}/?p="):
            self.redirects.add(guid_path, new_path)
        local = _when(item.post_date)
        slug = _path_part(unquote(item.slug)) if item.slug else ""
        if slug:
            self.redirects.add(f"{self.prefix}/{slug}/", new_path, certain=False)
            if local is not None:
                dated = f"{self.prefix}/{local:%Y/%m/%d}/{slug}/"
                self.redirects.add(dated, new_path, certain=False)

    # --- pages ---------------------------------------------------------------------------

    def _page(self, item: wxr.Item) -> None:
        row = self._known(Kind.PAGE, [item]).get(item.wp_id)
        page = Page.objects.filter(pk=row.object_id).first() if row else None
        checksum = self._checksum(item)
        if page is not None and row.checksum == checksum:
            self.report.count("pages", "unchanged")
            self.report.count("comments", "unchanged", len(item.comments))
            return
        self.report.count("pages", "updated" if page is not None else "created")
        parent = None
        if item.parent:
            parent_row = self._known(Kind.PAGE, [wxr.Item("page", item.parent)]).get(item.parent)
            parent = Page.objects.filter(pk=parent_row.object_id).first() if parent_row else None
        page = page or Page()
        title = plain_text(item.title)
        wanted = slug_for(unquote(item.slug) if item.slug else title, "page")
        page.title = (title or "(no title)")[:500]
        page.parent = parent
        page.slug = _free_slug(wanted, _page_slug_taken(page, parent))
        converted = self._convert(item)
        page.body = converted.html
        page.status = STATUSES[item.status]
        page.published_at = self._published_at(item)
        page.password = item.password[:100]
        page.comment_status = _comment_status(item)
        page.language = self.language
        page.position = item.menu_order
        actions.import_page(
            page,
            user=self.user,
            updated_at=_when(item.modified_gmt, utc=True) or _when(item.modified),
        )
        if item.parent and parent is None:
            self.orphan_pages[page.pk] = wanted
        self._remember(
            [
                self._row(
                    Kind.PAGE,
                    row,
                    wp_id=item.wp_id,
                    guid=item.guid[:1000],
                    old_path=canonical(item.link),
                    object_id=page.pk,
                    checksum=checksum,
                    wp_parent=item.parent or None,
                    wp_thumbnail=_int_or_none(item.meta.get("_thumbnail_id")),
                    position=item.menu_order,
                    pending_body=item.content if converted.waiting_for_images else "",
                )
            ]
        )
        self._import_comments([(item, None, page.pk)])

    def _place_orphan_pages(self) -> None:
        """Pages listed before their parent: put each under it now that all are known.
        Their stand-in top-level addresses never existed for readers, so no redirect
        from them is kept."""
        if not self.orphan_pages:
            return
        last_redirect = Redirect.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        rows = LegacyItem.objects.filter(
            source=self.source, kind=Kind.PAGE, object_id__in=list(self.orphan_pages)
        )
        for row in rows:
            page = Page.objects.filter(pk=row.object_id).first()
            parent_row = LegacyItem.objects.filter(
                source=self.source, kind=Kind.PAGE, wp_id=row.wp_parent
            ).first()
            parent = Page.objects.filter(pk=parent_row.object_id).first() if parent_row else None
            if page is None:
                continue
            if parent is None or parent.pk == page.pk:
                self.report.warn(
                    "missing parent page",
                    f"page “{page.title}” (#{row.wp_id}) names parent #{row.wp_parent}, "
                    "which is not in the file; kept at the top level",
                )
                continue
            page.parent = parent
            page.slug = _free_slug(self.orphan_pages[page.pk], _page_slug_taken(page, parent))
            actions.import_page(page, user=self.user, updated_at=page.updated_at)
        Redirect.objects.filter(pk__gt=last_redirect).delete()

    # --- attachments ---------------------------------------------------------------------

    def _flush_attachments(self) -> None:
        items, self.attachments = self.attachments, []
        if not items:
            return
        known = self._known(Kind.ATTACHMENT, items)
        stored = Image.objects.in_bulk([row.object_id for row in known.values()])
        work = []
        for item in items:
            row = known.get(item.wp_id)
            image = stored.get(row.object_id) if row else None
            checksum = self._checksum(item)
            if image is not None and row.checksum == checksum:
                self.report.count("attachments", "unchanged")
                continue
            self.report.count("attachments", "updated" if image is not None else "created")
            image = image or Image()
            self._fill_image(image, item)
            work.append((item, row, image, checksum))
        actions.import_images([image for _item, _row, image, _checksum in work], user=self.user)
        self._remember(
            self._row(
                Kind.ATTACHMENT,
                row,
                wp_id=item.wp_id,
                guid=item.guid[:1000],
                old_path=canonical(item.link),
                object_id=image.pk,
                checksum=checksum,
                wp_parent=item.parent or None,
                position=item.menu_order,
            )
            for item, row, image, checksum in work
        )
        for item, *_ in work:
            if item.comments:
                self.report.count("comments", "skipped", len(item.comments))
                self.report.warn(
                    "comments on an attachment",
                    f"{item.describe()}: {len(item.comments)} comment(s) not imported "
                    "(newsdesk keeps comments on posts and pages)",
                )

    def _fill_image(self, image: Image, item: wxr.Item) -> None:
        url = item.attachment_url or item.guid
        image.title = plain_text(item.title)[:300]
        image.alt_text = plain_text(item.meta.get("_wp_attachment_image_alt", ""))[:500]
        image.caption = plain_text(item.excerpt)
        image.description = sanitize(item.content).strip()
        image.original_url = url[:1000]
        image.mime_type = (mimetypes.guess_type(url)[0] or "")[:100]
        self.media.learn_host(url)
        relative = self.media.relative_path(item.meta.get("_wp_attached_file", ""), url)
        if self.media.root is None:
            if not image.file:
                self.report.count("files", "skipped")
                self.report.warn(
                    "file not copied (no --media-dir)",
                    f"{item.describe()}: {relative or url} (the image keeps its old address)",
                )
        else:
            name = self.media.store(relative)
            if name is None:
                self.report.count("files", "skipped")
                self.report.warn(
                    "file not found",
                    f"{item.describe()}: {relative or url} is not in the media folder "
                    "(the image keeps its old address)",
                )
            elif not self.dry_run and image.file.name != name:
                image.file = name  # reads the picture's width and height from the file
        if not image.width:
            found = _DIMENSIONS.search(item.meta.get("_wp_attachment_metadata", ""))
            if found:
                image.width, image.height = int(found.group(1)), int(found.group(2))

    def _gallery(self, owner: wxr.Item, attributes: dict[str, str]):
        """The images a ``[gallery]`` on ``owner`` shows, or None while they may still come."""
        listed = attributes.get("ids") or attributes.get("include") or ""
        if listed:
            wanted = [int(n) for n in re.findall(r"\d+", listed)]
            rows = dict(
                LegacyItem.objects.filter(
                    source=self.source, kind=Kind.ATTACHMENT, wp_id__in=wanted
                ).values_list("wp_id", "object_id")
            )
            missing = [n for n in wanted if n not in rows]
            if missing and not self.final:
                return None
            for number in missing:
                self.report.warn(
                    "missing attachment",
                    f"{owner.describe()}: its gallery shows attachment #{number}, "
                    "which is not in the file; left out",
                )
            order = [rows[n] for n in wanted if n in rows]
        else:
            if not self.final:
                return None  # the post's attachments usually follow it in the file
            parent = _int_or_none(attributes.get("id")) or owner.wp_id
            excluded = {int(n) for n in re.findall(r"\d+", attributes.get("exclude", ""))}
            order = [
                object_id
                for wp_id, object_id in LegacyItem.objects.filter(
                    source=self.source, kind=Kind.ATTACHMENT, wp_parent=parent
                )
                .order_by("position", "wp_id")
                .values_list("wp_id", "object_id")
                if wp_id not in excluded
            ]
        images = Image.objects.in_bulk(order)
        shown = [
            images[pk]
            for pk in order
            if pk in images and (images[pk].mime_type or "image/").startswith("image/")
        ]
        return [
            convert.GalleryImage(
                url=image.url,
                alt=image.alt,
                caption=escape(image.caption),
                width=image.width,
                height=image.height,
            )
            for image in shown
        ]

    def _attach_featured_images(self) -> None:
        """``_thumbnail_id`` → ``Post.featured_image`` for the posts this run wrote and the
        posts whose featured image this run brought."""
        run = self.run_record
        posts = LegacyItem.objects.filter(
            source=self.source, kind=Kind.POST, wp_thumbnail__isnull=False
        )
        new_images = LegacyItem.objects.filter(
            source=self.source, kind=Kind.ATTACHMENT, last_run=run
        ).values("wp_id")
        wanted = posts.filter(Q(last_run=run) | Q(wp_thumbnail__in=new_images))
        batch: list[tuple[int, int, int]] = []
        for entry in wanted.values_list("object_id", "wp_thumbnail", "wp_id").iterator(
            chunk_size=1000
        ):
            batch.append(entry)
            if len(batch) >= 1000:
                self._set_featured(batch)
                batch = []
        self._set_featured(batch)

    def _set_featured(self, batch: list[tuple[int, int, int]]) -> None:
        if not batch:
            return
        images = dict(
            LegacyItem.objects.filter(
                source=self.source,
                kind=Kind.ATTACHMENT,
                wp_id__in=[thumbnail for _pk, thumbnail, _wp in batch],
            ).values_list("wp_id", "object_id")
        )
        live = set(Image.objects.filter(pk__in=images.values()).values_list("pk", flat=True))
        changed = []
        for post_id, thumbnail, wp_id in batch:
            image_id = images.get(thumbnail)
            if image_id in live:
                changed.append(Post(pk=post_id, featured_image_id=image_id))
            else:
                self.report.warn(
                    "missing attachment",
                    f"post #{wp_id}: its featured image is attachment #{thumbnail}, "
                    "which is not in the file; imported without one",
                )
        Post.objects.bulk_update(changed, ["featured_image"], batch_size=500)

    def _render_waiting_galleries(self) -> None:
        """Bodies whose galleries waited for their images: converted again, final."""
        waiting = LegacyItem.objects.filter(
            source=self.source, kind__in=[Kind.POST, Kind.PAGE]
        ).exclude(pending_body="")
        while rows := list(waiting.order_by("pk")[:200]):
            posts = Post.objects.in_bulk([r.object_id for r in rows if r.kind == Kind.POST])
            entries = []
            for row in rows:
                model = Post if row.kind == Kind.POST else Page
                target = (
                    posts.get(row.object_id)
                    if model is Post
                    else Page.objects.filter(pk=row.object_id).first()
                )
                if target is None:
                    continue
                owner = wxr.Item(row.kind, row.wp_id or 0, title=target.title)
                owner.content = row.pending_body
                target.body = self._convert(owner).html
                if model is Post:
                    entries.append(actions.ImportedPost(target, updated_at=target.updated_at))
                else:
                    actions.import_page(target, user=self.user, updated_at=target.updated_at)
            actions.import_posts(entries, user=self.user)
            LegacyItem.objects.filter(pk__in=[row.pk for row in rows]).update(pending_body="")

    # --- comments ------------------------------------------------------------------------

    def _import_comments(self, owners: list[tuple[wxr.Item, int | None, int | None]]) -> None:
        """The comments of a batch of posts or pages, threads kept."""
        pairs = [(c, post_id, page_id) for item, post_id, page_id in owners for c in item.comments]
        if not pairs:
            return
        known = self._known(Kind.COMMENT, [comment for comment, *_ in pairs])
        stored = Comment.objects.in_bulk([row.object_id for row in known.values()])
        work = []
        for comment, post_id, page_id in pairs:
            kind = COMMENT_KINDS.get(comment.kind)
            if kind is None:
                self.report.count("comments", "skipped")
                self.report.note("skipped comment types", comment.kind)
                continue
            row = known.get(comment.wp_id)
            stored_comment = stored.get(row.object_id) if row else None
            self.report.count("comments", "updated" if stored_comment else "created")
            target = stored_comment or Comment()
            target.post_id, target.page_id = post_id, page_id
            target.kind = kind
            target.status = COMMENT_MODERATION.get(comment.approved, Comment.Moderation.PENDING)
            target.author_name = plain_text(comment.author)[:255]
            target.author_email = comment.email[:254]
            target.author_url = comment.url[:500]
            target.author_ip = comment.ip[:45]
            target.user_id = self.author_users.get(comment.user_id)
            target.body = sanitize(convert.autop(comment.content)).strip()
            target.created_at = (
                _when(comment.date_gmt, utc=True) or _when(comment.date) or timezone.now()
            )
            work.append((comment, row, target))
        actions.import_comments([target for _c, _row, target in work], user=self.user)
        self._remember(
            self._row(
                Kind.COMMENT,
                row,
                wp_id=comment.wp_id,
                object_id=target.pk,
                wp_parent=comment.parent,
            )
            for comment, row, target in work
        )
        ids = {comment.wp_id: target.pk for comment, _row, target in work}
        parents = {comment.parent for comment, *_ in work if comment.parent} - ids.keys()
        if parents:
            ids |= dict(
                LegacyItem.objects.filter(
                    source=self.source, kind=Kind.COMMENT, wp_id__in=parents
                ).values_list("wp_id", "object_id")
            )
        threaded = []
        for comment, _row, target in work:
            parent_id = ids.get(comment.parent) if comment.parent else None
            if parent_id != target.parent_id and parent_id != target.pk:
                target.parent_id = parent_id
                threaded.append(target)
        Comment.objects.bulk_update(threaded, ["parent"], batch_size=500)

    # --- redirects for pages, attachments and terms ---------------------------------------

    def _redirect_remembered_items(self) -> None:
        """Old addresses of what this run wrote, now that every item has its final place."""
        rows = LegacyItem.objects.filter(
            source=self.source,
            last_run=self.run_record,
            kind__in=[Kind.PAGE, Kind.ATTACHMENT, Kind.TAG, Kind.CATEGORY, Kind.AUTHOR],
        )
        chunk: list[LegacyItem] = []
        for row in rows.iterator(chunk_size=500):
            chunk.append(row)
            if len(chunk) >= 500:
                self._redirect_chunk(chunk)
                chunk = []
        self._redirect_chunk(chunk)

    def _redirect_chunk(self, rows: list[LegacyItem]) -> None:
        by_kind: dict[str, list[LegacyItem]] = {}
        for row in rows:
            by_kind.setdefault(row.kind, []).append(row)
        models = {
            Kind.PAGE: Page,
            Kind.ATTACHMENT: Image,
            Kind.TAG: Tag,
            Kind.CATEGORY: Category,
            Kind.AUTHOR: Author,
        }
        parents = self._attachment_parents(by_kind.get(Kind.ATTACHMENT, []))
        for kind, group in by_kind.items():
            objects = models[kind].objects.in_bulk([row.object_id for row in group])
            for row in group:
                target = objects.get(row.object_id)
                if target is None:
                    continue
                for old_path, new_path, certain in self._old_addresses(row, target, parents):
                    self.redirects.add(old_path, new_path, certain=certain)

    def _attachment_parents(self, rows: list[LegacyItem]) -> dict[int, str]:
        """The public address of each attachment's post or page, by WordPress ID."""
        wanted = {row.wp_parent for row in rows if row.wp_parent}
        if not wanted:
            return {}
        parents = LegacyItem.objects.filter(
            source=self.source, kind__in=[Kind.POST, Kind.PAGE], wp_id__in=wanted
        ).values_list("kind", "wp_id", "object_id")
        posts = {pk: wp_id for kind, wp_id, pk in parents if kind == Kind.POST}
        pages = {pk: wp_id for kind, wp_id, pk in parents if kind == Kind.PAGE}
        found: dict[int, str] = {}
        for post in Post.objects.public().filter(pk__in=posts).only("slug", "published_at"):
            found[posts[post.pk]] = post.get_absolute_url()
        for page in Page.objects.filter(pk__in=pages, status=Status.PUBLISHED).only("path"):
            found[pages[page.pk]] = page.get_absolute_url()
        return found

    def _old_addresses(self, row: LegacyItem, target, parents: dict[int, str]):
        prefix = self.prefix
        if row.kind == Kind.PAGE:
            if target.status != Status.PUBLISHED:
                return
            new = target.get_absolute_url()
            for path in variants(row.old_path):
                yield path, new, True
            yield f"{prefix}/?page_id={row.wp_id}", new, True
            yield f"{prefix}/?p={row.wp_id}", new, True
        elif row.kind == Kind.ATTACHMENT:
            new = parents.get(row.wp_parent) or (target.file.url if target.file else "")
            if new:
                for path in variants(row.old_path):
                    yield path, new, True
                yield f"{prefix}/?attachment_id={row.wp_id}", new, True
            if target.file and _host(target.original_url) in self.media.site_hosts:
                yield canonical(target.original_url), target.file.url, True
        elif row.kind == Kind.TAG:
            new = target.get_absolute_url()
            yield row.old_path, new, True
            yield f"{prefix}/?tag={_path_part(row.wp_key)}", new, True
        elif row.kind == Kind.CATEGORY:
            new = target.get_absolute_url()
            yield row.old_path, new, True
            yield f"{prefix}/category/{_path_part(row.wp_key)}/", new, False
            if row.wp_id:
                yield f"{prefix}/?cat={row.wp_id}", new, True
        elif row.kind == Kind.AUTHOR:
            new = target.get_absolute_url()
            yield row.old_path, new, True
            if row.wp_id:
                yield f"{prefix}/?author={row.wp_id}", new, True


# --- small helpers ------------------------------------------------------------------------


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _site_key(address: str) -> str:
    """The site an export comes from, scheme left out (http and https are one site)."""
    parts = urlsplit(address.strip())
    host = (parts.hostname or "").lower()
    return f"{host}{parts.path.rstrip('/')}"[:300] if host else ""


def _when(value: str, *, utc: bool = False) -> datetime | None:
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


def _int_or_none(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number or None


def _term_key(slug: str, name: str) -> str:
    """How items name a term: its slug, decoded; a name when the file gives no slug."""
    key = unquote(slug.strip()) if slug.strip() else slug_for(plain_text(name), "")
    return key[:300]


def _refs(item: wxr.Item, taxonomy: str) -> list[str]:
    return [_term_key(r.slug, r.name) for r in item.terms if r.taxonomy == taxonomy]


def _path_part(value: str) -> str:
    return canonical("/" + value.strip("/"))[1:] if value else ""


def _post_format(item: wxr.Item) -> str:
    for ref in item.terms:
        if ref.taxonomy == "post_format":
            name = (ref.slug or ref.name).lower().removeprefix("post-format-")
            if name in FORMATS:
                return name
    return PostFormat.STANDARD


def _comment_status(item: wxr.Item) -> str:
    return CommentStatus.OPEN if item.comment_status == "open" else CommentStatus.CLOSED


def _free_slug(base: str, taken: Callable[[str], bool]) -> str:
    candidate, number = base, 2
    while taken(candidate):
        suffix = f"-{number}"
        candidate = base[: SLUG_LENGTH - len(suffix)] + suffix
        number += 1
    return candidate


def _free_name(base: str, taken: Callable[[str], bool]) -> str:
    candidate, number = base, 2
    while taken(candidate):
        suffix = f"-{number}"
        candidate = base[: 150 - len(suffix)] + suffix
        number += 1
    return candidate


def _taken(model, instance, parent_id=None) -> Callable[[str], bool]:
    def taken(slug: str) -> bool:
        others = model.objects.filter(slug=slug)
        if model is Category:
            others = others.filter(parent_id=parent_id)
        if instance.pk is not None:
            others = others.exclude(pk=instance.pk)
        return others.exists()

    return taken


def _page_slug_taken(page: Page, parent: Page | None) -> Callable[[str], bool]:
    """Unique among the parent's children; a top-level page must not take a post's slug."""

    def taken(slug: str) -> bool:
        siblings = Page.objects.filter(parent=parent, slug=slug)
        if page.pk is not None:
            siblings = siblings.exclude(pk=page.pk)
        if siblings.exists():
            return True
        return parent is None and Post.objects.filter(slug=slug).exists()

    return taken

"""WordPress posts → Post, in batches, through :func:`~newsdesk.content.actions.import_posts`.

Statuses map as WordPress means them (publish → published, future → scheduled, private,
draft, pending; trash is skipped by the importer), and so do sticky posts, custom
excerpts, passwords, post formats and comment settings. Each public post answers at its
old addresses: its ``<link>``, ``/?p=ID``, and the other usual permalink shape.
"""

from __future__ import annotations

from urllib.parse import unquote

from newsdesk.content import actions, protection
from newsdesk.content.html import plain_text
from newsdesk.content.models import CommentStatus, Page, Post, PostFormat, Status
from newsdesk.content.slugs import slug_for
from newsdesk.wordpress import wxr
from newsdesk.wordpress.attachments import Attachments
from newsdesk.wordpress.bodies import convert_item
from newsdesk.wordpress.comments import import_comments
from newsdesk.wordpress.context import (
    STATUSES,
    ImportContext,
    Kind,
    free_name,
    identity,
    int_or_none,
    modified_at,
    path_part,
    published_at,
    when,
)
from newsdesk.wordpress.people import Authors
from newsdesk.wordpress.redirects import canonical, variants
from newsdesk.wordpress.terms import Terms, refs

BATCH = 200
FORMATS = {value for value, _label in PostFormat.choices}


class Posts:
    def __init__(
        self, context: ImportContext, authors: Authors, terms: Terms, attachments: Attachments
    ):
        self.context = context
        self.authors = authors
        self.terms = terms
        self.attachments = attachments
        self.pending: list[wxr.Item] = []

    def add(self, item: wxr.Item) -> None:
        self.pending.append(item)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        context = self.context
        items, self.pending = self.pending, []
        if not items:
            return
        self.attachments.flush()  # galleries may show images from earlier in the file
        known = context.known(Kind.POST, items)
        stored = Post.objects.in_bulk([row.object_id for row in known.values()])
        work = []
        for item in items:
            row = known.get(identity(item))
            post = stored.get(row.object_id) if row else None
            checksum = context.checksum(item)
            if post is not None and row.checksum == checksum:
                context.report.count("posts", "unchanged")
                context.report.count("comments", "unchanged", len(item.comments))
                continue
            context.report.count("posts", "updated" if post is not None else "created")
            work.append((item, row, post or Post(), checksum))
        if not work:
            return
        items = [item for item, *_ in work]
        authors = self.authors.for_items(items)
        tags, categories = self.terms.for_items(items)
        entries, waiting = [], []
        for (item, _row, post, _checksum), slug in zip(work, self._slugs(work), strict=True):
            waiting.append(self._fill(post, item, slug))
            if not item.creator:
                context.report.warn("no author", f"{item.describe()}: imported without a byline")
            entries.append(
                actions.ImportedPost(
                    post,
                    tags=[tags[key] for key in refs(item, "post_tag") if key in tags],
                    categories=[categories[k] for k in refs(item, "category") if k in categories],
                    authors=[authors[item.creator]] if item.creator in authors else [],
                    updated_at=modified_at(item),
                    created_at=when(item.post_date_gmt, utc=True) or when(item.post_date),
                )
            )
        actions.import_posts(entries, user=context.user)
        context.remember(
            context.row(
                Kind.POST,
                row,
                wp_id=item.wp_id or None,
                guid=item.guid[:1000],
                old_path=canonical(item.link),
                object_id=post.pk,
                checksum=checksum,
                wp_thumbnail=int_or_none(item.meta.get("_thumbnail_id")),
                pending_body=item.content if gallery_waits else "",
            )
            for (item, row, post, checksum), gallery_waits in zip(work, waiting, strict=True)
        )
        import_comments(
            context, [(item, post.pk, None) for item, _r, post, _c in work], self.authors.users
        )
        for item, _row, post, _checksum in work:
            # A scheduled post's old links are written now and answer once it is live.
            if post.is_public or post.status == Status.SCHEDULED:
                self._redirect(item, post)

    def _fill(self, post: Post, item: wxr.Item, slug: str) -> bool:
        """Set the post's fields from the item; True when a gallery waits for images."""
        converted = convert_item(self.context, item)
        post.title = plain_text(item.title)[:500]
        post.slug = slug
        post.body = converted.html
        post.excerpt = item.excerpt
        post.status = STATUSES[item.status]
        post.published_at = published_at(item)
        protection.protect(post, item.password)
        post.sticky = item.sticky
        post.format = post_format(item)
        post.comment_status = comment_status(item)
        post.language = self.context.language
        return converted.waiting_for_images

    def _slugs(self, work: list) -> list[str]:
        """Each post's slug: WordPress's own (decoded), else one from the title; unique
        among posts and top-level pages (both live at /<slug>/)."""
        bases = []
        for item, *_ in work:
            wanted = slug_for(unquote(item.slug), "") if item.slug else ""
            bases.append(wanted or slug_for(plain_text(item.title), "post"))
        owners: dict[str, set[int]] = {}
        for pk, slug in Post.objects.filter(slug__in=bases).values_list("pk", "slug"):
            owners.setdefault(slug, set()).add(pk)
        pages = set(Page.objects.filter(parent=None, slug__in=bases).values_list("slug", flat=True))
        chosen: list[str] = []
        claimed: set[str] = set()
        for (_item, _row, post, _checksum), base in zip(work, bases, strict=True):
            own = post.pk
            if base in claimed or base in pages or owners.get(base, set()) - {own}:
                base = free_name(
                    base,
                    lambda s, own=own: (
                        s in claimed
                        or Post.objects.filter(slug=s).exclude(pk=own).exists()
                        or Page.objects.filter(parent=None, slug=s).exists()
                    ),
                )
            claimed.add(base)
            chosen.append(base)
        return chosen

    def _redirect(self, item: wxr.Item, post: Post) -> None:
        context, new_path = self.context, post.get_absolute_url()

        def add(old_path: str, certain: bool = True) -> None:
            context.redirects.add(old_path, new_path, certain=certain, post_id=post.pk)

        for path in variants(canonical(item.link)):
            add(path)
        if item.wp_id:
            add(f"{context.prefix}/?p={item.wp_id}")
        guid_path = canonical(item.guid)
        if guid_path.startswith(f"{context.prefix}/?p="):
            add(guid_path)
        slug = path_part(unquote(item.slug)) if item.slug else ""
        local = when(item.post_date)
        if slug:
            # The other usual permalink shape; never overrides an address the file gives.
            add(f"{context.prefix}/{slug}/", certain=False)
            if local is not None:
                dated = f"{context.prefix}/{local:%Y/%m/%d}/{slug}/"
                add(dated, certain=False)


def post_format(item: wxr.Item) -> str:
    for ref in item.terms:
        if ref.taxonomy == "post_format":
            name = (ref.slug or ref.name).lower().removeprefix("post-format-")
            if name in FORMATS:
                return name
    return PostFormat.STANDARD


def comment_status(item: wxr.Item) -> str:
    return CommentStatus.OPEN if item.comment_status == "open" else CommentStatus.CLOSED

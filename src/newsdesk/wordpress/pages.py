"""WordPress pages → Page, the tree kept (``Page.parent``).

WordPress may list a page before its parent. Such a page waits at the top level under
a stand-in slug and is moved under its parent once the whole file has been read.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from newsdesk.content import actions, protection
from newsdesk.content.html import plain_text
from newsdesk.content.models import Page, Post, Redirect
from newsdesk.content.slugs import slug_for
from newsdesk.wordpress import wxr
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
    published_at,
)
from newsdesk.wordpress.models import LegacyItem
from newsdesk.wordpress.people import Authors
from newsdesk.wordpress.posts import comment_status
from newsdesk.wordpress.redirects import canonical


class Pages:
    def __init__(self, context: ImportContext, authors: Authors):
        self.context = context
        self.authors = authors
        self.orphans: dict[int, str] = {}  # page id → the slug it gets under its parent

    def take(self, item: wxr.Item) -> None:
        context = self.context
        row = context.known(Kind.PAGE, [item]).get(identity(item))
        page = Page.objects.filter(pk=row.object_id).first() if row else None
        checksum = context.checksum(item)
        if page is not None and row.checksum == checksum:
            context.report.count("pages", "unchanged")
            context.report.count("comments", "unchanged", len(item.comments))
            return
        context.report.count("pages", "updated" if page is not None else "created")
        parent = self._page(item.parent) if item.parent else None
        page = page or Page()
        title = plain_text(item.title)
        wanted = slug_for(unquote(item.slug) if item.slug else title, "page")
        page.title = (title or "(no title)")[:500]
        page.parent = parent
        page.slug = free_name(wanted, _slug_taken(page, parent))
        converted = convert_item(context, item)
        page.body = converted.html
        page.status = STATUSES[item.status]
        page.published_at = published_at(item)
        protection.protect(page, item.password)
        page.comment_status = comment_status(item)
        page.language = context.language
        page.position = item.menu_order
        actions.import_page(page, user=context.user, updated_at=modified_at(item))
        if item.parent and parent is None:
            self.orphans[page.pk] = wanted
        context.remember(
            [
                context.row(
                    Kind.PAGE,
                    row,
                    wp_id=item.wp_id or None,
                    guid=item.guid[:1000],
                    old_path=canonical(item.link),
                    object_id=page.pk,
                    checksum=checksum,
                    wp_parent=item.parent or None,
                    wp_thumbnail=int_or_none(item.meta.get("_thumbnail_id")),
                    position=item.menu_order,
                    pending_body=item.content if converted.waiting_for_images else "",
                )
            ]
        )
        import_comments(context, [(item, None, page.pk)], self.authors.users)

    def _page(self, wp_id: int | None) -> Page | None:
        row = LegacyItem.objects.filter(
            source=self.context.source, kind=Kind.PAGE, wp_id=wp_id
        ).first()
        return Page.objects.filter(pk=row.object_id).first() if row else None

    def place_orphans(self) -> None:
        """Pages listed before their parent go under it now. Their stand-in top-level
        addresses never existed for readers, so the redirects that moving them leaves
        behind are removed again."""
        if not self.orphans:
            return
        last_redirect = Redirect.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        rows = LegacyItem.objects.filter(
            source=self.context.source, kind=Kind.PAGE, object_id__in=list(self.orphans)
        )
        for row in list(rows):
            page = Page.objects.filter(pk=row.object_id).first()
            parent = self._page(row.wp_parent)
            if page is None:
                continue
            if parent is None or _is_within(parent, page):
                self.context.report.warn(
                    "missing parent page",
                    f"page “{page.title}” (#{row.wp_id}) names parent #{row.wp_parent}, "
                    "which is not in the file; kept at the top level",
                )
                continue
            page.parent = parent
            page.slug = free_name(self.orphans[page.pk], _slug_taken(page, parent))
            actions.import_page(page, user=self.context.user, updated_at=page.updated_at)
        Redirect.objects.filter(pk__gt=last_redirect).delete()


def _is_within(candidate: Page, page: Page) -> bool:
    """Whether ``candidate`` is ``page`` or lies under it (a loop in the file's parents)."""
    node, depth = candidate, 0
    while node is not None and depth < 100:
        if node.pk == page.pk:
            return True
        node, depth = node.parent, depth + 1
    return node is not None


def _slug_taken(page: Page, parent: Page | None) -> Callable[[str], bool]:
    """Unique among the parent's children; a top-level page must not take a post's slug."""

    def taken(slug: str) -> bool:
        siblings = Page.objects.filter(parent=parent, slug=slug)
        if page.pk is not None:
            siblings = siblings.exclude(pk=page.pk)
        if siblings.exists():
            return True
        return parent is None and Post.objects.filter(slug=slug).exists()

    return taken

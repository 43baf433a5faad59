"""Old WordPress addresses → new ones, as :class:`~newsdesk.content.models.Redirect` rows.

An old address is stored exactly as ``request.get_full_path()`` shows it when a reader
follows it: the path percent-decoded then re-escaped (so ``%ce%b5`` and ``ε`` both end
as ``%CE%B5``), plus the query (``/?p=123``). The site answers 301 from the table when
nothing else lives at the address.

Two strengths: *certain* addresses come from the file (an item's ``<link>``,
``/?p=ID``) and overwrite whatever the table held; *guessed* ones (the other common
permalink shape, a category's short path) never overwrite, so a guess cannot steal an
address another item really had.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.utils.encoding import escape_uri_path, iri_to_uri

from newsdesk.content.models import Author, Category, Image, Page, Post, Redirect, Status, Tag
from newsdesk.wordpress.models import LegacyItem

if TYPE_CHECKING:
    from newsdesk.wordpress.context import ImportContext

MAX_PATH = 1000
Kind = LegacyItem.Kind
_MODELS = {
    Kind.PAGE: Page,
    Kind.ATTACHMENT: Image,
    Kind.TAG: Tag,
    Kind.CATEGORY: Category,
    Kind.AUTHOR: Author,
}


def canonical(address: str) -> str:
    """The path (and query) of ``address`` as Django's ``get_full_path()`` gives it;
    '' when it has no usable path."""
    parts = urlsplit(address.strip())
    path = unquote(parts.path)
    if not path.startswith("/"):
        return ""
    full = escape_uri_path(path)
    if parts.query:
        full += "?" + iri_to_uri(parts.query)
    return full if len(full) <= MAX_PATH else ""


def variants(path: str) -> list[str]:
    """A path and, when it has doubled slashes (WordPress writes some), the tidy form."""
    tidy = re.sub(r"/{2,}", "/", path)
    return [path, tidy] if tidy != path else [path]


class RedirectWriter:
    """Collects redirects and writes them in batches; counts what changed."""

    BATCH = 1000

    def __init__(self):
        self._pending: dict[str, tuple[str, bool, int | None]] = {}
        self.created = self.updated = self.unchanged = 0

    def add(
        self, old_path: str, new_path: str, *, certain: bool = True, post_id: int | None = None
    ) -> None:
        """``post_id``: the post the address leads to (see Redirect.post)."""
        if not old_path or not new_path or old_path == new_path:
            return
        known = self._pending.get(old_path)
        if known is not None and (known[1] or not certain):
            return  # the first certain address wins within a batch as in the table
        self._pending[old_path] = (new_path, certain, post_id)
        if len(self._pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        existing = {
            old_path: (new_path, post_id)
            for old_path, new_path, post_id in Redirect.objects.filter(
                old_path__in=list(pending)
            ).values_list("old_path", "new_path", "post_id")
        }
        overwrite, insert = [], []
        for old_path, (new_path, certain, post_id) in pending.items():
            redirect = Redirect(old_path=old_path, new_path=new_path, post_id=post_id)
            if old_path not in existing:
                insert.append(redirect)
                self.created += 1
            elif existing[old_path] == (new_path, post_id) or not certain:
                self.unchanged += 1
            else:
                overwrite.append(redirect)
                self.updated += 1
        Redirect.objects.bulk_create(insert, batch_size=500)
        if overwrite:
            Redirect.objects.bulk_create(
                overwrite,
                update_conflicts=True,
                unique_fields=["old_path"],
                update_fields=["new_path", "post"],
                batch_size=500,
            )


# --- at the end of a run: pages, attachments, terms and authors ---------------------------


def redirect_remembered_items(context: ImportContext) -> None:
    """Old addresses of what this run wrote, now that every item has its final place
    (posts are done as they are written: nothing moves them later)."""
    rows = LegacyItem.objects.filter(
        source=context.source,
        last_run=context.run,
        kind__in=[Kind.PAGE, Kind.ATTACHMENT, Kind.TAG, Kind.CATEGORY, Kind.AUTHOR],
    )
    chunk: list[LegacyItem] = []
    for row in rows.iterator(chunk_size=500):
        chunk.append(row)
        if len(chunk) >= 500:
            _redirect_chunk(context, chunk)
            chunk = []
    _redirect_chunk(context, chunk)


def _redirect_chunk(context: ImportContext, rows: list[LegacyItem]) -> None:
    by_kind: dict[str, list[LegacyItem]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    parents = _attachment_parents(context, by_kind.get(Kind.ATTACHMENT, []))
    for kind, group in by_kind.items():
        objects = _MODELS[kind].objects.in_bulk([row.object_id for row in group])
        for row in group:
            target = objects.get(row.object_id)
            if target is None:
                continue
            for old_path, new_path, certain in _old_addresses(context, row, target, parents):
                context.redirects.add(old_path, new_path, certain=certain)


def _attachment_parents(context: ImportContext, rows: list[LegacyItem]) -> dict[int, str]:
    """The public address of each attachment's post or page, by WordPress ID."""
    wanted = {row.wp_parent for row in rows if row.wp_parent}
    if not wanted:
        return {}
    parents = LegacyItem.objects.filter(
        source=context.source, kind__in=[Kind.POST, Kind.PAGE], wp_id__in=wanted
    ).values_list("kind", "wp_id", "object_id")
    posts = {pk: wp_id for kind, wp_id, pk in parents if kind == Kind.POST}
    pages = {pk: wp_id for kind, wp_id, pk in parents if kind == Kind.PAGE}
    found: dict[int, str] = {}
    for post in Post.objects.public().filter(pk__in=posts).only("slug", "published_at"):
        found[posts[post.pk]] = post.get_absolute_url()
    for page in Page.objects.filter(pk__in=pages, status=Status.PUBLISHED).only("path"):
        found[pages[page.pk]] = page.get_absolute_url()
    return found


def _old_addresses(context: ImportContext, row: LegacyItem, target, parents: dict[int, str]):
    """(old path, new path, certain) for one remembered item."""
    prefix = context.prefix
    if row.kind == Kind.PAGE:
        if target.status != Status.PUBLISHED:
            return
        new = target.get_absolute_url()
        for path in variants(row.old_path):
            yield path, new, True
        if row.wp_id:
            yield f"{prefix}/?page_id={row.wp_id}", new, True
            yield f"{prefix}/?p={row.wp_id}", new, True
    elif row.kind == Kind.ATTACHMENT:
        # An attachment page leads to the post that shows the picture, else to the file.
        new = parents.get(row.wp_parent) or (target.file.url if target.file else "")
        if new:
            for path in variants(row.old_path):
                yield path, new, True
            if row.wp_id:
                yield f"{prefix}/?attachment_id={row.wp_id}", new, True
        original_host = (urlsplit(target.original_url).hostname or "").lower()
        if target.file and original_host in context.media.site_hosts:
            yield canonical(target.original_url), target.file.url, True
    elif row.kind == Kind.TAG:
        new = target.get_absolute_url()
        yield row.old_path, new, True
        yield f"{prefix}/?tag={_escaped(row.wp_key)}", new, True
    elif row.kind == Kind.CATEGORY:
        new = target.get_absolute_url()
        yield row.old_path, new, True
        yield f"{prefix}/category/{_escaped(row.wp_key)}/", new, False  # WordPress accepts it
        if row.wp_id:
            yield f"{prefix}/?cat={row.wp_id}", new, True
    elif row.kind == Kind.AUTHOR:
        new = target.get_absolute_url()
        yield row.old_path, new, True
        if row.wp_id:
            yield f"{prefix}/?author={row.wp_id}", new, True


def _escaped(value: str) -> str:
    return canonical("/" + value.strip("/"))[1:] if value else ""

"""The one write path for everything the public can see.

Admin, importer and command line all call these functions. Each one checks
permission, changes state in one transaction, keeps archive counts, writes the
audit log, sends :data:`~newsdesk.content.signals.content_changed` after commit,
and returns the :class:`~newsdesk.content.stale.Stale` set of public pages it
affected.

``user=None`` means the system itself (a command run by the operator, the
scheduler); any other user must hold the permission the action needs and, for a
post or an image, be allowed to touch that one (:mod:`newsdesk.content.permissions`:
their own, unless they may edit others').
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from newsdesk.content import permissions, previews, protection, signals
from newsdesk.content.html import render_body, sanitize, summarise
from newsdesk.content.links import refuse_unsafe_links
from newsdesk.content.models import (
    AuditEntry,
    Author,
    Category,
    Comment,
    Image,
    Menu,
    MenuItem,
    Page,
    Post,
    PostAuthor,
    PostCategory,
    PostTag,
    Redirect,
    Revision,
    Series,
    SiteSettings,
    Status,
    Tag,
)
from newsdesk.content.slugs import unique_slug
from newsdesk.content.stale import Footprint, Stale, stale_between

logger = logging.getLogger(__name__)

# The post's term lists: keyword, link model, link field, term model.
_LINKS = (
    ("tags", PostTag, "tag", Tag),
    ("categories", PostCategory, "category", Category),
    ("authors", PostAuthor, "author", Author),
)
# Where a revision keeps each list.
_REVISION_LISTS = {"tags": "tag_ids", "categories": "category_ids", "authors": "author_ids"}


# --- permissions and bookkeeping ------------------------------------------------------


def require(user, permission: str, obj: models.Model | None = None) -> None:
    """Refuse unless ``user`` (None = the system) holds ``permission`` and, when ``obj``
    is a post or an image, may touch that one (see :func:`permissions.may_edit` and
    :func:`permissions.may_change_image`)."""
    if user is None:
        return
    if not user.has_perm(permission):
        raise PermissionDenied(f"{user} may not {permission.split('.', 1)[1].replace('_', ' ')}")
    if isinstance(obj, Post) and not permissions.may_edit(user, obj):
        raise PermissionDenied(
            f"{user} may not change “{obj}”: it is another writer's, or out and theirs no more"
        )
    if isinstance(obj, Image) and not permissions.may_change_image(user, obj):
        raise PermissionDenied(
            f"{user} may not change the image “{obj}”: someone else uploaded it and "
            "it is not used by posts of theirs alone"
        )


def _require_credit(user, post: Post, stored: dict | None, authors: Sequence[Author] | None):
    """Other people's names on a post (authors, a shared byline) and its sticky place on
    the home page are set by those who may edit others' posts; a writer keeps what an
    editor set, and may list themselves."""
    if permissions.may_credit(user):
        return
    was = stored or {"sticky": False, "byline": ""}
    if post.sticky != was["sticky"]:
        raise PermissionDenied("Only editors make a post sticky or take it off the top.")
    if post.byline != was["byline"]:
        raise PermissionDenied("Only editors set a post's shared byline.")
    if authors is None:
        return
    kept = (
        PostAuthor.objects.filter(post_id=post.pk)
        .order_by(*PostAuthor._meta.ordering)
        .values_list("author_id", "author__user_id")
        if post.pk
        else []
    )
    named = [(author.pk, author.user_id) for author in authors]
    if _others(named, user) != _others(kept, user):
        raise PermissionDenied(
            "Only editors name other people as a post's authors; you may list yourself."
        )


def _others(authors, user) -> list[int]:
    """The ids of the bylines in ``authors`` ((author id, user id) pairs) not ``user``'s."""
    return list(dict.fromkeys(pk for pk, account in authors if account != user.pk))


def _audit(user, action: str, obj: models.Model, summary: str = "") -> None:
    AuditEntry.objects.create(
        user=user if getattr(user, "pk", None) else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        summary=(summary or str(obj))[:500],
    )


def _announce(action: str, stale: Stale, user) -> None:
    if stale.everything:
        SiteSettings.bump_generation()  # in the change's own transaction
    transaction.on_commit(
        lambda: signals.content_changed.send(sender=action, stale=stale, user=user)
    )


# --- posts ---------------------------------------------------------------------------


def save_post(
    post: Post,
    *,
    user=None,
    tags: Sequence[Tag] | None = None,
    categories: Sequence[Category] | None = None,
    authors: Sequence[Author] | None = None,
    action: str = "",
    now=None,
) -> Stale:
    """Create or update ``post``; ``tags``/``categories``/``authors`` replace the post's
    lists when given (in order) and are left alone when None. ``now`` is the clock the
    scheduling rules use (the scheduler passes its own).

    Every save keeps a :class:`Revision`. ``action`` names the change in the audit log;
    by default it is read from the status change ("publish", "submit", "trash"…).
    Publishing a post whose featured image has no alt text raises ValidationError."""
    created = post.pk is None
    stored = stored_state(post)
    require(user, "content.add_post" if created else "content.change_post", post)
    if post.status in permissions.OUT:
        require(user, "content.publish_post")
    if post.status == Status.TRASH and (stored or {}).get("status") != Status.TRASH:
        require(user, "content.delete_post")
    _require_credit(user, post, stored, authors)
    with transaction.atomic():
        before = Footprint.of(post)
        _prepare(post, now or timezone.now())
        _refuse_unlabelled_image(post, stored)
        if stored and stored["status"] == Status.PUBLISHED and not post.is_public:
            # Taken down: a link given out before must not keep showing it.
            post.preview_key = _new_preview_key()
        if created and post.created_by_id is None and getattr(user, "pk", None):
            post.created_by = user
        post.save()
        touched = _set_links(post, tags=tags, categories=categories, authors=authors)
        _sync_links(post)
        _recount(touched)
        after = Footprint.of(post)
        _redirect_moved(before, after, post)
        stale = stale_between(before, after)
        action = action or _status_change(stored, post)
        _audit(user, action, post)
        _keep_revision(post, user, action)
        _announce(action, stale, user)
        transaction.on_commit(
            lambda: signals.post_saved.send(sender=Post, post=post, created=created)
        )
    return stale


def publish_post(post: Post, *, user=None, when=None, now=None) -> Stale:
    """Publish now, or at ``when`` (a future time makes the post scheduled)."""
    post.status = Status.PUBLISHED
    if when is not None:
        post.published_at = when
    return save_post(post, user=user, now=now)


def submit_post(post: Post, *, user=None) -> Stale:
    """Hand a draft to the editors: "pending review" (what a Contributor can do)."""
    post.status = Status.PENDING
    return save_post(post, user=user)


def unpublish_post(post: Post, *, user=None) -> Stale:
    post.status = Status.DRAFT
    return save_post(post, user=user, action="unpublish")


def trash_post(post: Post, *, user=None) -> Stale:
    require(user, "content.delete_post", post)
    post.status = Status.TRASH
    return save_post(post, user=user, action="trash")


def restore_post(post: Post, *, user=None) -> Stale:
    """Take a post out of the trash. It comes back as a draft, whatever it was before:
    putting it back in public is a decision of its own."""
    if post.status != Status.TRASH:
        raise ValidationError("Only a post in the trash can be restored.")
    post.status = Status.DRAFT
    return save_post(post, user=user, action="restore")


def restore_revision(post: Post, revision: Revision, *, user=None) -> Stale:
    """Bring back what ``revision`` kept: title, slug, body, excerpt, term lists and
    featured image. The status stays as it is now (restoring words is not publishing or
    unpublishing); the slug stays when another post has taken the old one since. It is
    a save like any other, so it keeps a revision of its own."""
    if revision.post_id != post.pk:
        raise ValidationError("That revision belongs to another post.")
    require(user, "content.change_post", post)
    post.title = revision.title
    post.body_format = revision.body_format
    post.body = revision.body
    post.excerpt = revision.excerpt
    if revision.slug and not Post.objects.filter(slug=revision.slug).exclude(pk=post.pk).exists():
        post.slug = revision.slug
    post.featured_image_id = revision.featured_image_id
    lists = {}
    for name, _link, _fk, term in _LINKS:
        ids = getattr(revision, _REVISION_LISTS[name])
        found = term.objects.in_bulk(ids)
        lists[name] = [found[pk] for pk in ids if pk in found]
    return save_post(post, user=user, action="restore revision", **lists)


def share_preview(post: Post, *, user=None, days: int = previews.DEFAULT_SHARE_DAYS) -> str:
    """The token of a shared preview link that shows ``post`` for ``days`` days (see
    :mod:`newsdesk.content.previews`), for those who may publish the post; the audit
    log keeps who gave out a link to what."""
    if not permissions.may_share_preview(user, post):
        raise PermissionDenied(
            f"Only those who may publish “{post}” share a preview of it; ask an editor."
        )
    token = previews.share_token(post, days)
    _audit(user, "share preview", post, f"{post} (for {days} days)")
    return token


def revoke_previews(post: Post, *, user=None) -> Stale:
    """Make every shared preview link of ``post`` stop working (a new preview key).
    Nothing public changes: the stale set is empty."""
    require(user, "content.change_post", post)
    with transaction.atomic():
        post.preview_key = _new_preview_key()
        Post.objects.filter(pk=post.pk).update(preview_key=post.preview_key)
        _audit(user, "revoke previews", post)
    return Stale()


def _new_preview_key() -> str:
    """A preview key no link given out so far carries (see :mod:`previews`)."""
    return secrets.token_hex(8)


def delete_post(post: Post, *, user=None) -> Stale:
    require(user, "content.delete_post", post)
    with transaction.atomic():
        before = Footprint.of(post)
        touched = _memberships(post)
        post_id = post.pk
        _audit(user, "delete", post)
        post.delete()
        _recount(touched)
        stale = stale_between(before, Footprint())
        _announce("delete_post", stale, user)
        transaction.on_commit(lambda: signals.post_deleted.send(sender=Post, post_id=post_id))
    return stale


def publish_due(now=None) -> Stale:
    """Publish every scheduled post whose time has come (the scheduler's one job).

    Each post in a transaction of its own, its row locked and skipped when another
    server's scheduler holds it (PostgreSQL; SQLite has one writer anyway). A post that
    fails is logged and left scheduled: it must not hold back the others."""
    now = now or timezone.now()
    stale = Stale()
    due = Post.objects.filter(status=Status.SCHEDULED, published_at__lte=now)
    for post_id in list(due.order_by("published_at", "pk").values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                post = (
                    Post.objects.select_for_update(skip_locked=True)
                    .filter(pk=post_id, status=Status.SCHEDULED)
                    .first()
                )
                if post is not None:
                    stale |= publish_post(post, user=None, now=now)
        except Exception:
            logger.exception("Could not publish scheduled post %s", post_id)
    return stale


def stored_state(post: Post) -> dict | None:
    """The post's status, featured image, sticky flag and shared byline as the database
    has them (None: new post)."""
    if post.pk is None:
        return None
    fields = ("status", "featured_image_id", "sticky", "byline")
    return Post.objects.filter(pk=post.pk).values(*fields).first()


_STATUS_ACTIONS = {
    Status.PUBLISHED: "publish",
    Status.SCHEDULED: "schedule",
    Status.PENDING: "submit",
    Status.PRIVATE: "make private",
    Status.TRASH: "trash",
}


def _status_change(stored: dict | None, post: Post) -> str:
    """The audit log's word for a save: what its status change means to a newsroom."""
    if stored is None:
        return "create"
    was = stored["status"]
    if was == post.status:
        return "edit"
    if was == Status.TRASH:
        return "restore"
    if post.status == Status.DRAFT and was in permissions.OUT:
        return "unpublish"
    return _STATUS_ACTIONS.get(post.status, "edit")


def missing_alt_text(post: Post, stored: dict | None) -> str:
    """Why ``post`` may not go out as it stands, or "" when it may.

    A post going out (published or scheduled) needs alt text on its featured image. The
    rule applies when the post goes out, or gets another picture while out; a post
    already out keeps taking edits (a scheduled post going live is not a new decision).
    """
    if post.status not in (Status.PUBLISHED, Status.SCHEDULED) or not post.featured_image_id:
        return ""
    was_out = stored is not None and stored["status"] in (Status.PUBLISHED, Status.SCHEDULED)
    if was_out and stored["featured_image_id"] == post.featured_image_id:
        return ""
    image = Image.objects.filter(pk=post.featured_image_id).only("alt_text", "title").first()
    if image is None or image.alt_text.strip():
        return ""
    return (
        f"The featured image “{image}” has no alt text. Describe it for readers who cannot "
        "see it (edit the image), then publish."
    )


def _refuse_unlabelled_image(post: Post, stored: dict | None) -> None:
    problem = missing_alt_text(post, stored)
    if problem:
        raise ValidationError({"featured_image": problem})


def _keep_revision(post: Post, user, action: str) -> None:
    lists = {
        _REVISION_LISTS[name]: list(
            model.objects.filter(post=post)
            .order_by(*model._meta.ordering)
            .values_list(f"{fk}_id", flat=True)
        )
        for name, model, fk, _term in _LINKS
    }
    Revision.objects.create(
        post=post,
        user=user if getattr(user, "pk", None) else None,
        action=action,
        title=post.title,
        slug=post.slug,
        body_format=post.body_format,
        body=post.body,
        excerpt=post.excerpt,
        status=post.status,
        published_at=post.published_at,
        featured_image_id=post.featured_image_id,
        **lists,
    )


def _prepare(post: Post, now) -> None:
    """Derive what the reader sees from what the editor wrote, and settle the status."""
    if not post.slug:
        post.slug = unique_slug(Post, post.title, instance=post, fallback="post")
    post.body_html = render_body(post.body, post.body_format)
    protection.keep_hashed(post)
    # A card never shows what only the password may open.
    post.summary = "" if post.password else summarise(post.excerpt, post.body, post.body_format)
    if post.status == Status.PUBLISHED and post.published_at is None:
        post.published_at = now
    if post.status == Status.PUBLISHED and post.published_at > now:
        post.status = Status.SCHEDULED
    elif post.status == Status.SCHEDULED and post.published_at and post.published_at <= now:
        post.status = Status.PUBLISHED
    if post.series_id and post.series_part is None:
        last = Post.objects.filter(series_id=post.series_id).exclude(pk=post.pk)
        post.series_part = (last.aggregate(m=models.Max("series_part"))["m"] or 0) + 1
    post.updated_at = now


def _memberships(post: Post) -> dict[type, set[int]]:
    return {
        model: set(model.objects.filter(post=post).values_list(f"{fk}_id", flat=True))
        for _name, model, fk, _term in _LINKS
    }


def _set_links(post: Post, **lists: Sequence | None) -> dict[type, set[int]]:
    """Replace the given term lists; return every term id whose count may change."""
    touched = _memberships(post)
    for name, model, fk, _term in _LINKS:
        terms = lists.get(name)
        if terms is None:
            continue
        wanted = list(dict.fromkeys(term.pk for term in terms))
        model.objects.filter(post=post).exclude(**{f"{fk}_id__in": wanted}).delete()
        existing = {getattr(row, f"{fk}_id"): row for row in model.objects.filter(post=post)}
        ordered = hasattr(model, "position")
        for position, term_id in enumerate(wanted):
            row = existing.get(term_id) or model(post=post, **{f"{fk}_id": term_id})
            if ordered:
                row.position = position
            row.save()
        touched[model] |= set(wanted)
    return touched


def _sync_links(post: Post) -> None:
    for _name, model, _fk, _term in _LINKS:
        model.objects.filter(post=post).update(published_at=post.published_at, live=post.is_public)


def _recount(touched: dict[type, set[int]]) -> None:
    """Refresh the kept counts of the terms a change touched (never counted per request)."""
    for _name, model, fk, term in _LINKS:
        ids = touched.get(model) or set()
        if not ids:
            continue
        live = (
            model.objects.live()
            .filter(**{fk: OuterRef("pk")})
            .order_by()
            .values(fk)
            .annotate(n=Count("*"))
            .values("n")
        )
        term.objects.filter(pk__in=ids).update(post_count=Coalesce(Subquery(live), Value(0)))


def _redirect_moved(before: Footprint, after: Footprint, post: Post) -> None:
    """A public post whose address changed keeps answering at the old one."""
    if not before.placements:
        return
    new_path = post.get_absolute_url()
    for old_path in before.post_paths - {new_path}:
        Redirect.objects.update_or_create(
            old_path=old_path, defaults={"new_path": new_path, "post": post}
        )
    Redirect.objects.filter(old_path=new_path).delete()


# --- pages ---------------------------------------------------------------------------


def _prepare_page(page: Page, updated_at: datetime | None = None) -> None:
    """Slug (unique among its siblings), path, reader HTML and dates, from what was written."""
    if not page.slug:
        page.slug = unique_slug(
            Page, page.title, instance=page, fallback="page", scope={"parent_id": page.parent_id}
        )
    page.path = page.computed_path()
    page.body_html = render_body(page.body, page.body_format)
    protection.keep_hashed(page)
    if page.status == Status.PUBLISHED and page.published_at is None:
        page.published_at = timezone.now()
    page.updated_at = updated_at or timezone.now()


def save_page(page: Page, *, user=None) -> Stale:
    require(user, "content.add_page" if page.pk is None else "content.change_page")
    with transaction.atomic():
        old_path = Page.objects.filter(pk=page.pk).values_list("path", flat=True).first()
        _prepare_page(page)
        action = "create" if page.pk is None else "edit"
        page.save()
        stale = Stale({page.get_absolute_url()}) | _sitemap_stale("pages")
        if old_path and old_path != page.path:
            stale |= _move_subpages(page, old_path)
        _audit(user, action, page)
        _announce("save_page", stale, user)
    return stale


def delete_page(page: Page, *, user=None) -> Stale:
    require(user, "content.delete_page")
    with transaction.atomic():
        stale = Stale({page.get_absolute_url()}) | _sitemap_stale("pages")
        _audit(user, "delete", page)
        page.delete()
        _announce("delete_page", stale, user)
    return stale


def _move_subpages(page: Page, old_path: str) -> Stale:
    stale = Stale({f"/{old_path}/"})
    if page.status == Status.PUBLISHED:
        Redirect.objects.update_or_create(
            old_path=f"/{old_path}/", defaults={"new_path": page.get_absolute_url()}
        )
    for child in page.children.all():
        child.path = child.computed_path()
        child.save(update_fields=["path"])
        stale |= Stale({child.get_absolute_url()}) | _move_subpages(
            child, f"{old_path}/{child.slug}"
        )
    return stale


def _sitemap_stale(section: str) -> Stale:
    return Stale(
        {reverse("sitemap_index"), reverse("sitemap_section", kwargs={"section": section})}
    )


# --- terms, images, site-wide settings -----------------------------------------------


def save_term(term: Tag | Category | Author | Series, *, user=None) -> Stale:
    """Tags, categories, authors and series. Their names appear on many cards, so a
    change to an existing one refreshes the whole site; a new one touches nothing yet."""
    model = type(term)
    created = term.pk is None
    require(user, f"content.{'add' if created else 'change'}_{model._meta.model_name}")
    with transaction.atomic():
        if not term.slug:
            source = (
                getattr(term, "name", None) or getattr(term, "display_name", None) or term.title
            )
            scope = {"parent_id": term.parent_id} if model is Category else None
            term.slug = unique_slug(model, source, instance=term, scope=scope)
        if model is Category:
            term.path = term.computed_path()
        term.save()
        if model is Category:
            _refresh_category_paths(term)
        stale = Stale() if created else Stale.all()
        _audit(user, "create" if created else "edit", term)
        _announce("save_term", stale, user)
    return stale


def delete_term(term: Tag | Category | Author | Series, *, user=None) -> Stale:
    require(user, f"content.delete_{type(term)._meta.model_name}")
    with transaction.atomic():
        _audit(user, "delete", term)
        term.delete()
        stale = Stale.all()
        _announce("delete_term", stale, user)
    return stale


def _refresh_category_paths(category: Category) -> None:
    for child in category.children.all():
        child.path = child.computed_path()
        child.save(update_fields=["path"])
        _refresh_category_paths(child)


def save_image(image, *, user=None) -> Stale:
    """Upload or change an image; an upload is the uploader's (``uploaded_by``)."""
    created = image.pk is None
    require(user, "content.add_image" if created else "content.change_image", image)
    if created and image.uploaded_by_id is None and getattr(user, "pk", None):
        image.uploaded_by = user
    if image.file and not image.file._committed:
        signals.image_uploading.send(sender=type(image), image=image)
    with transaction.atomic():
        image.save()
        stale = Stale() if created else Stale.all()
        _audit(user, "create" if created else "edit", image)
        _announce("save_image", stale, user)
    return stale


def delete_image(image: Image, *, user=None) -> Stale:
    """Remove an image from the library (the posts showing it lose their picture)."""
    require(user, "content.delete_image", image)
    with transaction.atomic():
        _audit(user, "delete", image)
        image.delete()
        _announce("delete_image", Stale.all(), user)
    return Stale.all()


def save_site_item(obj: models.Model, *, user=None) -> Stale:
    """Site settings, menus, menu items and follow links: shown on every page. Refused
    (ValidationError) when a value breaks the model's rules, as the admin's form is:
    their addresses must be links (:mod:`newsdesk.content.links`), whoever saves them."""
    name = obj._meta.model_name
    require(user, f"content.{'add' if obj.pk is None else 'change'}_{name}")
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        _audit(user, "edit", obj)
        _announce("save_site_item", Stale.all(), user)
    return Stale.all()


def delete_site_item(obj: models.Model, *, user=None) -> Stale:
    require(user, f"content.delete_{obj._meta.model_name}")
    with transaction.atomic():
        _audit(user, "delete", obj)
        obj.delete()
        _announce("delete_site_item", Stale.all(), user)
    return Stale.all()


def import_menu(menu: Menu, items: Sequence[MenuItem], *, user=None) -> None:
    """Create or update an imported menu with exactly these items, without the audit
    entry and announcement :func:`finish_import` makes once for the whole import. An
    item whose address is not a link refuses the whole menu (the importer leaves such
    items out first, and reports them)."""
    require(user, f"content.{'add' if menu.pk is None else 'change'}_menu")
    for item in items:
        refuse_unsafe_links(item)
    with transaction.atomic():
        menu.save()
        menu.items.all().delete()
        for item in items:
            item.menu = menu
        MenuItem.objects.bulk_create(items)


def recount_all() -> None:
    """Recompute every kept count (after a bulk import or a repair)."""
    touched = {
        model: set(term.objects.values_list("pk", flat=True)) for _n, model, _fk, term in _LINKS
    }
    _recount(touched)


# --- imports -------------------------------------------------------------------------
#
# A site moving in brings thousands of items. The import actions normalise each item
# exactly as the actions above do (slug, reader HTML, summary, scheduling, archive links
# carrying the post's state), in bulk and without per-item stale sets, audit entries or
# signals; :func:`finish_import` then recounts every archive once, writes one audit
# entry and declares the whole site stale. The importer wraps a run in one transaction.


@dataclass
class ImportedPost:
    """A post to create (``post.pk`` is None) or update, with its term lists by id.

    A list left as None keeps the post's current links. ``updated_at``/``created_at``
    keep the source's own times (WordPress's modified date) instead of now."""

    post: Post
    tags: Sequence[int] | None = None
    categories: Sequence[int] | None = None
    authors: Sequence[int] | None = None
    updated_at: datetime | None = None
    created_at: datetime | None = None


_IMPORTED_POST_FIELDS = [
    f.name
    for f in Post._meta.concrete_fields
    if not f.primary_key and f.name not in ("created_at", "created_by", "preview_key")
]


def import_posts(entries: Sequence[ImportedPost], *, user=None, now=None) -> None:
    """Create or update many posts in a few queries (see the section comment)."""
    if not entries:
        return
    # An import sets every post's bylines, sticky flag and status, whoever wrote them.
    for permission in ("add_post", "change_post", "publish_post", "edit_others_posts"):
        require(user, f"content.{permission}")
    now = now or timezone.now()
    existing = [entry.post.pk for entry in entries if entry.post.pk is not None]
    before = {
        post.pk: post.get_absolute_url()
        for post in Post.objects.filter(pk__in=existing, status=Status.PUBLISHED).only(
            "slug", "published_at", "language"
        )
    }
    with transaction.atomic():
        for entry in entries:
            _prepare(entry.post, now)
            if entry.updated_at is not None:
                entry.post.updated_at = entry.updated_at
            if entry.created_at is not None and entry.post.pk is None:
                entry.post.created_at = entry.created_at
        created = [entry.post for entry in entries if entry.post.pk is None]
        changed = [entry.post for entry in entries if entry.post.pk is not None]
        Post.objects.bulk_create(created, batch_size=500)
        if changed:
            Post.objects.bulk_update(changed, _IMPORTED_POST_FIELDS, batch_size=500)
        _import_links(entries)
        moved = []
        for post in changed:
            if post.pk in before and before[post.pk] != post.get_absolute_url():
                moved.append(
                    Redirect(old_path=before[post.pk], new_path=post.get_absolute_url(), post=post)
                )
        if moved:
            Redirect.objects.bulk_create(
                moved,
                update_conflicts=True,
                unique_fields=["old_path"],
                update_fields=["new_path", "post"],
            )
        Redirect.objects.filter(
            old_path__in=[entry.post.get_absolute_url() for entry in entries]
        ).delete()
        for post in changed:
            if post.pk in before and not post.is_public:
                # Taken down: shared preview links given out before stop working.
                post.preview_key = _new_preview_key()
                Post.objects.filter(pk=post.pk).update(preview_key=post.preview_key)


def _import_links(entries: Sequence[ImportedPost]) -> None:
    """Replace the given term lists of many posts; links always carry the post's state."""
    for name, model, fk, _term in _LINKS:
        replaced = [entry for entry in entries if getattr(entry, name) is not None]
        kept = [entry.post for entry in entries if getattr(entry, name) is None]
        if replaced:
            model.objects.filter(post_id__in=[entry.post.pk for entry in replaced]).delete()
        ordered = hasattr(model, "position")
        rows = []
        for entry in replaced:
            post = entry.post
            for position, term_id in enumerate(dict.fromkeys(getattr(entry, name))):
                row = model(
                    post_id=post.pk,
                    published_at=post.published_at,
                    live=post.is_public,
                    **{f"{fk}_id": term_id},
                )
                if ordered:
                    row.position = position
                rows.append(row)
        model.objects.bulk_create(rows, batch_size=500)
        for post in kept:
            model.objects.filter(post=post).update(
                published_at=post.published_at, live=post.is_public
            )


def import_page(page: Page, *, user=None, updated_at: datetime | None = None) -> None:
    """Create or update one page as :func:`save_page` does, without stale sets or audit.

    The caller sets ``slug`` (unique among the parent's children) and ``parent``; the
    page's path, and its subpages' paths when it moved, follow."""
    require(user, "content.add_page" if page.pk is None else "content.change_page")
    with transaction.atomic():
        old_path = Page.objects.filter(pk=page.pk).values_list("path", flat=True).first()
        _prepare_page(page, updated_at)
        page.save()
        if old_path and old_path != page.path:
            _move_subpages(page, old_path)
        Redirect.objects.filter(old_path=page.get_absolute_url()).delete()


def save_comment(comment: Comment, *, user=None) -> Stale:
    """A moderator's change (approved, spam, edited): the page it is on, and the one it
    was on before, show it or stop showing it."""
    require(user, f"content.{'add' if comment.pk is None else 'change'}_comment")
    with transaction.atomic():
        before = Comment.objects.filter(pk=comment.pk).first() if comment.pk else None
        comment.body = sanitize(comment.body)
        comment.save()
        stale = _comment_stale(comment) | (_comment_stale(before) if before else Stale())
        _audit(user, "edit", comment)
        _announce("save_comment", stale, user)
    return stale


def delete_comment(comment: Comment, *, user=None) -> Stale:
    require(user, "content.delete_comment")
    with transaction.atomic():
        stale = _comment_stale(comment)
        _audit(user, "delete", comment)
        comment.delete()
        _announce("delete_comment", stale, user)
    return stale


def _comment_stale(comment: Comment) -> Stale:
    """Every part of the post (or the page) the comment is shown on."""
    if comment.post is not None and comment.post.is_public:
        return Stale(set(comment.post.part_paths()))
    if comment.page is not None and comment.page.is_public:
        return Stale({comment.page.get_absolute_url()})
    return Stale()


def import_comments(comments: Sequence[Comment], *, user=None) -> None:
    """Create or update comments (their ``body`` already sanitised by the caller)."""
    if not comments:
        return
    require(user, "content.add_comment")
    created = [comment for comment in comments if comment.pk is None]
    changed = [comment for comment in comments if comment.pk is not None]
    with transaction.atomic():
        Comment.objects.bulk_create(created, batch_size=500)
        if changed:
            fields = [f.name for f in Comment._meta.concrete_fields if not f.primary_key]
            Comment.objects.bulk_update(changed, fields, batch_size=500)


def finish_import(*, user=None, summary: str = "", posts=None) -> Stale:
    """Close an import: recount every archive, write one audit entry, and announce after
    commit that every public page may have changed (and each imported post was saved,
    for receivers such as the search index; ``posts`` is a queryset of them)."""
    recount_all()
    AuditEntry.objects.create(
        user=user if getattr(user, "pk", None) else None,
        action="import",
        object_type="site",
        object_id="",
        summary=(summary or "import")[:500],
    )
    stale = Stale.all()
    _announce("finish_import", stale, user)
    if posts is not None:

        def saved() -> None:
            # In key order: sorting by date would make the database sort every post first.
            for post in posts.order_by("pk").iterator(chunk_size=500):
                signals.post_saved.send(sender=Post, post=post, created=True)

        transaction.on_commit(saved)
    return stale


def import_term(term: Tag | Category | Author, *, user=None) -> None:
    """Create or update a tag, category or author as :func:`save_term` does, without the
    per-term audit entry and announcement (:func:`finish_import` makes both once)."""
    model = type(term)
    require(user, f"content.{'add' if term.pk is None else 'change'}_{model._meta.model_name}")
    with transaction.atomic():
        if not term.slug:
            source = getattr(term, "name", None) or getattr(term, "display_name", None) or ""
            scope = {"parent_id": term.parent_id} if model is Category else None
            term.slug = unique_slug(model, source, instance=term, scope=scope)
        if model is Category:
            term.path = term.computed_path()
        term.save()
        if model is Category:
            _refresh_category_paths(term)


def import_images(images: Sequence[Image], *, user=None) -> None:
    """Create or update many images at once (their files already in the media storage)."""
    if not images:
        return
    require(user, "content.add_image")
    require(user, "content.change_image")
    created = [image for image in images if image.pk is None]
    changed = [image for image in images if image.pk is not None]
    for image in changed:
        require(user, "content.change_image", image)
    for image in created:
        if image.uploaded_by_id is None and getattr(user, "pk", None):
            image.uploaded_by = user
    with transaction.atomic():
        Image.objects.bulk_create(created, batch_size=500)
        if changed:
            fields = [
                f.name
                for f in Image._meta.concrete_fields
                if not f.primary_key and f.name not in ("created_at", "uploaded_by")
            ]
            Image.objects.bulk_update(changed, fields, batch_size=500)

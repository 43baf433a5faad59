"""Keep the index in step with what readers can see.

Posts change through :mod:`newsdesk.content.actions`, which sends ``post_saved`` and
``post_deleted`` after each commit (the WordPress import sends ``post_saved`` for
every post it brought). A renamed or deleted tag changes the text of its posts:
Django's own model signals say so, and those posts are indexed again after commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from newsdesk.content.models import Post, PostTag, Tag
from newsdesk.content.signals import post_deleted, post_saved
from newsdesk.search.backends import backend

BATCH = 500
logger = logging.getLogger(__name__)


def never_fails_the_change(receiver: Callable) -> Callable:
    """The change these follow is committed already: an index that cannot follow (a
    database error) is logged for ``newsdesk reindex``, not turned into an error page."""

    @wraps(receiver)
    def guarded(*args, **kwargs):
        try:
            return receiver(*args, **kwargs)
        except Exception:
            logger.exception("The search index missed a change; run `newsdesk reindex`.")
            return None

    return guarded


@never_fails_the_change
def index_saved(sender, post: Post, **kwargs) -> None:
    backend().index(post)


@never_fails_the_change
def remove_deleted(sender, post_id: int, **kwargs) -> None:
    backend().delete(post_id)


@never_fails_the_change
def reindex_posts(post_ids: list[int]) -> None:
    """Index these posts again as they are now (gone or hidden ones are removed)."""
    search = backend()
    for start in range(0, len(post_ids), BATCH):
        chunk = post_ids[start : start + BATCH]
        posts = list(Post.objects.filter(pk__in=chunk))
        search.index_many(posts)
        for post_id in set(chunk) - {post.pk for post in posts if post.is_public}:
            search.delete(post_id)


def _tag_posts(tag: Tag) -> list[int]:
    return list(PostTag.objects.filter(tag=tag).values_list("post_id", flat=True))


def tag_saving(sender, instance: Tag, **kwargs) -> None:
    if instance.pk is not None:
        stored = Tag.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
        instance._search_renamed = stored is not None and stored != instance.name


def tag_saved(sender, instance: Tag, created: bool, **kwargs) -> None:
    if created or not getattr(instance, "_search_renamed", False):
        return  # a new tag is on no post yet; an unchanged name changes no text
    post_ids = _tag_posts(instance)
    if post_ids:
        transaction.on_commit(lambda: reindex_posts(post_ids))


def tag_deleting(sender, instance: Tag, **kwargs) -> None:
    instance._search_post_ids = _tag_posts(instance)


def tag_deleted(sender, instance: Tag, **kwargs) -> None:
    post_ids = getattr(instance, "_search_post_ids", [])
    if post_ids:
        transaction.on_commit(lambda: reindex_posts(post_ids))


post_saved.connect(index_saved, dispatch_uid="newsdesk-search-index")
post_deleted.connect(remove_deleted, dispatch_uid="newsdesk-search-delete")
pre_save.connect(tag_saving, sender=Tag, dispatch_uid="newsdesk-search-tag-saving")
post_save.connect(tag_saved, sender=Tag, dispatch_uid="newsdesk-search-tag-saved")
pre_delete.connect(tag_deleting, sender=Tag, dispatch_uid="newsdesk-search-tag-deleting")
post_delete.connect(tag_deleted, sender=Tag, dispatch_uid="newsdesk-search-tag-deleted")

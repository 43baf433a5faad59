"""Who may touch which post and image, beyond the model permissions a role grants.

WordPress's rules, which newsrooms know: a post is a user's *own* when they created it
or are one of its authors (``Author.user``). Holding ``content.edit_others_posts``
(Editors, Administrators) reaches every post; everyone else reaches their own only.
A post that is out (published, scheduled or private) is further closed to anyone who
may not publish: a Contributor's submitted piece, once an Editor has published it,
is no longer the Contributor's to change.

Only those who reach every post put other people's names on one (its authors, a
shared byline) or pin it to the top of the home page (sticky): a writer's own post
carries their own name only. A shared preview link is given out by someone who may
publish the post (an Author for their own, an Editor for any), never by a Contributor.
An image is a writer's to change or delete when they uploaded it, or when nobody
uploaded it here (an import) and only posts of their own use it; Editors change any.

Both the actions (:func:`newsdesk.content.actions.require`) and the admin ask these
questions, always about the post or image as stored, never about unsaved edits, so an
edit cannot make a post someone's own by adding them as its author.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from newsdesk.content.models import Author, Image, Post, PostAuthor, Status

#: Statuses in which only a user who may publish can change a post.
OUT = (Status.PUBLISHED, Status.SCHEDULED, Status.PRIVATE)


def reaches_all_posts(user) -> bool:
    return user is None or user.has_perm("content.edit_others_posts")


def own_posts(user, posts: QuerySet | None = None) -> QuerySet:
    """The posts ``user`` created or writes; every post for the system and for editors."""
    posts = Post.objects.all() if posts is None else posts
    if reaches_all_posts(user):
        return posts
    bylines = PostAuthor.objects.filter(author__user=user).values("post_id")
    return posts.filter(Q(created_by=user) | Q(pk__in=bylines))


def is_own(user, post: Post) -> bool:
    if post.pk is None:
        return True
    if post.created_by_id is not None and post.created_by_id == user.pk:
        return True
    return PostAuthor.objects.filter(post_id=post.pk, author__user=user).exists()


def may_view(user, post: Post) -> bool:
    """May open the post in the admin and preview it (the model permission aside)."""
    return reaches_all_posts(user) or is_own(user, post)


def may_edit(user, post: Post) -> bool:
    """May change, trash, restore or delete this post (the model permission aside)."""
    if user is None or post.pk is None:
        return True
    stored = Post.objects.filter(pk=post.pk).values_list("status", flat=True).first()
    if stored in OUT and not user.has_perm("content.publish_post"):
        return False
    return may_view(user, post)


def may_credit(user) -> bool:
    """May name other people as a post's authors, give it a shared byline (``byline``)
    or make it sticky: those who may edit others' posts."""
    return reaches_all_posts(user)


def may_share_preview(user, post: Post) -> bool:
    """May give out a shared preview link of ``post``: who may publish it and change it."""
    if user is None:
        return True
    return (
        user.has_perm("content.change_post")
        and user.has_perm("content.publish_post")
        and may_edit(user, post)
    )


def may_change_image(user, image: Image) -> bool:
    """May change or delete this image (the model permission aside): Editors any; others
    one they uploaded, or one nobody uploaded here (imported, or from before uploads
    were recorded) that only their own posts use as featured image. Someone else's
    upload stays theirs, even featured on one's own post; a byline's portrait, or a
    picture nothing uses, is nobody's but the editors'."""
    if reaches_all_posts(user) or image.pk is None:
        return True
    stored = Image.objects.filter(pk=image.pk).values_list("uploaded_by_id", flat=True)
    uploader = stored.first()
    if uploader is not None:
        return uploader == user.pk
    if Author.objects.filter(avatar_id=image.pk).exists():
        return False
    featuring = Post.objects.filter(featured_image_id=image.pk)
    others = featuring.exclude(pk__in=own_posts(user).values("pk"))
    return featuring.exists() and not others.exists()

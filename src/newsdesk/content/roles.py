"""The newsroom's roles, as WordPress has them, kept as Django groups.

=============  =================================================================
Administrator  everything: users, site settings, menus, redirects, the audit log
Editor         every post, page, term and image; publishes anyone's posts; names
               a post's authors, gives it a shared byline, makes it sticky
Author         writes, publishes and edits their own posts; uploads images, and
               changes or deletes those they uploaded (or imported ones only
               their posts use)
Contributor    writes and edits their own drafts and submits them for review;
               cannot publish, upload or share a preview link
=============  =================================================================

The roles are defined here, in code, and every ``migrate`` sets each group's
permissions to exactly these (a site wanting another mix makes a group of its own).
The object-level half ("own posts only") lives in :mod:`newsdesk.content.permissions`.

Giving someone a role (Django's user admin, *Groups*) makes them staff, so they can
log in to the admin, and gives Editors, Authors and Contributors a byline profile
(:class:`~newsdesk.content.models.Author`) linked to their account, so the posts they
write are theirs from the first save.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS

ADMINISTRATOR = "Administrator"
EDITOR = "Editor"
AUTHOR = "Author"
CONTRIBUTOR = "Contributor"
ALL = "*"


def _crud(*models: str) -> list[str]:
    return [f"{verb}_{model}" for model in models for verb in ("add", "change", "delete", "view")]


_TERMS_TO_PICK = ["view_category", "view_series", "view_author", "add_tag", "view_tag"]

#: Role → content permission codenames (``ALL``: every permission of every app).
ROLES: dict[str, list[str] | str] = {
    ADMINISTRATOR: ALL,
    EDITOR: [
        *_crud("post", "page", "tag", "category", "series", "author", "image", "comment"),
        "publish_post",
        "edit_others_posts",
        "view_revision",
    ],
    AUTHOR: [
        *_crud("post"),
        "publish_post",
        "add_image",
        "change_image",
        "delete_image",
        "view_image",
        "view_revision",
        *_TERMS_TO_PICK,
    ],
    CONTRIBUTOR: [*_crud("post"), "view_image", "view_revision", *_TERMS_TO_PICK],
}
#: Roles that write under their own byline.
WRITING_ROLES = (EDITOR, AUTHOR, CONTRIBUTOR)


def sync_roles(sender=None, using: str = DEFAULT_DB_ALIAS, **_signal) -> None:
    """Create the role groups and set their permissions.

    A ``post_migrate`` receiver. Django sends that signal once per app, and creates each
    app's permissions in its own turn; the roles are set in the last app's turn, when
    every permission exists (and once, not once per app)."""
    if sender is not None and sender != _last_app_with_models():
        return
    for name, codenames in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        wanted = Permission.objects.using(using)
        if codenames != ALL:
            wanted = wanted.filter(content_type__app_label="content", codename__in=codenames)
        group.permissions.set(wanted)


def _last_app_with_models():
    return [config for config in apps.get_app_configs() if config.models_module][-1]


def assign_role(user, role: str) -> None:
    """Give ``user`` a role (the same as ticking the group in the user admin)."""
    user.groups.add(Group.objects.get(name=role))


def role_given(sender, instance, action: str, reverse: bool, pk_set, **_signal) -> None:
    """``m2m_changed`` of ``User.groups``: a user given a role becomes staff and, for the
    writing roles, gets a byline profile."""
    if action != "post_add" or not pk_set:
        return
    if reverse:  # group.user_set.add(...)
        users = get_user_model().objects.filter(pk__in=pk_set)
        roles = {instance.name}
    else:  # user.groups.add(...)
        users = [instance]
        roles = set(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    if not roles & set(ROLES):
        return
    for user in users:
        _make_staff(user)
        if roles & set(WRITING_ROLES):
            ensure_byline(user)


def _make_staff(user) -> None:
    if not user.is_staff:
        user.is_staff = True
        get_user_model().objects.filter(pk=user.pk).update(is_staff=True)


#: The byline of an account without a name, until an editor writes one: never the login
#: name, which is half of a login and would show on every post and in the admin.
UNNAMED_BYLINE = "Newsroom staff"


def ensure_byline(user):
    """The user's :class:`Author` profile, created (through the actions) when missing."""
    from newsdesk.content import actions
    from newsdesk.content.models import Author

    profile = Author.objects.filter(user=user).first()
    if profile is None:
        profile = Author(display_name=user.get_full_name() or UNNAMED_BYLINE, user=user)
        actions.save_term(profile)
    return profile

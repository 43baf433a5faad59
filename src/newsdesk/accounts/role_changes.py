"""Role changes in the audit log: a role given or taken, to whom, and by whom.

A role is a group (:mod:`newsdesk.content.roles`); being a superuser is the role above
them all, and a permission given to one account directly is a role of one. Every
change is recorded however it is made: Django announces changes to ``User.groups`` and
``User.user_permissions`` from either side (``m2m_changed``), and the superuser flag
changes with the account's own save. Who made the change is the user the admin's user
pages act for (:func:`acting_for`); anywhere else (a command, the shell, code giving a
role) it is the system, recorded without a user.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.http import HttpRequest

from newsdesk.accounts import audit

#: The role the superuser flag stands for, as the audit log names it.
SUPERUSER = "superuser"

_acting: ContextVar[HttpRequest | None] = ContextVar("newsdesk_acting_for", default=None)
# (user id, item id) pairs about to be taken away, read before a remove or clear.
_taking: ContextVar[tuple[tuple[int, int], ...]] = ContextVar("newsdesk_taking", default=())


@contextmanager
def acting_for(request: HttpRequest):
    """Role changes made inside are ``request.user``'s (the admin's user pages)."""
    token = _acting.set(request)
    try:
        yield
    finally:
        _acting.reset(token)


def _record(action: str, changes: Iterable[tuple[object, str]]) -> None:
    """One audit entry per (account, role) change, by whoever the changes are acting for."""
    request = _acting.get()
    actor = request.user if request is not None else None
    for subject, role in changes:
        audit.record(action, user=actor, subject=subject, detail=role, request=request)


def _role_name(item: Group | Permission) -> str:
    if isinstance(item, Group):
        return item.name
    return f"permission {item.content_type.app_label}.{item.codename}"


def _named(pairs: Iterable[tuple[int, int]], items: type) -> list[tuple[object, str]]:
    """(account, role name) for (user id, item id) pairs, in two queries."""
    users = get_user_model().objects.in_bulk({user for user, _item in pairs})
    found = items.objects.in_bulk({item for _user, item in pairs})
    if items is Permission:
        found = Permission.objects.select_related("content_type").in_bulk(set(found))
    return [
        (users[user], _role_name(found[item]))
        for user, item in sorted(pairs)
        if user in users and item in found
    ]


def grants_changed(sender, instance, action: str, reverse: bool, model, pk_set, **_signal):
    """``m2m_changed`` of ``User.groups`` and ``User.user_permissions``.

    ``remove`` announces every id it was handed, held or not, and ``clear`` none: what
    goes is read before it goes."""
    items = type(instance) if reverse else model  # Group or Permission
    user_column, item_column = "user_id", f"{items._meta.model_name}_id"
    if reverse:  # from the group's (or permission's) side: the ids are users'
        own, others = item_column, user_column
    else:
        own, others = user_column, item_column
    if action in ("pre_remove", "pre_clear"):
        links = sender.objects.filter(**{own: instance.pk})
        if action == "pre_remove":
            links = links.filter(**{f"{others}__in": pk_set})
        _taking.set(tuple(links.values_list(user_column, item_column)))
    elif action in ("post_remove", "post_clear"):
        _record(audit.ROLE_TAKEN, _named(_taking.get(), items))
        _taking.set(())
    elif action == "post_add" and pk_set:
        pairs = [(instance.pk, pk) if not reverse else (pk, instance.pk) for pk in pk_set]
        _record(audit.ROLE_GIVEN, _named(pairs, items))


def superuser_saving(sender, instance, update_fields=None, **_signal) -> None:
    """``pre_save`` of users: note whether the superuser flag is about to change."""
    if update_fields is not None and "is_superuser" not in update_fields:
        return  # a login's last_login, say
    stored = (
        sender.objects.filter(pk=instance.pk).values_list("is_superuser", flat=True).first()
        if instance.pk
        else None
    )
    instance._newsdesk_superuser_was = bool(stored)


def superuser_saved(sender, instance, **_signal) -> None:
    """``post_save`` of users: record the superuser flag given or taken."""
    was = instance.__dict__.pop("_newsdesk_superuser_was", None)
    if was is None or was == instance.is_superuser:
        return
    _record(
        audit.ROLE_GIVEN if instance.is_superuser else audit.ROLE_TAKEN, [(instance, SUPERUSER)]
    )

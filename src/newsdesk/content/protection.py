"""Passwords of protected posts and pages: kept as Django password hashes, never as text.

A post's or page's ``password`` column holds a hash (the same kind Django keeps for
accounts) or "" for none. :func:`protect` is how a password is given (the admin form,
the WordPress importer); the actions call :func:`keep_hashed` before every save, so a
password set as plain text by any other code is hashed before it is stored. The
reader's unlock cookie is derived from the stored hash (``newsdesk.site.protected``):
a new password, even the same words again with a new salt, locks out everyone who had
the old one, unless it is given again through :func:`protect`, which keeps the hash
when the words have not changed.
"""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.db import models


def is_hashed(value: str) -> bool:
    """True when ``value`` is a password hash Django can check against."""
    try:
        identify_hasher(value)
    except ValueError:
        return False
    return True


def protect(item: models.Model, password: str) -> None:
    """Give ``item`` this password (stored hashed), or none when ``password`` is "".

    The same password as the item already has keeps its stored hash, so readers who
    unlocked it stay in (a re-import of an unchanged post, say)."""
    if not password:
        item.password = ""
    elif not matches(item, password):
        item.password = make_password(password)


def keep_hashed(item: models.Model) -> None:
    """The actions' guard: a password set on ``item`` as plain text is hashed now."""
    if item.password and not is_hashed(item.password):
        item.password = make_password(item.password)


def matches(item: models.Model, given: str) -> bool:
    """True when ``given`` is the item's password (never for an item without one)."""
    return bool(item.password) and bool(given) and check_password(given, item.password)

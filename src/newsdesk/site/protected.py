"""Password-protected posts and pages, as WordPress does them.

A reader who types the right password gets a signed, HttpOnly cookie scoped to the
item's address. The cookie carries a keyed hash of the password, so changing the
password locks out everyone who had the old one; it lasts ten days (WordPress's
default). Nothing else about the reader is stored.
"""

from __future__ import annotations

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac

from newsdesk.content.models import Page, Post

SALT = "newsdesk.site.protected"
MAX_AGE = 10 * 24 * 3600


def cookie_name(item: Post | Page) -> str:
    return f"newsdesk-unlock-{type(item).__name__.lower()}-{item.pk}"


def _token(item: Post | Page) -> str:
    return salted_hmac(SALT, f"{cookie_name(item)}:{item.password}").hexdigest()


def is_locked(request: HttpRequest, item: Post | Page) -> bool:
    """True while the item has a password and the reader has not given it."""
    if not item.password:
        return False
    try:
        value = request.get_signed_cookie(cookie_name(item), salt=SALT, max_age=MAX_AGE)
    except (KeyError, signing.BadSignature):
        return True
    return not constant_time_compare(value, _token(item))


def password_matches(item: Post | Page, given: str) -> bool:
    return bool(item.password) and constant_time_compare(given, item.password)


def unlock(response: HttpResponse, request: HttpRequest, item: Post | Page) -> None:
    response.set_signed_cookie(
        cookie_name(item),
        _token(item),
        salt=SALT,
        max_age=MAX_AGE,
        path=item.get_absolute_url(),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )

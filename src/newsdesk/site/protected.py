"""Password-protected posts and pages, as WordPress does them.

A reader who types the right password gets a signed, HttpOnly cookie scoped to the
item's address. The cookie carries a keyed hash of the stored password hash
(:mod:`newsdesk.content.protection`), so a new password locks out everyone who had the
old one; it lasts ten days (WordPress's default). Nothing else about the reader is
kept, but for the wrong passwords their address gave, which pause the form
(:mod:`newsdesk.accounts.throttling`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac

from newsdesk.accounts import throttling
from newsdesk.content import protection
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


@dataclass(frozen=True)
class Refusal:
    """Why the form shows again: a wrong password, or a pause (nothing was checked)."""

    pause: throttling.Lock | None = None


def check_password(request: HttpRequest, item: Post | Page) -> Refusal | None:
    """The password form's verdict: None when the reader gave the right password. While
    the form is paused for the reader's address, every password is refused unchecked."""
    pause = throttling.item_lock(request, item)
    if pause is not None:
        return Refusal(pause)
    if protection.matches(item, request.POST.get("password", "")):
        throttling.item_opened(request, item)
        return None
    return Refusal(throttling.item_password_failed(request, item))


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

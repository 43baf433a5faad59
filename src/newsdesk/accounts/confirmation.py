"""Re-entering the password before a factor is added or removed.

A stolen session alone must not be enough to put the thief's own authenticator on an
account, or to take the owner's off. The password is asked for again, through
``authenticate()`` so the login throttle counts these attempts too, and a right answer
holds for a few minutes (the password step of a login counts: someone required to set
up a factor does so straight after it).
"""

from __future__ import annotations

import time

from django.contrib.auth import authenticate
from django.http import HttpRequest

#: How long a re-entered password holds.
HOLDS_SECONDS = 10 * 60
SESSION_KEY = "newsdesk.password_confirmed_at"


def confirmed(request: HttpRequest) -> None:
    """The session's user has just given their password."""
    request.session[SESSION_KEY] = int(time.time())


def recent(request: HttpRequest) -> bool:
    at = request.session.get(SESSION_KEY)
    return at is not None and time.time() - at < HOLDS_SECONDS


def check(request: HttpRequest, password: str) -> bool:
    """Whether ``password`` is the session's user's (and if so, remember that it was)."""
    user = request.user
    found = authenticate(request=request, username=user.get_username(), password=password)
    if found is None or found.pk != user.pk:
        return False
    confirmed(request)
    return True

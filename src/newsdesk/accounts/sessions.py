"""Staff sessions: each login is tracked (:class:`~newsdesk.accounts.models.StaffSession`)
so that it can end

* when it has been idle longer than ``NEWSDESK_STAFF_IDLE_HOURS``;
* when the password changes, and when a second factor is added or removed: every other
  session of that person ends, the one making the change goes on (an Administrator
  resetting someone's factors, or a password changed from the command line, ends all
  of theirs);
* by hand, from the account's *Sessions* page.

Ending a session deletes it from Django's session store (whatever the backend) and its
row; a session whose row is gone is logged out on its next request all the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from newsdesk.accounts import audit
from newsdesk.accounts.models import StaffSession

#: Where a session keeps the id of its row.
SESSION_ROW = "newsdesk.staff_session"
#: A session's "last seen" is written at most this often, not on every request.
SEEN_EVERY = timedelta(minutes=1)
BROWSER_LENGTH = StaffSession._meta.get_field("browser").max_length

# The request being served, so that a password change (which Django reports without
# one) knows which session made it and may go on.
_serving: ContextVar[HttpRequest | None] = ContextVar("newsdesk_serving", default=None)


def idle_limit() -> timedelta:
    return timedelta(hours=settings.STAFF_IDLE_HOURS)


def started(sender, request: HttpRequest | None, user, **_signal) -> None:
    """``user_logged_in``: the session gets its row (a new login in the same browser
    replaces the row of the one before)."""
    if request is None or not hasattr(request, "session"):
        return
    session = request.session
    previous = session.get(SESSION_ROW)
    if previous:
        StaffSession.objects.filter(pk=previous).delete()
    if session.session_key is None:
        session.save()  # a key now (login flushed another account's session), not at the end
    session[SESSION_ROW] = _track(request, user).pk


def logged_out(sender, request: HttpRequest | None, user, **_signal) -> None:
    """``user_logged_out``: the row goes with the session, and the log says so."""
    if request is None:
        return
    row = request.session.get(SESSION_ROW)
    if row:
        StaffSession.objects.filter(pk=row).delete()
    if user is not None:
        audit.record(audit.LOGOUT, user=user, subject=user, request=request)


def of(user) -> list[StaffSession]:
    """A person's live sessions, the most recently used first. Rows of sessions that
    are over (expired, gone from the store, idle too long) are cleared on the way."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    idle_since = timezone.now() - idle_limit()
    live, over = [], []
    for row in StaffSession.objects.filter(user=user):
        gone = not row.session_key or not store().exists(row.session_key)
        (over if gone or row.last_seen_at < idle_since else live).append(row)
    end(over)
    return live


def current_row_id(request: HttpRequest | None) -> int | None:
    return request.session.get(SESSION_ROW) if request is not None else None


def end_others(user, request: HttpRequest | None = None, *, reason: str) -> int:
    """End every session of ``user`` except the one serving ``request`` when that one
    is theirs; record how many ended and why. Returns that number."""
    rows = StaffSession.objects.filter(user=user)
    if request is not None and _acting_user(request) == user.pk:
        rows = rows.exclude(pk=current_row_id(request))
    count = end(rows)
    if count:
        actor = _acting(request)
        noun = "session" if count == 1 else "sessions"
        audit.record(
            audit.SESSIONS_ENDED,
            user=actor,
            subject=user,
            detail=f"{count} {noun}: {reason}",
            request=request,
        )
    return count


def end(rows: Iterable[StaffSession]) -> int:
    """Delete these sessions from the session store and their rows."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for row in list(rows):
        if row.session_key:
            store(session_key=row.session_key).delete()
        row.delete()
        ended += 1
    return ended


class EndOtherSessions:
    """Ends a person's other sessions when their password changes.

    Not a rule for passwords: Django calls ``password_changed`` of every entry of
    ``AUTH_PASSWORD_VALIDATORS`` after a password is set and saved (the admin's own
    form, an Administrator's, ``changepassword``), and not when it merely re-hashes a
    password at login, which is exactly the event wanted.
    """

    def validate(self, password: str, user=None) -> None:
        return None

    def get_help_text(self) -> str:
        return "Changing the password ends every other session of the account."

    def password_changed(self, password: str, user=None) -> None:
        if user is None or user.pk is None or user.last_login is None:
            return  # a new account: no session to end, nothing changed
        request = _serving.get()
        audit.record(audit.PASSWORD_CHANGED, user=_acting(request), subject=user, request=request)
        end_others(user, request, reason="password changed")


class StaffSessionMiddleware:
    """Keeps each logged-in session's row up to date and ends the idle ones.

    After ``django.contrib.auth``'s and django-otp's middleware. A session with a row
    id whose row is gone was ended elsewhere and is logged out; a logged-in session
    without one (it began before sessions were tracked) gets a row.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _serving.set(request)
        try:
            row = self._check(request)
            response = self.get_response(request)
            if row is not None:
                self._follow_key(request, row)
            return response
        finally:
            _serving.reset(token)

    def _check(self, request: HttpRequest) -> StaffSession | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # a reader: the session is not even looked at (it would Vary: Cookie)
        user = request.user
        if not user.is_authenticated:
            return None
        row_id = request.session.get(SESSION_ROW)
        row = StaffSession.objects.filter(pk=row_id, user=user).first() if row_id else None
        if row is None and row_id:
            _sign_out(request)
            return None
        if row is None:
            row = _track(request, user)
            request.session[SESSION_ROW] = row.pk
            return row
        now = timezone.now()
        if now - row.last_seen_at > idle_limit():
            audit.record(
                audit.SESSIONS_ENDED,
                subject=user,
                detail=f"1 session: idle for more than {settings.STAFF_IDLE_HOURS} hours",
                request=request,
            )
            row.delete()
            _sign_out(request)
            return None
        if now - row.last_seen_at >= SEEN_EVERY:
            row.last_seen_at = now
            StaffSession.objects.filter(pk=row.pk).update(last_seen_at=now)
        return row

    def _follow_key(self, request: HttpRequest, row: StaffSession) -> None:
        """Django gives a session a new key at login and on a password change; the row
        keeps pointing at it."""
        session = request.session
        key = session.session_key
        if session.get(SESSION_ROW) == row.pk and key and key != row.session_key:
            StaffSession.objects.filter(pk=row.pk).update(session_key=key)


def _track(request: HttpRequest, user) -> StaffSession:
    return StaffSession.objects.create(
        user=user,
        session_key=request.session.session_key or "",
        last_seen_at=timezone.now(),
        address=audit.client_address(request),
        browser=request.META.get("HTTP_USER_AGENT", "")[:BROWSER_LENGTH],
    )


def _sign_out(request: HttpRequest) -> None:
    request.session.flush()
    request.user = AnonymousUser()


def _acting(request: HttpRequest | None):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _acting_user(request: HttpRequest) -> int | None:
    user = _acting(request)
    return user.pk if user is not None else None

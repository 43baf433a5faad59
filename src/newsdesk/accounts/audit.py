"""Security events in the audit log: logins, failures, lockouts, factor and role changes.

They go into the same :class:`~newsdesk.content.models.AuditEntry` table as content
changes, with ``object_type="user"``, so an Administrator reads one log. ``subject`` is
the account the event is about (it may differ from ``user``, who did it: an
Administrator resetting someone's factors).
"""

from __future__ import annotations

from newsdesk.content.models import AuditEntry

#: The audit log's words for security events.
LOGIN = "login"
LOGIN_FAILED = "login failed"
LOCKED_OUT = "locked out"
LOGOUT = "logout"
FACTOR_ADDED = "factor added"
FACTOR_REMOVED = "factor removed"
FACTORS_RESET = "factors reset"
PASSWORD_CHANGED = "password changed"  # noqa: S105 - an audit word, not a secret
SESSIONS_ENDED = "sessions ended"
ROLE_GIVEN = "role given"
ROLE_TAKEN = "role taken"


def record(
    action: str, *, user=None, subject=None, username: str = "", detail: str = "", request=None
) -> AuditEntry:
    """Write one security event. ``username`` names an account that may not exist (a
    failed login); ``request`` adds the client address (as the throttle sees it)."""
    name = username or (subject.get_username() if subject is not None else "")
    parts = [name] if name else []
    if detail:
        parts.append(detail)
    address = client_address(request) if request is not None else ""
    if address:
        parts.append(f"from {address}")
    actor = user if getattr(user, "pk", None) else None
    return AuditEntry.objects.create(
        user=actor,
        action=action,
        object_type="user",
        object_id=str(subject.pk) if getattr(subject, "pk", None) else "",
        summary=" · ".join(parts)[:500],
    )


def client_address(request) -> str:
    """The reader's address as the site trusts it (see :mod:`newsdesk.accounts.clients`
    once proxies are configured); REMOTE_ADDR until then."""
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""

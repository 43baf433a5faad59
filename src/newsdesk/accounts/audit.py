"""Security events in the audit log: logins, failures, lockouts, factor and role changes.

They go into the same :class:`~newsdesk.content.models.AuditEntry` table as content
changes, with ``object_type="user"``, so an Administrator reads one log. ``subject`` is
the account the event is about (it may differ from ``user``, who did it: an
Administrator resetting someone's factors). An event about a protected post's or
page's password form names that ``item`` instead (its type and id).
"""

from __future__ import annotations

from django.db import models

from newsdesk.accounts.clients import client_address
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
    action: str,
    *,
    user=None,
    subject=None,
    username: str = "",
    detail: str = "",
    request=None,
    item: models.Model | None = None,
) -> AuditEntry:
    """Write one security event. ``username`` names an account that may not exist (a
    failed login); ``request`` adds the client address (as the throttle sees it)."""
    name = username or (subject.get_username() if subject is not None else "")
    if item is not None:
        name = f"{item._meta.verbose_name} “{item}”"
    parts = [name] if name else []
    if detail:
        parts.append(detail)
    address = client_address(request) if request is not None else ""
    if address:
        parts.append(f"from {address}")
    actor = user if getattr(user, "pk", None) else None
    about = item if item is not None else subject
    return AuditEntry.objects.create(
        user=actor,
        action=action,
        object_type=item._meta.model_name if item is not None else "user",
        object_id=str(about.pk) if getattr(about, "pk", None) else "",
        summary=" · ".join(parts)[:500],
    )

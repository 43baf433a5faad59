"""What the accounts app keeps: staff members' sessions, and wrong passwords given to
protected items' forms.

(Failed staff logins are kept by django-axes, and second factors by django-otp, in
their own tables.)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ItemPasswordFailure(models.Model):
    """Wrong passwords given to one protected post's or page's form from one address,
    in a row (see :mod:`newsdesk.accounts.throttling`)."""

    #: The item, as "<model> <id>": "post 12", "page 3".
    item = models.CharField(max_length=40)
    #: The reader's address as the throttle counts it (an IPv6 client's /64); "" for
    #: a connection without one (a unix socket).
    address = models.CharField(max_length=45, blank=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "address"], name="one_count_per_item_address")
        ]

    def __str__(self) -> str:
        return f"{self.item} from {self.address}: {self.failures}"


class StaffSession(models.Model):
    """One logged-in session of a staff member, as they see it in their account's
    *Sessions* page: when it started, when it was last used, from where and with what.

    The session itself lives in Django's session store; this row is how the site finds
    a person's sessions to end them (idle, password or second factor changed, or ended
    by hand). The store entry's key changes when Django cycles it; the row follows.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_sessions"
    )
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()
    address = models.CharField(max_length=45, blank=True)
    browser = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} since {self.started_at:%Y-%m-%d %H:%M}"

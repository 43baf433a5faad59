from django.conf import settings
from django.db import models


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

"""What the accounts app keeps: wrong passwords given to protected items' forms.

(Failed staff logins are kept by django-axes, in its own tables.)
"""

from __future__ import annotations

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

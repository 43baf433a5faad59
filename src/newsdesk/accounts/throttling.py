"""Password guessing slowed down: staff logins and the password forms of protected items.

After a few wrong passwords the form pauses, and each further wrong password pauses it
for twice as long (:class:`Policy`), up to a ceiling: every pause ends by itself, and
failures are forgotten a day after the last one, or at once when the right password
comes. While paused, the form refuses every password, right or wrong, without
checking it (so a pause cannot be used to test passwords, and attempts made during
it neither count nor lengthen it).

Staff logins are throttled by django-axes, at the authentication-backend level: its
backend (first in ``AUTHENTICATION_BACKENDS``) refuses a paused login whichever view
calls ``django.contrib.auth.authenticate(request=…)``, and its middleware answers with
:func:`newsdesk.accounts.lockout.lockout_response`. :class:`LoginThrottle` is the
axes handler: axes keeps the failures (``AccessAttempt`` rows); the decision is made
here, with two limits:

- an account *from one address* (username and address together) pauses after
  :data:`LOGIN_ACCOUNT` ``.limit`` failures. Someone guessing an Administrator's
  password pauses that account from their own address only: the Administrator logs
  in from anywhere else as usual.
- one address, over every account it tried, pauses after the higher
  :data:`LOGIN_ADDRESS` ``.limit`` (against password spraying: one guess at each of
  many accounts). A right password forgets that account's failures only, so a
  staff member who mistyped does not count against colleagues behind the same
  office address, and an attacker's own account cannot wipe the count.

A protected post's or page's form pauses per item and address (:data:`ITEM_PASSWORD`,
:class:`~newsdesk.accounts.models.ItemPasswordFailure` rows).

Addresses come from :mod:`newsdesk.accounts.clients` (an IPv6 client counts as its
/64). Each failed login and each pause is written to the audit log; a protected item's
form writes its pauses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import F, Max, Sum
from django.http import HttpRequest
from django.utils import timezone

from newsdesk.accounts import audit, clients
from newsdesk.accounts.models import ItemPasswordFailure

#: How long failures are remembered after the last one.
MEMORY = timedelta(days=1)


@dataclass(frozen=True)
class Policy:
    """When a form pauses, and for how long."""

    #: Failures before the first pause.
    limit: int
    first_wait: timedelta
    longest_wait: timedelta

    def wait(self, failures: int) -> timedelta | None:
        """The pause after the ``failures``-th failure in a row: none before the limit,
        ``first_wait`` at it, twice as long at each failure after, never longer than
        ``longest_wait``."""
        if failures < self.limit:
            return None
        doublings = min(failures - self.limit, 32)
        return min(self.first_wait * 2**doublings, self.longest_wait)

    def lock(self, scope: str, failures: int, last_failure: datetime | None, now: datetime):
        """The :class:`Lock` these failures hold now, or None."""
        wait = self.wait(failures)
        if wait is None or last_failure is None or last_failure + wait <= now:
            return None
        return Lock(scope=scope, failures=failures, until=last_failure + wait)


#: Scopes of a lock: what is paused.
ACCOUNT = "account"  # one account, from one address
ADDRESS = "address"  # every account, from one address
ITEM = "item"  # one protected item's form, from one address

LOGIN_ACCOUNT = Policy(limit=5, first_wait=timedelta(minutes=1), longest_wait=timedelta(hours=4))
LOGIN_ADDRESS = Policy(limit=30, first_wait=timedelta(minutes=5), longest_wait=timedelta(hours=4))
ITEM_PASSWORD = Policy(limit=5, first_wait=timedelta(minutes=1), longest_wait=timedelta(hours=4))


@dataclass(frozen=True)
class Lock:
    """A pause in force: what is paused, after how many failures, until when."""

    scope: str
    failures: int
    until: datetime

    def seconds_left(self, now: datetime | None = None) -> int:
        return max(1, math.ceil((self.until - (now or timezone.now())).total_seconds()))

    def minutes_left(self, now: datetime | None = None) -> int:
        """Whole minutes to wait, rounded up (a reader told "0 minutes" tries too soon)."""
        return math.ceil(self.seconds_left(now) / 60)

    def describe(self) -> str:
        """The audit log's words for the pause."""
        paused = {
            ACCOUNT: "logins to this account from this address",
            ADDRESS: "logins to every account from this address",
            ITEM: "the password form from this address",
        }[self.scope]
        return (
            f"{paused} paused for {self.minutes_left()} min "
            f"(until {self.until:%Y-%m-%d %H:%M} UTC), after {self.failures} failures"
        )


def _longest(*locks: Lock | None) -> Lock | None:
    found = [lock for lock in locks if lock is not None]
    return max(found, key=lambda lock: lock.until) if found else None


# --- staff logins (django-axes) ------------------------------------------------------


def throttled_address(request: HttpRequest) -> str:
    """What axes counts a login's failures against (``AXES_CLIENT_IP_CALLABLE``)."""
    return clients.throttle_key(clients.client_address(request))


def failure_limit(request: HttpRequest | None = None, credentials: dict | None = None) -> int:
    """Failures before an account pauses (``AXES_FAILURE_LIMIT``; the decision itself is
    :func:`login_lock`'s)."""
    return LOGIN_ACCOUNT.limit


def remembered(request: HttpRequest | None = None) -> timedelta:
    """How long axes keeps a failure (``AXES_COOLOFF_TIME``): :data:`MEMORY`. The pauses
    themselves are shorter (:data:`LOGIN_ACCOUNT`, :data:`LOGIN_ADDRESS`)."""
    return MEMORY


def login_lock(username: str | None, address: str, now: datetime | None = None) -> Lock | None:
    """The pause on logins to ``username`` from ``address`` (a throttle key), if any:
    the account's from that address, or the address's over every account."""
    now = now or timezone.now()
    recent = AccessAttempt.objects.filter(ip_address=address, attempt_time__gt=now - MEMORY)
    locks = []
    for scope, policy, attempts in (
        (ACCOUNT, LOGIN_ACCOUNT, recent.filter(username=username)),
        (ADDRESS, LOGIN_ADDRESS, recent),
    ):
        totals = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        locks.append(policy.lock(scope, totals["failures"] or 0, totals["last"], now))
    return _longest(*locks)


def lock_for_request(request: HttpRequest, credentials: dict | None = None) -> Lock | None:
    """:func:`login_lock` for a login axes has seen (its address and time on the request)."""
    return login_lock(
        get_client_username(request, credentials),
        request.axes_ip_address,
        request.axes_attempt_time,
    )


class LoginThrottle(AxesDatabaseHandler):
    """The axes handler (``AXES_HANDLER``): axes records each failure; the pause is
    decided by :func:`login_lock`, audited here."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return lock_for_request(request, credentials) is not None

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:  # axes logs it: nothing to count against
            return super().user_login_failed(sender, credentials, request, **kwargs)
        # Set by axes' backend when it refused a paused login without checking it.
        refused = request.axes_locked_out
        super().user_login_failed(sender, credentials, request, **kwargs)
        if refused:
            return
        username = get_client_username(request, credentials) or ""
        account = _account(username)
        audit.record(audit.LOGIN_FAILED, subject=account, username=username, request=request)
        lock = lock_for_request(request, credentials)
        if lock is None:
            return
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes", request=request, username=username, ip_address=request.axes_ip_address
        )
        audit.record(
            audit.LOCKED_OUT,
            subject=account,
            username=username,
            detail=lock.describe(),
            request=request,
        )

    def user_logged_in(self, sender, request, user, **kwargs):
        """The right password forgets that account's failures from that address (not
        the address's failures on other accounts)."""
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(
            username=user.get_username(), ip_address=request.axes_ip_address
        ).delete()


def _account(username: str):
    if not username:
        return None
    users = get_user_model()
    return users.objects.filter(**{users.USERNAME_FIELD: username}).first()


# --- password forms of protected posts and pages -------------------------------------


def _item_key(item: models.Model) -> str:
    return f"{item._meta.model_name} {item.pk}"


def item_lock(request: HttpRequest, item: models.Model, now: datetime | None = None) -> Lock | None:
    """The pause on ``item``'s password form for this reader's address, if any."""
    now = now or timezone.now()
    row = ItemPasswordFailure.objects.filter(
        item=_item_key(item),
        address=throttled_address(request),
        last_failure__gt=now - MEMORY,
    ).first()
    if row is None:
        return None
    return ITEM_PASSWORD.lock(ITEM, row.failures, row.last_failure, now)


def item_password_failed(request: HttpRequest, item: models.Model) -> Lock | None:
    """Count a wrong password given to ``item``'s form; the pause it starts, if any
    (written to the audit log)."""
    now = timezone.now()
    key, address = _item_key(item), throttled_address(request)
    with transaction.atomic():
        ItemPasswordFailure.objects.filter(last_failure__lte=now - MEMORY).delete()
        row, created = ItemPasswordFailure.objects.select_for_update().get_or_create(
            item=key, address=address, defaults={"failures": 1, "last_failure": now}
        )
        if not created:
            ItemPasswordFailure.objects.filter(pk=row.pk).update(
                failures=F("failures") + 1, last_failure=now
            )
            row.refresh_from_db()
    lock = ITEM_PASSWORD.lock(ITEM, row.failures, row.last_failure, now)
    if lock is not None:
        audit.record(audit.LOCKED_OUT, item=item, detail=lock.describe(), request=request)
    return lock


def item_opened(request: HttpRequest, item: models.Model) -> None:
    """The right password forgets this address's failures on ``item``."""
    ItemPasswordFailure.objects.filter(
        item=_item_key(item), address=throttled_address(request)
    ).delete()

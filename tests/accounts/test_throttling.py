"""Staff logins pause after repeated wrong passwords: per account from one address, per
address over every account, each pause longer than the last, every pause ending by
itself. Over HTTP, through the admin's own login form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.db.models import F
from django.test import Client, RequestFactory

from newsdesk.accounts import audit, throttling
from newsdesk.content.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test account
ATTACKER, OFFICE = "203.0.113.7", "198.51.100.20"
LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """Real hashing costs a quarter of a second a login; these are test accounts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ada(db) -> User:
    return User.objects.create_superuser("ada", "ada@example.org", PASSWORD)


def log_in(username: str, password: str, address: str):
    """One login through the admin's form, from ``address``, in a browser of its own."""
    return Client(REMOTE_ADDR=address).post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail(times: int, address: str = ATTACKER, username: str = "ada") -> list:
    assert times > 0
    return [log_in(username, f"guess number {n}", address) for n in range(times)]


def time_passes(seconds: float) -> None:
    """What the passing of time does to the throttle: every failure it keeps is older."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_wrong_passwords_pause_the_account_and_then_refuse_the_right_one_with_a_message(ada):
    assert logged_in(log_in("ada", PASSWORD, ATTACKER))  # the right password, before
    limit = throttling.LOGIN_ACCOUNT.limit
    before = fail(limit - 1)
    assert [r.status_code for r in before] == [200] * (limit - 1)
    assert "Please enter the correct username and password" in text(before[-1])

    paused = fail(1)[0]
    assert paused.status_code == 429
    words = text(paused)
    assert f"Too many failed logins to the account “ada” from your address ({ATTACKER})" in words
    assert "you can try again in 1 minute" in words
    assert "Logins from other addresses are not affected" in words
    assert 0 < int(paused["Retry-After"]) <= 60
    page = BeautifulSoup(paused.content, "html.parser")
    assert page.select_one("#site-name").get_text(strip=True) == "newsdesk"  # the admin's look
    assert "login" in page.body["class"]
    assert "Traceback" not in words

    right = log_in("ada", PASSWORD, ATTACKER)
    assert right.status_code == 429 and "Too many failed logins" in text(right)
    assert "sessionid" not in right.cookies  # not logged in


def test_the_audit_log_has_each_failure_and_the_pause(ada):
    limit = throttling.LOGIN_ACCOUNT.limit
    fail(limit)
    log_in("ada", PASSWORD, ATTACKER)  # refused while paused: not a failure of its own
    failures = AuditEntry.objects.filter(action=audit.LOGIN_FAILED)
    assert failures.count() == limit
    assert {entry.summary for entry in failures} == {f"ada · from {ATTACKER}"}
    assert set(failures.values_list("object_id", flat=True)) == {str(ada.pk)}
    pause = AuditEntry.objects.get(action=audit.LOCKED_OUT)
    assert pause.object_type == "user" and pause.object_id == str(ada.pk)
    assert "logins to this account from this address paused for 1 min" in pause.summary
    assert f"after {limit} failures" in pause.summary and pause.summary.endswith(ATTACKER)


def test_the_same_account_from_another_address_is_not_paused(ada):
    fail(throttling.LOGIN_ACCOUNT.limit)
    assert log_in("ada", PASSWORD, ATTACKER).status_code == 429
    assert logged_in(log_in("ada", PASSWORD, OFFICE))


def test_a_pause_ends_by_itself_and_the_next_one_lasts_longer(ada):
    first = fail(throttling.LOGIN_ACCOUNT.limit)[-1]
    assert first.status_code == 429
    time_passes(int(first["Retry-After"]) + 1)

    second = fail(1)[0]  # the pause is over: this one is checked, and fails
    assert second.status_code == 429
    assert "you can try again in 2 minutes" in text(second)
    assert int(second["Retry-After"]) > int(first["Retry-After"])
    time_passes(int(second["Retry-After"]) - 5)
    assert log_in("ada", PASSWORD, ATTACKER).status_code == 429  # not yet
    time_passes(6)
    assert logged_in(log_in("ada", PASSWORD, ATTACKER))


def test_spraying_many_accounts_from_one_address_pauses_that_address(ada):
    spray = throttling.LOGIN_ADDRESS.limit
    assert spray > throttling.LOGIN_ACCOUNT.limit
    # One guess at each of many accounts: no account reaches its own limit.
    answers = [log_in(f"staff{n}", "Spring2024!", ATTACKER) for n in range(spray)]
    assert [r.status_code for r in answers[:-1]] == [200] * (spray - 1)
    assert answers[-1].status_code == 429
    refused = log_in("ada", PASSWORD, ATTACKER)  # an account it never tried
    assert refused.status_code == 429
    assert f"Too many failed logins from your address ({ATTACKER})" in text(refused)
    assert "logins to every account from this address" in (
        AuditEntry.objects.get(action=audit.LOCKED_OUT).summary
    )
    assert logged_in(log_in("ada", PASSWORD, OFFICE))


def test_a_right_password_forgets_only_that_accounts_failures(ada):
    User.objects.create_user("bea", password=PASSWORD, is_staff=True)
    limit = throttling.LOGIN_ACCOUNT.limit
    fail(limit - 1, OFFICE)
    fail(limit - 1, OFFICE, username="bea")
    assert logged_in(log_in("ada", PASSWORD, OFFICE))
    assert fail(limit - 1, OFFICE)[-1].status_code == 200  # ada starts again from none
    assert fail(1, OFFICE, username="bea")[0].status_code == 429  # bea's were kept


def test_the_throttle_stands_at_the_authentication_backend_for_every_login_view(ada):
    """Another login view (a second-factor step, say) calls authenticate(request=…): a
    paused account is refused there too, before its password is checked."""
    fail(throttling.LOGIN_ACCOUNT.limit)
    request = RequestFactory().post(LOGIN, REMOTE_ADDR=ATTACKER)
    assert authenticate(request=request, username="ada", password=PASSWORD) is None
    assert request.axes_locked_out
    elsewhere = RequestFactory().post(LOGIN, REMOTE_ADDR=OFFICE)
    assert authenticate(request=elsewhere, username="ada", password=PASSWORD) == ada


def test_pauses_grow_to_a_ceiling_and_failures_are_forgotten():
    policy = throttling.LOGIN_ACCOUNT
    waits = [policy.wait(failures) for failures in range(policy.limit, policy.limit + 40)]
    assert policy.wait(policy.limit - 1) is None
    assert waits[0] == policy.first_wait and waits[1] == 2 * waits[0] and waits[2] == 4 * waits[0]
    assert max(waits) == policy.longest_wait == waits[-1]
    assert policy.longest_wait <= throttling.MEMORY

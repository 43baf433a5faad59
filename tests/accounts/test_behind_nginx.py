"""Behind the real nginx front, the login throttle counts each reader's own address, not
nginx's: two readers reach nginx from two loopback addresses (Linux routes all of
127.0.0.0/8 to lo), and one of them guessing passwords pauses nobody but themselves.
A forwarded-for header the reader writes is ignored."""

from __future__ import annotations

import http.client
import ipaddress
import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.auth.models import User

from newsdesk.accounts import audit, throttling
from newsdesk.content.models import AuditEntry
from tests.pagecache.test_nginx import NGINX, RunningNginx

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test account
ATTACKER, COLLEAGUE = "127.0.0.2", "127.0.0.3"


class Browser:
    """A browser on its own loopback address, with its own cookies."""

    def __init__(self, port: int, source: str):
        self.port, self.source, self.cookies = port, source, {}

    def request(self, method: str, path: str, body: str = "", **headers: str):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=20, source_address=(self.source, 0)
        )
        try:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            page = response.read().decode()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return response, page
        finally:
            connection.close()

    def log_in(self, username: str, password: str, **headers: str):
        if "csrftoken" not in self.cookies:
            _, form = self.request("GET", "/admin/login/")
            self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        fields = {
            "csrfmiddlewaretoken": self.token,
            "username": username,
            "password": password,
            "next": "/admin/",
        }
        return self.request(
            "POST",
            "/admin/login/",
            urlencode(fields),
            **{"Content-Type": "application/x-www-form-urlencoded", **headers},
        )


@pytest.fixture(autouse=True)
def _setup(settings):
    if NGINX is None:
        pytest.fail("nginx is missing: `make test` installs Debian's nginx-light")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The operator's setting for nginx on the same machine (the README's step).
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("127.0.0.1"),)


@pytest.fixture
def front(live_server, tmp_path):
    app = urlsplit(live_server.url)
    server = RunningNginx(tmp_path / "front", f"127.0.0.1:{app.port}")
    try:
        yield server.port
    finally:
        server.stop()


@pytest.fixture
def ada():
    return User.objects.create_superuser("ada", "ada@example.org", PASSWORD)


def guesses(browser: Browser, **headers) -> list[int]:
    limit = throttling.LOGIN_ACCOUNT.limit
    return [browser.log_in("ada", f"guess {n}", **headers)[0].status for n in range(limit)]


def test_pausing_one_reader_behind_nginx_does_not_pause_another(front, ada):
    attacker, colleague = Browser(front, ATTACKER), Browser(front, COLLEAGUE)
    statuses = guesses(attacker)
    assert statuses[:-1] == [200] * (len(statuses) - 1) and statuses[-1] == 429

    refused, page = attacker.log_in("ada", PASSWORD)
    assert refused.status == 429
    assert f"from your address ({ATTACKER})" in page

    welcomed, _ = colleague.log_in("ada", PASSWORD)
    assert welcomed.status == 302 and welcomed.getheader("Location") == "/admin/"
    failures = AuditEntry.objects.filter(action=audit.LOGIN_FAILED)
    assert failures.count() == len(statuses)
    assert {entry.summary for entry in failures} == {f"ada · from {ATTACKER}"}


def test_a_forwarded_for_the_reader_writes_is_ignored(front, live_server, ada):
    # Through nginx, a new made-up address with every guess: nginx appends the real one.
    attacker = Browser(front, ATTACKER)
    statuses = [
        attacker.log_in("ada", f"guess {n}", **{"X-Forwarded-For": f"198.51.100.{n}"})[0].status
        for n in range(throttling.LOGIN_ACCOUNT.limit)
    ]
    assert statuses[-1] == 429
    assert attacker.log_in("ada", PASSWORD, **{"X-Forwarded-For": COLLEAGUE})[0].status == 429
    assert set(AuditEntry.objects.values_list("summary", flat=True)) >= {f"ada · from {ATTACKER}"}
    assert not AuditEntry.objects.filter(summary__contains="198.51.100.").exists()

    # Straight to the app from an address it does not trust: the header is not believed.
    direct = Browser(urlsplit(live_server.url).port, COLLEAGUE)
    answer, _ = direct.log_in("bea", "guess", **{"X-Forwarded-For": "198.51.100.9"})
    assert answer.status == 200
    assert AuditEntry.objects.filter(
        action=audit.LOGIN_FAILED, summary=f"bea · from {COLLEAGUE}"
    ).exists()
    assert not AuditEntry.objects.filter(summary__contains="198.51.100.").exists()

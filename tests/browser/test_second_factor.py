"""Second factors in a real browser: an authenticator app set up from its QR page and
used at the next login; a passkey on Chromium's virtual authenticator, set up and used;
a newsroom that requires a factor sending a new Editor to set one up before any admin
page; a backup code that works once.

The site is visited as ``localhost``: WebAuthn needs a host name, not an address. Every
page runs under the site's Content-Security-Policy (the library's scripts are files
served by the site), and the test fails on any violation or any other host asked.
"""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsdesk.content import roles
from newsdesk.content.models import AuditEntry
from tests import factories
from tests.accounts.authenticator import next_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-only"  # noqa: S105 - test accounts
WAIT_MS = 15_000


@pytest.fixture
def eve(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_user("eve", password=PASSWORD, first_name="Eve")
    roles.assign_role(user, roles.EDITOR)
    return user


@pytest.fixture
def site(live_server) -> str:
    address = live_server.url.replace("127.0.0.1", "localhost")
    assert urlsplit(address).hostname == "localhost"
    return address


class Watch:
    """Hosts asked and policy violations (console and page errors) of one page."""

    def __init__(self, page):
        self.hosts: set[str] = set()
        self.problems: list[str] = []
        page.on("request", lambda request: self.hosts.add(urlsplit(request.url).hostname))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.problems.append(message.text[:200])

    def _response(self, response) -> None:
        # Chromium asks for /favicon.ico of its own accord; the site has none there.
        if response.status >= 400 and urlsplit(response.url).path != "/favicon.ico":
            self.problems.append(f"{response.status} {response.url}")

    def assert_clean(self) -> None:
        assert self.problems == []
        assert self.hosts and self.hosts <= {"localhost", "127.0.0.1"}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(WAIT_MS)
    opened.watch = Watch(opened)
    yield opened
    context.close()


def code_from(secret_shown: str, device: TOTPDevice) -> str:
    """What an authenticator app given the key typed from the page shows now (the
    device's state says which period it expects: a code is good once)."""
    text = secret_shown.replace(" ", "")
    return next_code(device, base64.b32decode(text + "=" * (-len(text) % 8)))


def password_step(page, site: str, username: str = "eve", next_path: str = "/admin/") -> None:
    page.goto(f"{site}/admin/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form input[type=submit]")


def log_out(page) -> None:
    page.click("#logout-form button")
    page.wait_for_selector("text=Logged out")


def add_app(page) -> str:
    """Set up an authenticator app from the page's QR code and key; the key shown."""
    qr_code = page.get_attribute("#app-qr-code", "src")
    assert qr_code.startswith("data:image/svg+xml")
    secret = page.inner_text("#app-secret")
    pending = TOTPDevice.objects.get(confirmed=False)
    page.fill("#id_code", code_from(secret, pending))
    if page.locator("#id_password").count():
        page.fill("#id_password", PASSWORD)
    page.click("#add-app-form input[type=submit]")
    return secret


def test_an_editor_sets_up_an_app_and_logs_in_with_password_and_code(page, site, eve, screenshots):
    password_step(page, site)
    page.wait_for_selector("#user-tools")
    page.click("#your-account a:text-is('Second factors')")
    page.click("a:text-is('Add an authenticator app')")
    page.screenshot(path=str(screenshots / "second-factor-add-app.png"), full_page=True)
    secret = add_app(page)
    page.wait_for_selector("#factor-list .factor-app")
    assert TOTPDevice.objects.get(user=eve, confirmed=True)

    log_out(page)
    password_step(page, site, next_path="/admin/content/post/")
    page.wait_for_selector("#code-form")
    assert page.locator("#user-tools").count() == 0
    page.screenshot(path=str(screenshots / "second-factor-second-step.png"), full_page=True)
    page.fill("#id_code", code_from(secret, TOTPDevice.objects.get(user=eve)))
    page.click("#code-form input[type=submit]")
    page.wait_for_selector("#user-tools")
    assert urlsplit(page.url).path == "/admin/content/post/"
    assert AuditEntry.objects.filter(action="login", summary__contains="password and code").exists()
    page.watch.assert_clean()


def test_an_editor_sets_up_a_passkey_and_logs_in_with_it(page, site, eve):
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    password_step(page, site)
    page.wait_for_selector("#user-tools")
    page.goto(f"{site}/admin/security/key/")
    page.click("#passkey-register-button")
    page.wait_for_selector("#factor-list .factor-key")
    assert eve.webauthncredential_set.filter(confirmed=True).count() == 1

    log_out(page)
    password_step(page, site, next_path="/admin/content/post/")
    page.click("#passkey-verification-button")
    page.wait_for_selector("#user-tools")
    assert urlsplit(page.url).path == "/admin/content/post/"
    assert AuditEntry.objects.filter(action="login", summary__contains="security key").exists()
    page.watch.assert_clean()


def test_a_newsroom_that_requires_a_factor_sends_a_new_editor_to_set_one_up(page, site, eve):
    factories.site_settings(second_factor_required_for="staff")
    password_step(page, site)
    page.wait_for_selector("#enrol-app")
    for path in ("/admin/", "/admin/content/post/", "/admin/auth/user/", "/admin/security/"):
        page.goto(f"{site}{path}")
        page.wait_for_selector("#enrol-app")  # back at the set-up page, whatever was asked
        assert page.locator("#user-tools").count() == 0

    page.click("#enrol-app")
    add_app(page)
    page.wait_for_selector("#user-tools")
    page.goto(f"{site}/admin/content/post/")
    page.wait_for_selector("#changelist")
    page.watch.assert_clean()


def test_a_backup_code_works_once(page, site, eve):
    TOTPDevice.objects.create(user=eve, name="Phone", confirmed=True)
    device = TOTPDevice.objects.get(user=eve)
    password_step(page, site)
    page.fill("#id_code", next_code(device))
    page.click("#code-form input[type=submit]")
    page.wait_for_selector("#user-tools")
    page.goto(f"{site}/admin/security/backup-codes/")
    page.click("#backup-codes-form input[type=submit]")
    codes = page.locator("#backup-code-list code").all_inner_texts()
    assert len(codes) == 10

    log_out(page)
    password_step(page, site)
    page.fill("#id_code", codes[3])
    page.click("#code-form input[type=submit]")
    page.wait_for_selector("#user-tools")

    log_out(page)
    password_step(page, site)
    page.fill("#id_code", codes[3])
    page.click("#code-form input[type=submit]")
    page.wait_for_selector("text=That code is not right, or was used already.")
    page.goto(f"{site}/admin/")
    page.wait_for_selector("#code-form")  # still at the second step
    assert page.locator("#user-tools").count() == 0
    page.watch.assert_clean()

"""Staff accounts with passwords, logged in the way people are (the login form)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsdesk.content import roles
from tests import factories
from tests.accounts.authenticator import next_code

PASSWORD = "pw-for-tests-only"  # noqa: S105 - test accounts


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def staff(username: str, role: str = roles.EDITOR) -> User:
    user = User.objects.create_user(username, password=PASSWORD)
    roles.assign_role(user, role)
    user.refresh_from_db()
    return user


def browser(address: str = "198.51.100.7", agent: str = "Firefox/128.0 (X11; Linux)") -> Client:
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def password_step(client: Client, username: str, password: str = PASSWORD, next_url="/admin/"):
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": next_url}
    )


def app_for(user: User, name: str = "Phone") -> TOTPDevice:
    """An authenticator app set up for ``user`` (as if through the account page)."""
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def log_in(client: Client, user: User, device: TOTPDevice | None = None) -> None:
    """Both steps, through the forms."""
    response = password_step(client, user.username)
    assert response.status_code == 302, response.content[:500]
    if device is not None:
        response = client.post(
            "/admin/login/second-step/", {"code": next_code(device), "next": "/admin/"}
        )
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def require_factor_for(who: str) -> None:
    factories.site_settings(second_factor_required_for=who)

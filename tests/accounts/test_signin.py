"""The login's second step: a password alone opens nothing for someone with a second
factor, and someone required to have one sets it up before anything opens."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from newsdesk.content import roles
from newsdesk.content.models import AuditEntry
from tests import factories
from tests.accounts.authenticator import next_code
from tests.accounts.conftest import (
    PASSWORD,
    app_for,
    browser,
    log_in,
    password_step,
    require_factor_for,
    staff,
)

pytestmark = pytest.mark.django_db

#: Pages a logged-in Editor opens; none may open before the login is finished.
STAFF_PAGES = (
    "/admin/",
    "/admin/content/post/",
    "/admin/content/post/add/",
    "/admin/password_change/",
    "/admin/security/",
    "/admin/security/sessions/",
)


def draft():
    return factories.post("Embargoed report", status="draft")


def assert_shut_out(client, post) -> None:
    pages = [*STAFF_PAGES, f"/preview/{post.pk}/"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith("/admin/login/"), page


def test_a_password_alone_opens_nothing_for_someone_with_a_second_factor():
    eve = staff("eve")
    phone = app_for(eve)
    post = draft()
    client = browser()

    response = password_step(client, "eve")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/second-step/")
    assert_shut_out(client, post)
    # nor can the half-logged-in session put its own authenticator on the account
    client.get("/admin/security/app/")
    assert eve.totpdevice_set.count() == 1
    # the admin's login page sends the session on to its second step
    assert client.get("/admin/login/")["Location"].startswith("/admin/login/second-step/")

    response = client.post(
        "/admin/login/second-step/", {"code": next_code(phone), "next": f"/preview/{post.pk}/"}
    )
    assert response["Location"] == f"/preview/{post.pk}/"
    assert client.get(f"/preview/{post.pk}/").status_code == 200
    assert client.get("/admin/content/post/").status_code == 200


def test_a_wrong_code_is_refused_and_logged():
    eve = staff("eve")
    phone = app_for(eve)
    client = browser()
    password_step(client, "eve")
    right = next_code(phone)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post("/admin/login/second-step/", {"code": wrong})
    assert response.status_code == 200
    assert b"That code is not right" in response.content
    assert client.get("/admin/").status_code == 302
    failed = AuditEntry.objects.get(action="login failed")
    assert failed.object_id == str(eve.pk) and "wrong second-factor code" in failed.summary


def test_a_backup_code_logs_in_once():
    eve = staff("eve")
    app_for(eve)
    codes = StaticDevice.objects.create(user=eve, name="Backup codes", confirmed=True)
    StaticToken.objects.create(device=codes, token="k3mdq7xa")  # noqa: S106

    first = browser()
    password_step(first, "eve")
    assert first.post("/admin/login/second-step/", {"code": "K3MD Q7XA"}).status_code == 302
    assert first.get("/admin/").status_code == 200

    second = browser()
    password_step(second, "eve")
    response = second.post("/admin/login/second-step/", {"code": "k3mdq7xa"})
    assert response.status_code == 200
    assert second.get("/admin/").status_code == 302


def test_a_forced_login_with_a_factor_still_needs_the_second_step():
    eve = staff("eve")
    app_for(eve)
    client = browser()
    client.force_login(eve)
    assert_shut_out(client, draft())


@pytest.mark.parametrize("who", ["staff", "editors"])
def test_someone_required_to_have_a_factor_sets_one_up_before_anything_opens(who):
    require_factor_for(who)
    eve = staff("eve")
    post = draft()
    client = browser()

    response = password_step(client, "eve")
    assert response["Location"].startswith("/admin/login/set-up/")
    assert_shut_out(client, post)
    assert client.get("/admin/login/set-up/").status_code == 200

    # the password step counts as the password asked for again: the app goes on at once
    page = client.get("/admin/security/app/")
    assert page.status_code == 200
    device = eve.totpdevice_set.get(confirmed=False)
    response = client.post(
        "/admin/security/app/",
        {"name": "Phone", "code": next_code(device), "next": "/admin/content/post/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/content/post/"
    assert client.get("/admin/content/post/").status_code == 200
    assert client.get(f"/preview/{post.pk}/").status_code == 200
    login = AuditEntry.objects.filter(action="login").get()
    assert "after adding an authenticator app" in login.summary


def test_editors_requirement_leaves_authors_with_their_password():
    require_factor_for("editors")
    staff("amir", roles.AUTHOR)
    client = browser()
    assert password_step(client, "amir")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    superuser = User.objects.create_superuser("root", password=PASSWORD)
    client = browser()
    assert password_step(client, superuser.username)["Location"].startswith("/admin/login/set-up/")


def test_a_requirement_set_later_stops_a_session_that_has_no_factor():
    eve = staff("eve")
    client = browser()
    log_in(client, eve)
    require_factor_for("staff")
    assert_shut_out(client, draft())
    assert client.get("/admin/login/")["Location"].startswith("/admin/login/set-up/")


def test_with_no_requirement_a_password_is_enough_and_the_login_is_logged():
    staff("amir", roles.AUTHOR)
    client = browser()
    assert password_step(client, "amir", password="not-it").status_code == 200  # noqa: S106
    assert client.get("/admin/").status_code == 302
    assert password_step(client, "amir")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    entry = AuditEntry.objects.get(action="login")
    assert entry.object_type == "user" and "amir" in entry.summary
    assert "198.51.100.7" in entry.summary


def test_logging_out_is_logged():
    eve = staff("eve")
    client = browser()
    log_in(client, eve)
    assert client.post("/admin/logout/").status_code == 200
    assert AuditEntry.objects.filter(action="logout", object_id=str(eve.pk)).count() == 1


def test_a_login_left_halfway_can_log_out():
    eve = staff("eve")
    app_for(eve)
    client = browser()
    password_step(client, "eve")
    assert client.post("/admin/logout/").status_code == 200
    assert client.get("/admin/login/second-step/")["Location"] == "/admin/login/"
    assert AuditEntry.objects.filter(action="logout", object_id=str(eve.pk)).count() == 1


def test_the_second_step_speaks_persian_to_a_browser_that_asks():
    eve = staff("eve")
    app_for(eve)
    client = browser()
    password_step(client, "eve")
    page = client.get("/admin/login/second-step/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "اکنون با عامل دوم خود نشان دهید که خودتان هستید" in page
    assert 'value="ادامه"' in page


def test_the_account_pages_speak_persian_too():
    eve = staff("eve")
    client = browser()
    log_in(client, eve)
    page = client.get("/admin/security/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "عامل‌های دوم" in page and "افزودن برنامهٔ احراز هویت" in page

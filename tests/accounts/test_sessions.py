"""Staff sessions: they end when idle, on a password change and on a factor change (the
other sessions; the one making the change goes on), and their owner sees them and ends
the others."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from newsdesk.accounts import sessions
from newsdesk.accounts.models import StaffSession
from newsdesk.content import roles
from newsdesk.content.models import AuditEntry
from tests.accounts.authenticator import next_code
from tests.accounts.conftest import PASSWORD, app_for, browser, log_in, staff

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-pw-for-tests-only"  # noqa: S105 - test accounts


def row_of(client) -> StaffSession:
    return StaffSession.objects.get(pk=client.session[sessions.SESSION_ROW])


def stored(client) -> bool:
    return Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()


@pytest.mark.parametrize(("idle", "limit", "ends"), [(13, 12, True), (11, 12, False), (3, 2, True)])
def test_an_idle_staff_session_ends(settings, idle, limit, ends):
    settings.STAFF_IDLE_HOURS = limit
    eve = staff("eve")
    client = browser()
    log_in(client, eve)
    StaffSession.objects.filter(pk=row_of(client).pk).update(
        last_seen_at=timezone.now() - timedelta(hours=idle)
    )

    response = client.get("/admin/")
    assert response.status_code == (302 if ends else 200)
    assert stored(client) is not ends
    ended = AuditEntry.objects.filter(action="sessions ended", object_id=str(eve.pk))
    assert ended.count() == (1 if ends else 0)
    if ends:
        assert f"idle for more than {limit} hours" in ended.get().summary


def test_use_keeps_a_session_alive():
    eve = staff("eve")
    client = browser()
    log_in(client, eve)
    long_ago = timezone.now() - timedelta(hours=2)
    StaffSession.objects.filter(pk=row_of(client).pk).update(last_seen_at=long_ago)
    client.get("/admin/")
    assert row_of(client).last_seen_at > long_ago + timedelta(hours=1)


def test_changing_ones_password_ends_the_other_sessions_and_keeps_this_one():
    eve = staff("eve")
    here, elsewhere = browser(), browser(address="203.0.113.20")
    log_in(here, eve)
    log_in(elsewhere, eve)

    response = here.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert here.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/").status_code == 302
    assert not stored(elsewhere)
    assert [row.pk for row in sessions.of(eve)] == [row_of(here).pk]
    assert row_of(here).session_key == here.cookies["sessionid"].value  # the new key
    changed = AuditEntry.objects.get(action="password changed")
    assert changed.user == eve and changed.object_id == str(eve.pk)
    ended = AuditEntry.objects.get(action="sessions ended")
    assert "1 session: password changed" in ended.summary


def test_an_administrator_setting_a_password_ends_all_that_persons_sessions():
    ada = staff("ada", roles.ADMINISTRATOR)
    eve = staff("eve")
    eves = browser()
    log_in(eves, eve)
    admins = browser()
    log_in(admins, ada)

    response = admins.post(
        f"/admin/auth/user/{eve.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert eves.get("/admin/").status_code == 302
    assert not stored(eves)
    assert admins.get("/admin/").status_code == 200
    assert AuditEntry.objects.get(action="password changed").user == ada


def test_adding_a_factor_ends_the_other_sessions_and_keeps_this_one():
    eve = staff("eve")
    here, elsewhere = browser(), browser(address="203.0.113.20")
    log_in(here, eve)
    log_in(elsewhere, eve)
    here.get("/admin/security/app/")
    device = eve.totpdevice_set.get()
    response = here.post("/admin/security/app/", {"name": "Phone", "code": next_code(device)})
    assert response.status_code == 302

    assert here.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/").status_code == 302
    assert not stored(elsewhere)
    assert "1 session: authenticator app added" in (
        AuditEntry.objects.get(action="sessions ended").summary
    )


def test_removing_a_factor_ends_the_other_sessions_and_keeps_this_one():
    eve = staff("eve")
    phone = app_for(eve)
    here, elsewhere = browser(), browser(address="203.0.113.20")
    log_in(here, eve, phone)
    log_in(elsewhere, eve, phone)
    assert here.post(f"/admin/security/remove/app/{phone.pk}/", {}).status_code == 302

    assert here.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/").status_code == 302
    assert not stored(elsewhere)


def test_someone_sees_their_sessions_and_ends_the_others():
    eve = staff("eve")
    amir = staff("amir", roles.AUTHOR)
    here = browser(address="198.51.100.7", agent="Firefox/128.0 (X11; Linux)")
    phone = browser(address="203.0.113.20", agent="Mobile Safari (iPhone; iOS 18)")
    log_in(here, eve)
    log_in(phone, eve)
    someone_else = browser(address="192.0.2.44")
    log_in(someone_else, amir)

    page = here.get("/admin/security/sessions/")
    assert page.status_code == 200
    shown = page.content.decode()
    for text in ("198.51.100.7", "Firefox/128.0", "203.0.113.20", "Mobile Safari", "this one"):
        assert text in shown
    assert "192.0.2.44" not in shown  # another person's

    response = here.post("/admin/security/sessions/end-others/")
    assert response.status_code == 302
    assert here.get("/admin/").status_code == 200
    assert phone.get("/admin/").status_code == 302
    assert someone_else.get("/admin/").status_code == 200
    assert [row.address for row in sessions.of(eve)] == ["198.51.100.7"]
    ended = AuditEntry.objects.get(action="sessions ended")
    assert ended.user == eve and "1 session: ended by hand" in ended.summary


def test_a_session_from_before_tracking_is_taken_in():
    eve = staff("eve")
    client = browser()
    client.force_login(eve)
    StaffSession.objects.all().delete()
    session = client.session
    del session[sessions.SESSION_ROW]
    session.save()

    assert client.get("/admin/").status_code == 200
    assert row_of(client).user == eve

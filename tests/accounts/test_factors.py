"""Adding and removing one's own factors (the password asked again), an Administrator's
reset of someone else's (never seeing them), and the command for a locked-out account."""

from __future__ import annotations

import base64
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsdesk.accounts import sessions
from newsdesk.content import roles
from newsdesk.content.models import AuditEntry
from tests.accounts.authenticator import next_code
from tests.accounts.conftest import (
    PASSWORD,
    app_for,
    browser,
    log_in,
    password_step,
    staff,
)

pytestmark = pytest.mark.django_db


def test_setting_up_an_app_shows_its_code_and_secret_and_asks_the_password_again():
    eve = staff("eve")
    client = browser()
    client.force_login(eve)  # logged in, but the password not given in the last minutes

    page = client.get("/admin/security/app/")
    assert page.status_code == 200
    assert b'src="data:image/svg+xml' in page.content  # the QR code, drawn here
    device = TOTPDevice.objects.get(user=eve, confirmed=False)
    secret = page.context["secret"]
    assert secret.replace(" ", "") in page.content.decode().replace(" ", "")
    assert b'name="password"' in page.content

    response = client.post("/admin/security/app/", {"name": "Phone", "code": next_code(device)})
    assert response.status_code == 200  # no password: not added
    assert not TOTPDevice.objects.filter(user=eve, confirmed=True).exists()

    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    assert key == device.bin_key
    response = client.post(
        "/admin/security/app/",
        {"name": "Phone", "code": next_code(device, key), "password": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/security/"
    assert TOTPDevice.objects.get(user=eve, confirmed=True).name == "Phone"
    added = AuditEntry.objects.get(action="factor added")
    assert added.object_id == str(eve.pk) and "authenticator app" in added.summary
    # the secret is shown while the app is set up, never after
    assert secret.replace(" ", "")[:16].encode() not in client.get("/admin/security/").content


def test_removing_a_factor_needs_the_password():
    eve = staff("eve")
    phone = app_for(eve)
    client = browser()
    log_in(client, eve, phone)
    session = client.session
    session["newsdesk.password_confirmed_at"] = 0  # the login's password long ago
    session.save()
    address = f"/admin/security/remove/app/{phone.pk}/"

    assert b'name="password"' in client.get(address).content
    assert client.post(address, {}).status_code == 200
    assert client.post(address, {"password": "not-it"}).status_code == 200
    assert TOTPDevice.objects.filter(pk=phone.pk).exists()

    response = client.post(address, {"password": PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=phone.pk).exists()
    removed = AuditEntry.objects.get(action="factor removed")
    assert removed.object_id == str(eve.pk) and "Phone" in removed.summary


def test_the_last_app_takes_the_backup_codes_with_it():
    eve = staff("eve")
    phone = app_for(eve)
    client = browser()
    log_in(client, eve, phone)
    page = client.post("/admin/security/backup-codes/", {})
    codes = page.context["codes"]
    assert len(codes) == 10 and all(code.encode() in page.content for code in codes)
    assert client.post(f"/admin/security/remove/app/{phone.pk}/", {}).status_code == 302
    assert not StaticDevice.objects.filter(user=eve).exists()


def test_backup_codes_need_an_app_or_a_key_first():
    eve = staff("eve")
    client = browser()
    log_in(client, eve)
    assert client.post("/admin/security/backup-codes/", {}).status_code == 302
    assert not StaticDevice.objects.filter(user=eve).exists()


def test_an_administrator_resets_someone_elses_factors_without_seeing_them():
    ada = staff("ada", roles.ADMINISTRATOR)
    eve = staff("eve")
    phone = app_for(eve)
    eves_browser = browser()
    log_in(eves_browser, eve, phone)
    admins_browser = browser(address="198.51.100.9")
    log_in(admins_browser, ada)

    # no page shows or edits anyone's devices or their secrets
    for page in ("/admin/otp_totp/totpdevice/", f"/admin/otp_totp/totpdevice/{phone.pk}/change/"):
        assert admins_browser.get(page).status_code == 404
    listing = admins_browser.get("/admin/auth/user/")
    assert b"reset_second_factors" in listing.content
    assert phone.key.encode() not in listing.content

    response = admins_browser.post(
        "/admin/auth/user/",
        {"action": "reset_second_factors", "_selected_action": [eve.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=eve).exists()
    assert eves_browser.get("/admin/").status_code == 302  # her session ended
    assert admins_browser.get("/admin/").status_code == 200
    reset = AuditEntry.objects.get(action="factors reset")
    assert reset.user == ada and reset.object_id == str(eve.pk)
    assert "1 authenticator app" in reset.summary


def test_an_editor_cannot_reset_anyone():
    ada = staff("ada", roles.ADMINISTRATOR)
    app_for(ada)
    eve = staff("eve")
    client = browser()
    log_in(client, eve)
    response = client.post(
        "/admin/auth/user/", {"action": "reset_second_factors", "_selected_action": [ada.pk]}
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=ada).exists()


def test_the_reset_command_frees_a_locked_out_account():
    eve = staff("eve")
    phone = app_for(eve)
    client = browser()
    log_in(client, eve, phone)

    out = io.StringIO()
    call_command("reset_factors", "eve", stdout=out)  # `newsdesk reset-factors eve`
    said = out.getvalue()
    assert "eve: removed 1 authenticator app" in said and "ended 1 session" in said
    assert not TOTPDevice.objects.filter(user=eve).exists()
    assert sessions.of(eve) == []
    reset = AuditEntry.objects.get(action="factors reset")
    assert reset.user is None and "from the command line" in reset.summary

    again = browser()
    assert password_step(again, "eve")["Location"] == "/admin/"


def test_the_reset_command_names_an_unknown_account():
    with pytest.raises(CommandError, match="No account is called 'nobody'"):
        call_command("reset_factors", "nobody")
    assert not User.objects.exists()

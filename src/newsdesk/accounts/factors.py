"""Second factors: authenticator apps (TOTP, django-otp), passkeys and security keys
(WebAuthn, django-otp-webauthn) and one-time backup codes (django-otp's static tokens).

Every change goes through here, so each one is logged and ends the person's other
sessions. Secrets never leave this module except to their owner while they set one
up: an Administrator can only reset (remove every factor of) another account.

Backup codes stand in for an app or a key, never alone: they can be made only beside
one, and go when the last of those goes.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime

import segno
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from newsdesk.accounts import audit, sessions

APP, KEY, BACKUP = "app", "key", "backup"
#: The device model behind each kind of factor.
MODELS = {APP: TOTPDevice, KEY: WebAuthnCredential, BACKUP: StaticDevice}
#: The kinds that are a factor on their own.
PRIMARY = (APP, KEY)
#: In the audit log as they are; on the account pages in the admin's language.
NAMES = {
    APP: gettext_noop("authenticator app"),
    KEY: gettext_noop("security key"),
    BACKUP: gettext_noop("backup codes"),
}
BACKUP_CODES = 10


@dataclass(frozen=True)
class Factor:
    """What the account page shows of a factor: never its secret."""

    kind: str
    pk: int
    name: str
    added_at: datetime | None
    last_used_at: datetime | None
    codes_left: int | None = None

    @property
    def kind_name(self) -> str:
        return gettext(NAMES[self.kind])


def of(user) -> list[Factor]:
    """The confirmed factors of ``user``: apps, then keys, then backup codes."""
    found = []
    for kind, model in MODELS.items():
        devices = model.objects.devices_for_user(user, confirmed=True)
        if kind == BACKUP:
            devices = devices.prefetch_related("token_set")
        for device in devices.order_by("pk"):
            left = len(device.token_set.all()) if kind == BACKUP else None
            found.append(
                Factor(kind, device.pk, device.name, device.created_at, device.last_used_at, left)
            )
    return found


def kind_of(device) -> str:
    return next(kind for kind, model in MODELS.items() if isinstance(device, model))


def has_primary(user) -> bool:
    """Whether ``user`` has an app or a key: then a login needs it."""
    return any(
        MODELS[kind].objects.devices_for_user(user, confirmed=True).exists() for kind in PRIMARY
    )


def check_code(user, code: str):
    """The device (app or backup codes) that accepts ``code``, or None. A backup code
    is used up; django-otp slows down guesses on each device."""
    code = "".join(code.split()).lower()
    if not code:
        return None
    for kind in (APP, BACKUP):
        for device in MODELS[kind].objects.devices_for_user(user, confirmed=True):
            if verify_token(user, device.persistent_id, code):
                return device
    return None


# --- setting up an app --------------------------------------------------------------


def pending_app(user, pk: int | None) -> TOTPDevice:
    """The app being set up (``pk`` from the session), or a new one with a fresh secret."""
    device = TOTPDevice.objects.filter(pk=pk, user=user, confirmed=False).first() if pk else None
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def app_secret(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed in: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def app_qr_code(device: TOTPDevice) -> str:
    """The app's set-up address as a QR code: an SVG ``data:`` URI, made here."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def confirm_app(request: HttpRequest, device: TOTPDevice, code: str, name: str) -> bool:
    """Confirm the app being set up when ``code`` is one it shows now."""
    if not device.verify_token("".join(code.split())):
        return False
    device.confirmed = True
    device.name = name or device.name
    device.save()
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    added(request, device, APP)
    return True


# --- changes --------------------------------------------------------------------------


def added(request: HttpRequest, device, kind: str) -> None:
    """A factor was set up by the session's user: log it, end their other sessions. The
    session that set it up has just used it (else having a factor would now stop it)."""
    user = device.user
    if getattr(request.user, "otp_device", None) is None:
        otp_login(request, device)
    audit.record(
        audit.FACTOR_ADDED,
        user=user,
        subject=user,
        detail=f"{NAMES[kind]} “{device.name}”",
        request=request,
    )
    sessions.end_others(user, request, reason=f"{NAMES[kind]} added")


def make_backup_codes(request: HttpRequest) -> list[str]:
    """New backup codes for the session's user (the old ones stop working). Shown to
    them once; the site keeps them only to check them."""
    user = request.user
    if not has_primary(user):
        raise ValueError("Backup codes stand in for an app or a key: set one up first")
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    added(request, device, BACKUP)
    return codes


def remove(request: HttpRequest, kind: str, pk: int) -> bool:
    """The session's user removes one of their factors (False: no such factor)."""
    user = request.user
    device = MODELS[kind].objects.filter(user=user, pk=pk).first()
    if device is None:
        return False
    with transaction.atomic():
        device.delete()
        if kind in PRIMARY and not has_primary(user):
            StaticDevice.objects.filter(user=user).delete()
    audit.record(
        audit.FACTOR_REMOVED,
        user=user,
        subject=user,
        detail=f"{NAMES[kind]} “{device.name}”",
        request=request,
    )
    sessions.end_others(user, request, reason=f"{NAMES[kind]} removed")
    return True


def describe(counts: dict[str, int]) -> str:
    """ "1 authenticator app, 2 security keys, backup codes" (empty: none)."""
    parts = []
    for kind in MODELS:
        count = counts.get(kind, 0)
        if count:
            plural = "s" if count > 1 else ""
            parts.append(NAMES[kind] if kind == BACKUP else f"{count} {NAMES[kind]}{plural}")
    return ", ".join(parts)


def reset(user, *, by=None, request: HttpRequest | None = None, how: str = "") -> dict[str, int]:
    """Remove every factor of ``user`` (an Administrator's reset, or the command line
    for a locked-out account) and end their sessions. Returns how many of each kind
    went, and how many sessions."""
    removed = {}
    with transaction.atomic():
        for kind, model in MODELS.items():
            devices = model.objects.filter(user=user)
            removed[kind] = devices.filter(confirmed=True).count()
            devices.delete()
    summary = describe(removed)
    audit.record(
        audit.FACTORS_RESET,
        user=by,
        subject=user,
        detail="; ".join(part for part in (summary or "had none", how) if part),
        request=request,
    )
    removed["sessions"] = sessions.end_others(user, request, reason="second factors reset")
    return removed

"""Codes as an authenticator app works them out from its secret."""

from __future__ import annotations

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_at(key: bytes, step: int) -> str:
    """What an authenticator app holding ``key`` shows during 30-second period ``step``."""
    totp = TOTP(key)
    totp.time = step * 30 + 15
    return f"{totp.token():06d}"


def next_code(device: TOTPDevice, key: bytes | None = None) -> str:
    """A code the device takes now: of the period it expects (its clock drift
    included), or a later one when that period's code was used already (a code is
    good once). ``key``: the secret as the page showed it, if not the device's own."""
    device.refresh_from_db()
    expected = int(time.time()) // 30 + device.drift
    return code_at(key or device.bin_key, max(expected, device.last_t + 1))

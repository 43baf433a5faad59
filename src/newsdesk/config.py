"""The one place that reads the environment.

Every setting an operator may change is a ``NEWSDESK_*`` variable (plus the
conventional ``DATABASE_URL``), read here with an explicit type and a clear error
when the value does not parse.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path


class ConfigError(ValueError):
    """An environment variable holds a value that cannot be used."""


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else None


def text(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def boolean(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={value!r}: expected true/false, 1/0, yes/no or on/off")


def integer(name: str, default: int) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r}: expected a whole number") from None


def path(name: str, default: str) -> Path:
    return Path(text(name, default)).expanduser().resolve()


def csv(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in text(name, default).split(",") if item.strip()]


def networks(
    name: str, default: str = ""
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Comma-separated addresses or CIDR networks (``127.0.0.1, 10.0.0.0/8, ::1``); a
    single address is a network of one."""
    found = []
    for item in csv(name, default):
        try:
            found.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ConfigError(
                f"{name}: {item!r} is not an address or a network "
                "(expected e.g. 127.0.0.1, ::1 or 10.0.0.0/8)"
            ) from None
    return tuple(found)

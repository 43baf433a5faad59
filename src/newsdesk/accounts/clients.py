"""Who is asking: the client's address as the site can trust it.

A request's ``REMOTE_ADDR`` is whoever opened the connection. Behind the nginx front
that is nginx, for every reader; nginx names the reader in ``X-Forwarded-For``. Anyone
can send that header, so it is believed only when the connection came from a proxy
the operator trusts (``NEWSDESK_TRUSTED_PROXIES``), and then only as far as trusted
proxies wrote it: each proxy appends the address it was reached from, so reading
the chain from the right, the first address that is not a trusted proxy is the
client. Whatever the client wrote itself stands to the left of that and is ignored.

The login throttle, the password forms of protected items and the audit log all ask
:func:`client_address`, so a lockout and its audit entry name the same address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def client_address(request: HttpRequest | None) -> str:
    """The client's address, e.g. ``"203.0.113.9"``; "" when there is none (a request
    made without a connection, or over a unix socket from an untrusted peer)."""
    if request is None:
        return ""
    peer = request.META.get("REMOTE_ADDR", "")
    hop = _parse(peer)
    if hop is None or not _trusted(hop):
        return str(hop) if hop is not None else ""
    chain = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for entry in reversed(chain):
        address = _parse(entry)
        if address is None:
            # Not written by a trusted proxy (nginx writes addresses): stop at the
            # last hop that was.
            break
        hop = address
        if not _trusted(hop):
            break
    return str(hop)


#: What the throttle counts clients without an address against (a unix socket's peer).
NO_ADDRESS = "0.0.0.0"  # noqa: S104 - a key, never bound


def throttle_key(address: str) -> str:
    """The address a throttle counts failures against: an IPv4 address as it is, an
    IPv6 address as its /64 network (one subscriber's share: anyone holding one
    address holds them all); :data:`NO_ADDRESS` for none."""
    parsed = _parse(address)
    if parsed is None:
        return NO_ADDRESS
    if parsed.version == 6:
        return str(ipaddress.IPv6Network((parsed, 64), strict=False).network_address)
    return str(parsed)


def trusted(address: str) -> bool:
    """True when ``address`` is one of the proxies ``NEWSDESK_TRUSTED_PROXIES`` names."""
    parsed = _parse(address)
    return parsed is not None and _trusted(parsed)


def _trusted(address: Address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


def _parse(text: str) -> Address | None:
    """An address from a header or the connection: ``1.2.3.4``, ``1.2.3.4:5678``,
    ``[2001:db8::1]:443`` or ``2001:db8::1``; an IPv4 address written as IPv6
    (``::ffff:1.2.3.4``) is that IPv4 address. None for anything else."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address

"""The client's address: X-Forwarded-For believed from trusted proxies only, read from
the right; the same address for the throttle and the audit log."""

from __future__ import annotations

import ipaddress

import pytest
from django.test import RequestFactory

from newsdesk import config
from newsdesk.accounts import audit, clients

NGINX = "127.0.0.1"


@pytest.fixture
def trust(settings):
    def trusting(*networks: str) -> None:
        settings.TRUSTED_PROXIES = tuple(ipaddress.ip_network(n) for n in networks)

    return trusting


def address(remote: str, forwarded: str | None = None) -> str:
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return clients.client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_without_trusted_proxies_the_connection_is_the_client(trust):
    trust()
    assert address("203.0.113.7") == "203.0.113.7"
    assert address(NGINX, "198.51.100.1") == NGINX  # anyone may write the header


def test_from_a_trusted_proxy_the_rightmost_untrusted_address_is_the_client(trust):
    trust("127.0.0.1", "10.0.0.0/8")
    assert address(NGINX, "203.0.113.7") == "203.0.113.7"
    # The reader wrote 198.51.100.1 themselves; nginx appended who it really saw.
    assert address(NGINX, "198.51.100.1, 203.0.113.7") == "203.0.113.7"
    # A load balancer in front of nginx, both trusted.
    assert address(NGINX, "198.51.100.1, 203.0.113.7, 10.1.2.3") == "203.0.113.7"
    assert address(NGINX, "10.1.2.3") == "10.1.2.3"  # only proxies: the farthest of them
    assert address(NGINX) == NGINX  # no header: the proxy itself asked
    assert address(NGINX, "junk, 10.1.2.3") == "10.1.2.3"  # no trusted hop wrote "junk"


def test_an_untrusted_peer_cannot_borrow_a_trusted_address(trust):
    trust("127.0.0.1")
    assert address("203.0.113.7", "127.0.0.1, 198.51.100.1") == "203.0.113.7"


def test_addresses_in_their_other_spellings(trust):
    trust("127.0.0.1", "::1")
    assert address("::ffff:127.0.0.1", "203.0.113.7:5123") == "203.0.113.7"
    assert address("::1", "[2001:db8::7]:443") == "2001:db8::7"
    assert address("", "203.0.113.7") == ""  # a unix socket: nobody to trust


def test_the_throttle_counts_an_ipv6_client_as_its_64():
    assert clients.throttle_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::"
    assert clients.throttle_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::"
    assert clients.throttle_key("203.0.113.7") == "203.0.113.7"
    assert clients.throttle_key("") == clients.NO_ADDRESS


def test_the_audit_log_names_the_same_client(trust):
    trust("127.0.0.1")
    request = RequestFactory().get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert audit.client_address(request) == clients.client_address(request) == "203.0.113.7"


def test_trusted_proxies_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("NEWSDESK_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,::1")
    assert config.networks("NEWSDESK_TRUSTED_PROXIES") == (
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("::1/128"),
    )
    monkeypatch.setenv("NEWSDESK_TRUSTED_PROXIES", "127.0.0.1,localhost")
    with pytest.raises(config.ConfigError, match="'localhost' is not an address or a network"):
        config.networks("NEWSDESK_TRUSTED_PROXIES")

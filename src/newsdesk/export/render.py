"""One public address rendered in-process, by the site's own views and middleware.

No server and no network: a request built with Django's ``RequestFactory`` goes through
the same handler a web server would call, minus the full-page cache (an export renders
what the code says now, and must not fill the live cache with copies rendered for a
mirror's address). The request carries a Host from ``ALLOWED_HOSTS`` and the main
address's scheme.

Feeds, sitemaps and robots.txt are read away from the site, so their addresses are
absolute; on a mirror with its own base address they are rendered with that base as
``BASE_URL``. Pages keep the main address in what names the canonical copy.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.signals import request_started
from django.db import close_old_connections
from django.http.request import split_domain_port, validate_host
from django.test import RequestFactory, override_settings

from newsdesk.export.layout import FEED, NOT_FOUND, SITEMAP, TEXT, kind_of

#: Middleware an export leaves out (see the module docstring).
SKIPPED_MIDDLEWARE = ("newsdesk.pagecache.middleware.PageCacheMiddleware",)
#: Requested to render the "not found" page: no slug starts with a dot.
NOT_FOUND_PROBE = "/.newsdesk-export/not-found/"
_BASED_KINDS = (FEED, SITEMAP, TEXT)


class RenderError(RuntimeError):
    """The site failed to render an address (the error itself is in the log)."""


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


class Renderer:
    """Renders addresses; one per process (it holds the loaded middleware chain)."""

    def __init__(self, base_url: str | None = None):
        self.base_url = base_url
        with override_settings(
            MIDDLEWARE=[m for m in settings.MIDDLEWARE if m not in SKIPPED_MIDDLEWARE]
        ):
            self.handler = BaseHandler()
            self.handler.load_middleware()
        main = urlsplit(settings.BASE_URL)
        _begin()
        self.factory = RequestFactory(HTTP_HOST=request_host(main.netloc))
        self.secure = main.scheme == "https"

    def render(self, address: str) -> Response:
        path = NOT_FOUND_PROBE if address == NOT_FOUND else address
        request = self.factory.get(path, secure=self.secure)
        with _quiet_below_500():
            if self.base_url and kind_of(address) in _BASED_KINDS:
                with override_settings(BASE_URL=self.base_url):
                    response = self.handler.get_response(request)
            else:
                response = self.handler.get_response(request)
        if response.status_code >= 500:
            raise RenderError(f"{address}: the site answered {response.status_code}")
        body = b"".join(response) if response.streaming else response.content
        return Response(response.status_code, response.get("Content-Type", ""), body)


def _below_500(record: logging.LogRecord) -> bool:
    return getattr(record, "status_code", 500) >= 500


@contextmanager
def _quiet_below_500():
    """An export asks for the "not found" page, and for addresses that stopped being
    public: answers, not warnings. Errors are still logged."""
    logger = logging.getLogger("django.request")
    logger.addFilter(_below_500)
    try:
        yield
    finally:
        logger.removeFilter(_below_500)


def _begin() -> None:
    """What starts every request, once per export: what the site remembers per request
    (the settings row) is read afresh. Connections stay open (Django's test client
    does the same): they are this process's, and may hold a transaction."""
    request_started.disconnect(close_old_connections)
    try:
        request_started.send(sender=Renderer)
    finally:
        request_started.connect(close_old_connections)


def request_host(wanted: str) -> str:
    """The main address's host when the site accepts it, else the first host it names."""
    allowed = settings.ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]"]
    host = wanted.rpartition("@")[2]
    domain, _port = split_domain_port(host)
    if domain and validate_host(domain, allowed):
        return host
    for host in allowed:
        if host not in ("*",) and not host.startswith("."):
            return host
    raise RenderError(f"NEWSDESK_ALLOWED_HOSTS names no host to render with ({allowed!r})")

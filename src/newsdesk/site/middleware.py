"""Response policies of the whole site: security headers, cookie flags, old addresses,
the admin's language."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.encoding import escape_uri_path

from newsdesk.content import queries
from newsdesk.site.views import not_found

# Nothing from other hosts, no inline script or style. The Django admin of 5.2 runs
# under this policy as it is (its scripts are files, its settings data attributes).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "media-src 'self'",
        "connect-src 'self'",
        "frame-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
REFERRER_POLICY = "strict-origin-when-cross-origin"
#: What every response carries unless a view set a stricter value (the nginx front
#: sends the same: ``newsdesk.pagecache.nginx``).
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": REFERRER_POLICY,
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Frame-Options": "DENY",
}

#: Query keys of WordPress's "plain" addresses that migrated sites keep receiving.
WORDPRESS_QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag", "author")


class SecurityHeadersMiddleware:
    """Headers on every response, static files and errors included.

    A view may set its own, stricter Content-Security-Policy (media files do); the
    rest is the same everywhere. Cookies are never readable by script, default to
    SameSite=Lax and are Secure whenever the request came over HTTPS.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        # The server's software is nobody's business.
        for name in ("Server", "X-Powered-By"):
            if name in response.headers:
                del response.headers[name]
        secure = request.is_secure()
        for morsel in response.cookies.values():
            morsel["httponly"] = True
            if not morsel["samesite"]:
                morsel["samesite"] = "Lax"
            if secure:
                morsel["secure"] = True
        return response


class OldAddressMiddleware:
    """Keeps old links working: an address that would be "not found" answers 301 with its
    new home when the Redirect table knows it (changed slugs, migrated WordPress sites).

    WordPress's plain addresses (``/?p=123``) reach the home page, which would answer
    200; they are looked up first, and are "not found" when nothing matches.
    Sits after CommonMiddleware in the list, so a missing slash is looked up as it
    came before CommonMiddleware adds one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/" and any(key in request.GET for key in WORDPRESS_QUERY_KEYS):
            return self._wordpress_query(request)
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        target = queries.redirect_target(_candidates(request))
        return HttpResponsePermanentRedirect(target) if target else response

    def _wordpress_query(self, request: HttpRequest) -> HttpResponse:
        key = next(key for key in WORDPRESS_QUERY_KEYS if key in request.GET)
        target = queries.redirect_target([request.get_full_path(), f"/?{key}={request.GET[key]}"])
        if target:
            return HttpResponsePermanentRedirect(target)
        return not_found(request, None)


def _candidates(request: HttpRequest) -> list[str]:
    """The forms an old address may have been stored in: as requested (with its query),
    its path URI-escaped as ``reverse()`` writes it, and its path as decoded text."""
    return [request.get_full_path(), escape_uri_path(request.path), request.path]


class AdminLanguageMiddleware:
    """The admin speaks its user's language: Django's own Persian catalogue when the
    browser asks for Persian first (``Accept-Language``) or the ``django_language``
    cookie says ``fa``; English otherwise.

    Only under ``/admin/``: the public pages choose their words from the site's and
    the edition's language, never from the reader's browser, so the page cache keeps
    one copy of each page.
    """

    PREFIX = "/admin/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.PREFIX):
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response

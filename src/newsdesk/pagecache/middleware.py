"""Serve anonymous readers from the page cache; fill it from the pages Django renders."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date

from newsdesk.pagecache.store import CachedPage, normalise
from newsdesk.pagecache.stores import active_store

SKIPPED_PREFIXES = ("/admin/", "/media/", "/static/", "/preview/")
HEADERS_SET = "public, max-age=0, must-revalidate"


def cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(SKIPPED_PREFIXES)
    )


def cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    vary = response.get("Vary", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache")) and (
        "cookie" not in vary
    )


def answer(request: HttpRequest, page: CachedPage) -> HttpResponse:
    """The cached page, compressed when the reader accepts it; 304 when they have it."""
    if page.etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
        response = HttpResponse(status=304)
    else:
        gzip_ok = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        body = page.body if gzip_ok else page.plain()
        response = HttpResponse(
            b"" if request.method == "HEAD" else body, content_type=page.content_type
        )
        response["Content-Length"] = str(len(body))
        if gzip_ok:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    response["Cache-Control"] = HEADERS_SET
    response["Vary"] = "Accept-Encoding"
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.get_host()  # refuse a Host outside ALLOWED_HOSTS before answering from cache
        store = active_store()
        path = normalise(request.path) if store is not None else None
        if path is None or not cacheable_request(request):
            return self.get_response(request)
        page = store.get(path)
        if page is not None:
            return answer(request, page)
        version = store.version()
        response = self.get_response(request)
        # A purge while this page rendered means it may show the old state: do not keep it.
        if cacheable_response(response) and store.version() == version:
            store.put(path, response.content, response["Content-Type"])
            response["X-Page-Cache"] = "miss"
        return response

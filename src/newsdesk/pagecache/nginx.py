"""The nginx front of the production setup: page-cache files straight from disk.

nginx answers a reader's request from the files the disk page cache wrote (the way
WordPress page-cache plugins are served with ``try_files``) under exactly the rule
:class:`~newsdesk.pagecache.middleware.PageCacheMiddleware` applies: GET or HEAD, no
query string, no session cookie. Everything else, and every page not in the cache
yet, goes to the app, which renders it and fills the cache; a purge deletes the file,
so the next request goes to the app again. Files nginx sends carry the same security
headers as the app's responses, from the same constants.

Only the page-cache root is ever served from disk for pages: never the data folder,
which holds the database and the secret key.

nginx names each reader to the app in ``X-Forwarded-For``, which the app believes only
from the proxies ``NEWSDESK_TRUSTED_PROXIES`` names (:mod:`newsdesk.accounts.clients`):
the configuration says, and the command warns, when the address nginx reaches the app
from is not one of them, for then the app sees every reader as nginx.

With NEWSDESK_HTTPS on, plain HTTP never gets a page: given the certificate, nginx
speaks TLS itself and a port-80 server answers 301 with the HTTPS address; without
it, the one server sends plain HTTP there (see :func:`_https_lines`).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from newsdesk.accounts import clients
from newsdesk.pagecache.middleware import HEADERS_SET, SKIPPED_PREFIXES
from newsdesk.pagecache.store import CONTENT_TYPES, INDEX

UPSTREAM = "newsdesk_app"
# A page nginx may not answer itself goes to the app through this status, which no
# client ever sees (``error_page 418 = @app``).
TO_THE_APP = 418
# Types of the files nginx serves for /static/ and /media/ (the page cache has its own).
FILE_TYPES = {
    "text/css": "css",
    "text/javascript": "js mjs",
    "application/json": "json map",
    "text/plain": "txt",
    "application/xml": "xml",
    "text/html": "html htm",
    "image/svg+xml": "svg svgz",
    "image/png": "png",
    "image/jpeg": "jpg jpeg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/avif": "avif",
    "image/x-icon": "ico",
    "font/woff": "woff",
    "font/woff2": "woff2",
    "font/ttf": "ttf",
    "font/otf": "otf",
    "application/pdf": "pdf",
    "video/mp4": "mp4",
    "video/webm": "webm",
    "audio/mpeg": "mp3",
    "audio/ogg": "ogg oga",
}
COMPRESSIBLE = ("text/css", "text/javascript", "application/json", "image/svg+xml")
# Anything nginx could read as syntax in a value written into the configuration.
UNSAFE_VALUE = re.compile(r"[\s;{}\"'$\\#]")


class UnsafeSetup(ValueError):
    """The settings would make nginx serve files it must not, or the values cannot be
    written into an nginx configuration."""


@dataclass(frozen=True)
class Front:
    """Where nginx listens and where the app (``newsdesk serve``) answers; with a
    certificate and its key, nginx speaks TLS on ``listen`` and answers plain HTTP on
    ``redirect_listen`` with a redirect (see :func:`_https_lines`)."""

    listen: str = "127.0.0.1:8080"
    upstream: str = "127.0.0.1:8000"
    certificate: Path | None = None
    certificate_key: Path | None = None
    redirect_listen: str = "80"


def security_headers() -> dict[str, str]:
    """The security headers the app puts on every response, by name: the site's own
    (``SECURITY_HEADERS``) and those Django's ``SecurityMiddleware`` adds from settings."""
    from newsdesk.site.middleware import SECURITY_HEADERS

    headers = dict(SECURITY_HEADERS)
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    if settings.SECURE_HSTS_SECONDS:
        # Django sends it over HTTPS only; browsers ignore it over plain HTTP.
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers["Strict-Transport-Security"] = hsts
    return headers


def media_headers() -> dict[str, str]:
    """Uploaded files: the media view's stricter policy and its long cache lifetime."""
    from newsdesk.site import views

    headers = security_headers()
    headers["Content-Security-Policy"] = views.MEDIA_SECURITY_POLICY
    headers["Cache-Control"] = views.MEDIA_CACHE_CONTROL
    return headers


def server_block(front: Front) -> str:
    """The ``upstream`` and ``server`` blocks, for a site file of the system's nginx
    (included in its ``http`` block, as ``/etc/nginx/sites-enabled/`` files are)."""
    return "\n".join(_server_lines(front)) + "\n"


def whole_config(front: Front, folder: Path, nginx_binary: str = "nginx") -> str:
    """A whole ``nginx.conf`` for running nginx on its own (``nginx -c FILE``): pid, error
    log and temporary files in ``folder``, no access log."""
    folder = Path(folder).resolve()
    lines = [
        "# The newsdesk front, on its own: nginx -c THIS-FILE [-g 'daemon off;']",
        "# (written by `newsdesk nginx-config --full`)",
    ]
    if os.geteuid() == 0:
        # Run by root, workers would become "nobody", who may not read the data folder.
        lines.append(f"user {pwd.getpwuid(os.geteuid()).pw_name};")
    lines += [
        "worker_processes auto;",
        f"pid {_path(folder / 'nginx.pid')};",
        f"error_log {_path(folder / 'error.log')};",
        "",
        "events {",
        "    worker_connections 1024;",
        "}",
        "",
        "http {",
    ]
    body = [
        "access_log off;",
        "sendfile on;",
        "tcp_nopush on;",
        f"client_body_temp_path {_path(folder / 'client_body')};",
        f"proxy_temp_path {_path(folder / 'proxy')};",
    ]
    left_out = _modules_left_out(nginx_binary)
    for module in ("fastcgi", "uwsgi", "scgi"):
        # Their default folders belong to the system's nginx; unset they fail to open.
        if module not in left_out:
            body.append(f"{module}_temp_path {_path(folder / module)};")
    body += ["", "types {"]
    body += [f"    {content_type} {extensions};" for content_type, extensions in FILE_TYPES.items()]
    body += ["}", "default_type application/octet-stream;", ""]
    if "*" not in settings.ALLOWED_HOSTS:
        # Other host names get nothing, as the app refuses them (ALLOWED_HOSTS).
        body += _unknown_hosts_servers(front)
    body += _server_lines(front)
    lines += _indent(body)
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- the server ------------------------------------------------------------------------


def _server_lines(front: Front) -> list[str]:
    _refuse_unsafe_page_cache_root()
    lines = [
        f"upstream {UPSTREAM} {{",
        f"    server {_value(front.upstream)};",
        "    keepalive 16;",
        "}",
        "",
        *_redirect_server(front),
        "server {",
        *_indent(_https_lines(front)),
        f"    server_name {_server_names()};",
        "    server_tokens off;",
        f"    client_max_body_size {_upload_limit()};",
        "",
        "    # To the app: the client's host, address and scheme; kept-alive connections.",
        "    # X-Forwarded-For gets the reader's address appended to whatever the reader sent;",
        "    # the app reads it from the right, as far as its trusted proxies wrote it.",
        *(f"    # {line}" for line in _trust_note(front)),
        "    proxy_http_version 1.1;",
        '    proxy_set_header Connection "";',
        "    proxy_set_header Host $http_host;",
        "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "    proxy_set_header X-Forwarded-Proto $scheme;",
        "    proxy_redirect off;",
        "",
        "    location @app {",
        f"        proxy_pass http://{UPSTREAM};",
        "    }",
        "",
    ]
    lines += _indent(_static_locations())
    lines += _indent(_media_location())
    # Never from the page cache: admin, previews. (/static/ and /media/ have their own
    # locations above; a ^~ prefix here would shadow the static-file regex.)
    for prefix in SKIPPED_PREFIXES:
        if prefix not in ("/static/", settings.STATIC_URL, settings.MEDIA_URL):
            lines += [
                f"    location ^~ {_value(prefix)} {{",
                f"        proxy_pass http://{UPSTREAM};",
                "    }",
                "",
            ]
    lines += _indent(_page_cache_locations())
    lines.append("}")
    return lines


def _page_cache_locations() -> list[str]:
    if settings.PAGE_CACHE != "disk":
        # Files left by an earlier disk cache are no longer purged: never serve them.
        return [
            f"# NEWSDESK_PAGE_CACHE={settings.PAGE_CACHE}: no page-cache files, all pages from the app.",
            "location / {",
            f"    proxy_pass http://{UPSTREAM};",
            "}",
        ]
    indexes = " ".join(f"${{uri}}{INDEX}.{extension}" for extension in CONTENT_TYPES)
    served_as = "|".join(CONTENT_TYPES)
    common = [
        f"root {_path(Path(settings.PAGE_CACHE_DIR))};",
        f"error_page {TO_THE_APP} = @app;",
        # The rule of PageCacheMiddleware.cacheable_request, in nginx's words.
        f"if ($request_method !~ ^(GET|HEAD)$) {{ return {TO_THE_APP}; }}",
        f'if ($args != "") {{ return {TO_THE_APP}; }}',
        f'if ($http_cookie ~ "(^|;) *{_cookie_name()}=") {{ return {TO_THE_APP}; }}',
        "gzip_static on;",
        "gzip_vary on;",
        "etag on;",
        "charset utf-8;",
        "charset_types application/rss+xml application/atom+xml application/xml text/plain;",
        "types {",
        *(
            f"    {content_type.split(';')[0]} {extension};"
            for extension, content_type in CONTENT_TYPES.items()
        ),
        "}",
        *_headers({"Cache-Control": HEADERS_SET, **security_headers()}),
    ]
    return [
        "# Pages: from the page cache when the page is there and the request is one the",
        "# cache answers (GET/HEAD, no query string, no session cookie); else the app.",
        "# The cache's own bookkeeping (dot files, .gz twins, index files by their",
        "# names) is never an address.",
        *_well_known_locations(common),
        f'location ~ "/\\.|\\.gz$|/{INDEX}\\.({served_as})$" {{',
        f"    proxy_pass http://{UPSTREAM};",
        "}",
        "",
        "location ~ /$ {",
        *_indent(common),
        f"    try_files {indexes} @app;",
        "}",
        "",
        "# Addresses without a trailing slash are files of their own (sitemap.xml); a",
        "# folder is not one, so /tag/news goes to the app, which redirects it.",
        "location / {",
        *_indent(common),
        "    try_files $uri @app;",
        "}",
    ]


def _well_known_locations(common: list[str]) -> list[str]:
    """The app's files under ``/.well-known/`` (security.txt) are pages of the cache like
    any other, though a dot starts their folder's name: each by its exact address, so
    the rule against dot files keeps every other one away."""
    from django.urls import reverse

    lines = []
    for address in (reverse("security_txt"),):
        lines += [
            f"location = {_value(address)} {{",
            *_indent(common),
            "    try_files $uri @app;",
            "}",
            "",
        ]
    return lines


def _static_locations() -> list[str]:
    """/static/ from the folders Django's finders search, in their order (the first that
    has the file wins, as with WhiteNoise): the installed packages, no collectstatic.
    What none has goes to the app."""
    roots = static_roots()
    if not roots or not re.fullmatch(r"/[A-Za-z0-9_./-]*/", settings.STATIC_URL):
        return []  # static files elsewhere (a CDN) or none
    headers = {"Cache-Control": f"public, max-age={settings.WHITENOISE_MAX_AGE}"}
    headers.update(security_headers())
    candidates = " ".join(_path(root, then="/$static_file") for root in roots)
    return [
        "# Static files (a folder is not one: /static/x/ goes to the app).",
        f'location ~ "^{re.escape(settings.STATIC_URL)}(?<static_file>.*[^/])$" {{',
        "    root /;",
        f"    try_files {candidates} @app;",
        "    gzip on;",
        f"    gzip_types {' '.join(COMPRESSIBLE)};",
        "    gzip_vary on;",
        *_indent(_headers(headers)),
        "}",
        "",
    ]


def _media_location() -> list[str]:
    return [
        f"location ^~ {_value(settings.MEDIA_URL)} {{",
        f"    alias {_path(Path(settings.MEDIA_ROOT), folder=True)};",
        "    error_page 403 404 = @app;",
        *_indent(_headers(media_headers())),
        "}",
        "",
    ]


def static_roots() -> list[Path]:
    """The folders Django's static-file finders search, in their search order. A folder
    given with a prefix (``STATICFILES_DIRS`` entries ``(prefix, path)``) is left to the app."""
    from django.contrib.staticfiles import finders

    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location and not getattr(storage, "prefix", None):
                roots.append(Path(location).resolve())
    return list(dict.fromkeys(roots))


# --- the app's trust in nginx ----------------------------------------------------------


def untrusted_front(front: Front) -> str:
    """Why the app would not believe this nginx's X-Forwarded-For ("" when it would):
    the address nginx reaches the upstream from is not a trusted proxy."""
    source = source_address(front.upstream)
    if source is None:
        return (
            f"The app at {front.upstream} sees no address for nginx (a unix socket, or a "
            "host name that does not resolve), so it cannot trust nginx's X-Forwarded-For: "
            "every reader would look alike to the login throttle and the audit log. Use an "
            "upstream on 127.0.0.1 and NEWSDESK_TRUSTED_PROXIES=127.0.0.1."
        )
    if clients.trusted(source):
        return ""
    return (
        f"NEWSDESK_TRUSTED_PROXIES does not trust {source}, the address nginx reaches the "
        f"app at {front.upstream} from: the app ignores X-Forwarded-For and sees every "
        f"reader as {source} (one address for the login throttle and the audit log). "
        f"Set NEWSDESK_TRUSTED_PROXIES={source} in the app's environment."
    )


def source_address(upstream: str) -> str | None:
    """The address this machine reaches ``upstream`` (``host:port``) from, as the app
    sees it; None for a unix socket or a name that does not resolve. (A datagram socket
    is connected to ask the kernel for its route: nothing is sent.)"""
    if upstream.startswith("unix:"):
        return None
    host, _, port = upstream.rpartition(":")
    if not port.isdigit() or not host:
        host, port = upstream, "80"
    try:
        family, kind, _proto, _name, address = socket.getaddrinfo(
            host.strip("[]"), int(port), type=socket.SOCK_DGRAM
        )[0]
        with socket.socket(family, kind) as probe:
            probe.connect(address)
            return probe.getsockname()[0]
    except OSError:
        return None


def _trust_note(front: Front) -> list[str]:
    problem = untrusted_front(front)
    if not problem:
        return [
            "The app believes the X-Forwarded-For below: NEWSDESK_TRUSTED_PROXIES trusts",
            f"{source_address(front.upstream)}, the address nginx reaches it from.",
        ]
    return textwrap.wrap(f"WARNING: {problem}", 84)


# --- HTTPS ----------------------------------------------------------------------------


def https_only() -> bool:
    """NEWSDESK_HTTPS: the app answers plain HTTP with a redirect; so does the front."""
    return bool(settings.SECURE_SSL_REDIRECT)


def _https_lines(front: Front) -> list[str]:
    """The main server's ``listen`` and, with a certificate, its TLS lines. Without one
    and with NEWSDESK_HTTPS on, plain HTTP reaching this server is sent to HTTPS, so TLS
    lines added to it by hand (``listen 443 ssl``) make a whole HTTPS setup."""
    if (front.certificate is None) != (front.certificate_key is None):
        raise UnsafeSetup("give both the certificate and its private key, or neither")
    if front.certificate is None:
        if not https_only():
            return [f"listen {_value(front.listen)};"]
        return [
            f"listen {_value(front.listen)};",
            "# NEWSDESK_HTTPS is on: plain HTTP goes to HTTPS. For nginx to speak TLS itself,",
            "# print this again with --listen 443 --certificate FILE --certificate-key FILE.",
            f"if ($scheme = http) {{ return 301 {_https_address(front)}; }}",
        ]
    if not https_only():
        raise UnsafeSetup(
            "a certificate is given but NEWSDESK_HTTPS is off: turn it on, or the app "
            "sends its cookies as if the site were plain HTTP"
        )
    return [
        f"listen {_value(front.listen)} ssl;",
        f"ssl_certificate {_path(Path(front.certificate).resolve())};",
        f"ssl_certificate_key {_path(Path(front.certificate_key).resolve())};",
        "ssl_protocols TLSv1.2 TLSv1.3;",
        "ssl_session_cache shared:newsdesk_tls:10m;",
        "ssl_session_timeout 1d;",
        "ssl_session_tickets off;",
    ]


def _redirect_server(front: Front) -> list[str]:
    """With a certificate: plain HTTP (port 80) answers 301 with the HTTPS address."""
    if front.certificate is None:
        return []
    return [
        "server {",
        f"    listen {_value(front.redirect_listen)};",
        f"    server_name {_server_names()};",
        "    server_tokens off;",
        f"    return 301 {_https_address(front)};",
        "}",
        "",
    ]


def _https_address(front: Front) -> str:
    """The request's address over HTTPS: the same host, the TLS port when not 443."""
    port = front.listen.rsplit(":", 1)[-1] if front.certificate is not None else ""
    shown = f":{port}" if port.isdigit() and port != "443" else ""
    return f"https://$host{shown}$request_uri"


def _unknown_hosts_servers(front: Front) -> list[str]:
    """For a whole configuration: host names the site does not serve get nothing (444),
    on each port the front listens on; over TLS, not even a handshake."""
    if front.certificate is None:
        ports = [[f"listen {_value(front.listen)} default_server;"]]
    else:
        ports = [
            [f"listen {_value(front.listen)} ssl default_server;", "ssl_reject_handshake on;"],
            [f"listen {_value(front.redirect_listen)} default_server;"],
        ]
    servers = []
    for lines in ports:
        servers += [
            "server {",
            *_indent(lines),
            "    server_tokens off;",
            "    return 444;",
            "}",
            "",
        ]
    return servers


# --- checks and quoting ------------------------------------------------------------------


def _refuse_unsafe_page_cache_root() -> None:
    """nginx serves whatever lies under the page-cache root: it must not hold the
    database, the secret key or uploads."""
    if settings.PAGE_CACHE != "disk":
        return
    root = Path(settings.PAGE_CACHE_DIR).resolve()
    private = [Path(settings.DATA_DIR).resolve(), Path(settings.MEDIA_ROOT).resolve()]
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        private.append(Path(str(database["NAME"])).resolve())
    for place in private:
        if place == root or place.is_relative_to(root):
            raise UnsafeSetup(
                f"the page-cache folder {root} contains {place}; nginx would serve it. "
                "Set NEWSDESK_PAGE_CACHE_DIR to a folder of its own (default <data dir>/pages)."
            )


def _server_names() -> str:
    hosts = [host for host in settings.ALLOWED_HOSTS if host != "*"]
    if not hosts or "*" in settings.ALLOWED_HOSTS:
        return "_"
    return " ".join(_value(host) for host in hosts)


def _cookie_name() -> str:
    name = settings.SESSION_COOKIE_NAME
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise UnsafeSetup(f"SESSION_COOKIE_NAME {name!r}: use letters, digits, '_' or '-'")
    return name


def _upload_limit() -> str:
    """Editors upload images through the admin: allow what Django accepts, and more."""
    largest = max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0, settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
    return f"{max(largest // (1024 * 1024) * 4, 32)}m"


def _headers(headers: dict[str, str]) -> list[str]:
    return [f'add_header {name} "{_header_value(value)}";' for name, value in headers.items()]


def _header_value(value: str) -> str:
    if any(char in value for char in '"$\\\n\r'):
        raise UnsafeSetup(f"header value {value!r} cannot be written for nginx")
    return value


def _value(text: str) -> str:
    if not text or UNSAFE_VALUE.search(text):
        raise UnsafeSetup(f"{text!r} cannot be written into an nginx configuration")
    return text


def _path(path: Path, folder: bool = False, then: str = "") -> str:
    """Quoted, whole: an ``alias`` folder's trailing slash or what follows the path
    (``then``, which may name a variable) inside the quotes."""
    text = str(path) + ("/" if folder else "")
    if any(char in text for char in '"$\\\n\r;{}'):
        raise UnsafeSetup(f"the path {text!r} cannot be written into an nginx configuration")
    return f'"{text}{then}"'


def _indent(lines: list[str]) -> list[str]:
    return [f"    {line}" if line else "" for line in lines]


def _modules_left_out(nginx_binary: str) -> set[str]:
    """Modules this nginx was built without (``nginx -V``), e.g. ``{"uwsgi"}``."""
    found = shutil.which(nginx_binary)
    if found is None:
        return set()
    try:
        built = subprocess.run(
            [found, "-V"], capture_output=True, text=True, timeout=10, check=False
        ).stderr
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return set(re.findall(r"--without-http_(\w+?)_module", built))

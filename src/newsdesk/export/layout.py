"""Where each public address lives in an export folder, and what a link on a mirror
points at.

An address ending in ``/`` is a folder with an index file: ``index.html`` for pages,
``index.xml`` for feeds (``/feed/`` → ``feed/index.xml``), because a static host picks a
file's type by its extension and serves ``index.html`` for a folder but nothing for
``index.rss``. Other addresses keep their name (``/sitemap.xml``, ``/robots.txt``). The
"not found" page is ``404.html``, where static hosts look for it. File names are the
decoded addresses (``/category/فارسی/`` → ``category/فارسی/index.html``); links to them
are percent-escaped again.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote

from django.urls import Resolver404, resolve

from newsdesk import memos

PAGE, FEED, SITEMAP, TEXT, JSON = "page", "feed", "sitemap", "text", "json"
#: The address the "not found" page is kept under (and can be read at on a mirror).
NOT_FOUND = "/404.html"
INDEX = {PAGE: "index.html", FEED: "index.xml"}
_KIND_BY_URL_NAME = {
    "sitemap_index": SITEMAP,
    "sitemap_section": SITEMAP,
    "news_sitemap": SITEMAP,
    "robots_txt": TEXT,
    "mirrors_json": JSON,
}
# Characters kept as they are when a file name becomes a link again (RFC 3986 pchar).
_SAFE = "/:@!$&'()*+,;=-._~"


class UnsafeAddress(ValueError):
    """An address that cannot become a file inside the export folder."""


@lru_cache(maxsize=4096)
def kind_of(path: str) -> str:
    """What the site serves at ``path``: a page, a feed, a sitemap, robots.txt, JSON."""
    if path == NOT_FOUND:
        return PAGE
    try:
        match = resolve(unquote(path))
    except Resolver404:
        return PAGE
    name = match.url_name or ""
    if name.endswith(("_rss", "_atom")):
        return FEED
    return _KIND_BY_URL_NAME.get(name, PAGE)


memos.register("kinds of address", kind_of, settings=["ROOT_URLCONF"])


def file_for(path: str) -> str:
    """The file (relative, POSIX, decoded) that holds the address ``path``."""
    if path == NOT_FOUND:
        return "404.html"
    decoded = unquote(path)
    if not decoded.startswith("/") or any(c in decoded for c in "\x00\\\n\r"):
        raise UnsafeAddress(path)
    segments = [s for s in decoded.strip("/").split("/") if s]
    if any(s in (".", "..") or s.startswith(".") for s in segments):
        raise UnsafeAddress(path)
    if decoded.endswith("/"):
        return "/".join([*segments, INDEX.get(kind_of(path), INDEX[PAGE])])
    if not segments:
        raise UnsafeAddress(path)
    return "/".join(segments)


def is_folder_index(file: str) -> bool:
    """A page a static host serves for its folder's address (``tag/x/index.html``)."""
    return posixpath.basename(file) == INDEX[PAGE]


def link_to_file(file: str, from_file: str) -> str:
    """A relative link from the file ``from_file`` to ``file``, both in the export
    (``tag/x/index.html`` → ``../../about/index.html``)."""
    folder = from_file.split("/")[:-1]
    target = file.split("/")
    common = 0
    while common < len(folder) and common < len(target) - 1 and folder[common] == target[common]:
        common += 1
    return quote("/".join([".."] * (len(folder) - common) + target[common:]), safe=_SAFE)


def address_of_file(file: str, base_url: str) -> str:
    """The address of ``file`` on a mirror at ``base_url``: a page by its folder
    (``https://mirror.example/tag/x/``), any other file by its name."""
    if is_folder_index(file):
        folder = posixpath.dirname(file)
        return f"{base_url}/{quote(folder, safe=_SAFE)}/" if folder else f"{base_url}/"
    return f"{base_url}/{quote(file, safe=_SAFE)}"


@dataclass(frozen=True)
class Asset:
    """A file copied as it is (static assets, media): its place in the export and its source."""

    file: str
    source: Path

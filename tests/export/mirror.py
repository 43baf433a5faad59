"""Helpers for the export tests: a static web server, a crawler, the folder's files."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import lxml.html
from lxml import etree

# What a browser would fetch or follow from a page.
LINKS = (
    "//a[@href] | //link[@href] | //img[@src] | //script[@src] | //source[@src] | //form[@action]"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def static_server(root: Path, port: int | None = None) -> Iterator[str]:
    """``python -m http.server`` serving ``root`` on 127.0.0.1; yields its address."""
    port = port or free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the static server did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@dataclass
class Crawl:
    fetched: dict[str, str] = field(default_factory=dict)  # url → content type
    broken: list[tuple[str, str, str]] = field(default_factory=list)  # (url, from, why)
    outside: set[str] = field(default_factory=set)  # links leaving the mirror

    def paths(self, prefix: str) -> set[str]:
        return {unquote(url[len(prefix) :]) for url in self.fetched}


def crawl(start: str, inside: str, follow_xml: bool = False) -> Crawl:
    """Breadth-first from ``start`` over every link and asset under ``inside``; with
    ``follow_xml``, also every address named in sitemaps and feeds (``<loc>``,
    ``<link>``, ``href``)."""
    result = Crawl()
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    seen = {start}
    while queue:
        url, source = queue.popleft()
        try:
            with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - local
                body = response.read()
                content_type = response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            result.broken.append((url, source, f"HTTP {error.code}"))
            continue
        result.fetched[url] = content_type
        if content_type == "text/html":
            links = _html_links(body, url)
        elif follow_xml and content_type in ("application/xml", "text/xml"):
            links = _xml_links(body)
        else:
            links = []
        for link in links:
            link = urldefrag(link).url
            if not link.startswith(inside):
                result.outside.add(link)
                continue
            if link not in seen:
                seen.add(link)
                queue.append((link, url))
    return result


def _html_links(body: bytes, base: str) -> list[str]:
    document = lxml.html.document_fromstring(body)
    found = []
    for element in document.xpath(LINKS):
        value = element.get("href") or element.get("src") or element.get("action")
        if value:
            found.append(urljoin(base, value.strip()))
        for candidate in (element.get("srcset") or "").split(","):
            if candidate.strip():
                found.append(urljoin(base, candidate.split()[0]))
    return [link for link in found if urlsplit(link).scheme in ("http", "https")]


def _xml_links(body: bytes) -> list[str]:
    root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local in ("loc", "link") and element.text and element.text.strip():
            found.append(element.text.strip())
        if element.get("href"):
            found.append(element.get("href"))
    return found


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def mtimes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_mtime_ns
        for path in folder.rglob("*")
        if path.is_file()
    }

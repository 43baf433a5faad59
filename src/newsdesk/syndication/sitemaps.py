"""Sitemaps: an index of sections, the section files, and the news sitemap.

``/sitemap.xml`` lists sections: posts by publication month (``posts-2024-05``),
``pages`` (home and static pages), ``tags``, ``categories`` and ``authors``. No file
holds more than :data:`PER_FILE` addresses: a bigger section continues in
``<name>-2``, ``<name>-3`` and so on, each file in a stable order (oldest first) so
that new content changes only the last one.

The index costs a fixed handful of queries however large the site: the months and
their lastmod come from one grouped query, the other sections from one count and one
index probe each (see the ``sitemap_*`` functions in :mod:`newsdesk.content.queries`).
Addresses are absolute, from ``settings.BASE_URL``. A post with translations lists
every language version, itself included, as ``xhtml:link`` alternates (and the one in
the site's language as ``x-default``), as search engines read ``hreflang`` there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from math import ceil

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from lxml import etree

from newsdesk.content import numbers, queries
from newsdesk.content.models import Author, Category, SiteSettings, Tag
from newsdesk.content.stale import SITEMAP_PER_FILE
from newsdesk.syndication.links import absolute
from newsdesk.syndication.text import xml_safe

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"

#: Addresses per file; the protocol allows 50,000, but smaller files are quicker to
#: build, fetch and re-fetch after a change. The content actions purge by the same rule.
PER_FILE = SITEMAP_PER_FILE
#: Google News reads articles from the last two days, at most 1,000 per sitemap.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000

TERM_SECTIONS = {"tags": Tag, "categories": Category, "authors": Author}
_SECTION = re.compile(
    r"(?P<kind>posts-(?P<year>[0-9]{4})-(?P<month>[0-9]{2})|pages|tags|categories|authors)"
    r"(?:-(?P<part>[2-9]|[1-9][0-9]+))?"
)


@dataclass(frozen=True)
class Section:
    name: str
    lastmod: datetime | None


def sections() -> list[Section]:
    """Every section file the index lists, in order."""
    found: list[Section] = []
    for month in queries.sitemap_months():
        name = f"posts-{month.year:04d}-{month.month:02d}"
        found += _parts(name, month.count, month.lastmod)
    pages = queries.sitemap_pages_summary()
    found += _parts("pages", pages.count, pages.lastmod)
    for name, kind in TERM_SECTIONS.items():
        terms = queries.sitemap_terms_summary(kind)
        found += _parts(name, terms.count, terms.lastmod)
    return found


def _parts(name: str, count: int, lastmod: datetime | None) -> list[Section]:
    # Each part gets the section's lastmod: an upper bound, which only costs a crawler
    # an extra fetch, where computing it per part would cost a query per part.
    return [
        Section(name if number == 1 else f"{name}-{number}", lastmod)
        for number in range(1, ceil(count / PER_FILE) + 1)
    ]


# --- views -----------------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    root = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for found in sections():
        sitemap = _child(root, SITEMAP_NS, "sitemap")
        path = reverse("sitemap_section", kwargs={"section": found.name})
        _child(sitemap, SITEMAP_NS, "loc", absolute(path))
        if found.lastmod is not None:
            _child(sitemap, SITEMAP_NS, "lastmod", _w3c(found.lastmod))
    return _xml_response(root)


@require_safe
def section(request: HttpRequest, section: str) -> HttpResponse:
    try:
        kind, year, month, offset = _section_of(section)
    except ValueError:
        raise Http404("No such sitemap") from None
    if kind == "posts":
        entries = queries.sitemap_month_entries(year, month, offset, PER_FILE)
    elif kind == "pages":
        entries = queries.sitemap_page_entries(offset, PER_FILE)
    else:
        entries = queries.sitemap_term_entries(TERM_SECTIONS[kind], offset, PER_FILE)
    if not entries:
        # The protocol has no empty <urlset>; a section without addresses is not listed.
        raise Http404("This sitemap is empty")
    namespaces = {None: SITEMAP_NS, "image": IMAGE_NS}
    if any(entry.alternates for entry in entries):
        namespaces["xhtml"] = XHTML_NS
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap=namespaces)
    for entry in entries:
        url = _child(root, SITEMAP_NS, "url")
        _child(url, SITEMAP_NS, "loc", absolute(entry.path))
        if entry.lastmod is not None:
            _child(url, SITEMAP_NS, "lastmod", _w3c(entry.lastmod))
        if entry.image_url:
            image = _child(url, IMAGE_NS, "image")
            _child(image, IMAGE_NS, "loc", absolute(entry.image_url))
        _alternates(url, entry.alternates)
    return _xml_response(root)


def _section_of(name: str) -> tuple[str, int, int, int]:
    """(kind, year, month, offset) of a section file's name (year and month 0 but for
    posts); ValueError when no file has it."""
    match = _SECTION.fullmatch(name)
    if match is None:
        raise ValueError(f"{name[:50]!r} names no sitemap")
    offset = (numbers.page_number(match["part"] or "1") - 1) * PER_FILE
    if match["year"] is None:
        return match["kind"], 0, 0, offset
    return "posts", numbers.year(match["year"]), numbers.month(match["month"]), offset


def _alternates(url: etree._Element, alternates) -> None:
    """``<xhtml:link rel="alternate" hreflang="…" href="…"/>`` per language version."""
    if not alternates:
        return
    default = queries.default_alternate(list(alternates))
    for language, path in [
        *((a.language, a.path) for a in alternates),
        ("x-default", default.path),
    ]:
        link = _child(url, XHTML_NS, "link")
        link.set("rel", "alternate")
        link.set("hreflang", language)
        link.set("href", absolute(path))


@require_safe
def news(request: HttpRequest) -> HttpResponse:
    """Posts of the last 48 hours in the Google News format. With none, the file is an
    empty ``<urlset>``, which news crawlers accept as "nothing new"."""
    site = SiteSettings.current()
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for entry in queries.news_entries(timezone.now() - NEWS_WINDOW, NEWS_LIMIT):
        url = _child(root, SITEMAP_NS, "url")
        _child(url, SITEMAP_NS, "loc", absolute(entry.path))
        article = _child(url, NEWS_NS, "news")
        publication = _child(article, NEWS_NS, "publication")
        _child(publication, NEWS_NS, "name", xml_safe(site.name))
        _child(publication, NEWS_NS, "language", entry.language.lower())
        _child(article, NEWS_NS, "publication_date", _w3c(entry.published_at))
        _child(article, NEWS_NS, "title", xml_safe(entry.title) or "(no title)")
    return _xml_response(root)


# --- XML -------------------------------------------------------------------------------


def _child(parent: etree._Element, namespace: str, tag: str, text: str | None = None):
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}")
    element.text = text
    return element


def _w3c(moment: datetime) -> str:
    """W3C datetime in UTC, to the second: what both sitemap schemas accept."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _xml_response(root: etree._Element) -> HttpResponse:
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    # Sitemaps are for crawlers to read, not for search results to show.
    response["X-Robots-Tag"] = "noindex, follow"
    return response

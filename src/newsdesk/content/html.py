"""Turning what editors (or imports) wrote into HTML that is safe to show readers.

All body HTML is untrusted: it passes through nh3 with an explicit allow-list, its
nesting bounded first (:mod:`newsdesk.content.nesting`) so that no body, however
written, takes the sanitiser more than time in proportion to its length. Pictures,
video and sound from other hosts then become placeholders that load nothing
(:mod:`newsdesk.content.local_media`): no page makes a reader's browser ask another host.
"""

from __future__ import annotations

import re
from html import unescape

import nh3
from markdown_it import MarkdownIt

from newsdesk.content.embeds import embed_bare_links
from newsdesk.content.local_media import (
    PLACEHOLDER,
    local_media_only,
    srcset_candidates,
    written_srcset,
)
from newsdesk.content.nesting import bounded_nesting

# Its text ("<!--more Read on-->") stops at the next tag: a search free to run to any
# ">" would be tried again from every "<!--more " of a body that never closes one.
MORE_MARKER = re.compile(r"<!--\s*more(?:\s[^<>]*)?-->", re.IGNORECASE)
NEXTPAGE_MARKER = re.compile(r"<!--\s*nextpage\s*-->", re.IGNORECASE)
#: What ``<!--nextpage-->`` becomes in reader HTML: the post page splits the body on it.
PAGE_BREAK = '<hr class="page-break">'
SUMMARY_WORDS = 55

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "var", "audio", "video", "source", "track",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed", "type"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "time": {"datetime"},
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "poster", "width", "height"},
    "source": {"src", "type"},
    "track": {"src", "kind", "srclang", "label"},
    "abbr": {"title"},
}
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")


def split_pages(body_html: str) -> list[str]:
    """The parts of a post written with ``<!--nextpage-->``; always at least one."""
    parts = [part for part in body_html.split(PAGE_BREAK) if part.strip()]
    return parts or [""]


def sanitize(html: str) -> str:
    """Reader HTML: the allow-list's tags and attributes, links that open nothing of
    ours, and media from this site only."""
    clean = _clean(html)
    local = local_media_only(clean)
    return clean if local == clean else _clean(local)


def _clean(html: str) -> str:
    return nh3.clean(
        bounded_nesting(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_checked_address,
    )


URL_SCHEMES = {"http", "https", "mailto", "tel"}
_ADDRESSES = {"href", "src", "cite", "poster"}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# What browsers skip in an address before reading its scheme ("java\tscript:").
_SKIPPED = re.compile(r"[\x00-\x20]")


def _checked_address(element: str, attribute: str, value: str) -> str | None:
    """Addresses with a scheme outside :data:`URL_SCHEMES` go (the sanitiser checks
    ``href`` and ``src`` itself, not ``cite`` nor each address of a ``srcset``)."""
    if attribute in _ADDRESSES:
        return value if _allowed_address(value) else None
    if attribute == "srcset":
        kept = [c for c in srcset_candidates(value) if _allowed_address(c[0])]
        return written_srcset(kept) or None
    return value


def _allowed_address(address: str) -> bool:
    scheme = _SCHEME.match(_SKIPPED.sub("", address))
    return scheme is None or scheme[1].lower() in URL_SCHEMES


def render_body(source: str, body_format: str = "html") -> str:
    """Editor source → reader HTML: Markdown rendered, bare embed links made embeds, sanitised."""
    html = _markdown.render(source) if body_format == "markdown" else source
    html = NEXTPAGE_MARKER.sub(PAGE_BREAK, html)
    return sanitize(embed_bare_links(html))


_BLOCK_BOUNDARY = re.compile(
    r"(?i)<br\s*/?>|</?(?:p|div|h[1-6]|li|ul|ol|blockquote|figure|figcaption|tr|td|th|pre|hr)\b"
)


def plain_text(html: str) -> str:
    """Text without markup; block boundaries become spaces, so words never run together.
    A media placeholder's words describe the page, not the story: they are left out."""
    spaced = _BLOCK_BOUNDARY.sub(lambda m: " " + m.group(0), PLACEHOLDER.sub(" ", html))
    text = nh3.clean(bounded_nesting(spaced), tags=set(), strip_comments=True)
    return re.sub(r"\s+", " ", unescape(text)).strip()


def summarise(excerpt: str, body_source: str, body_format: str = "html") -> str:
    """The card excerpt: the written one, else the text before <!--more-->, else the
    first 55 words of the body (WordPress's rule, so migrated cards read the same)."""
    if excerpt.strip():
        return plain_text(excerpt)
    parts = MORE_MARKER.split(body_source, maxsplit=1)
    if len(parts) == 2:
        return plain_text(render_body(parts[0], body_format))
    words = plain_text(render_body(body_source, body_format)).split()
    if len(words) <= SUMMARY_WORDS:
        return " ".join(words)
    return " ".join(words[:SUMMARY_WORDS]) + " …"

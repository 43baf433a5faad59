"""Reading a WordPress export (WXR 1.0–1.2) as a stream of typed records.

:func:`read` parses with lxml's ``iterparse`` and yields one record per author, term
and ``<item>``; each finished element is cleared and dropped from the tree, so memory
stays flat however large the export. The parser refuses what an export never needs and
an attacker would use: DTD loading, network access and entity expansion. A document
type that declares entities ("billion laughs", ``SYSTEM "file:///etc/passwd"``) is
rejected before anything is read. Every failure is a :class:`WxrError` naming the
file, line and column.

The ``wp:`` namespace changed with each WXR version (and WordPress.com writes it with
``https``), so elements are matched by local name and namespace family, not by URI.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
# The elements the reader reacts to; everything else is read from inside them.
_WATCHED = ("{*}rss", "{*}item", "{*}author", "{*}category", "{*}tag", "{*}term")


class WxrError(Exception):
    """The file cannot be imported; the message says where and why."""


@dataclass
class Site:
    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""

    @property
    def address(self) -> str:
        """The blog's own address: what its old links start with."""
        return self.base_blog_url or self.link or self.base_site_url


@dataclass
class Author:
    login: str
    display_name: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    wp_id: int | None = None
    line: int = 0


@dataclass
class Term:
    """A category, tag or other taxonomy term declared in the channel."""

    taxonomy: str  # "category", "post_tag", or another taxonomy name
    slug: str
    name: str = ""
    parent_slug: str = ""
    description: str = ""
    wp_id: int | None = None
    line: int = 0


@dataclass
class TermRef:
    """An item's reference to a term: by slug (``nicename``) within a taxonomy."""

    taxonomy: str
    slug: str
    name: str


@dataclass
class Comment:
    wp_id: int
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = "1"
    kind: str = ""
    parent: int = 0
    user_id: int = 0


@dataclass
class Item:
    """One ``<item>``: a post, page, attachment, menu item or any other post type."""

    post_type: str
    wp_id: int
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    modified: str = ""
    modified_gmt: str = ""
    comment_status: str = ""
    slug: str = ""
    status: str = ""
    parent: int = 0
    menu_order: int = 0
    password: str = ""
    sticky: bool = False
    attachment_url: str = ""
    terms: list[TermRef] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    line: int = 0

    def describe(self) -> str:
        """How a warning names the item: type, title or slug, ID and line."""
        name = self.title or self.slug or "(no title)"
        where = f", line {self.line}" if self.line else ""
        return f"{self.post_type} “{name[:80]}” (#{self.wp_id}{where})"


Record = Site | Author | Term | Item


class _CountingReader:
    """A file wrapper that tells the progress bar how far the parser has read."""

    def __init__(self, handle, on_read: Callable[[int], None] | None):
        self._handle = handle
        self._on_read = on_read

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        if self._on_read is not None and data:
            self._on_read(len(data))
        return data


def read(path: str | os.PathLike, on_read: Callable[[int], None] | None = None) -> Iterator[Record]:
    """Yield the export's :class:`Site` first, then its authors, terms and items in file
    order. ``on_read(n)`` is called as bytes are consumed (for a progress bar)."""
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        raise WxrError(f"{path}: cannot open: {error.strerror or error}") from None
    with handle:
        yield from _records(path, _CountingReader(handle, on_read))


def _records(path: Path, source) -> Iterator[Record]:
    parser = etree.iterparse(
        source,
        events=("start", "end"),
        tag=_WATCHED,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    site: Site | None = None
    checked = False
    try:
        for event, element in parser:
            if not checked:
                _check_document(path, element)
                checked = True
            if event == "start":
                continue
            parent = element.getparent()
            parent_name = etree.QName(parent).localname if parent is not None else ""
            name = etree.QName(element).localname
            if parent_name != "channel":
                continue  # an item's own <category>, or the root
            if site is None:
                site = _site(parent)
                yield site
            record = _record(name, element)
            if record is not None:
                yield record
            # Drop what is done: the element's content and every earlier sibling.
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        raise WxrError(_syntax_message(path, error)) from None
    if not checked:
        raise WxrError(f"{path}: not a WordPress export (no <rss> document with a <channel>)")
    if site is None:
        # An export with no authors, terms or items: still tell the caller about the site.
        yield Site()


def _check_document(path: Path, element) -> None:
    tree = element.getroottree()
    root = tree.getroot()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise WxrError(
            f"{path}:{root.sourceline}:1: the file declares XML entities in its <!DOCTYPE>; "
            "WordPress exports never do, and entities can expand to huge or secret content "
            "(an “entity bomb”, or an external file such as file:///etc/passwd), so the "
            "file is refused"
        )
    if etree.QName(root).localname != "rss":
        raise WxrError(
            f"{path}:{root.sourceline}:1: not a WordPress export: the document is "
            f"<{etree.QName(root).localname}>, expected <rss> with a <channel>"
        )


# libxml2 errors that mean the data stopped before the document did.
_ENDED_EARLY = {
    5,  # XML_ERR_DOCUMENT_END
    63,  # XML_ERR_CDATA_NOT_FINISHED
    73,  # XML_ERR_GT_REQUIRED
    74,  # XML_ERR_LTSLASH_REQUIRED
    77,  # XML_ERR_TAG_NOT_FINISHED ("Premature end of data")
}


def _syntax_message(path: Path, error: etree.XMLSyntaxError) -> str:
    line, column = error.position if error.position else (0, 0)
    reason = (error.msg or str(error)).split(", line ")[0].strip()
    last = error.error_log.last_error if error.error_log else None
    if reason.startswith("Unregistered error") and last is not None:
        reason = last.type_name.removeprefix("ERR_").replace("_", " ").lower()
    lowered = reason.lower()
    if "utf-8" in lowered or "encoding" in lowered or "invalid char" in lowered:
        detail = reason.replace("\n", " ")
        reason = (
            f"wrong text encoding: {detail}. The file is not in the encoding its XML "
            "declaration names (UTF-8 unless it says otherwise); convert it, e.g. "
            "`iconv -f WINDOWS-1252 -t UTF-8 old.xml > new.xml`, and import again"
        )
    elif error.code in _ENDED_EARLY or "premature end" in lowered:
        reason = f"the file ends early or is malformed ({reason}); was the export cut off?"
    else:
        reason = f"malformed XML: {reason}"
    return f"{path}:{line}:{column}: {reason}"


# --- elements → records ------------------------------------------------------------------


def _family(tag: str) -> str:
    """'wp', 'excerpt', 'content', 'dc' or '' for the namespace of ``tag``."""
    if not tag.startswith("{"):
        return ""
    uri = tag[1:].split("}", 1)[0]
    if "wordpress.org/export" in uri:
        return "excerpt" if "excerpt" in uri else "wp"
    if uri == CONTENT_NS:
        return "content"
    if uri == DC_NS:
        return "dc"
    return "other"


def _children(element) -> Iterator[tuple[str, str, object]]:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # comments, processing instructions, unresolved entities
        yield _family(tag), etree.QName(tag).localname, child


def _text(element) -> str:
    return (element.text or "").strip()


def _raw(element) -> str:
    """Text with its inner whitespace kept (bodies), without the CDATA's outer padding."""
    return element.text or ""


def _int(value: str) -> int:
    try:
        return int(value.strip())
    except (ValueError, AttributeError):
        return 0


def _site(channel) -> Site:
    site = Site()
    for family, name, child in _children(channel):
        if family == "" and name in ("title", "link", "description", "language"):
            setattr(site, name, _text(child))
        elif family == "wp" and name in ("wxr_version", "base_site_url", "base_blog_url"):
            setattr(site, name, _text(child))
    return site


def _record(name: str, element) -> Record | None:
    family = _family(element.tag)
    if name == "item" and family == "":
        return _item(element)
    if family != "wp":
        return None
    if name == "author":
        return _author(element)
    if name in ("category", "tag", "term"):
        return _term(name, element)
    return None


def _author(element) -> Author:
    values = {name: _text(child) for family, name, child in _children(element) if family == "wp"}
    wp_id = _int(values.get("author_id", "")) or None
    return Author(
        login=values.get("author_login", ""),
        display_name=values.get("author_display_name", ""),
        email=values.get("author_email", ""),
        first_name=values.get("author_first_name", ""),
        last_name=values.get("author_last_name", ""),
        wp_id=wp_id,
        line=element.sourceline or 0,
    )


def _term(kind: str, element) -> Term:
    values = {name: _text(child) for family, name, child in _children(element) if family == "wp"}
    line = element.sourceline or 0
    wp_id = _int(values.get("term_id", "")) or None
    if kind == "category":
        return Term(
            "category",
            values.get("category_nicename", ""),
            values.get("cat_name", ""),
            values.get("category_parent", ""),
            values.get("category_description", ""),
            wp_id,
            line,
        )
    if kind == "tag":
        return Term(
            "post_tag",
            values.get("tag_slug", ""),
            values.get("tag_name", ""),
            "",
            values.get("tag_description", ""),
            wp_id,
            line,
        )
    return Term(
        values.get("term_taxonomy", ""),
        values.get("term_slug", ""),
        values.get("term_name", ""),
        values.get("term_parent", ""),
        values.get("term_description", ""),
        wp_id,
        line,
    )


_ITEM_FIELDS = {
    # wp:<name> → (Item attribute, converter)
    "post_id": ("wp_id", _int),
    "post_date": ("post_date", str.strip),
    "post_date_gmt": ("post_date_gmt", str.strip),
    "post_modified": ("modified", str.strip),
    "post_modified_gmt": ("modified_gmt", str.strip),
    "comment_status": ("comment_status", str.strip),
    "post_name": ("slug", str.strip),
    "status": ("status", str.strip),
    "post_parent": ("parent", _int),
    "menu_order": ("menu_order", _int),
    "post_type": ("post_type", str.strip),
    "post_password": ("password", str),
    "attachment_url": ("attachment_url", str.strip),
}


def _item(element) -> Item:
    item = Item(post_type="", wp_id=0, line=element.sourceline or 0)
    for family, name, child in _children(element):
        if family == "":
            if name == "title":
                item.title = _text(child)
            elif name == "link":
                item.link = _text(child)
            elif name == "guid":
                item.guid = _text(child)
            elif name == "category":
                item.terms.append(_term_ref(child))
        elif family == "content" and name == "encoded":
            item.content = _raw(child)
        elif family == "excerpt" and name == "encoded":
            item.excerpt = _raw(child).strip()
        elif family == "dc" and name == "creator":
            item.creator = _text(child)
        elif family == "wp":
            if name in _ITEM_FIELDS:
                attribute, convert = _ITEM_FIELDS[name]
                setattr(item, attribute, convert(child.text or ""))
            elif name == "is_sticky":
                item.sticky = _text(child) == "1"
            elif name == "postmeta":
                key, value = _meta(child)
                if key:
                    item.meta[key] = value
            elif name == "comment":
                item.comments.append(_comment(child))
    if item.meta.get("_sticky") == "1":
        item.sticky = True
    return item


def _term_ref(element) -> TermRef:
    domain = element.get("domain", "")
    name = _text(element)
    taxonomy = {"": "category", "tag": "post_tag"}.get(domain, domain)
    return TermRef(taxonomy, element.get("nicename", "").strip(), name)


def _meta(element) -> tuple[str, str]:
    key = value = ""
    for family, name, child in _children(element):
        if family == "wp" and name == "meta_key":
            key = _text(child)
        elif family == "wp" and name == "meta_value":
            value = _raw(child)
    return key, value


def _comment(element) -> Comment:
    values: dict[str, str] = {}
    for family, name, child in _children(element):
        if family == "wp":
            values[name] = _raw(child) if name == "comment_content" else _text(child)
    return Comment(
        wp_id=_int(values.get("comment_id", "")),
        author=values.get("comment_author", ""),
        email=values.get("comment_author_email", ""),
        url=values.get("comment_author_url", ""),
        ip=values.get("comment_author_IP", ""),
        date=values.get("comment_date", ""),
        date_gmt=values.get("comment_date_gmt", ""),
        content=values.get("comment_content", ""),
        approved=values.get("comment_approved", "1"),
        kind=values.get("comment_type", ""),
        parent=_int(values.get("comment_parent", "")),
        user_id=_int(values.get("comment_user_id", "")),
    )

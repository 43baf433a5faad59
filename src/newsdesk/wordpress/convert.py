"""WordPress post content → newsdesk body HTML.

WordPress stores what the editor typed and does the rest at display time: blocks,
shortcodes and, for classic-editor posts, ``wpautop`` paragraphs. The importer does
that work once, here, so the stored body is plain HTML that
:func:`newsdesk.content.html.render_body` sanitises like any other body.

Kept on purpose: ``<!--more-->`` (the summary's boundary) and ``<!--nextpage-->``
(the page breaks of a post written in parts). Dropped: Gutenberg's block comments
(their markup is already in the HTML between them) and blocks WordPress renders
from the database (latest posts, archives…), which are counted for the report.
Shortcodes this module does not know stay in the text, as WordPress shows them
when a plugin is gone, and are counted too.

Every step takes time in proportion to the text, whatever it holds: an import must
not stall on a body of half-written markup. So no pattern here scans past the start of
another attempt at it: a tag runs from ``<`` to the next ``>`` and holds no other
``<`` (nor do a block's JSON attributes: WordPress writes ``<`` in them as
``\u003c``); a run of spaces is looked at from its start only; the closer of an
opening (``[/caption]``, ``</pre>``, ``-->``, a closing block comment) is searched for
once per kind, never once per opening (:class:`_Closers`). On well-formed markup the
output is what the patterns of WordPress itself give.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from newsdesk.content.embeds import embed_html


@dataclass
class GalleryImage:
    url: str
    alt: str = ""
    caption: str = ""
    width: int | None = None
    height: int | None = None


#: Returns the images a ``[gallery]`` shows (its attributes as given), or None when
#: they are not all known yet (the importer then converts the post again at the end).
GalleryResolver = Callable[[dict[str, str]], list[GalleryImage] | None]
UrlRewriter = Callable[[str], str]


@dataclass
class Converted:
    html: str
    unknown_shortcodes: Counter = field(default_factory=Counter)
    dropped_blocks: Counter = field(default_factory=Counter)
    waiting_for_images: bool = False


def is_block_content(source: str) -> bool:
    """Written in the block editor (WordPress then skips wpautop)."""
    return "<!-- wp:" in source


def convert(
    source: str,
    *,
    gallery: GalleryResolver | None = None,
    rewrite_url: UrlRewriter | None = None,
) -> Converted:
    result = Converted("")
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    blocks = is_block_content(text)
    if blocks:
        text = _convert_embed_blocks(text)
        text = _strip_block_comments(text, result.dropped_blocks)
    result.unknown_shortcodes.update(_unknown_shortcodes(text))
    text = _convert_shortcodes(text, gallery, result)
    if not blocks:
        text = autop(text)
    if rewrite_url is not None:
        text = _rewrite_urls(text, rewrite_url)
    result.html = text.strip()
    return result


class _Closers:
    """Where a closing marker next occurs, for openings met from left to right.

    Searching from each opening for its closer (what ``.*?</pre>`` does) is quadratic
    when openings repeat and the closer never comes: every search runs to the end.
    Here a marker's search starts where its last one stopped, and a marker not found
    once is not looked for again: every marker costs one pass over the text.
    """

    def __init__(self, text: str, flags: int = 0) -> None:
        self.text, self.flags = text, flags
        self._found: dict[str | re.Pattern, re.Match | None] = {}

    def find(self, marker: str | re.Pattern, start: int) -> re.Match | None:
        """The first ``marker`` (text, or a pattern) at or after ``start``; ``start``
        never goes back."""
        if marker in self._found:
            found = self._found[marker]
            if found is None or found.start() >= start:
                return found
        pattern = re.compile(re.escape(marker), self.flags) if isinstance(marker, str) else marker
        found = pattern.search(self.text, start)
        self._found[marker] = found
        return found


# --- blocks ------------------------------------------------------------------------------

#: A block's JSON attributes hold no ``<`` (WordPress writes it ``\u003c``), so a
#: search for their end stops at the next tag.
_BLOCK_ATTRS = r"(?P<attrs>\s+\{[^<]*?\})?"
_EMBED_OPENING = re.compile(r"<!--\s+wp:(?:core-)?embed(?:/[a-z0-9-]+)?" + _BLOCK_ATTRS + r"\s+-->")
_EMBED_CLOSING = re.compile(r"<!--\s+/wp:(?:core-)?embed(?:/[a-z0-9-]+)?\s+-->")
_BLOCK_COMMENT = re.compile(
    r"<!--\s+(?P<closing>/?)wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)"
    + _BLOCK_ATTRS
    + r"\s*(?P<void>/?)-->\n?"
)
_URL = re.compile(r"https?://[^\s<>\"']+")


def _convert_embed_blocks(text: str) -> str:
    """An embed block (its opening comment, its markup, its closing comment) → the
    embed's placeholder; its markup alone when it names no address."""
    closers = _Closers(text)
    pieces, position = [], 0
    while opening := _EMBED_OPENING.search(text, position):
        closing = closers.find(_EMBED_CLOSING, opening.end())
        if closing is None:
            break  # no block is closed after this one: none can be converted
        inner = text[opening.end() : closing.start()]
        pieces += [text[position : opening.start()], _embed_of(opening["attrs"], inner)]
        position = closing.end()
    pieces.append(text[position:])
    return "".join(pieces)


def _embed_of(attrs: str | None, inner: str) -> str:
    try:
        url = json.loads(attrs or "{}").get("url", "")
    except (ValueError, AttributeError):
        url = ""
    if not url:
        found = _URL.search(inner)
        url = found.group(0) if found else ""
    return embed_html(url) if url else inner


def _strip_block_comments(text: str, dropped: Counter) -> str:
    def replace(match: re.Match) -> str:
        if match.group("void"):
            # A block WordPress renders from its database: nothing of it is in the file.
            dropped[match.group("name")] += 1
        return ""

    return _BLOCK_COMMENT.sub(replace, text)


# --- shortcodes --------------------------------------------------------------------------

_ENCLOSING = ("caption", "wp_caption", "embed")
_SINGLE = ("gallery", "audio", "video", "playlist")
_CONVERTED = {*_ENCLOSING, *_SINGLE} - {"playlist"}


@dataclass
class _Shortcode:
    """One shortcode as WordPress's ``get_shortcode_regex()`` reads it."""

    open: str  # "[" when written "[[name…" (with ``close``: the text itself)
    name: str
    attrs: str
    content: str  # between "]" and "[/name]" (enclosing shortcodes only)
    close: str
    text: str  # the whole of it


def _shortcodes(
    text: str, names: tuple[str, ...], enclosing: bool, replace: Callable[[_Shortcode], str]
) -> str:
    """Each shortcode named ``names`` replaced, leftmost first, as WordPress finds them:
    the attributes run to the first ``]`` (``/]`` ends a self-closing one); an
    enclosing one needs its ``[/name]``."""
    opening = re.compile(r"\[(?P<open>\[?)(?P<name>" + "|".join(names) + r")(?![\w-])")
    closers = _Closers(text)
    pieces, position, search_from = [], 0, 0
    while found := opening.search(text, search_from):
        bracket = closers.find("]", found.end())
        if bracket is None:
            break  # no "]" is left: no shortcode can end
        end = bracket.start()
        void = end > found.end() and text[end - 1] == "/"
        attrs = text[found.end() : end - 1 if void else end]
        content, end = "", end + 1
        if enclosing and not void:
            closer = closers.find(f"[/{found['name']}]", end)
            if closer is None:
                search_from = found.start() + 1
                continue
            content, end = text[end : closer.start()], closer.end()
        close = "]" if text.startswith("]", end) else ""
        end += len(close)
        shortcode = _Shortcode(
            found["open"], found["name"], attrs, content, close, text[found.start() : end]
        )
        pieces += [text[position : found.start()], replace(shortcode)]
        position = search_from = end
    pieces.append(text[position:])
    return "".join(pieces)


_STRAY_CLOSERS = re.compile(r"\[/(?:audio|video)\]")
_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)"""
    r"""|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)"""
)


def parse_attributes(text: str) -> dict[str, str]:
    """Shortcode attributes as WordPress reads them; positional values get keys "0", "1"…"""
    text = re.sub(r"[\u00a0\u200b]+", " ", text)
    attributes: dict[str, str] = {}
    position = 0
    for match in _ATTRIBUTE.finditer(text):
        groups = match.groups()
        for key_index in (0, 2, 4):
            if groups[key_index]:
                attributes[groups[key_index].lower()] = groups[key_index + 1]
                break
        else:
            value = next((g for g in groups[6:] if g is not None), "")
            attributes[str(position)] = value
            position += 1
    return attributes


def _convert_shortcodes(text: str, gallery: GalleryResolver | None, result: Converted) -> str:
    def enclosing(shortcode: _Shortcode) -> str:
        if shortcode.open and shortcode.close:
            return shortcode.text[1:-1]  # [[caption]] is WordPress's way to write the text
        attributes = parse_attributes(shortcode.attrs)
        if shortcode.name == "embed":
            url = shortcode.content.strip() or attributes.get("src", "")
            return embed_html(url) if url else ""
        return shortcode.open + caption_html(attributes, shortcode.content) + shortcode.close

    def single(shortcode: _Shortcode) -> str:
        if shortcode.open and shortcode.close:
            return shortcode.text[1:-1]
        attributes = parse_attributes(shortcode.attrs)
        if shortcode.name == "gallery":
            images = gallery(attributes) if gallery is not None else []
            if images is None:
                result.waiting_for_images = True
                return ""
            html = gallery_html(images, attributes)
        elif shortcode.name in ("audio", "video"):
            html = media_html(shortcode.name, attributes)
        else:  # playlist: left as text, counted as unknown
            return shortcode.text
        return shortcode.open + html + shortcode.close

    text = _shortcodes(text, _ENCLOSING, True, enclosing)
    text = _shortcodes(text, _SINGLE, False, single)
    return _STRAY_CLOSERS.sub("", text)


_CAPTIONED = re.compile(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.S | re.I)


def caption_html(attributes: dict[str, str], content: str) -> str:
    """``[caption]`` → ``<figure>`` with a ``<figcaption>``, as WordPress renders it."""
    caption = attributes.get("caption", "")
    if not caption:
        found = _CAPTIONED.match(content.strip())
        if found:
            content, caption = found.group(1), found.group(2).strip()
    classes = " ".join(c for c in ("wp-caption", attributes.get("align", "")) if c)
    identifier = attributes.get("id", "")
    id_attribute = f' id="{escape(identifier)}"' if identifier else ""
    figcaption = f'<figcaption class="wp-caption-text">{caption}</figcaption>' if caption else ""
    return f'<figure{id_attribute} class="{escape(classes)}">{content.strip()}{figcaption}</figure>'


def gallery_html(images: list[GalleryImage], attributes: dict[str, str]) -> str:
    """``[gallery]`` → a grid of figures (the reader's stylesheet lays out the columns)."""
    if not images:
        return ""
    try:
        columns = max(1, min(9, int(attributes.get("columns", "3"))))
    except ValueError:
        columns = 3
    linked = attributes.get("link", "file") != "none"
    figures = []
    for image in images:
        size = ""
        if image.width and image.height:
            size = f' width="{image.width}" height="{image.height}"'
        img = f'<img src="{escape(image.url)}" alt="{escape(image.alt)}"{size} loading="lazy">'
        if linked:
            img = f'<a href="{escape(image.url)}">{img}</a>'
        caption = (
            f'<figcaption class="gallery-caption">{image.caption}</figcaption>'
            if image.caption
            else ""
        )
        figures.append(f'<figure class="gallery-item">{img}{caption}</figure>')
    return f'<div class="gallery gallery-columns-{columns}">{"".join(figures)}</div>'


_MEDIA_SOURCES = {
    "audio": ("src", "mp3", "m4a", "ogg", "wav", "0"),
    "video": ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "0"),
}


def media_html(kind: str, attributes: dict[str, str]) -> str:
    """``[audio]``/``[video]`` → the HTML element, fetching nothing until the reader plays."""
    urls = [attributes[key] for key in _MEDIA_SOURCES[kind] if attributes.get(key)]
    if not urls:
        return ""
    sources = "".join(f'<source src="{escape(url)}">' for url in dict.fromkeys(urls))
    fallback = f'<a href="{escape(urls[0])}">{escape(urls[0])}</a>'
    extra = ""
    if kind == "video":
        for key in ("width", "height"):
            if attributes.get(key, "").isdigit():
                extra += f' {key}="{attributes[key]}"'
    return f'<{kind} controls preload="none"{extra}>{sources}{fallback}</{kind}>'


_CODE_OPENING = re.compile(r"<(pre|code)\b", re.I)
_SHORTCODE_LIKE = re.compile(r"(?<!\[)\[([a-z][a-z0-9_-]*)((?:\s[^\[\]]*)?)(/?)\](?!\])")
_SHORTCODE_CLOSER = re.compile(r"\[/([a-z][a-z0-9_-]*)\]")


def _element_spans(text: str, opening: re.Pattern, flags: int = 0):
    r"""Where ``opening`` (its name in group 1) starts an element closed by ``</name>``:
    the spans ``(?s)opening.*?</\1>`` matches, leftmost first, none inside another."""
    closers = _Closers(text, flags)
    end = 0
    for found in opening.finditer(text):
        if found.start() < end:
            continue
        closer = closers.find(f"</{found.group(1)}>", found.end())
        if closer is not None:
            yield found.start(), closer.end()
            end = closer.end()


def _unknown_shortcodes(text: str) -> Counter:
    """Shortcodes this module does not convert (a plugin's, now gone): they stay in the
    text. Only what must be a shortcode counts: one with ``key=value`` attributes, a
    closing tag, a self-closing slash, or a plugin-style name (``contact-form-7``), so
    prose in brackets ("[simple boat]", "[top]") is not reported. Escaped ones
    (``[[name]]``) and code samples do not count either."""
    pieces, position = [], 0
    for start, end in _element_spans(text, _CODE_OPENING, re.I):
        pieces.append(text[position:start])
        position = end
    text = "".join([*pieces, text[position:]])
    closed = set(_SHORTCODE_CLOSER.findall(text))
    found: Counter = Counter()
    for match in _SHORTCODE_LIKE.finditer(text):
        name, attributes, void = match.groups()
        if name in _CONVERTED:
            continue
        void = void or attributes.rstrip().endswith("/")
        if void or "=" in attributes or "-" in name or "_" in name or name in closed:
            found[name] += 1
    return found


# --- URLs of copied media ----------------------------------------------------------------

_URL_ATTRIBUTE = re.compile(r"""\b(src|href|poster)=(["'])(.*?)\2""", re.I | re.S)
_SRCSET = re.compile(r"""\bsrcset=(["'])(.*?)\1""", re.I | re.S)


def _rewrite_urls(html: str, rewrite: UrlRewriter) -> str:
    def attribute(match: re.Match) -> str:
        name, quote, url = match.groups()
        return f"{name}={quote}{rewrite(url)}{quote}"

    def srcset(match: re.Match) -> str:
        quote, value = match.groups()
        candidates = []
        for candidate in value.split(","):
            parts = candidate.strip().split(None, 1)
            if parts:
                parts[0] = rewrite(parts[0])
                candidates.append(" ".join(parts))
        return f"srcset={quote}{', '.join(candidates)}{quote}"

    return _SRCSET.sub(srcset, _URL_ATTRIBUTE.sub(attribute, html))


# --- wpautop -----------------------------------------------------------------------------

_ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article"
    r"|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
#: The rest of a tag after its name: to the next ``>``, never past another ``<``.
_TAG_REST = r"[^<>]*>"
#: Spaces in front of something, matched from the start of their run only: a plain
#: ``\s*`` in front is tried again from every space of a long run.
_SPACES_BEFORE = r"(?:(?<!\s)\s*)?"
#: A comment on one line; its ending, with what must follow it, is a group of its own
#: (``tail``) so that a comment left open matches too (and is left as it is) instead of
#: being searched again from every later opening on the line.
_LINE_COMMENT = r"<!--(?:(?!-->).)*"
_NEWLINE_MARK = " <!-- wpnl --> "
_PRE_PLACEHOLDER = re.compile(r"<pre wp-pre-tag-\d+></pre>")
_KEEP_NEWLINES = re.compile(r"<(script|style|svg|math)")
_SPACE_RUN = re.compile(r"\s+")


def _tags_and_comments(text: str):
    """Spans of what ``<!--.*?-->|<[^>]*>`` (re.S) finds: comments and tags."""
    closers = _Closers(text)
    position = 0
    while (start := text.find("<", position)) != -1:
        end = closers.find("-->", start + 4) if text.startswith("<!--", start) else None
        if end is None:
            end = closers.find(">", start + 1)
            if end is None:
                return  # no ">" is left: nothing more is a tag
        yield start, end.end()
        position = end.end()


def _sub_closed(pattern: str, text: str, keep: Callable[[re.Match], str]) -> str:
    """``pattern`` replaced by ``keep(match)`` where its ``tail`` group matched; an
    attempt that found no tail is left as it was."""
    return re.sub(pattern, lambda m: keep(m) if m["tail"] else m.group(0), text)


def _line_breaks(text: str) -> str:
    r"""``(?<!<br />)\s*\n`` → ``<br />\n``, worked out per run of spaces: each run that
    holds a newline becomes one ``<br />`` and the spaces after its last newline."""

    def replace(run: re.Match) -> str:
        spaces = run.group(0)
        last = spaces.rfind("\n")
        first = 1 if text.endswith("<br />", 0, run.start()) else 0
        if last < first:
            return spaces
        return spaces[:first] + "<br />\n" + spaces[last + 1 :]

    return _SPACE_RUN.sub(replace, text)


def autop(text: str, br: bool = True) -> str:
    """WordPress's ``wpautop``: blank-line-separated text becomes paragraphs, single
    newlines become ``<br />``, block-level HTML is left alone (a port of
    ``wp-includes/formatting.php``, so classic posts read as they did)."""
    if not text.strip():
        return ""
    text += "\n"
    pre_tags: dict[str, str] = {}
    if "<pre" in text:
        parts = text.split("</pre>")
        last = parts.pop()
        pieces = []
        for index, part in enumerate(parts):
            start = part.find("<pre")
            if start == -1:
                pieces.append(part)
                continue
            name = f"<pre wp-pre-tag-{index}></pre>"
            pre_tags[name] = part[start:] + "</pre>"
            pieces += [part[:start], name]
        text = "".join([*pieces, last])
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(r"(<" + _ALL_BLOCKS + r"[\s/>])", r"\n\n\1", text)
    text = re.sub(r"(</" + _ALL_BLOCKS + r">)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    # Comments alone on their line (<!--more-->, <!--nextpage-->) stand apart like blocks.
    text = re.sub(r"(?m)^[ \t]*(<!--(?:(?!-->).)*-->)[ \t]*$", r"\n\n\1\n\n", text)
    pieces, position = [], 0
    for start, end in _tags_and_comments(text):
        pieces += [text[position:start], text[start:end].replace("\n", _NEWLINE_MARK)]
        position = end
    text = "".join([*pieces, text[position:]])
    if "<option" in text:
        text = re.sub(_SPACES_BEFORE + r"<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = re.sub(r"(<object" + _TAG_REST + r")\s*", r"\1", text)
        text = re.sub(_SPACES_BEFORE + r"</object>", "</object>", text)
        text = re.sub(_SPACES_BEFORE + r"(</?(?:param|embed)" + _TAG_REST + r")\s*", r"\1", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^<>\[\]]*[>\]])\s*", r"\1", text)
        text = re.sub(_SPACES_BEFORE + r"([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(_SPACES_BEFORE + r"(<(?:source|track)" + _TAG_REST + r")\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(_SPACES_BEFORE + r"(<figcaption" + _TAG_REST + ")", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(r"<p>\s*(</?" + _ALL_BLOCKS + _TAG_REST + r")\s*</p>", r"\1", text)
    text = _sub_closed(
        r"<p>\s*(" + _LINE_COMMENT + r")(?P<tail>-->\s*</p>)?", text, lambda m: m[1] + "-->"
    )
    text = _sub_closed(r"<p>(<li.+?)(?:(?P<tail></p>)|(?=\n)|\Z)", text, lambda m: m[1])
    text = re.sub(r"<p><blockquote([^<>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + _ALL_BLOCKS + _TAG_REST + ")", r"\1", text)
    text = re.sub(r"(</?" + _ALL_BLOCKS + _TAG_REST + r")\s*</p>", r"\1", text)
    if br:
        pieces, position = [], 0
        for start, end in _element_spans(text, _KEEP_NEWLINES):
            inside = text[start:end].replace("\n", "<WPPreserveNewline />")
            pieces += [text[position:start], inside]
            position = end
        text = "".join([*pieces, text[position:]])
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = _line_breaks(text)
        text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(r"(</?" + _ALL_BLOCKS + _TAG_REST + r")\s*<br />", r"\1", text)
    text = _sub_closed(
        r"(" + _LINE_COMMENT + r")(?P<tail>-->\s*<br />)?", text, lambda m: m[1] + "-->"
    )
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)" + _TAG_REST + ")", r"\1", text
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    if pre_tags:
        text = _PRE_PLACEHOLDER.sub(lambda m: pre_tags.get(m.group(0), m.group(0)), text)
    if "<!-- wpnl -->" in text:
        text = text.replace(_NEWLINE_MARK, "\n").replace("<!-- wpnl -->", "\n")
    return text

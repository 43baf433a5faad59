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


# --- blocks ------------------------------------------------------------------------------

_EMBED_BLOCK = re.compile(
    r"<!--\s+wp:(?:core-)?embed(?:/[a-z0-9-]+)?(?P<attrs>\s+\{.*?\})?\s+-->"
    r"(?P<inner>.*?)"
    r"<!--\s+/wp:(?:core-)?embed(?:/[a-z0-9-]+)?\s+-->",
    re.S,
)
_BLOCK_COMMENT = re.compile(
    r"<!--\s+(?P<closing>/?)wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)"
    r"(?P<attrs>\s+\{.*?\})?\s*(?P<void>/?)-->\n?",
    re.S,
)
_URL = re.compile(r"https?://[^\s<>\"']+")


def _convert_embed_blocks(text: str) -> str:
    def replace(match: re.Match) -> str:
        url = ""
        try:
            url = json.loads(match.group("attrs") or "{}").get("url", "")
        except (ValueError, AttributeError):
            url = ""
        if not url:
            found = _URL.search(match.group("inner"))
            url = found.group(0) if found else ""
        return embed_html(url) if url else match.group("inner")

    return _EMBED_BLOCK.sub(replace, text)


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


def _pattern(names: tuple[str, ...], enclosing: bool) -> re.Pattern:
    body = r"(?:(?P<void>/)\]|\](?P<content>.*?)\[/(?P=name)\])" if enclosing else r"/?\]"
    return re.compile(
        r"\[(?P<open>\[?)(?P<name>" + "|".join(names) + r")(?![\w-])"
        r"(?P<attrs>[^\]/]*(?:/(?!\])[^\]/]*)*?)" + body + r"(?P<close>\]?)",
        re.S,
    )


_ENCLOSING_CODE = _pattern(_ENCLOSING, enclosing=True)
_SINGLE_CODE = _pattern(_SINGLE, enclosing=False)
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
    def enclosing(match: re.Match) -> str:
        if match.group("open") and match.group("close"):
            return match.group(0)[1:-1]  # [[caption]] is WordPress's way to write the text
        attributes = parse_attributes(match.group("attrs"))
        content = match.group("content") or ""
        if match.group("name") == "embed":
            url = content.strip() or attributes.get("src", "")
            return embed_html(url) if url else ""
        return match.group("open") + caption_html(attributes, content) + match.group("close")

    def single(match: re.Match) -> str:
        if match.group("open") and match.group("close"):
            return match.group(0)[1:-1]
        attributes = parse_attributes(match.group("attrs"))
        name = match.group("name")
        if name == "gallery":
            images = gallery(attributes) if gallery is not None else []
            if images is None:
                result.waiting_for_images = True
                return ""
            html = gallery_html(images, attributes)
        elif name in ("audio", "video"):
            html = media_html(name, attributes)
        else:  # playlist: left as text, counted as unknown
            return match.group(0)
        return match.group("open") + html + match.group("close")

    text = _ENCLOSING_CODE.sub(enclosing, text)
    text = _SINGLE_CODE.sub(single, text)
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


_CODE_SPANS = re.compile(r"<(pre|code)\b.*?</\1>", re.S | re.I)
_SHORTCODE_LIKE = re.compile(r"(?<!\[)\[([a-z][a-z0-9_-]*)((?:\s[^\[\]]*)?)(/?)\](?!\])")


def _unknown_shortcodes(text: str) -> Counter:
    """Shortcodes this module does not convert (a plugin's, now gone): they stay in the
    text. Only what must be a shortcode counts: one with ``key=value`` attributes, a
    closing tag, a self-closing slash, or a plugin-style name (``contact-form-7``), so
    prose in brackets ("[simple boat]", "[top]") is not reported. Escaped ones
    (``[[name]]``) and code samples do not count either."""
    text = _CODE_SPANS.sub("", text)
    found: Counter = Counter()
    for match in _SHORTCODE_LIKE.finditer(text):
        name, attributes, void = match.groups()
        if name in _CONVERTED:
            continue
        void = void or attributes.rstrip().endswith("/")
        if void or "=" in attributes or "-" in name or "_" in name or f"[/{name}]" in text:
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
_NEWLINE_MARK = " <!-- wpnl --> "
_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[^>]*>", re.S)


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
        text = ""
        for index, part in enumerate(parts):
            start = part.find("<pre")
            if start == -1:
                text += part
                continue
            name = f"<pre wp-pre-tag-{index}></pre>"
            pre_tags[name] = part[start:] + "</pre>"
            text += part[:start] + name
        text += last
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(r"(<" + _ALL_BLOCKS + r"[\s/>])", r"\n\n\1", text)
    text = re.sub(r"(</" + _ALL_BLOCKS + r">)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    # Comments alone on their line (<!--more-->, <!--nextpage-->) stand apart like blocks.
    text = re.sub(r"(?m)^[ \t]*(<!--(?:(?!-->).)*-->)[ \t]*$", r"\n\n\1\n\n", text)
    text = _TAG_OR_COMMENT.sub(lambda m: m.group(0).replace("\n", _NEWLINE_MARK), text)
    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", r"\1", text)
        text = re.sub(r"\s*</object>", "</object>", text)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", r"\1", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(r"<p>\s*(</?" + _ALL_BLOCKS + r"[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>\s*(<!--(?:(?!-->).)*-->)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + _ALL_BLOCKS + r"[^>]*>)", r"\1", text)
    text = re.sub(r"(</?" + _ALL_BLOCKS + r"[^>]*>)\s*</p>", r"\1", text)
    if br:
        text = re.sub(
            r"<(script|style|svg|math).*?</\1>",
            lambda m: m.group(0).replace("\n", "<WPPreserveNewline />"),
            text,
            flags=re.S,
        )
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(r"(</?" + _ALL_BLOCKS + r"[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"(<!--(?:(?!-->).)*-->)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(_NEWLINE_MARK, "\n").replace("<!-- wpnl -->", "\n")
    return text

"""Pictures, video and sound in reader HTML load from the site's own host only.

A reader's browser that loads a picture from another host tells that host who is
reading what (and, behind a national filter, waits for a host that may be blocked). So,
like embeds (:mod:`newsdesk.content.embeds`), media from elsewhere become a placeholder
that loads nothing: a box with the picture's description (its alt text) or what the
medium is, and a plain link to the original, which the reader may follow. Media on the
site's host stay: relative addresses, and those on the host of ``BASE_URL`` or of
``MEDIA_URL``. A ``srcset`` keeps the site's own candidates only; a ``poster`` or
``<track>`` from elsewhere is dropped; a video or sound whose every source is elsewhere
becomes the placeholder.

This runs on what the sanitiser wrote (:func:`newsdesk.content.html.sanitize`): every
tag there is ``<name attr="value">``, a value's ``"`` written ``&quot;``, text holds no
``<``, so one pass over the tags reads them exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape
from urllib.parse import urlsplit

from django.conf import settings

from newsdesk import memos

_TAG = re.compile(
    r'<(?P<end>/?)(?P<name>[a-z][a-z0-9]*)(?P<attributes>(?:\s[^\s=>]+="[^"]*")*)\s*/?>'
)
_ATTRIBUTE = re.compile(r'([^\s=>]+)="([^"]*)"')
#: The placeholder's own markup, which plain text leaves out (it describes the page,
#: not the story).
PLACEHOLDER = re.compile(
    r'<span class="remote-media [a-z-]+"><span class="remote-media-alt">[^<]*</span> '
    r'<(a|span) class="remote-media-link"[^>]*>[^<]*</\1></span>'
)
_KINDS = {
    "img": ("remote-image", "An image", "View the image on {host}", "Image on {host}"),
    "video": ("remote-video", "A video", "Watch the video on {host}", "Video on {host}"),
    "audio": ("remote-audio", "A recording", "Listen on {host}", "Recording on {host}"),
}


@lru_cache(maxsize=8)
def _site_hosts(base_url: str, media_url: str, static_url: str) -> frozenset[str]:
    hosts = {urlsplit(url).hostname for url in (base_url, media_url, static_url)}
    return frozenset(host.lower() for host in hosts if host)


memos.register("the site's own hosts", _site_hosts, when=memos.NEVER)  # keyed on its inputs


def is_local(url: str) -> bool:
    """Served by this site: a relative address, or one on the site's own host."""
    url = url.strip()
    if not url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if not parts.scheme and not parts.netloc:
        return True
    if parts.scheme.lower() not in ("http", "https", ""):
        return False  # data:, javascript:, ftp:…: nothing a page of ours loads
    hosts = _site_hosts(settings.BASE_URL, settings.MEDIA_URL, settings.STATIC_URL)
    return (parts.hostname or "") in hosts


_SEPARATORS = re.compile(r"[\s,]*")
_NOT_SPACE = re.compile(r"\S+")


def srcset_candidates(srcset: str) -> list[tuple[str, str]]:
    """``srcset`` as HTML reads it: (address, descriptors) pairs. An address runs to the
    next space (so a ``data:`` address keeps its comma), its descriptors to the next
    comma."""
    candidates, position, length = [], 0, len(srcset)
    while (position := _SEPARATORS.match(srcset, position).end()) < length:
        address = _NOT_SPACE.match(srcset, position)
        url, position = address.group(0), address.end()
        if url.endswith(","):
            candidates.append((url.rstrip(","), ""))
            continue
        end = srcset.find(",", position)
        end = length if end == -1 else end
        candidates.append((url, srcset[position:end].strip()))
        position = end + 1
    return candidates


def written_srcset(candidates: list[tuple[str, str]]) -> str:
    return ", ".join(f"{url} {descriptors}".strip() for url, descriptors in candidates)


def local_media_only(html: str) -> str:
    """Sanitised reader HTML with media from other hosts made placeholders."""
    if not any(f"<{name}" in html for name in ("img", "video", "audio", "source", "track")):
        return html
    pieces: list[str] = []
    position = 0
    in_link = 0
    skip_to = 0  # the end of a video or sound made a placeholder
    for tag in _TAG.finditer(html):
        if tag.start() < skip_to:
            continue
        name, closing = tag["name"], bool(tag["end"])
        if name == "a":
            in_link += -1 if closing else 1
            continue
        if closing or name not in ("img", "video", "audio", "source", "track"):
            continue
        attributes = dict(_ATTRIBUTE.findall(tag["attributes"]))
        if name == "img":
            written, end = _image(attributes, in_link > 0), tag.end()
        elif name in ("video", "audio"):
            written, end = _medium(html, tag, attributes, in_link > 0)
        else:  # <source> or <track> outside a video: nothing from elsewhere
            src = unescape(attributes.get("src", ""))
            written, end = ("" if src and not is_local(src) else None), tag.end()
        if written is not None:
            pieces += [html[position : tag.start()], written]
            position = skip_to = end
    pieces.append(html[position:])
    return "".join(pieces)


def _image(attributes: dict[str, str], in_link: bool) -> str | None:
    src = unescape(attributes.get("src", ""))
    if not is_local(src):
        return placeholder("img", src, unescape(attributes.get("alt", "")), in_link)
    if "srcset" not in attributes:
        return None
    candidates = srcset_candidates(unescape(attributes["srcset"]))
    kept = [(url, descriptors) for url, descriptors in candidates if is_local(url)]
    if len(kept) == len(candidates):
        return None
    if kept:
        attributes["srcset"] = _value(written_srcset(kept))
    else:
        attributes.pop("srcset")
        attributes.pop("sizes", None)
    return _tag("img", attributes)


def _medium(html: str, tag: re.Match, attributes: dict[str, str], in_link: bool):
    """A video or sound: (how it is written, where it ends in ``html``), or (None, …)
    when all it loads is the site's own."""
    name = tag["name"]
    close = re.compile(rf"<(/?){name}[\s>]")
    depth, end = 1, len(html)
    for found in close.finditer(html, tag.end()):
        depth += -1 if found[1] else 1
        if depth == 0:
            end = html.find(">", found.start()) + 1
            break
    inner = html[tag.end() : end]
    inner = inner[: inner.rfind(f"</{name}>")] if inner.endswith(f"</{name}>") else inner
    sources = [unescape(attributes["src"])] if attributes.get("src") else []
    sources += [unescape(v) for v in re.findall(r'<source[^>]*?\ssrc="([^"]*)"', inner)]
    local = [src for src in sources if is_local(src)]
    if sources and not local:
        title = unescape(attributes.get("title", ""))
        return placeholder(name, sources[0], title, in_link), end
    changed = {k: v for k, v in attributes.items() if k not in ("src", "poster")}
    if attributes.get("src") and is_local(unescape(attributes["src"])):
        changed["src"] = attributes["src"]
    if attributes.get("poster") and is_local(unescape(attributes["poster"])):
        changed["poster"] = attributes["poster"]
    kept_inner = re.sub(
        r'<(?:source|track)[^>]*?\ssrc="([^"]*)"[^>]*>',
        lambda m: m[0] if is_local(unescape(m[1])) else "",
        inner,
    )
    if changed == attributes and kept_inner == inner:
        return None, tag.end()
    return _tag(name, changed) + kept_inner + f"</{name}>", end


def _tag(name: str, attributes: dict[str, str]) -> str:
    written = "".join(f' {key}="{value}"' for key, value in attributes.items())
    return f"<{name}{written}>"


def placeholder(kind: str, src: str, description: str, in_link: bool = False) -> str:
    """The box that stands for a picture, video or sound from another host: what it
    shows, and a link to the original (plain text inside a link already)."""
    css, missing, follow, named = _KINDS[kind]
    try:
        host = (urlsplit(src.strip()).hostname or "") if src else ""
    except ValueError:
        host = ""
    alt = " ".join(description.split()) or missing
    box = f'<span class="remote-media {css}"><span class="remote-media-alt">{_text(alt)}</span> '
    if host and src.strip().lower().startswith(("http://", "https://")) and not in_link:
        link = _text(follow.format(host=host))
        return box + f'<a class="remote-media-link" href="{_value(src.strip())}">{link}</a></span>'
    where = _text(named.format(host=host) if host else "Not on this site")
    return box + f'<span class="remote-media-link">{where}</span></span>'


def _text(text: str) -> str:
    """Text as the sanitiser writes it (so that sanitising again changes nothing)."""
    return (
        text.replace("&", "&amp;")
        .replace("\u00a0", "&nbsp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def _value(text: str) -> str:
    return text.replace("&", "&amp;").replace("\u00a0", "&nbsp;").replace('"', "&quot;")

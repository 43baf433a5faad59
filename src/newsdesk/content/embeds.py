"""Embeds that load nothing from the provider until the reader asks.

A link to a known provider alone on its line (as WordPress auto-embeds it) becomes a
placeholder figure naming the provider, with a plain link to the original. No
provider script, frame or image is ever loaded by the page, and nothing is fetched
while saving.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

PROVIDERS: dict[str, tuple[str, str]] = {
    # host suffix: (provider name, verb for the link)
    "youtube.com": ("YouTube", "Watch"),
    "youtu.be": ("YouTube", "Watch"),
    "vimeo.com": ("Vimeo", "Watch"),
    "twitter.com": ("X", "View the post"),
    "x.com": ("X", "View the post"),
    "facebook.com": ("Facebook", "View the post"),
    "instagram.com": ("Instagram", "View the post"),
    "t.me": ("Telegram", "View the post"),
    "wordpress.tv": ("WordPress.tv", "Watch"),
    "soundcloud.com": ("SoundCloud", "Listen"),
}

_URL = r"https?://[^\s<>\"']+"
# A URL alone on a line, or alone in a paragraph. Each attempt starts at a line's start
# and looks no further than the end of that line (or of the paragraph it opens), so
# the search takes time in proportion to the text: a ``\s*`` free to run across lines
# would be tried again from every one of a long run of blank lines.
_BARE_LINK = re.compile(
    rf"(?m)^(?:<p>\s*(?P<in_paragraph>{_URL})\s*</p>|[^\S\n]*(?P<alone>{_URL}))[^\S\n]*$"
)


def provider_of(url: str) -> tuple[str, str] | None:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # not an address after all ("http://[" is a broken IPv6 one)
        return None
    for suffix, provider in PROVIDERS.items():
        if host == suffix or host.endswith("." + suffix):
            return provider
    return None


def embed_html(url: str) -> str:
    provider = provider_of(url)
    if provider is None:
        safe = escape(url)
        return f'<p><a href="{safe}">{safe}</a></p>'
    name, verb = provider
    safe = escape(url)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return (
        f'<figure class="embed embed-{slug}">'
        f'<a class="embed-link" href="{safe}">{verb} on {escape(name)}</a>'
        f'<figcaption class="embed-source">{safe}</figcaption></figure>'
    )


def embed_bare_links(html: str) -> str:
    def replace(match: re.Match) -> str:
        url = match.group("in_paragraph") or match.group("alone")
        return embed_html(url) if provider_of(url) else match.group(0)

    return _BARE_LINK.sub(replace, html)

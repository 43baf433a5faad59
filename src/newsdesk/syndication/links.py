"""Absolute addresses for feeds and sitemaps.

Feed readers and crawlers keep what they fetch out of context, so every address they
see is absolute and built from ``settings.BASE_URL`` (never from the request's Host
header, which a proxy, a mirror or an attacker chooses).
"""

from __future__ import annotations

import re

from django.conf import settings

# Body HTML has been through nh3, which writes every attribute double-quoted with
# quotes inside values escaped, so these patterns see each value whole.
_SITE_RELATIVE = re.compile(r'(\s(?:href|src|poster|cite)=")(/(?!/)[^"]*)"')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)"')


def absolute(url: str) -> str:
    """``/tag/news/`` → ``https://example.org/tag/news/``; absolute addresses pass."""
    if not url or url.startswith(("http://", "https://", "//")):
        return url
    return f"{settings.BASE_URL}/{url.lstrip('/')}"


def absolute_links(html: str) -> str:
    """Make site-relative links and images in body HTML absolute, for readers that show
    the body away from the site."""
    html = _SITE_RELATIVE.sub(lambda m: f'{m[1]}{absolute(m[2])}"', html)
    return _SRCSET.sub(lambda m: f'{m[1]}{_absolute_srcset(m[2])}"', html)


def _absolute_srcset(srcset: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        candidates.append(f"{absolute(url)} {descriptor}".strip())
    return ", ".join(candidates)


def post_guid(post_id: int) -> str:
    """A post's permanent id in feeds: WordPress's ``/?p=<id>`` form, which survives
    changes of title, slug, date and permalink style."""
    return f"{settings.BASE_URL}/?p={post_id}"

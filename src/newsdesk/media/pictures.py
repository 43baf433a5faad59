"""What a public page needs to show an image in the size the reader's screen wants.

The browser picks among candidates (``srcset``, one per rendition with its width) by
the width the layout gives the picture (``sizes``, written by the template that knows
the layout); a ``<source type="image/webp">`` comes first, the original's format
(``<img>``) after it for browsers without WebP.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsdesk.media.models import Rendition

WEBP = "webp"


@dataclass(frozen=True)
class Picture:
    src: str  # the widest rendition in the original's format: what a browser without srcset shows
    width: int  # of that rendition: with ``height``, the shape the page reserves
    height: int
    srcset: str  # the original's format: "… 320w, … 480w, …"
    type: str  # its MIME type
    webp_srcset: str  # "" when there are no WebP renditions
    thumbnail: str  # the narrowest rendition (the admin's lists)


def picture_of(image: Any, renditions: Iterable[Rendition]) -> Picture | None:
    """The picture of ``image`` from its renditions, or None when none was made from its
    current file (the page then shows the original)."""
    current = [r for r in renditions if image.file and r.source == image.file.name]
    fallback = sorted((r for r in current if r.format != WEBP), key=lambda r: r.width)
    if not fallback:
        return None
    webp = sorted((r for r in current if r.format == WEBP), key=lambda r: r.width)
    widest = fallback[-1]
    return Picture(
        src=widest.file.url,
        width=widest.width,
        height=widest.height,
        srcset=candidates(fallback),
        type=widest.mime_type,
        webp_srcset=candidates(webp),
        thumbnail=(webp or fallback)[0].file.url,
    )


def candidates(renditions: Iterable[Rendition]) -> str:
    """A ``srcset``: each file with its width (``w`` descriptors, for ``sizes``)."""
    return ", ".join(f"{r.file.url} {r.width}w" for r in renditions)

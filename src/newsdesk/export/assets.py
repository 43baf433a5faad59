"""Files the pages use, copied as they are: the site's static assets and media.

Only what public pages reference is copied (found while their links are rewritten):
the site's CSS and icons rather than everything the finders know (the admin's
scripts), and the pictures of public posts rather than all of MEDIA_ROOT (which also
holds the pictures of drafts). Files are looked up once per export run (a unit of work:
see :mod:`newsdesk.memos`), as they may have come or gone since the last.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from newsdesk import memos
from newsdesk.export.layout import Asset


def asset_for(decoded_path: str) -> Asset | None:
    """The static or media file served at ``decoded_path`` (``/static/newsdesk/site.css``),
    or None when the site serves no file there."""
    static_url, media_url = settings.STATIC_URL, settings.MEDIA_URL
    if static_url.startswith("/") and decoded_path.startswith(static_url):
        return _static(decoded_path[len(static_url) :], static_url.strip("/"))
    if media_url.startswith("/") and decoded_path.startswith(media_url):
        return _media(
            decoded_path[len(media_url) :], media_url.strip("/"), str(settings.MEDIA_ROOT)
        )
    return None


@lru_cache(maxsize=1024)
def _static(relative: str, prefix: str) -> Asset | None:
    if not relative or relative.endswith("/"):
        return None
    found = finders.find(relative)
    if not found:
        return None
    return Asset(f"{prefix}/{relative}", Path(found))


@lru_cache(maxsize=65536)
def _media(relative: str, prefix: str, root: str) -> Asset | None:
    # The same rule as the media view (Django's ``serve``): a path inside MEDIA_ROOT
    # as written, no ".." and no absolute path.
    segments = relative.split("/")
    if not relative or any(s in ("", ".", "..") for s in segments) or "\\" in relative:
        return None
    source = Path(root, *segments)
    if not source.is_file():
        return None
    return Asset(f"{prefix}/{relative}", source)


memos.register("static files found", _static, when=memos.UNIT_OF_WORK)
memos.register("media files found", _media, when=memos.UNIT_OF_WORK)

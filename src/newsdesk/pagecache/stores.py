"""Which store the site uses, from settings (``PAGE_CACHE``)."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from newsdesk import memos
from newsdesk.pagecache.store import DiskStore, SharedCacheStore


@cache
def active_store() -> DiskStore | SharedCacheStore | None:
    kind = settings.PAGE_CACHE
    if kind == "disk":
        return DiskStore(settings.PAGE_CACHE_DIR)
    if kind == "shared":
        return SharedCacheStore()
    return None


memos.register(
    "page cache store", active_store, settings=["PAGE_CACHE", "PAGE_CACHE_DIR", "CACHES"]
)

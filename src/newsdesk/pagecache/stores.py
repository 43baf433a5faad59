"""Which store the site uses, from settings (``PAGE_CACHE``)."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed

from newsdesk.pagecache.store import DiskStore, SharedCacheStore


@cache
def active_store() -> DiskStore | SharedCacheStore | None:
    kind = settings.PAGE_CACHE
    if kind == "disk":
        return DiskStore(settings.PAGE_CACHE_DIR)
    if kind == "shared":
        return SharedCacheStore()
    return None


def _reset(setting: str, **kwargs) -> None:
    if setting in ("PAGE_CACHE", "PAGE_CACHE_DIR", "CACHES"):
        active_store.cache_clear()


setting_changed.connect(_reset, dispatch_uid="newsdesk-pagecache-settings")

from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "newsdesk.pagecache"
    label = "newsdesk_pagecache"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from newsdesk.pagecache import receivers  # noqa: F401  (connects the purge)

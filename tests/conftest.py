"""Shared fixtures. The suite runs against whichever database DATABASE_URL names
(SQLite by default); `make test` runs it on SQLite and on PostgreSQL."""

import pytest
from django.core.cache import cache

from newsdesk import memos


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Media in a fresh folder; the page cache off unless a test turns it on."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAGE_CACHE = "off"
    settings.PAGE_CACHE_DIR = tmp_path / "pages"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Counts kept in the cache (how often someone asked for a live preview this
    second) belong to the test that made them."""
    cache.clear()


@pytest.fixture(autouse=True)
def _forget_memos():
    """What a process remembers between requests (the settings row, cards, chrome...):
    a test must not leave its own to the next (the database changes roll back)."""
    memos.reset()
    yield
    memos.reset()

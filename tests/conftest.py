"""Shared fixtures. The suite runs against whichever database DATABASE_URL names
(SQLite by default); `make test` runs it on SQLite and on PostgreSQL."""

import pytest
from django.core.cache import cache

from newsdesk.content import queries
from newsdesk.content.models import site as site_models
from newsdesk.site.fragments import cards_memo


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
def _forget_site_settings():
    """The settings row is remembered per process between requests; a test that changed
    it must not leave its row to the next (the database change itself rolls back)."""
    site_models._current.clear()
    cards_memo.clear()
    queries._chrome_parts.clear()
    yield
    site_models._current.clear()

"""Shared fixtures. The suite runs against whichever database DATABASE_URL names
(SQLite by default); `make test` runs it on SQLite and on PostgreSQL."""

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

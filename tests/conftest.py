"""Shared fixtures. The suite runs against whichever database DATABASE_URL names
(SQLite by default); `make test` runs it on SQLite and on PostgreSQL."""

import os
import tempfile

# Before Django reads its settings: keep test data (secret key, media) out of the repo.
os.environ.setdefault("NEWSDESK_DATA_DIR", tempfile.mkdtemp(prefix="newsdesk-test-"))

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

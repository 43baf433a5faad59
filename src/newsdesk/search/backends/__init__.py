"""The search backend of the database in use: SQLite FTS5 or PostgreSQL full text."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from newsdesk.search.backends.base import Hit, Match, Results, SearchBackend

__all__ = ["Hit", "Match", "Results", "SearchBackend", "backend"]


def backend() -> SearchBackend:
    """Chosen by ``connection.vendor``: the index lives in the site's own database."""
    if connection.vendor == "postgresql":
        from newsdesk.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from newsdesk.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    raise ImproperlyConfigured(f"newsdesk search has no backend for {connection.vendor}")

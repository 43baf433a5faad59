"""Full-text search over public posts: title, tags, excerpt and body.

One small contract (:class:`~newsdesk.search.backends.base.SearchBackend`: ``index``,
``delete``, ``search``) with two backends, SQLite FTS5 and PostgreSQL, chosen by the
database in use. The index follows every change through the content signals (see
:mod:`newsdesk.search.receivers`); ``newsdesk reindex`` rebuilds it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsdesk.search.backends import Results


def search(query: str, page: int = 1) -> Results:
    """One page of public posts matching ``query`` (any text: never an error)."""
    # Imported on use: Django imports this package before the models are ready.
    from newsdesk.search.backends import backend

    return backend().search(query, page)

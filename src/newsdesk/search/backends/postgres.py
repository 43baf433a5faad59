"""Search on PostgreSQL: a table with a weighted ``tsvector`` and a GIN index (created
by the search app's migration).

Each entry keeps its folded fields and a document built from them with the text
search configuration of the post's language: ``english`` (stemming, stop words) for
English, ``simple`` for every other language (Persian has no stemmer in PostgreSQL;
folding does its work). The title weighs A, tags B, excerpt C, body D, and
``ts_rank``'s default weights (1, 0.4, 0.2, 0.1) rank a title match first.

A query is searched in both configurations at once, so "elections" finds an English
post's "election" and a Persian word finds itself. It reaches ``to_tsquery`` as
quoted words joined by the ``&`` and ``|`` this module writes: each word has been
folded to letters and digits, so no operator or quote comes from a reader.
"""

from __future__ import annotations

from django.db import connection, transaction

from newsdesk.content.editions import language_of
from newsdesk.content.models import Post, Status
from newsdesk.search.backends.base import Match, SearchBackend
from newsdesk.search.documents import Document
from newsdesk.search.normalise import MARK_END, MARK_START, Term

TABLE = "search_entry"
CONFIGURATIONS = {"en": "english"}
FALLBACK = "simple"


_DOCUMENT = (
    "setweight(to_tsvector(%(config)s::regconfig, %(title)s), 'A') || "
    "setweight(to_tsvector(%(config)s::regconfig, %(tags)s), 'B') || "
    "setweight(to_tsvector(%(config)s::regconfig, %(excerpt)s), 'C') || "
    "setweight(to_tsvector(%(config)s::regconfig, %(body)s), 'D')"
)
_QUERY = "(to_tsquery('english', %(words)s) || to_tsquery('simple', %(words)s))"
_HIGHLIGHT = "HighlightAll=true, StartSel=" + MARK_START + ", StopSel=" + MARK_END


def configuration(language: str) -> str:
    return CONFIGURATIONS.get(language_of(language), FALLBACK)


def query_text(terms: list[Term]) -> str:
    """``(('a' & 'b') | ('ab')) & ('c')``: every term, each of its forms."""
    return " & ".join(
        "("
        + " | ".join("(" + " & ".join(f"'{word}'" for word in form) + ")" for form in term)
        + ")"
        for term in terms
    )


class PostgresBackend(SearchBackend):
    def store(self, entries: list[Document]) -> None:
        if not entries:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (post_id, config, title, tags, excerpt, body, document) "  # noqa: S608 - constant names, values as parameters
                "VALUES (%(post_id)s, %(config)s::regconfig, %(title)s, %(tags)s, %(excerpt)s, "
                f"%(body)s, {_DOCUMENT}) "
                "ON CONFLICT (post_id) DO UPDATE SET config = EXCLUDED.config, "
                "title = EXCLUDED.title, tags = EXCLUDED.tags, excerpt = EXCLUDED.excerpt, "
                "body = EXCLUDED.body, document = EXCLUDED.document",
                [
                    {
                        "post_id": entry.post_id,
                        "config": configuration(entry.language),
                        "title": entry.title,
                        "tags": entry.tags,
                        "excerpt": entry.excerpt,
                        "body": entry.body,
                    }
                    for entry in entries
                ],
            )

    def delete(self, post_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE post_id = %s", [post_id])  # noqa: S608 - constant table name

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 - constant table name

    def match(self, terms: list[Term], offset: int, limit: int) -> tuple[int, list[Match]]:
        posts = Post._meta.db_table
        found = (
            f"FROM {TABLE} entry JOIN {posts} post ON post.id = entry.post_id "
            f"WHERE entry.document @@ {_QUERY} AND post.status = %(status)s"
        )
        parameters = {
            "words": query_text(terms),
            "status": Status.PUBLISHED,
            "limit": limit,
            "offset": offset,
            "highlight": _HIGHLIGHT,
        }
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {found}", parameters)  # noqa: S608 - names from the code, values as parameters
            (total,) = cursor.fetchone()
            if not total:
                return 0, []
            # The page first, then its words marked: ts_headline re-reads each text.
            cursor.execute(
                "SELECT page.post_id, "  # noqa: S608 - names from the code, values as parameters
                f"ts_headline(entry.config, entry.title, {_QUERY}, %(highlight)s), "
                f"ts_headline(entry.config, entry.excerpt, {_QUERY}, %(highlight)s), "
                f"ts_headline(entry.config, entry.body, {_QUERY}, %(highlight)s) "
                "FROM (SELECT entry.post_id, post.published_at, "
                f"ts_rank(entry.document, {_QUERY}) AS rank {found} "
                "ORDER BY rank DESC, post.published_at DESC, post.id DESC "
                "LIMIT %(limit)s OFFSET %(offset)s) page "
                f"JOIN {TABLE} entry ON entry.post_id = page.post_id "
                "ORDER BY page.rank DESC, page.published_at DESC, page.post_id DESC",
                parameters,
            )
            return total, [Match(*row) for row in cursor.fetchall()]

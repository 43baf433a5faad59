"""Search on SQLite: an FTS5 table (created by the search app's migration).

The table ``search_entry`` holds the folded title, tags, excerpt and body of each
public post, its rowid the post's id. It is tokenised by ``porter`` (English
stemming: "elections" finds "election") over ``unicode61 remove_diacritics 2``.

Ranking is FTS5's ``bm25`` with the title weighing ten times the body. A query
reaches FTS5 only as a list of quoted words: each term has been folded to letters
and digits (:mod:`newsdesk.search.normalise`), so no FTS5 operator, column filter
or unbalanced quote can come from a reader.
"""

from __future__ import annotations

from django.db import connection, transaction

from newsdesk.content.models import Post, Status
from newsdesk.search.backends.base import Match, SearchBackend
from newsdesk.search.documents import Document
from newsdesk.search.normalise import MARK_END, MARK_START, Term

TABLE = "search_entry"
#: bm25 weights, in column order: title, tags, excerpt, body.
WEIGHTS = (10.0, 5.0, 2.0, 1.0)


def match_expression(terms: list[Term]) -> str:
    """Every term, each of its forms, every word quoted: ``(("a" AND "b") OR ("ab"))
    AND ("c")``; quoted, a word is a literal, never an operator."""
    return " AND ".join(
        "("
        + " OR ".join("(" + " AND ".join(f'"{word}"' for word in form) + ")" for form in term)
        + ")"
        for term in terms
    )


class SqliteBackend(SearchBackend):
    def store(self, entries: list[Document]) -> None:
        if not entries:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {TABLE} WHERE rowid = %s",  # noqa: S608 - constant table name
                [[entry.post_id] for entry in entries],
            )
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, title, tags, excerpt, body) "  # noqa: S608 - constant table name
                "VALUES (%s, %s, %s, %s, %s)",
                [
                    [entry.post_id, entry.title, entry.tags, entry.excerpt, entry.body]
                    for entry in entries
                ],
            )

    def delete(self, post_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [post_id])  # noqa: S608 - constant table name

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 - constant table name

    def match(self, terms: list[Term], offset: int, limit: int) -> tuple[int, list[Match]]:
        expression = match_expression(terms)
        posts = Post._meta.db_table
        found = (
            f"FROM {TABLE} JOIN {posts} post ON post.id = {TABLE}.rowid "
            f"WHERE {TABLE} MATCH %s AND post.status = %s"
        )
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {found}", [expression, Status.PUBLISHED])  # noqa: S608 - names from the code, values as parameters
            (total,) = cursor.fetchone()
            if not total:
                return 0, []
            cursor.execute(
                f"SELECT {TABLE}.rowid {found} "  # noqa: S608 - names from the code, values as parameters
                f"ORDER BY bm25({TABLE}, {weights}), post.published_at DESC, post.id DESC "
                "LIMIT %s OFFSET %s",
                [expression, Status.PUBLISHED, limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                return total, []
            # Marking the words costs a pass over each text: only for the page shown.
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"SELECT rowid, highlight({TABLE}, 0, %s, %s), highlight({TABLE}, 2, %s, %s), "  # noqa: S608 - names from the code, values as parameters
                f"highlight({TABLE}, 3, %s, %s) FROM {TABLE} "
                f"WHERE {TABLE} MATCH %s AND rowid IN ({marks})",
                [*(MARK_START, MARK_END) * 3, expression, *ids],
            )
            marked = {row[0]: Match(*row) for row in cursor.fetchall()}
        return total, [marked[pk] for pk in ids if pk in marked]

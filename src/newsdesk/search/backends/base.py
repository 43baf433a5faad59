"""The search contract every database backend keeps.

A backend stores :class:`~newsdesk.search.documents.Document` rows and finds the
posts whose folded text holds every word of a query, best first: a match in the
title ranks above one in the tags, the excerpt, then the body. The rest — what a
query's words are, loading the posts, marking the matches in the reader's own
spelling, pagination — is here, the same for all, so both backends answer alike.

Only public posts are indexed; a backend also joins the posts table when it
searches, so a post unpublished a moment ago never shows even before its entry goes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup

from newsdesk.content import queries
from newsdesk.content.models import Post
from newsdesk.search import documents
from newsdesk.search.normalise import Term
from newsdesk.search.normalise import terms as query_terms

PER_PAGE = 10


@dataclass(frozen=True)
class Match:
    """One post a backend found, its fields in folded text with the matched words
    between :data:`~newsdesk.search.normalise.MARK_START` and ``MARK_END``."""

    post_id: int
    title: str
    excerpt: str
    body: str


@dataclass(frozen=True)
class Hit:
    """One result as the page shows it: the post, its title and a snippet of its text
    with the matched words in ``<mark>``."""

    post: Post
    title: Markup
    snippet: Markup


@dataclass
class Results:
    query: str  # as the reader typed it
    number: int  # the page, from 1
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # posts matching, on every page
    has_next: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1


class SearchBackend(ABC):
    """``index(post)``, ``delete(post_id)``, ``search(query, page)``; a backend
    implements the storage and matching primitives below them."""

    def index(self, post: Post) -> None:
        """Add or refresh a post's entry; a post readers cannot see is removed."""
        if not post.is_public:
            self.delete(post.pk)
            return
        self.store([documents.document_of(post)])

    def index_many(self, posts: Iterable[Post]) -> None:
        """Index many posts, two queries per batch (their tags, then the writes)."""
        batch = [post for post in posts if post.is_public]
        names = documents.tag_names_of([post.pk for post in batch])
        self.store([documents.document_of(post, names.get(post.pk, [])) for post in batch])

    @abstractmethod
    def store(self, entries: list[documents.Document]) -> None:
        """Insert or replace these entries."""

    @abstractmethod
    def delete(self, post_id: int) -> None:
        """Remove a post's entry (nothing when it has none)."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every entry."""

    @abstractmethod
    def match(self, terms: list[Term], offset: int, limit: int) -> tuple[int, list[Match]]:
        """How many public posts hold every term (in one of its forms), and ``limit``
        of them from ``offset``, best first (ties: newest first)."""

    def search(self, query: str, page: int = 1, per_page: int = PER_PAGE) -> Results:
        """One page of results. Any text is a query: one with no word in it, or a page
        past the end, has no results."""
        results = Results(query, page)
        words = query_terms(query)
        if not words or page < 1:
            return results
        total, matches = self.match(words, (page - 1) * per_page, per_page + 1)
        results.total = total
        results.has_next = len(matches) > per_page
        results.hits = _hits(matches[:per_page])
        return results


def _hits(matches: list[Match]) -> list[Hit]:
    posts = {post.pk: post for post in queries.with_bodies([m.post_id for m in matches])}
    hits = []
    for found in matches:
        post = posts.get(found.post_id)
        if post is None or not post.is_public:
            continue
        fields = documents.fields_of(post, [tag.name for tag in post.card_tags])
        hits.append(Hit(post, _marked(fields.title, found.title), _snippet(post, fields, found)))
    return hits


def _marked(original: str, marked: str) -> Markup:
    spans = documents.marked_spans(original, marked)
    return documents.highlighted(original, spans or [])


def _snippet(post: Post, fields: documents.Fields, found: Match) -> Markup:
    """From the body around its first match; else the excerpt; else the card summary."""
    for original, marked in ((fields.body, found.body), (fields.excerpt, found.excerpt)):
        spans = documents.marked_spans(original, marked) if original else None
        if spans:
            return documents.snippet(original, spans)
    if post.password or not post.summary:
        return Markup("")
    return documents.snippet(post.summary, [])

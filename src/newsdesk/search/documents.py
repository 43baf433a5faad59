"""What the index holds for a post, and how a match becomes a highlighted result.

A post is indexed as four fields of plain text — title, tags, excerpt and body —
folded by :mod:`newsdesk.search.normalise`. A password-protected post is indexed by
its title and tags only: its words are for those who have the password.

The backends return matches as folded text with the matched words marked. The
original text is rebuilt from the post the same way (:func:`fields_of`), folded
again with a map back to the original characters, and the marks move across: the
reader sees their own spelling, ZWNJ and digits included, highlighted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from newsdesk.content.html import plain_text
from newsdesk.content.models import Post, PostTag
from newsdesk.search.normalise import MARK_END, MARK_START, indexed, indexed_mapped

#: About how many characters of text a result's snippet shows.
SNIPPET_LENGTH = 240
#: Characters of a field that are searched: a book-length body would only grow the
#: index (PostgreSQL refuses a document over 1 MB).
FIELD_LENGTH = 100_000
_BEFORE_MATCH = 70


@dataclass(frozen=True)
class Fields:
    """A post's searchable text, as readers see it."""

    title: str
    tags: str
    excerpt: str
    body: str


@dataclass(frozen=True)
class Document:
    """What the index stores for one post: its folded fields."""

    post_id: int
    language: str
    title: str
    tags: str
    excerpt: str
    body: str


def fields_of(post: Post, tag_names: Iterable[str]) -> Fields:
    protected = bool(post.password)
    return Fields(
        title=post.title[:FIELD_LENGTH],
        tags=", ".join(tag_names)[:FIELD_LENGTH],
        excerpt="" if protected else plain_text(post.excerpt)[:FIELD_LENGTH],
        body="" if protected else plain_text(post.body_html)[:FIELD_LENGTH],
    )


def document_of(post: Post, tag_names: Iterable[str] | None = None) -> Document:
    if tag_names is None:
        tag_names = tag_names_of([post.pk]).get(post.pk, [])
    fields = fields_of(post, tag_names)
    return Document(
        post.pk,
        post.language,
        indexed(fields.title),
        indexed(fields.tags),
        indexed(fields.excerpt),
        indexed(fields.body),
    )


def tag_names_of(post_ids: list[int]) -> dict[int, list[str]]:
    """Tag names of many posts, in the posts' own order, in one query."""
    names: dict[int, list[str]] = {}
    links = (
        PostTag.objects.filter(post_id__in=post_ids)
        .order_by("post_id", "position", "id")
        .values_list("post_id", "tag__name")
    )
    for post_id, name in links:
        names.setdefault(post_id, []).append(name)
    return names


# --- highlighting -------------------------------------------------------------------------


def marked_spans(original: str, marked_folded: str) -> list[tuple[int, int]] | None:
    """Where the marks of ``marked_folded`` (a field as indexed, marked) fall in
    ``original``, in order and never overlapping; None when the indexed text is not
    that of ``original`` (the post changed since it was indexed). A mark on the whole
    form of a word written in parts marks that word."""
    spans: list[tuple[int, int]] = []
    plain: list[str] = []
    start = None
    for character in marked_folded:
        if character == MARK_START:
            start = len(plain)
        elif character == MARK_END:
            if start is not None and start < len(plain):
                spans.append((start, len(plain)))
            start = None
        else:
            plain.append(character)
    stored, origin = indexed_mapped(original)
    if "".join(plain) != stored:
        return None
    merged: list[tuple[int, int]] = []
    found = sorted(
        (origin[first], _with_marks(original, origin[last - 1] + 1)) for first, last in spans
    )
    for first, last in found:
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def _with_marks(text: str, end: int) -> int:
    """A match's end moved past the marks that sit on its last letter (the hamza of
    "خانهٔ"), which folding dropped: a mark cut from its letter shows on its own."""
    while end < len(text) and (
        unicodedata.category(text[end]).startswith("M") or text[end] == "\u0640"
    ):
        end += 1
    return end


def highlighted(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None):
    """``text[start:end]`` escaped, with ``<mark>`` around the spans inside it."""
    end = len(text) if end is None else end
    pieces, cursor = [], start
    for first, last in spans:
        first, last = max(first, start), min(last, end)
        if first >= last or first < cursor:
            continue
        pieces += [escape(text[cursor:first]), Markup("<mark>"), escape(text[first:last])]
        pieces.append(Markup("</mark>"))
        cursor = last
    pieces.append(escape(text[cursor:end]))
    return Markup("").join(pieces)


def snippet(text: str, spans: list[tuple[int, int]]) -> Markup:
    """About :data:`SNIPPET_LENGTH` characters around the first match, cut at spaces."""
    if len(text) <= SNIPPET_LENGTH:
        return highlighted(text, spans)
    first = spans[0][0] if spans else 0
    start = max(0, first - _BEFORE_MATCH)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):
        space = text.rfind(" ", max(first, start), end)
        end = space if space > start else end
    body = highlighted(text, spans, start, end)
    return Markup("").join(
        [Markup("… ") if start else Markup(""), body, Markup(" …") if end < len(text) else ""]
    )

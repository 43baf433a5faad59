"""Small builders that go through the actions, as every real write does."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from newsdesk.content import actions
from newsdesk.content.models import Author, Category, Post, Series, Status, Tag


def tag(name: str, **fields) -> Tag:
    item = Tag(name=name, **fields)
    actions.save_term(item)
    return item


def category(name: str, parent: Category | None = None) -> Category:
    item = Category(name=name, parent=parent)
    actions.save_term(item)
    return item


def author(name: str) -> Author:
    item = Author(display_name=name)
    actions.save_term(item)
    return item


def series(title: str) -> Series:
    item = Series(title=title)
    actions.save_term(item)
    return item


def post(
    title: str = "A post",
    *,
    tags=(),
    categories=(),
    authors=(),
    when=None,
    status=Status.PUBLISHED,
    **fields,
) -> Post:
    item = Post(title=title, status=status, published_at=when, **fields)
    item.body = fields.get("body", f"<p>Body of {title}.</p>")
    actions.save_post(item, tags=list(tags), categories=list(categories), authors=list(authors))
    return item


def timeline(count: int, start: datetime | None = None):
    """Distinct publication times, one hour apart, oldest first."""
    start = start or datetime(2024, 5, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(0))
    return [start + timedelta(hours=n) for n in range(count)]

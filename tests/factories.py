"""Small builders that go through the actions, as every real write does."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PillowImage

from newsdesk.content import actions
from newsdesk.content.models import (
    Author,
    Category,
    Image,
    Page,
    Post,
    Series,
    SiteSettings,
    Status,
    Tag,
)


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


def image_for_feeds(
    title: str = "Harbour at dawn",
    *,
    size: tuple[int, int] = (64, 48),
    caption: str = "Boats leave the harbour.",
    credit: str = "Photo: Staff",
) -> Image:
    """An image with a real PNG file (drawn with Pillow), saved through the actions."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (30, 90, 160)).save(buffer, "PNG")
    item = Image(title=title, alt_text=f"{title} (picture)", caption=caption, credit=credit)
    item.file.save("harbour.png", ContentFile(buffer.getvalue()), save=False)
    actions.save_image(item)
    return item


def page(title: str, *, status=Status.PUBLISHED, parent: Page | None = None, **fields) -> Page:
    item = Page(title=title, status=status, parent=parent, **fields)
    actions.save_page(item)
    return item


def site_settings(**fields) -> SiteSettings:
    """Change site settings (name, permalink style, ...) through the actions."""
    item = SiteSettings.objects.filter(pk=1).first() or SiteSettings(pk=1)
    for name, value in fields.items():
        setattr(item, name, value)
    actions.save_site_item(item)
    return item

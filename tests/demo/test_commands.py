"""``newsdesk demo`` and ``newsdesk first-admin`` as an operator runs them."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from newsdesk.content import actions
from newsdesk.content.models import (
    Author,
    Category,
    FollowLink,
    Menu,
    Page,
    Post,
    PostAuthor,
    PostCategory,
    PostTag,
    Series,
    SiteSettings,
    Tag,
)
from newsdesk.demo import outlet
from tests import factories

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_running_the_demo_twice_writes_identical_content():
    anchor = outlet.default_anchor() - timedelta(hours=1)
    first = run("demo", f"--anchor={anchor.isoformat()}")
    assert "published posts" in first
    newest = Post.objects.public().order_by("-published_at").first()
    assert newest.published_at == anchor - timedelta(hours=3)
    before = snapshot(anchor)
    empty_the_site()
    assert outlet.site_is_empty()
    # The same moment written without an offset: the command reads it as UTC.
    run("demo", f"--anchor={anchor.astimezone(UTC).replace(tzinfo=None).isoformat()}")
    after = snapshot(anchor)
    assert after == before
    assert len(before["posts"]) >= 60


def test_the_demo_refuses_a_site_that_has_content():
    factories.post("An editor's first post")
    with pytest.raises(CommandError, match="only fills an empty site"):
        run("demo")
    assert "not loaded" in run("demo", if_empty=True)
    assert Post.objects.count() == 1


def test_first_admin_creates_one_login_and_shows_it_again(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    shown = run("first_admin")
    password = (tmp_path / "admin-password.txt").read_text().strip()
    assert f"password: {password}" in shown
    assert (tmp_path / "admin-password.txt").stat().st_mode & 0o077 == 0
    assert User.objects.get(username="admin").check_password(password)
    assert f"password: {password}" in run("first_admin")
    assert User.objects.count() == 1


def test_first_admin_leaves_existing_superusers_alone(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    User.objects.create_superuser("editor", password="a long passphrase here")
    assert "exists already" in run("first_admin")
    assert not (tmp_path / "admin-password.txt").exists()
    assert User.objects.count() == 1


# --- helpers ---------------------------------------------------------------------------


def snapshot(anchor) -> dict:
    """Everything a reader could see, with dates as offsets from the anchor."""

    def image(item):
        if item is None:
            return None
        with item.file.open("rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        fields = (item.title, item.alt_text, item.caption, item.credit, item.width, item.height)
        return (*fields, digest)

    def terms(model, post, field):
        rows = model.objects.filter(post=post).order_by(*model._meta.ordering)
        return [str(getattr(row, field)) for row in rows.select_related(field)]

    posts = [
        (
            post.slug,
            post.title,
            post.status,
            post.language,
            post.byline,
            post.sticky,
            post.series.title if post.series else None,
            post.series_part,
            post.published_at - anchor if post.published_at else None,
            post.body_html,
            post.summary,
            terms(PostTag, post, "tag"),
            terms(PostCategory, post, "category"),
            terms(PostAuthor, post, "author"),
            image(post.featured_image),
        )
        for post in Post.objects.order_by("slug").select_related("series", "featured_image")
    ]
    site = SiteSettings.objects.get()
    return {
        "posts": posts,
        "tags": list(Tag.objects.order_by("slug").values_list("slug", "name", "post_count")),
        "categories": list(Category.objects.order_by("path").values_list("path", "name")),
        "authors": [
            (a.slug, a.display_name, a.bio, a.post_count, image(a.avatar))
            for a in Author.objects.order_by("slug")
        ],
        "pages": list(Page.objects.order_by("path").values_list("path", "title", "body_html")),
        "menus": [
            (menu.location, menu.name, [(i.label, i.url) for i in menu.items.all()])
            for menu in Menu.objects.order_by("location")
        ],
        "follow": list(FollowLink.objects.values_list("network", "url")),
        "settings": (site.name, site.tagline, site.copyright_holder, site.language),
    }


def empty_the_site() -> None:
    """Remove what the demo wrote, through the actions (images stay: they have no address)."""
    for post in Post.objects.all():
        actions.delete_post(post)
    for page in Page.objects.all():
        actions.delete_page(page)
    for model in (Tag, Author, Series):
        for term in model.objects.all():
            actions.delete_term(term)
    for category in sorted(Category.objects.all(), key=lambda c: -c.path.count("/")):
        actions.delete_term(category)
    for item in (*Menu.objects.all(), *FollowLink.objects.all()):
        actions.delete_site_item(item)

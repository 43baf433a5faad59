"""Smoke tests: the other real exports import whole (counts from the README)."""

from __future__ import annotations

import pytest

from newsdesk.content.models import Author, Category, Comment, Image, Page, Post, Redirect, Tag
from newsdesk.wordpress.importer import import_wxr
from tests.wordpress.conftest import BLOCK_TEST, CC_LABS, file_items

pytestmark = pytest.mark.django_db


def test_cc_labs_blog():
    report = import_wxr(CC_LABS)
    assert Post.objects.public().count() == 219
    assert Page.objects.count() == 5
    assert Image.objects.count() == 0
    assert Comment.objects.count() == 181
    assert Comment.objects.filter(kind="pingback").count() == 62
    assert Author.objects.count() == 30
    assert Category.objects.count() == 98
    assert Tag.objects.filter(posts__isnull=False).distinct().count() == 164
    assert Tag.objects.count() >= 171
    assert report.counts["posts"]["created"] == 219
    # Every post's old address leads to it.
    posts = [item for item in file_items(CC_LABS) if item.post_type == "post"]
    assert Redirect.objects.filter(old_path__in=[f"/?p={i.wp_id}" for i in posts]).count() == 219
    # The mojibake title is kept as it is in the source, not "repaired".
    assert Post.objects.filter(title__contains="â€œOpenOffice.org Writer Add-in").exists()


def test_block_test_data():
    report = import_wxr(BLOCK_TEST)
    assert Post.objects.count() == 61
    assert Page.objects.count() == 1
    assert Image.objects.count() == 9
    assert Comment.objects.count() == 2
    assert Comment.objects.filter(parent__isnull=False).count() == 1
    assert Category.objects.count() == 7
    assert Tag.objects.count() == 4
    # The README counts by the name an item writes; one item writes "Border" for the tag
    # whose slug is "shadow". Items name terms by slug, so: Border 17, Shadow 3.
    assert Tag.objects.get(slug="border").post_count == 17
    assert Tag.objects.get(slug="shadow").post_count == 3
    assert Tag.objects.get(slug="block-spacing").post_count == 10
    assert report.notes["skipped item types"]["wp_navigation"] == 1
    assert "<!-- wp:" not in "".join(Post.objects.values_list("body", flat=True))
    page_break = Post.objects.get(title="Page break")
    assert page_break.body_html.count('<hr class="page-break">') >= 1

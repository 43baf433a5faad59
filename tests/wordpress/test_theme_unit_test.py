"""The Theme Unit Test export (see tests/data/wordpress/README.md), post by post."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import User
from django.utils import timezone

from newsdesk.content import actions
from newsdesk.content.html import PAGE_BREAK
from newsdesk.content.models import (
    Author,
    Category,
    Comment,
    CommentStatus,
    Image,
    Menu,
    MenuItem,
    Page,
    Post,
    PostFormat,
    Redirect,
    Status,
    Tag,
)
from newsdesk.wordpress.importer import import_wxr
from newsdesk.wordpress.models import LegacyItem
from newsdesk.wordpress.redirects import canonical, variants
from tests.wordpress.conftest import THEME_UNIT_TEST, file_items

THEME_TEXT = THEME_UNIT_TEST.read_text(encoding="utf-8")

pytestmark = pytest.mark.django_db


def post(title: str) -> Post:
    return Post.objects.get(title=title)


def test_counts_equal_the_files(theme_import):
    assert Post.objects.count() == 58
    assert Post.objects.filter(status=Status.PUBLISHED).count() == 56
    assert Page.objects.count() == 21
    assert Image.objects.count() == 37
    assert Comment.objects.count() == 33
    assert Category.objects.count() == 68
    # 110 tags are declared; posts also use 4 slugs the channel never declares
    # (columns, sample, test-tag, and "content" beside the declared "content-2").
    declared = LegacyItem.objects.filter(kind="tag", wp_id__isnull=False)
    assert declared.count() == 110
    assert Tag.objects.count() == 114
    assert Author.objects.count() == 2
    counts = theme_import.counts
    assert counts["posts"]["created"] == 58 and counts["pages"]["created"] == 21
    assert counts["attachments"]["created"] == 37 and counts["comments"]["created"] == 33
    assert counts["menus"]["created"] == 6 and counts["menu items"]["created"] == 70
    assert "other items" not in counts  # every item type of the file is imported


def test_comments_keep_threads_kinds_and_moderation(theme_import):
    comments = Comment.objects.filter(post=post("Template: Comments"))
    assert comments.count() == 20
    assert comments.filter(parent__isnull=False).count() >= 5
    reply = comments.filter(parent__isnull=False).first()
    assert reply.parent.post_id == reply.post_id
    kinds = Comment.objects.values_list("kind", flat=True)
    assert sorted(kinds).count("pingback") == 2 and list(kinds).count("trackback") == 2
    assert Comment.objects.filter(status=Comment.Moderation.PENDING).count() == 3
    assert not Comment.objects.filter(body__contains="<script").exists()
    assert post("Template: Comments Disabled").comment_status == CommentStatus.CLOSED
    assert post("Template: Comments").comment_status == CommentStatus.OPEN


def test_many_tags_and_many_categories(theme_import):
    assert post("Edge Case: Many Tags").tags.count() == 45
    assert post("Edge Case: Many Categories").categories.count() == 63
    greek = Post.objects.filter(tags__name="content περιεχόμενο").distinct()
    assert greek.count() == 24


def test_category_tree_and_descriptions(theme_import):
    grandchild = Category.objects.get(slug="grandchild-category")
    assert grandchild.path == "parent-category/child-category-03/grandchild-category"
    assert grandchild.description == "This is a description for the Grandchild Category."
    assert Category.objects.get(slug="child-2").path == "parent/child-1/child-2"


def test_counts_are_kept_for_archives(theme_import):
    tag = Tag.objects.get(slug="content-2")
    live = Post.objects.public().filter(tags=tag).count()
    assert tag.post_count == live > 0


def pictures(html) -> list[str]:
    """The descriptions of the pictures in reader HTML: an image's alt text, or the
    placeholder's that stands for one from another host (this import copies no media,
    so the theme's pictures stay on WordPress's host)."""
    return [
        found["alt"] if found.name == "img" else found.find(class_="remote-media-alt").get_text()
        for found in html.find_all(
            lambda tag: tag.name == "img" or "remote-image" in tag.get("class", [])
        )
    ]


def test_captions_become_figures(theme_import):
    html = BeautifulSoup(post("Post Format: Image (Caption)").body_html, "html.parser")
    figure = html.find("figure")
    assert pictures(figure) == ["Bell on Wharf"]
    assert figure.find("figcaption").get_text() == "Bell on wharf in San Francisco"
    assert "[caption" not in post("Markup: Image Alignment").body_html


def test_galleries_show_the_attached_images(theme_import):
    html = BeautifulSoup(post("Post Format: Gallery").body_html, "html.parser")
    first = html.find("div", class_="gallery")
    attached = LegacyItem.objects.filter(kind="attachment", wp_parent=555).count()
    assert len(pictures(first)) == attached > 10
    assert "gallery-columns-3" in first["class"]
    tiled = BeautifulSoup(post("Post Format: Gallery (Tiled)").body_html, "html.parser")
    # ids="755,757,758,760,766,763": #763 is not in the file and is left out.
    alts = pictures(tiled)
    assert alts == ["Golden Gate Bridge", "Boardwalk", "Yachtsody in Blue",
                    "Sydney Harbor Bridge", "Big Sur"]  # fmt: skip
    assert "[gallery" not in post("Post Format: Gallery").body


def test_paginated_posts_have_page_breaks(theme_import):
    paginated = post("Template: Paginated")
    assert paginated.body.count("<!--nextpage-->") == 2
    assert paginated.body_html.count(PAGE_BREAK) == 2


def test_more_tag_sets_the_summary(theme_import):
    more = post("Template: More Tag")
    assert "<!--more-->" in more.body
    before_more = more.body.split("<!--more-->")[0]
    assert more.summary and more.summary.split()[-1] in before_more
    defined = post("Template: Excerpt (Defined)")
    assert defined.excerpt and defined.summary.startswith(
        "This is a user-defined post excerpt. It should"
    )


def test_sticky_password_no_title_no_content(theme_import):
    assert list(Post.objects.filter(sticky=True).values_list("title", flat=True)) == [
        "Template: Sticky"
    ]
    protected = post('Template: Password Protected (the password is "enter")')
    assert protected.is_public and protected.password
    assert "enter" not in protected.password and check_password("enter", protected.password)
    assert protected.summary == ""  # cards never show what the password guards
    untitled = Post.objects.get(slug="edge-case-no-title")
    assert untitled.title == "" and untitled.is_public and untitled.body_html
    empty = post("Edge Case: No Content")
    assert empty.body == "" and empty.is_public


def test_future_post_is_scheduled_and_draft_stays_draft(theme_import):
    scheduled = post("Scheduled")
    assert scheduled.status == Status.SCHEDULED
    assert scheduled.published_at > timezone.now()
    assert not Post.objects.public().filter(pk=scheduled.pk).exists()
    draft = post("Draft")
    assert draft.status == Status.DRAFT and not draft.is_public


def test_post_formats(theme_import):
    assert post("Post Format: Gallery").format == PostFormat.GALLERY
    assert post("Post Format: Video (YouTube)").format == PostFormat.VIDEO
    assert post("Post Format: Chat").format == PostFormat.CHAT
    assert post("Template: Sticky").format == PostFormat.STANDARD
    # 14 "Post Format: …" posts; "Post Format: Standard" has none.
    assert Post.objects.exclude(format=PostFormat.STANDARD).count() == 13


def test_embeds_and_titles(theme_import):
    assert 'class="embed embed-youtube"' in post("Post Format: Video (YouTube)").body_html
    assert 'class="embed embed-x"' in post("Media: Twitter Embeds").body_html
    marked = Post.objects.get(slug="markup-title-with-markup")
    assert marked.title == "Markup: Title With Markup"  # titles are text, tags dropped
    assert "<!-- wp:" not in "".join(Post.objects.values_list("body", flat=True))


def test_attachments_become_images_with_alt_caption_title(theme_import):
    bell = Image.objects.get(title="Bell on Wharf")
    assert bell.alt_text == "Bell on Wharf"
    assert bell.original_url == "https://wpthemetestdata.files.wordpress.com/2008/06/100_5478.jpg"
    assert not bell.file  # no --media-dir: the image keeps its old address
    canola = Image.objects.get(title="canola2")
    assert canola.caption.startswith("Lorem ipsum dolor sit amet")
    assert Image.objects.get(title="St. Louis Blues").mime_type == "audio/mpeg"
    assert theme_import.warning_counts["file not copied (no --media-dir)"] == 37


def test_featured_images(theme_import):
    horizontal = post("Template: Featured Image (Horizontal)")
    assert horizontal.featured_image.title == "Horizontal Featured Image"
    assert post("Post Format: Image (Caption)").featured_image.title == "triforce-wallpaper"
    assert Post.objects.filter(featured_image__isnull=False).count() == 6


def test_pages_keep_their_tree(theme_import):
    assert Page.objects.get(slug="level-3", parent__slug="level-2").path == (
        "level-1/level-2/level-3"
    )
    assert Page.objects.get(path="about/clearing-floats").parent.slug == "about"
    assert Page.objects.filter(path__startswith="greek/επίπεδο-2/").count() == 1
    # "Level 3" comes before "Level 2" in the file and waited at the top level meanwhile;
    # that stand-in address never existed for readers and leaves no redirect.
    assert not Redirect.objects.filter(old_path__in=["/level-3/", "/level-2/"]).exists()


def test_authors_get_accounts_without_usable_passwords(theme_import):
    author = Author.objects.get(display_name="Theme Reviewer")
    assert author.user.username == "themereviewteam"
    assert not author.user.has_usable_password()
    assert (author.user.first_name, author.user.last_name) == ("Theme", "Review")
    assert User.objects.filter(author_profile__isnull=False).count() == 2
    # Two items name their author "themereviewteam>" and ">themereviewteam".
    assert theme_import.warning_counts["garbled author name"] >= 1
    assert post("Block category: Common").authors.get() == author


def test_report_names_missing_attachments_and_no_false_shortcodes(theme_import):
    # "[simple boat]" in a post's prose is text, not a shortcode.
    assert not theme_import.notes["unknown shortcodes (kept as text)"]
    missing = theme_import.warnings["missing attachment"]
    assert any("#763" in warning for warning in missing)


# --- old links -------------------------------------------------------------------------


def published_items():
    return [
        item
        for item in file_items(THEME_UNIT_TEST)
        if item.post_type in ("post", "page") and item.status == "publish"
    ]


def target_of(item) -> str:
    if item.post_type == "post":
        row = LegacyItem.objects.get(kind="post", wp_id=item.wp_id)
        return Post.objects.get(pk=row.object_id).get_absolute_url()
    row = LegacyItem.objects.get(kind="page", wp_id=item.wp_id)
    return Page.objects.get(pk=row.object_id).get_absolute_url()


def test_every_old_address_of_a_published_item_redirects_to_its_new_home(theme_import):
    items = published_items()
    assert len(items) == 56 + 21
    for item in items:
        new = target_of(item)
        old = canonical(item.link)
        for path in variants(old):
            if path != new:
                assert Redirect.objects.get(old_path=path).new_path == new, item.link
        query = "page_id" if item.post_type == "page" else "p"
        assert Redirect.objects.get(old_path=f"/?{query}={item.wp_id}").new_path == new


def test_term_author_and_attachment_addresses_redirect(theme_import):
    assert Redirect.objects.get(old_path="/?cat=57037077").new_path == (
        "/category/parent-category/child-category-03/grandchild-category/"
    )
    assert Redirect.objects.get(old_path="/category/grandchild-category/").new_path.endswith(
        "/grandchild-category/"
    )
    assert Redirect.objects.get(old_path="/?tag=8bit").new_path == "/tag/8bit/"
    gallery = post("Post Format: Gallery").get_absolute_url()
    assert Redirect.objects.get(old_path="/2010/09/10/post-format-gallery/canola2/").new_path == (
        gallery
    )
    assert Redirect.objects.get(old_path="/?attachment_id=611").new_path == gallery
    # A redirect never points at itself; drafts get none, a scheduled post's wait for it.
    assert Redirect.objects.get(old_path="/?p=1153").post == post("Scheduled")
    assert not Redirect.objects.filter(old_path="/?p=1164").exists()


def test_every_old_link_answers_301_then_200(theme_import, client):
    for item in published_items():
        new = target_of(item)
        query = "page_id" if item.post_type == "page" else "p"
        for old in {canonical(item.link).replace("//", "/"), f"/?{query}={item.wp_id}"}:
            response = client.get(old, follow=True)
            assert response.status_code == 200, (old, response.redirect_chain)
            if old != new:
                assert response.redirect_chain[0][1] == 301, old
                assert urlsplit(response.redirect_chain[-1][0]).path == new, old


def test_unpublished_items_stay_hidden_and_odd_ones_are_reachable(theme_import, client):
    for title in ("Scheduled", "Draft"):
        assert client.get(post(title).get_absolute_url()).status_code == 404, title
    assert client.get("/?p=1153", follow=True).status_code == 404  # scheduled: not yet
    untitled = Post.objects.get(slug="edge-case-no-title")
    assert client.get(untitled.get_absolute_url()).status_code == 200
    protected = post('Template: Password Protected (the password is "enter")')
    page = client.get(protected.get_absolute_url())
    assert page.status_code == 200
    assert "This content, comments, pingbacks" not in page.content.decode()
    opened = client.post(protected.get_absolute_url(), {"password": "enter"}, follow=True)
    assert "This content, comments, pingbacks" in opened.content.decode()


def test_a_scheduled_post_s_old_links_answer_once_it_goes_live(theme_import, client):
    scheduled = post("Scheduled")
    assert client.get("/?p=1153").status_code == 404  # its address stays unknown
    actions.publish_due(now=scheduled.published_at)
    response = client.get("/?p=1153", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(scheduled.get_absolute_url(), 301)]
    actions.unpublish_post(Post.objects.get(pk=scheduled.pk))
    assert client.get("/?p=1153").status_code == 404  # taken down: the old link says nothing


def test_menus_come_over_unplaced_with_every_item_linking_to_its_new_address(theme_import, client):
    in_file = Counter(
        re.findall(
            r'<category domain="nav_menu" nicename="[^"]*"><!\[CDATA\[([^\]]*)\]\]>', THEME_TEXT
        )
    )
    menus = {menu.name: menu for menu in Menu.objects.all()}
    assert set(menus) == set(in_file) | {"Empty Menu"}  # declared, with no items
    assert {name: menu.items.count() for name, menu in menus.items() if name in in_file} == in_file
    assert theme_import.counts["menu items"]["created"] == sum(in_file.values()) == 70
    # The file names no theme locations: the menus wait for an editor to place them.
    assert all(menu.location is None for menu in menus.values())
    short = [(item.label, item.url) for item in menus["Short"].items.all()]
    assert short[:2] == [("a Blog page", "/blog/"), ("About The Tests", "/about/")]
    social = menus["Social menu"].items.all()
    assert [item.url for item in social][0] == "https://twitter.com/wordpress"
    for item in MenuItem.objects.filter(url__startswith="/"):
        assert client.get(item.url).status_code == 200, (item.label, item.url)


def test_a_second_import_replaces_the_menus_it_made(theme_import):
    before = list(MenuItem.objects.order_by("menu__name", "position").values_list("label", "url"))
    report = import_wxr(THEME_UNIT_TEST)
    assert report.counts["menus"] == {"updated": 6}
    assert Menu.objects.count() == 6
    after = list(MenuItem.objects.order_by("menu__name", "position").values_list("label", "url"))
    assert after == before

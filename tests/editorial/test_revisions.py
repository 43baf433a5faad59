"""Every save keeps a revision; two can be compared; one can be restored."""

import pytest
from bs4 import BeautifulSoup

from newsdesk.content import actions, revisions
from newsdesk.content.models import Post, Revision, Status
from newsdesk.content.stale import Stale
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(newsroom):
    """A post by the Author, saved three times by three people."""
    port, night = factories.tag("Port"), factories.tag("Night shift")
    picture = factories.image_for_feeds("Cranes")
    post = Post(
        title="Harbour reopens after storm",
        body="<p>The harbour reopened on Monday.</p>\n<p>Ferries resume.</p>",
        featured_image=picture,
    )
    actions.save_post(
        post, user=newsroom.author.user, tags=[port], authors=[newsroom.author.byline]
    )
    post.title = "Harbour reopens"
    post.body = "<p>The harbour reopened on Tuesday.</p>\n<p>Ferries resume.</p>"
    actions.save_post(post, user=newsroom.author.user, tags=[port, night])
    actions.publish_post(post, user=newsroom.editor.user)
    return post


def test_every_save_keeps_a_revision_with_who_when_and_what(newsroom, story):
    first, second, third = Revision.objects.filter(post=story).order_by("created_at", "id")
    assert (first.user, first.action, first.status) == (newsroom.author.user, "create", "draft")
    assert first.title == "Harbour reopens after storm" and first.slug == story.slug

    assert len(first.tag_ids) == 1 and len(second.tag_ids) == 2
    assert first.author_ids == [newsroom.author.byline.pk]
    assert first.featured_image_id == story.featured_image_id
    assert (third.user, third.action, third.status) == (
        newsroom.editor.user,
        "publish",
        "published",
    )
    assert third.published_at == story.published_at


def test_the_comparison_shows_the_changed_words(story):
    older, newer = Revision.objects.filter(post=story).order_by("created_at", "id")[:2]
    fields = {field.label: field for field in revisions.compare(older, newer)}
    assert fields["Title"].changed and not fields["Excerpt"].changed
    body = fields["Body"].lines
    removed = [
        s.text for line in body if line.change == "removed" for s in line.segments if s.change
    ]
    added = [s.text for line in body if line.change == "added" for s in line.segments if s.change]
    assert removed == ["Monday.</p>"] and added == ["Tuesday.</p>"]
    assert [line.change for line in body][-1] == "same"  # "Ferries resume." is unchanged
    tags = fields["Tags"].lines
    assert [(line.change, line.segments[0].text) for line in tags] == [
        ("same", "Port"),
        ("added", "Night shift"),
    ]


def test_long_unchanged_stretches_fold():
    old = "\n".join(f"line {n}" for n in range(30))
    new = old.replace("line 15", "line fifteen")
    lines = revisions.diff_text(old, new)
    assert [line.change for line in lines].count("folded") == 2
    assert len(lines) < 15


def test_the_compare_page_renders_the_diff_with_classes_not_styles(newsroom, story):
    older, newer = Revision.objects.filter(post=story).order_by("created_at", "id")[:2]
    response = newsroom.author.client.get(
        f"/admin/content/post/{story.pk}/revisions/compare/?from={older.pk}&to={newer.pk}"
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    sections = {s.h3.get_text(" ", strip=True): s for s in soup.select(".diff-field")}
    assert sections["Title"].select_one(".diff-removed del").get_text() == " after storm"
    body = sections["Body"]
    assert body.select_one(".diff-removed del").get_text() == "Monday.</p>"
    assert body.select_one(".diff-added ins").get_text() == "Tuesday.</p>"
    assert "Excerpt unchanged" in sections and "Tags" in sections
    assert not soup.select("[style]") and not soup.select("style")
    stylesheets = [link["href"] for link in soup.select("link[rel=stylesheet]")]
    assert any(href.endswith("newsdesk/admin/editorial.css") for href in stylesheets)
    # The list of revisions links to it.
    listing = newsroom.author.client.get(f"/admin/content/post/{story.pk}/revisions/")
    assert listing.status_code == 200 and b"Harbour reopens after storm" in listing.content


def test_restoring_is_a_save_with_its_own_revision_and_stale_set(newsroom, story):
    first = Revision.objects.filter(post=story).order_by("created_at", "id").first()
    old_path = story.get_absolute_url()
    stale = actions.restore_revision(story, first, user=newsroom.editor.user)
    assert isinstance(stale, Stale) and old_path in stale.paths
    story.refresh_from_db()
    assert story.title == "Harbour reopens after storm"
    assert "Monday" in story.body and "Monday" in story.body_html
    assert [tag.name for tag in story.tags.all()] == ["Port"]
    assert story.status == Status.PUBLISHED  # restoring words is not unpublishing
    latest = Revision.objects.filter(post=story).first()
    assert (latest.action, latest.user) == ("restore revision", newsroom.editor.user)
    assert Revision.objects.filter(post=story).count() == 4


def test_restore_in_the_admin_asks_then_restores(newsroom, story):
    first = Revision.objects.filter(post=story).order_by("created_at", "id").first()
    address = f"/admin/content/post/{story.pk}/revisions/{first.pk}/restore/"
    editor = newsroom.editor.client
    page = editor.get(address)
    assert page.status_code == 200 and b"Restore this revision" in page.content
    soup = BeautifulSoup(page.content, "html.parser")
    shown = [section.h3.contents[0].strip() for section in soup.select(".diff-field")]
    assert "Title" in shown and "Status" not in shown  # restoring keeps the status
    assert Post.objects.get(pk=story.pk).title == "Harbour reopens"  # asking changes nothing
    response = editor.post(address)
    assert response.status_code == 302
    assert Post.objects.get(pk=story.pk).title == "Harbour reopens after storm"


def test_restoring_anothers_revision_is_refused(newsroom, story):
    first = Revision.objects.filter(post=story).order_by("created_at", "id").first()
    address = f"/admin/content/post/{story.pk}/revisions/{first.pk}/restore/"
    for intruder in (newsroom.other_author, newsroom.contributor):
        assert intruder.client.get(address).status_code == 403
        assert intruder.client.post(address).status_code == 403
    assert Post.objects.get(pk=story.pk).title == "Harbour reopens"
    # A revision of another post is not found under this one.
    other = factories.post("Elsewhere")
    other_revision = Revision.objects.filter(post=other).first()
    wrong = f"/admin/content/post/{story.pk}/revisions/{other_revision.pk}/restore/"
    assert newsroom.editor.client.get(wrong).status_code == 404


def test_a_restored_slug_taken_since_by_another_post_is_kept_as_is(newsroom, story):
    first = Revision.objects.filter(post=story).order_by("created_at", "id").first()
    story.slug = "harbour-news"
    actions.save_post(story, user=newsroom.editor.user)
    factories.post("Squatter", slug=first.slug)
    actions.restore_revision(story, first, user=newsroom.editor.user)
    story.refresh_from_db()
    assert story.slug == "harbour-news" and story.title == "Harbour reopens after storm"

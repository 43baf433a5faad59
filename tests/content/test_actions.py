from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from newsdesk.content import actions
from newsdesk.content.models import AuditEntry, Post, PostTag, Redirect, Status, Tag
from tests import factories

pytestmark = pytest.mark.django_db


def test_counts_are_kept_by_the_actions():
    news, world = factories.tag("News"), factories.tag("World")
    times = factories.timeline(3)
    first = factories.post("One", tags=[news, world], when=times[0])
    factories.post("Two", tags=[news], when=times[1])
    factories.post("Draft", tags=[news, world], status=Status.DRAFT)
    news.refresh_from_db(), world.refresh_from_db()
    assert (news.post_count, world.post_count) == (2, 1)

    actions.unpublish_post(first)
    news.refresh_from_db(), world.refresh_from_db()
    assert (news.post_count, world.post_count) == (1, 0)
    assert not PostTag.objects.filter(post=first, live=True).exists()


def test_future_publication_becomes_scheduled_and_goes_live_when_due():
    later = timezone.now() + timedelta(hours=2)
    post = factories.post("Tomorrow", when=later)
    assert post.status == Status.SCHEDULED
    assert not Post.objects.public().filter(pk=post.pk).exists()

    assert not actions.publish_due(now=timezone.now())
    stale = actions.publish_due(now=later + timedelta(seconds=1))
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert post.get_absolute_url() in stale.paths


def test_edit_in_place_stales_only_the_pages_that_list_the_post(settings):
    news = factories.tag("News")
    times = factories.timeline(25)
    posts = [factories.post(f"P{n}", tags=[news], when=t) for n, t in enumerate(times)]
    oldest = posts[0]  # position 24 of 25: page 3 of every archive it is in
    oldest.title = "Renamed"
    stale = actions.save_post(oldest)
    assert "/tag/news/page/3/" in stale.paths
    assert "/tag/news/" not in stale.paths
    assert "/tag/news/page/2/" not in stale.paths
    assert "/page/3/" in stale.paths and "/" not in stale.paths
    assert {"/tag/news/feed/", "/feed/", "/sitemap.xml"} <= stale.paths


def test_new_post_stales_every_page_of_its_archives_because_they_shift():
    news = factories.tag("News")
    for when in factories.timeline(21):
        factories.post("Old", tags=[news], when=when)
    stale = actions.save_post(Post(title="Breaking", status=Status.PUBLISHED), tags=[news])
    assert {"/tag/news/", "/tag/news/page/2/", "/tag/news/page/3/"} <= stale.paths


def test_changed_slug_of_a_public_post_redirects_from_the_old_address():
    post = factories.post("First title")
    old = post.get_absolute_url()
    post.slug = "second-title"
    actions.save_post(post)
    assert Redirect.objects.get(old_path=old).new_path == "/second-title/"


def test_persian_titles_get_persian_slugs_and_ascii_digits():
    post = factories.post("خبر ۱۴۰۳ از تهران")
    assert post.slug == "خبر-1403-از-تهران"


def test_bodies_are_sanitised_and_summarised():
    post = factories.post(
        "Unsafe",
        body='<p onclick="x()">Lead <script>alert(1)</script>text</p><!--more--><p>More</p>',
    )
    assert "script" not in post.body_html and "onclick" not in post.body_html
    assert post.summary == "Lead text"


def test_a_user_without_permission_is_refused_and_nothing_changes():
    user = User.objects.create_user("visitor")
    with pytest.raises(PermissionDenied):
        actions.save_post(Post(title="Nope", status=Status.PUBLISHED), user=user)
    assert not Post.objects.exists()


def test_every_action_is_audited():
    post = factories.post("Audited")
    actions.delete_post(post)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "create",
        "delete",
    ]


def test_delete_keeps_counts_right():
    news = factories.tag("News")
    post = factories.post("Gone", tags=[news])
    actions.delete_post(post)
    assert Tag.objects.get(pk=news.pk).post_count == 0

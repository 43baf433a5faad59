"""Comments under posts and pages: shown when the site says so, approved ones only,
threaded, hidden on a protected item until it is unlocked, refreshed when moderated."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.content import actions
from newsdesk.content.models import Comment, Post
from tests import factories

pytestmark = pytest.mark.django_db

Moderation = Comment.Moderation


def comment(on, name: str, body: str, *, minutes: int, status=Moderation.APPROVED, **fields):
    start = timezone.now() - timedelta(days=1)
    found = Comment(
        post=on if isinstance(on, Post) else None,
        page=None if isinstance(on, Post) else on,
        author_name=name,
        body=body,
        status=status,
        created_at=start + timedelta(minutes=minutes),
        **fields,
    )
    actions.save_comment(found)
    return found


@pytest.fixture
def discussed():
    factories.site_settings(show_comments=True)
    post = factories.post("Harbour opens")
    first = comment(post, "Ana", "<p>Good news.</p>", minutes=1, author_url="https://ana.example/")
    comment(post, "Bo", "<p>Agreed.</p>", minutes=3, parent=first)
    comment(post, "Spammer", "<p>Buy now</p>", minutes=4, status=Moderation.SPAM)
    comment(post, "Waiting", "<p>Soon.</p>", minutes=5, status=Moderation.PENDING)
    comment(post, "Cy", "<p>When?</p>", minutes=2)
    return post


def test_approved_comments_show_threaded_oldest_first(reader, discussed):
    page = reader.soup("/harbour-opens/")
    section = page.select_one("main section.comments")
    assert section.select_one("h2").get_text(" ", strip=True) == "Comments (3)"
    top = section.select(".comment-list > li")
    assert [li.select_one(".comment-author").get_text() for li in top] == ["Ana", "Cy"]
    replies = top[0].select(".comment-replies > li .comment-author")
    assert [reply.get_text() for reply in replies] == ["Bo"]
    link = top[0].select_one("a.comment-author")
    assert link["href"] == "https://ana.example/" and link["rel"] == ["nofollow", "ugc"]
    text = section.get_text()
    assert "Buy now" not in text and "Soon." not in text


def test_nothing_shows_unless_the_site_shows_comments(reader, discussed):
    factories.site_settings(show_comments=False)
    assert reader.soup("/harbour-opens/").select_one(".comments") is None


def test_a_site_that_shows_comments_adds_one_query_to_a_post_page(client, discussed):
    def queries_for(shown: bool) -> int:
        factories.site_settings(show_comments=shown)
        client.get("/harbour-opens/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/harbour-opens/")
        return len(captured.captured_queries)

    assert queries_for(True) == queries_for(False) + 1


def test_a_protected_post_keeps_its_comments_until_it_is_unlocked(client, reader):
    factories.site_settings(show_comments=True)
    secret = factories.post("Members only", password="open sesame")
    comment(secret, "Ana", "<p>Inside words.</p>", minutes=1)
    assert "Inside words." not in reader.get("/members-only/").content.decode()
    client.post("/members-only/", {"password": "open sesame"})
    assert "Inside words." in reader.get("/members-only/").content.decode()


def test_static_pages_show_their_comments_too(reader):
    factories.site_settings(show_comments=True)
    about = factories.page("About")
    comment(about, "Ana", "<p>Nice team.</p>", minutes=1)
    assert "Nice team." in reader.soup("/about/").select_one("section.comments").get_text()


def test_a_moderator_s_edit_is_sanitised_and_marks_every_part_stale(discussed):
    spam = Comment.objects.get(author_name="Spammer")
    spam.status = Moderation.APPROVED
    spam.body = '<p onclick="steal()">Fine <script>alert(1)</script>after all</p>'
    stale = actions.save_comment(spam)
    assert stale.paths == {"/harbour-opens/"}
    assert "onclick" not in spam.body and "<script" not in spam.body


def test_a_reply_loop_in_imported_data_hides_no_comment(reader):
    factories.site_settings(show_comments=True)
    post = factories.post("Loop")
    first = comment(post, "Ana", "<p>One.</p>", minutes=1)
    second = comment(post, "Bo", "<p>Two.</p>", minutes=2, parent=first)
    first.parent = second  # as a broken export may have it
    actions.save_comment(first)
    authors = reader.soup("/loop/").select("section.comments .comment-author")
    assert [a.get_text() for a in authors] == ["Ana", "Bo"]

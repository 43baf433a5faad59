"""Writing in the admin: the live preview, tags made as they are typed, slugs from
titles, and the alt-text rule shown as a form error."""

import time

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from newsdesk.content import actions
from newsdesk.content.admin_views import LIVE_PREVIEW_LIMIT, LIVE_PREVIEW_RATE
from newsdesk.content.models import AuditEntry, Post, Tag
from tests import factories
from tests.editorial.conftest import post_form

pytestmark = pytest.mark.django_db

RENDER = "/admin/content/post/render-body/"


def test_the_live_preview_answers_sanitised_html(newsroom):
    response = newsroom.contributor.client.post(
        RENDER,
        {
            "body": '<p onclick="steal()">Lead</p><script>alert(1)</script>'
            '<a href="javascript:alert(1)">link</a><img src="x" onerror="alert(2)">',
            "body_format": "html",
        },
    )
    assert response.status_code == 200
    html = response.json()["html"]
    assert "Lead" in html
    for danger in ("<script", "onclick", "javascript:", "onerror"):
        assert danger not in html, danger


def test_the_live_preview_renders_markdown_and_embeds_without_fetching(newsroom):
    body = "## Storm\n\nThe *harbour* reopened.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n"
    response = newsroom.author.client.post(RENDER, {"body": body, "body_format": "markdown"})
    html = response.json()["html"]
    assert "<h2>Storm</h2>" in html and "<em>harbour</em>" in html
    assert "<iframe" not in html and "YouTube" in html


def test_the_live_preview_is_for_staff_posting_with_the_form_token(newsroom):
    assert Client().post(RENDER, {"body": "x"}).status_code == 302  # to the login page
    assert newsroom.author.client.get(RENDER).status_code == 405
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(newsroom.author.user)
    assert guarded.post(RENDER, {"body": "x"}).status_code == 403


def test_a_body_too_long_for_the_live_preview_is_refused_with_the_reason(newsroom):
    client = newsroom.author.client
    at_limit = client.post(RENDER, {"body": "a" * LIVE_PREVIEW_LIMIT, "body_format": "html"})
    assert at_limit.status_code == 200 and at_limit.json()["html"].endswith("a")
    body = "b" * (LIVE_PREVIEW_LIMIT - 10) + "the end is here"
    response = client.post(RENDER, {"body": body, "body_format": "html"})
    assert response.status_code == 413
    answer = response.json()
    assert "html" not in answer  # not cut and rendered in part: refused
    assert f"{len(body):,} characters" in answer["error"]
    assert f"up to {LIVE_PREVIEW_LIMIT:,}" in answer["error"]


def test_the_live_preview_answers_a_few_times_a_second_per_person(newsroom):
    """More than the rate within the same seconds is refused (429, with a message and
    when to ask again); another person is counted apart."""
    asked = 4 * LIVE_PREVIEW_RATE
    started = time.time()
    answers = [
        newsroom.author.client.post(RENDER, {"body": f"draft {n}", "body_format": "html"})
        for n in range(asked)
    ]
    seconds = int(time.time()) - int(started) + 1  # the windows the requests fell in
    served = [a for a in answers if a.status_code == 200]
    refused = [a for a in answers if a.status_code == 429]
    assert len(served) + len(refused) == asked
    assert len(served) <= LIVE_PREVIEW_RATE * seconds
    assert refused, f"{asked} requests took {seconds} seconds"
    assert refused[0]["Retry-After"] == "1"
    assert f"at most {LIVE_PREVIEW_RATE} times a second" in refused[0].json()["error"]
    other = newsroom.contributor.client.post(RENDER, {"body": "x", "body_format": "html"})
    assert other.status_code == 200


def test_the_post_form_carries_the_live_preview_panel_and_its_script(newsroom):
    page = newsroom.author.client.get("/admin/content/post/add/")
    soup = BeautifulSoup(page.content, "html.parser")
    panel = soup.select_one("#live-preview")
    assert panel["data-endpoint"] == RENDER and panel.has_attr("hidden")
    scripts = [tag["src"] for tag in soup.select("script[src]")]
    assert any(src.endswith("newsdesk/admin/live-preview.js") for src in scripts)
    assert not soup.select("[style]") and not soup.select("script:not([src])")


def test_tags_typed_in_the_form_are_created_on_save(newsroom):
    ports = factories.tag("Ports")
    response = newsroom.author.client.post(
        "/admin/content/post/add/",
        post_form(tag_list=[str(ports.pk), "Night ferries", "ports", "بندر عباس"]),
    )
    assert response.status_code == 302, response.content[:3000]
    post = Post.objects.get()
    names = [link.tag.name for link in post.posttag_set.select_related("tag")]
    assert names == ["Ports", "Night ferries", "بندر عباس"]  # "ports" is the same tag
    assert Tag.objects.get(name="بندر عباس").slug == "بندر-عباس"
    created = AuditEntry.objects.filter(object_type="tag", action="create").exclude(
        object_id=str(ports.pk)
    )
    assert [entry.user for entry in created] == [newsroom.author.user] * 2


def test_the_tag_field_runs_select2_in_tags_mode(newsroom):
    page = newsroom.author.client.get("/admin/content/post/add/")
    field = BeautifulSoup(page.content, "html.parser").select_one("select#id_tag_list")
    assert field["data-tags"] == "true" and field["data-token-separators"] == '[","]'


def test_typed_tags_come_back_as_typed_when_the_form_has_an_error(newsroom):
    ports = factories.tag("Ports")
    response = newsroom.author.client.post(
        "/admin/content/post/add/",
        post_form(tag_list=[str(ports.pk), "Night ferries"], status="nonsense"),
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    chosen = [(o["value"], o.get_text()) for o in soup.select("#id_tag_list option[selected]")]
    assert chosen == [(str(ports.pk), "Ports"), ("Night ferries", "Night ferries")]
    assert not Tag.objects.filter(name="Night ferries").exists()


def test_someone_who_may_not_create_tags_is_told_so(newsroom):
    newsroom.author.user.groups.clear()
    newsroom.author.user.user_permissions.add(
        *newsroom.contributor.user.groups.get().permissions.exclude(codename="add_tag")
    )
    response = newsroom.author.client.post(
        "/admin/content/post/add/", post_form(tag_list=["Brand new"])
    )
    assert response.status_code == 200
    assert b"You may choose existing tags only; these are new: Brand new." in response.content
    assert not Post.objects.exists() and not Tag.objects.filter(name="Brand new").exists()


def test_the_slug_comes_from_the_title_persian_too_and_stays_unique(newsroom):
    client = newsroom.author.client
    for _ in range(2):
        response = client.post(
            "/admin/content/post/add/",
            post_form(title="بازگشایی بندر پس از طوفان", excerpt=""),
        )
        assert response.status_code == 302
    slugs = sorted(Post.objects.values_list("slug", flat=True))
    assert slugs == ["بازگشایی-بندر-پس-از-طوفان", "بازگشایی-بندر-پس-از-طوفان-2"]
    post = Post.objects.get(slug=slugs[0])
    assert post.excerpt == "" and post.summary == "The council met."


def test_publishing_with_an_unlabelled_image_is_a_form_error(newsroom):
    picture = factories.image_for_feeds("Crowd at the gate")
    picture.alt_text = ""
    actions.save_image(picture)
    form = post_form(
        status="published",
        published_at_0="2024-05-02",
        published_at_1="10:00:00",
        featured_image=str(picture.pk),
    )
    response = newsroom.author.client.post("/admin/content/post/add/", form)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    error = soup.select_one(".field-featured_image .errorlist").get_text()
    assert "has no alt text" in error and "Crowd at the gate" in error
    assert not Post.objects.exists()
    # As a draft it saves; with alt text it publishes.
    assert (
        newsroom.author.client.post(
            "/admin/content/post/add/", {**form, "status": "draft"}
        ).status_code
        == 302
    )
    picture.alt_text = "People wait at the port gate"
    actions.save_image(picture)
    post = Post.objects.get()
    response = newsroom.author.client.post(f"/admin/content/post/{post.pk}/change/", form)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_public

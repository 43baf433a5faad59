import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from newsdesk.content.models import AuditEntry, Comment, Post, PostAuthor, PostTag, Status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = User.objects.create_superuser("chief", "chief@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client


def _post_form(**overrides):
    data = {
        "title": "Council approves budget",
        "slug": "",
        "body_format": "html",
        "body": "<p>The council met.</p>",
        "excerpt": "",
        "status": Status.PUBLISHED,
        "published_at_0": "2024-05-02",
        "published_at_1": "10:00:00",
        "language": "en",
        "byline": "",
        "password": "",
        "series_part": "",
    }
    data.update(overrides)
    return data


def test_admin_creates_a_post_through_the_action_keeping_author_order(editor_client):
    second, first = factories.author("Zed Writer"), factories.author("Amy Writer")
    city, budget = factories.tag("City"), factories.tag("Budget")
    response = editor_client.post(
        reverse("admin:content_post_add"),
        _post_form(tag_list=[city.pk, budget.pk], author_list=[second.pk, first.pk]),
    )
    assert response.status_code == 302, response.content[:2000]
    post = Post.objects.get()
    assert post.slug == "council-approves-budget" and post.is_public
    assert list(
        PostAuthor.objects.filter(post=post).values_list("author__display_name", flat=True)
    ) == ["Zed Writer", "Amy Writer"]
    assert set(PostTag.objects.filter(post=post, live=True).values_list("tag_id", flat=True)) == {
        city.pk,
        budget.pk,
    }
    city.refresh_from_db()
    assert city.post_count == 1
    assert AuditEntry.objects.filter(action="create", object_id=str(post.pk)).exists()


def test_tag_autocomplete_answers_for_the_post_form(editor_client):
    factories.tag("Elections")
    factories.tag("Weather")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "elec", "app_label": "content", "model_name": "post", "field_name": "tags"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Elections"]


def test_staff_without_publish_permission_cannot_publish(client):
    writer = User.objects.create_user("writer", password="pw-for-tests-only", is_staff=True)
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_post", "change_post", "view_post"])
    )
    client.force_login(writer)
    response = client.post(reverse("admin:content_post_add"), _post_form())
    assert response.status_code == 403
    assert not Post.objects.exists()
    response = client.post(reverse("admin:content_post_add"), _post_form(status=Status.DRAFT))
    assert response.status_code == 302
    assert Post.objects.get().status == Status.DRAFT


def test_admin_pages_render(editor_client):
    factories.post("Listed")
    for name in [
        "content_post_changelist",
        "content_post_add",
        "content_tag_changelist",
        "content_image_add",
        "content_menu_add",
        "content_auditentry_changelist",
    ]:
        assert editor_client.get(reverse(f"admin:{name}")).status_code == 200, name


def test_a_comment_approved_in_the_admin_shows_under_its_post(editor_client):
    factories.site_settings(show_comments=True)
    post = factories.post("Harbour opens")
    waiting = Comment.objects.create(
        post=post, author_name="Ana", body="<p>Good news.</p>", created_at=timezone.now()
    )
    assert "Good news." not in editor_client.get("/harbour-opens/").content.decode()
    change = reverse("admin:content_comment_change", args=[waiting.pk])
    form = {
        "post": post.pk,
        "kind": "comment",
        "status": Comment.Moderation.APPROVED,
        "author_name": "Ana",
        "body": '<p onmouseover="x()">Good news.</p>',
        "created_at_0": "2024-05-02",
        "created_at_1": "10:00:00",
    }
    response = editor_client.post(change, form)
    assert response.status_code == 302, response.content[:2000]
    assert AuditEntry.objects.filter(object_type="comment", action="edit").exists()
    page = editor_client.get("/harbour-opens/").content.decode()
    assert "Good news." in page and "onmouseover" not in page

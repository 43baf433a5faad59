"""Passwords of protected posts and pages in the admin and the database: set, kept or
removed through the admin without ever showing what is stored; hashed by the actions
whatever code sets them; hashed by the migration where they were kept as text."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from newsdesk.content import protection, roles
from newsdesk.content.models import Post, Status
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "open sesame"  # noqa: S105 - a test post's password


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def chief(client):
    client.force_login(User.objects.create_superuser("chief", "chief@example.org", "pw-tests"))
    return client


def _form(post: Post, **overrides) -> dict:
    data = {
        "title": post.title,
        "slug": post.slug,
        "body_format": "html",
        "body": post.body,
        "excerpt": "",
        "status": post.status,
        "published_at_0": post.published_at.strftime("%Y-%m-%d"),
        "published_at_1": post.published_at.strftime("%H:%M:%S"),
        "language": "en",
        "byline": "",
        "series_part": "",
        "format": "standard",
        "comment_status": "closed",
        "password_0": "",
    }
    data.update(overrides)
    return data


def stored(item) -> str:
    return type(item).objects.values_list("password", flat=True).get(pk=item.pk)


def test_the_admin_form_never_shows_the_stored_password(chief):
    post = factories.post("Members only", password=SECRET)
    page = chief.get(reverse("admin:content_post_change", args=[post.pk])).content.decode()
    assert stored(post) not in page and SECRET not in page
    assert "This item has a password. Type a new one to change it." in page
    assert 'name="password_0"' in page and 'name="password_1"' in page  # new / remove

    open_post = factories.post("For everyone")
    page = chief.get(reverse("admin:content_post_change", args=[open_post.pk])).content.decode()
    assert "No password: anyone may read it." in page and 'name="password_1"' not in page


def test_left_empty_the_password_stays_as_it_is(chief):
    post = factories.post("Members only", password=SECRET)
    before = stored(post)
    answer = chief.post(
        reverse("admin:content_post_change", args=[post.pk]), _form(post, title="Renamed")
    )
    assert answer.status_code == 302
    post.refresh_from_db()
    assert post.title == "Renamed" and stored(post) == before


def test_a_new_password_is_stored_hashed_and_can_be_removed(chief):
    post = factories.post("Members only", password=SECRET)
    url = reverse("admin:content_post_change", args=[post.pk])
    assert chief.post(url, _form(post, password_0="new words")).status_code == 302
    assert "new words" not in stored(post) and check_password("new words", stored(post))

    both = chief.post(url, _form(post, password_0="x", password_1="on"))
    assert both.status_code == 200 and "not both" in both.content.decode()

    assert chief.post(url, _form(post, password_1="on")).status_code == 302
    assert stored(post) == ""


def test_a_page_password_is_set_through_the_admin_too(chief):
    page = factories.page("Staff room", body="<p>Rota.</p>")
    url = reverse("admin:content_page_change", args=[page.pk])
    form = {
        "title": "Staff room",
        "slug": "staff-room",
        "body_format": "html",
        "body": "<p>Rota.</p>",
        "status": Status.PUBLISHED,
        "language": "en",
        "position": 0,
        "comment_status": "closed",
        "password_0": "tea",
    }
    assert chief.post(url, form).status_code == 302
    assert check_password("tea", stored(page)) and "tea" not in stored(page)
    shown = chief.get(url).content.decode()
    assert stored(page) not in shown and "This item has a password." in shown


def test_a_read_only_view_says_whether_there_is_a_password_not_what_is_stored(client):
    writer = User.objects.create_user("cora", password="pw-tests")
    roles.assign_role(writer, roles.CONTRIBUTOR)
    post = factories.post("Cora's piece", password=SECRET, created_by=writer)
    client.force_login(writer)
    page = client.get(reverse("admin:content_post_change", args=[post.pk]))
    assert page.status_code == 200  # out, so hers to read, not to change
    text = page.content.decode()
    assert 'name="title"' not in text  # read-only indeed
    assert stored(post) not in text and SECRET not in text
    assert "Set: readers must enter it to see the body." in text


def test_the_same_password_again_keeps_the_stored_hash():
    post = factories.post("Members only", password=SECRET)
    post.refresh_from_db()
    before = post.password
    protection.protect(post, SECRET)  # a re-import of the same post, say
    assert post.password == before
    protection.protect(post, "other words")
    assert post.password != before and protection.matches(post, "other words")
    protection.protect(post, "")
    assert post.password == "" and not protection.matches(post, "")


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_passwords_kept_as_text():
    before, after = ("content", "0009_security_fields"), ("content", "0010_hash_post_passwords")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([before])
    try:
        old = executor.loader.project_state([before]).apps
        posts, pages = old.get_model("content", "Post"), old.get_model("content", "Page")
        posts.objects.create(title="Kept as text", slug="kept", password="enter")
        already = make_password("hashed before")
        posts.objects.create(title="Already hashed", slug="already", password=already)
        posts.objects.create(title="Open", slug="open", password="")
        pages.objects.create(
            title="Staff room", slug="staff-room", path="staff-room", password="tea"
        )

        executor = MigrationExecutor(connection)
        executor.migrate([after])
        new = executor.loader.project_state([after]).apps
        kept = dict(new.get_model("content", "Post").objects.values_list("slug", "password"))
        assert kept["kept"] != "enter" and check_password("enter", kept["kept"])
        assert kept["already"] == already and kept["open"] == ""
        page = new.get_model("content", "Page").objects.get(slug="staff-room")
        assert page.password != "tea" and check_password("tea", page.password)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)

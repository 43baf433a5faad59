"""Login names stay out of every page a Contributor reaches: the admin names staff by
their names (a username is half of a login)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User

from newsdesk.content import actions, roles
from newsdesk.content.models import Image, Post, Series, Tag
from tests.editorial.conftest import member, post_form
from tests.media import pictures

pytestmark = pytest.mark.django_db

LOGIN = "desk-login-7f3k"  # the editor's username: found nowhere below


@pytest.fixture
def desk(newsroom):
    """An editor who commissions a piece for the Contributor and edits it in the admin,
    uploads its picture and makes a tag and a series."""
    editor = member(LOGIN, roles.EDITOR, "Nadia Desk")
    cora = newsroom.contributor
    created = editor.client.post(
        "/admin/content/post/add/",
        post_form(title="Commissioned piece", author_list=[cora.byline.pk]),
    )
    assert created.status_code == 302
    post = Post.objects.get(title="Commissioned piece")
    changed = editor.client.post(
        f"/admin/content/post/{post.pk}/change/",
        post_form(title="Commissioned piece", body="<p>Edited.</p>", author_list=[cora.byline.pk]),
    )
    assert changed.status_code == 302
    tag = editor.client.post(
        "/admin/content/tag/add/", {"name": "Ports", "slug": "ports", "description": ""}
    )
    assert tag.status_code == 302
    image = pictures.saved_image(pictures.png((64, 48)), "desk.png", title="Desk picture")
    actions.save_image(image, user=editor.user)
    actions.save_term(Series(title="Harbour week"), user=editor.user)
    return editor, post


def reachable(newsroom, post: Post, editor) -> list[str]:
    """The admin's pages and lookups that show people, as the Contributor opens them."""
    image = Image.objects.get(title="Desk picture")
    tag = Tag.objects.get(name="Ports")
    profile = editor.byline.pk
    lookups = [
        ("post", "authors"),
        ("post", "featured_image"),
        ("post", "series"),
        ("post", "tags"),
        ("post", "categories"),
        ("post", "translation_of"),
        ("author", "avatar"),
    ]
    return [
        "/admin/",
        "/admin/content/post/",
        f"/admin/content/post/{post.pk}/change/",
        f"/admin/content/post/{post.pk}/history/",
        f"/admin/content/post/{post.pk}/revisions/",
        f"/admin/content/post/{post.pk}/revisions/compare/",
        f"/admin/content/post/{post.pk}/delete/",
        f"/preview/{post.pk}/",
        "/admin/content/author/",
        f"/admin/content/author/{profile}/change/",
        f"/admin/content/author/{profile}/history/",
        "/admin/content/image/",
        f"/admin/content/image/{image.pk}/change/",
        f"/admin/content/tag/{tag.pk}/change/",
        f"/admin/content/tag/{tag.pk}/history/",
        *(
            f"/admin/autocomplete/?app_label=content&model_name={model}&field_name={field}&term="
            for model, field in lookups
        ),
    ]


def test_no_page_a_contributor_reaches_shows_a_login_name(newsroom, desk):
    editor, post = desk
    cora = newsroom.contributor
    addresses = reachable(newsroom, post, editor)
    shown = {}
    for address in addresses:
        response = cora.client.get(address)
        assert response.status_code == 200, address
        shown[address] = response.content.decode()
        for login in (LOGIN, "eve", "amir", "olga", "ada"):
            # As a word of its own (a slug made from "Eve Editor" is "eve-editor").
            assert not re.search(rf"(?<![\w-]){login}(?![\w-])", shown[address]), (login, address)
    # Where the admin says who did something, it says it by name.
    for page in ("change", "history", "revisions", "revisions/compare"):
        assert "Nadia Desk" in shown[f"/admin/content/post/{post.pk}/{page}/"], page
    authors = BeautifulSoup(shown["/admin/content/author/"], "html.parser")
    assert "Nadia Desk" in authors.select_one("#result_list").get_text()


def test_an_account_without_a_name_is_never_called_by_its_login(newsroom):
    nameless = User.objects.create_user("quiet-login-2q9", password="pw-for-tests-only")
    roles.assign_role(nameless, roles.EDITOR)
    cora = newsroom.contributor
    post = Post(title="Cora's draft", body="<p>Text.</p>")
    actions.save_post(post, user=cora.user, authors=[cora.byline])
    actions.save_post(post, user=User.objects.get(pk=nameless.pk))
    profile = nameless.author_profile
    for address in (
        f"/admin/content/post/{post.pk}/revisions/",
        f"/admin/content/post/{post.pk}/revisions/compare/",
        "/admin/content/author/",
        f"/admin/content/author/{profile.pk}/change/",
        "/admin/autocomplete/?app_label=content&model_name=post&field_name=authors&term=",
    ):
        page = cora.client.get(address).content.decode()
        assert "quiet-login-2q9" not in page, address
    revisions = cora.client.get(f"/admin/content/post/{post.pk}/revisions/").content.decode()
    assert f"Staff member #{nameless.pk}" in revisions
    assert profile.display_name == roles.UNNAMED_BYLINE

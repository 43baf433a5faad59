"""Other people's names on a post (its authors, a shared byline) and its sticky place on
the home page are the editors' to set; a writer's own post carries their own name."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied

from newsdesk.content import actions
from newsdesk.content.models import Post, Status
from tests.editorial.conftest import post_form

pytestmark = pytest.mark.django_db

CREDITS = ("select#id_author_list", "input#id_byline", "input#id_sticky")


def form_fields(member, address: str) -> BeautifulSoup:
    page = member.client.get(address)
    assert page.status_code == 200
    return BeautifulSoup(page.content, "html.parser")


def bylines(post: Post) -> list[str]:
    links = post.postauthor_set.select_related("author").order_by("position")
    return [link.author.display_name for link in links]


def test_writers_see_the_credits_unchangeable_and_editors_set_them(newsroom):
    for writer in (newsroom.author, newsroom.contributor):
        soup = form_fields(writer, "/admin/content/post/add/")
        for selector in CREDITS:
            field = soup.select_one(selector)
            assert field is not None and field.has_attr("disabled"), (writer.user, selector)
        chosen = soup.select("select#id_author_list option[selected]")
        assert [option["value"] for option in chosen] == [str(writer.byline.pk)]
    soup = form_fields(newsroom.editor, "/admin/content/post/add/")
    assert not any(soup.select_one(selector).has_attr("disabled") for selector in CREDITS)

    cora = newsroom.contributor
    response = cora.client.post("/admin/content/post/add/", post_form(title="Cora's own"))
    assert response.status_code == 302, response.content[:3000]
    assert bylines(Post.objects.get(title="Cora's own")) == ["Cora Contributor"]
    response = newsroom.editor.client.post(
        "/admin/content/post/add/",
        post_form(
            title="Edited desk piece",
            author_list=[newsroom.other_author.byline.pk, newsroom.author.byline.pk],
            byline="Staff Writer",
            sticky="on",
            status="published",
        ),
    )
    assert response.status_code == 302, response.content[:3000]
    post = Post.objects.get(title="Edited desk piece")
    assert bylines(post) == ["Olga Other", "Amir Author"]
    assert (post.byline, post.sticky, post.status) == ("Staff Writer", True, Status.PUBLISHED)


@pytest.mark.parametrize(
    "forged",
    [
        {"author_list": "olga"},
        {"author_list": "amir+olga"},
        {"byline": "Staff Writer"},
        {"sticky": "on"},
    ],
)
def test_a_forged_credit_in_a_writers_form_is_refused(newsroom, forged):
    amir, olga = newsroom.author, newsroom.other_author
    people = {"amir": amir.byline.pk, "olga": olga.byline.pk}
    if "author_list" in forged:
        forged = {"author_list": [people[name] for name in forged["author_list"].split("+")]}
    response = amir.client.post("/admin/content/post/add/", post_form(**forged))
    assert response.status_code == 200  # the form again, with the refusal
    errors = BeautifulSoup(response.content, "html.parser").select(".errorlist")
    assert any("Only editors" in error.get_text() for error in errors)
    assert not Post.objects.exists()


def test_a_writer_editing_keeps_what_an_editor_credited(newsroom):
    amir, olga = newsroom.author, newsroom.other_author
    post = Post(title="Joint piece", body="<p>Text.</p>", byline="Staff Writer", sticky=True)
    actions.save_post(post, user=newsroom.editor.user, authors=[amir.byline, olga.byline])
    response = amir.client.post(
        f"/admin/content/post/{post.pk}/change/",
        post_form(title="Joint piece, revised", byline="Staff Writer", sticky="on"),
    )
    assert response.status_code == 302, response.content[:3000]
    post.refresh_from_db()
    assert post.title == "Joint piece, revised"
    assert (post.byline, post.sticky) == ("Staff Writer", True)
    assert bylines(post) == ["Amir Author", "Olga Other"]
    # Taking the editor's credits off is as much theirs to decide as putting them on.
    response = amir.client.post(
        f"/admin/content/post/{post.pk}/change/",
        post_form(title="Joint piece", author_list=[amir.byline.pk], byline=""),
    )
    assert response.status_code == 200
    post.refresh_from_db()
    assert bylines(post) == ["Amir Author", "Olga Other"] and post.byline == "Staff Writer"


def test_the_action_refuses_credits_from_writers_with_a_reason(newsroom):
    amir, olga = newsroom.author, newsroom.other_author
    post = Post(title="Mine", body="<p>Text.</p>")
    actions.save_post(post, user=amir.user, authors=[amir.byline])
    with pytest.raises(PermissionDenied, match="Only editors name other people"):
        actions.save_post(post, user=amir.user, authors=[amir.byline, olga.byline])
    with pytest.raises(PermissionDenied, match="Only editors name other people"):
        actions.save_post(Post(title="Hers"), user=amir.user, authors=[olga.byline])
    post.byline = "Staff Writer"
    with pytest.raises(PermissionDenied, match="shared byline"):
        actions.save_post(post, user=amir.user)
    post.byline, post.sticky = "", True
    with pytest.raises(PermissionDenied, match="sticky"):
        actions.save_post(post, user=amir.user)
    with pytest.raises(PermissionDenied, match="sticky"):
        actions.save_post(Post(title="Pinned", sticky=True), user=newsroom.contributor.user)
    post.refresh_from_db()
    assert (post.byline, post.sticky, bylines(post)) == ("", False, ["Amir Author"])
    # Their own name they may put on or take off; the editor, and the system, anyone's.
    actions.save_post(post, user=amir.user, authors=[])
    actions.save_post(post, user=amir.user, authors=[amir.byline])
    post.sticky = True
    actions.save_post(post, user=newsroom.editor.user, authors=[olga.byline, amir.byline])
    assert bylines(post) == ["Olga Other", "Amir Author"]

"""What each role sees and may do in the admin, including addresses typed by hand."""

import pytest
from bs4 import BeautifulSoup

from newsdesk.content import actions
from newsdesk.content.models import Image, Post, Status
from tests import factories
from tests.editorial.conftest import post_form

pytestmark = pytest.mark.django_db


def written_by(member, title: str, status=Status.DRAFT) -> Post:
    post = Post(title=title, body="<p>Text.</p>", status=status)
    actions.save_post(post, authors=[member.byline])  # as the system, on their behalf
    return post


@pytest.fixture
def desk(newsroom):
    """One post by each writer."""
    return {
        "amir": written_by(newsroom.author, "Amir's draft"),
        "olga": written_by(newsroom.other_author, "Olga's draft"),
        "cora": written_by(newsroom.contributor, "Cora's draft"),
        "cora-out": written_by(newsroom.contributor, "Cora's published piece", Status.PUBLISHED),
    }


def listed_titles(member) -> set[str]:
    page = member.client.get("/admin/content/post/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    return {
        cell.get_text(strip=True) for cell in soup.select("#result_list th.field-display_title")
    }


def test_writers_list_their_own_posts_editors_every_post(newsroom, desk):
    everything = {post.title for post in desk.values()}
    assert listed_titles(newsroom.editor) == everything
    assert listed_titles(newsroom.administrator) == everything
    assert listed_titles(newsroom.author) == {"Amir's draft"}
    assert listed_titles(newsroom.contributor) == {"Cora's draft", "Cora's published piece"}


@pytest.mark.parametrize(
    "address",
    [
        "/admin/content/post/{pk}/change/",
        "/admin/content/post/{pk}/delete/",
        "/admin/content/post/{pk}/history/",
        "/admin/content/post/{pk}/revisions/",
        "/admin/content/post/{pk}/revisions/compare/",
        "/admin/content/post/{pk}/share/",
        "/preview/{pk}/",
    ],
)
def test_anothers_post_by_its_address_answers_403(newsroom, desk, address):
    olga = desk["olga"]
    for intruder in (newsroom.author, newsroom.contributor):
        response = intruder.client.get(address.format(pk=olga.pk))
        assert response.status_code == 403, (intruder.user, address)
    own = address.format(pk=desk["amir"].pk)
    assert newsroom.author.client.get(own).status_code == 200
    assert newsroom.editor.client.get(address.format(pk=olga.pk)).status_code == 200


def test_posting_to_anothers_post_changes_nothing(newsroom, desk):
    olga = desk["olga"]
    response = newsroom.author.client.post(
        f"/admin/content/post/{olga.pk}/change/", post_form(title="Hijacked")
    )
    assert response.status_code == 403
    response = newsroom.author.client.post(
        f"/admin/content/post/{olga.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Post.objects.get(pk=olga.pk).title == "Olga's draft"


def test_bulk_actions_reach_only_ones_own_posts(newsroom, desk):
    response = newsroom.author.client.post(
        "/admin/content/post/",
        {
            "action": "trash_selected",
            "_selected_action": [desk["amir"].pk, desk["olga"].pk],
        },
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=desk["amir"].pk).status == Status.TRASH
    assert Post.objects.get(pk=desk["olga"].pk).status == Status.DRAFT


def test_a_contributor_is_offered_draft_and_review_only_and_a_forged_publish_is_refused(
    newsroom, desk
):
    cora = newsroom.contributor
    page = cora.client.get("/admin/content/post/add/")
    soup = BeautifulSoup(page.content, "html.parser")
    offered = [option["value"] for option in soup.select("select#id_status option")]
    assert offered == ["draft", "pending"]
    actions_offered = [o["value"] for o in soup.select("select[name=action] option")]
    assert actions_offered == []  # the add page has none; the list is checked below
    listing = BeautifulSoup(cora.client.get("/admin/content/post/").content, "html.parser")
    bulk = {option["value"] for option in listing.select("select[name=action] option")}
    assert "publish_selected" not in bulk and "submit_selected" in bulk

    response = cora.client.post("/admin/content/post/add/", post_form(status="published"))
    assert response.status_code == 403
    response = cora.client.post("/admin/content/post/add/", post_form(status="pending"))
    assert response.status_code == 302
    post = Post.objects.get(title="Council approves budget")
    assert post.status == Status.PENDING and post.created_by == cora.user


def test_a_contributors_published_piece_opens_read_only(newsroom, desk):
    out = desk["cora-out"]
    cora = newsroom.contributor
    page = cora.client.get(f"/admin/content/post/{out.pk}/change/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert not soup.select("input[name=_save]") and not soup.select("#id_title")
    response = cora.client.post(f"/admin/content/post/{out.pk}/change/", post_form())
    assert response.status_code == 403


def test_the_add_form_puts_the_writers_byline_first(newsroom):
    page = newsroom.author.client.get("/admin/content/post/add/")
    soup = BeautifulSoup(page.content, "html.parser")
    chosen = soup.select("select#id_author_list option[selected]")
    assert [option["value"] for option in chosen] == [str(newsroom.author.byline.pk)]


def test_who_may_upload_images(newsroom):
    assert newsroom.contributor.client.get("/admin/content/image/add/").status_code == 403
    assert newsroom.author.client.get("/admin/content/image/add/").status_code == 200
    assert newsroom.editor.client.get("/admin/content/image/add/").status_code == 200
    image = factories.image_for_feeds()
    # A contributor may still pick an existing picture for a post.
    response = newsroom.contributor.client.get(
        "/admin/autocomplete/",
        {
            "term": image.title[:4],
            "app_label": "content",
            "model_name": "post",
            "field_name": "featured_image",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(image.pk)]
    assert Image.objects.count() == 1


@pytest.mark.parametrize(
    "address",
    ["/admin/content/page/", "/admin/content/sitesettings/", "/admin/content/menu/"],
)
def test_writers_do_not_reach_pages_or_site_settings(newsroom, address):
    for person in (newsroom.author, newsroom.contributor):
        assert person.client.get(address).status_code == 403
    assert newsroom.administrator.client.get(address).status_code == 200


def test_editors_manage_terms_writers_only_look_them_up(newsroom):
    tag = factories.tag("Ports")
    change = f"/admin/content/tag/{tag.pk}/change/"
    response = newsroom.author.client.post(change, {"name": "Renamed", "slug": "ports"})
    assert response.status_code == 403
    response = newsroom.editor.client.post(
        change, {"name": "Harbours", "slug": "ports", "description": ""}
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.name == "Harbours"

"""Previews: staff see unpublished posts as readers will; outside reviewers get an
expiring link; nobody else gets in."""

import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsdesk.content import actions, previews
from newsdesk.content.models import AuditEntry, Post, Status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(newsroom):
    tag = factories.tag("Ports")
    post = Post(
        title="Harbour reopens",
        body="<p>Ferries resume.</p><!--nextpage--><p>Second part.</p>",
        password="only-for-readers",
    )
    actions.save_post(post, user=newsroom.author.user, tags=[tag], authors=[newsroom.author.byline])
    return post


def assert_private_preview(response) -> BeautifulSoup:
    assert response.status_code == 200
    assert response["Cache-Control"] in ("private, no-store", "no-store, private")
    assert "noindex" in response["X-Robots-Tag"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("h1").get_text(strip=True) == "Harbour reopens"
    return soup


def test_the_writer_and_editors_preview_a_draft_as_its_public_page(newsroom, draft):
    for person in (newsroom.author, newsroom.editor, newsroom.administrator):
        soup = assert_private_preview(person.client.get(f"/preview/{draft.pk}/"))
        text = soup.get_text()
        # The whole body, unlocked: the reviewer is there to read it.
        assert "Ferries resume." in text and "Second part." in text
        assert "Ports" in text and "Amir Author" in text
    assert Client().get(draft.get_absolute_url()).status_code == 404  # still not public


def test_previews_are_closed_to_everyone_else(newsroom, draft):
    anonymous = Client().get(f"/preview/{draft.pk}/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("admin:login"))
    for intruder in (newsroom.other_author, newsroom.contributor):
        assert intruder.client.get(f"/preview/{draft.pk}/").status_code == 403
    subscriber = Client()
    subscriber.force_login(User.objects.create_user("subscriber"))  # logged in, not staff
    assert subscriber.get(f"/preview/{draft.pk}/").status_code == 302
    assert newsroom.editor.client.get("/preview/999999/").status_code == 404


def test_a_contributor_previews_her_own_draft(newsroom):
    post = Post(title="Pending piece", body="<p>Text.</p>", status=Status.PENDING)
    actions.save_post(post, user=newsroom.contributor.user)
    response = newsroom.contributor.client.get(f"/preview/{post.pk}/")
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True) == "Pending piece"


def shared_link(member, post) -> str:
    page = member.client.get(f"/admin/content/post/{post.pk}/share/?days=3")
    assert page.status_code == 200
    link = BeautifulSoup(page.content, "html.parser").select_one("#share-link")["value"]
    assert link.startswith(settings.BASE_URL + "/preview/s/")
    return urlsplit(link).path


def test_a_shared_link_shows_the_post_to_anyone_without_logging_in(newsroom, draft):
    path = shared_link(newsroom.author, draft)
    assert path.startswith("/preview/s/")
    response = Client().get(path)
    assert_private_preview(response)
    assert response["Referrer-Policy"] == "no-referrer"
    # Edits show at once: the link follows the post, not a copy.
    draft.title = "Harbour reopens"
    draft.body = "<p>Ferries resume on Friday.</p>"
    actions.save_post(draft, user=newsroom.author.user)
    assert b"on Friday" in Client().get(path).content


def test_revoking_stops_every_link_given_so_far(newsroom, draft):
    path = shared_link(newsroom.author, draft)
    response = newsroom.author.client.post(f"/admin/content/post/{draft.pk}/share/")
    assert response.status_code == 302
    assert Client().get(path).status_code == 404
    fresh = shared_link(newsroom.author, draft)
    assert Client().get(fresh).status_code == 200


def test_a_tampered_token_is_not_found(newsroom, draft):
    other = Post(title="Olga's secret", body="<p>Not for you.</p>")
    actions.save_post(other, user=newsroom.other_author.user)
    token = previews.share_token(draft, 3)
    value, timestamp, signature = token.rsplit(":", 2)
    forged = value.replace(f"{draft.pk}.", f"{other.pk}.", 1)
    for bad in (
        f"{forged}:{timestamp}:{signature}",
        f"{value}:{timestamp}:{signature[:-2]}xx",
        "nonsense",
    ):
        assert Client().get(f"/preview/s/{bad}/").status_code == 404


class BackdatedSigner(signing.TimestampSigner):
    """Signs as if it were ``days_ago`` days ago (no waiting in tests)."""

    days_ago = 4

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - self.days_ago * 86400)


def test_an_expired_link_is_not_found(newsroom, draft):
    value = f"{draft.pk}.3.{draft.preview_key}"
    expired = BackdatedSigner(salt=previews.SALT).sign(value)
    assert Client().get(f"/preview/s/{expired}/").status_code == 404
    BackdatedSigner.days_ago = 2
    try:
        still_good = BackdatedSigner(salt=previews.SALT).sign(value)
    finally:
        BackdatedSigner.days_ago = 4
    assert Client().get(f"/preview/s/{still_good}/").status_code == 200


def test_a_trashed_post_is_not_shown_by_its_link(newsroom, draft):
    path = shared_link(newsroom.author, draft)
    actions.trash_post(draft, user=newsroom.author.user)
    assert Client().get(path).status_code == 404


def test_only_those_who_may_change_the_post_share_it(newsroom, draft):
    for intruder in (newsroom.other_author, newsroom.contributor):
        assert intruder.client.get(f"/admin/content/post/{draft.pk}/share/").status_code == 403
        assert intruder.client.post(f"/admin/content/post/{draft.pk}/share/").status_code == 403


def test_the_admin_links_a_draft_to_its_preview(newsroom, draft):
    page = newsroom.author.client.get(f"/admin/content/post/{draft.pk}/change/")
    soup = BeautifulSoup(page.content, "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".object-tools a")}
    assert links["Preview"] == f"/preview/{draft.pk}/"
    assert links["Revisions"] == f"/admin/content/post/{draft.pk}/revisions/"
    assert links["Share preview"] == f"/admin/content/post/{draft.pk}/share/"
    assert draft.status == Status.DRAFT


def test_contributors_do_not_share_previews_their_editors_do(newsroom):
    cora = newsroom.contributor
    piece = Post(title="Cora's pitch", body="<p>Text.</p>", status=Status.PENDING)
    actions.save_post(piece, user=cora.user, authors=[cora.byline])
    share = f"/admin/content/post/{piece.pk}/share/"
    assert cora.client.get(share).status_code == 403
    page = BeautifulSoup(
        cora.client.get(f"/admin/content/post/{piece.pk}/change/").content, "html.parser"
    )
    tools = [a.get_text(strip=True) for a in page.select(".object-tools a")]
    assert "Preview" in tools and "Share preview" not in tools
    with pytest.raises(PermissionDenied, match="ask an editor"):
        actions.share_preview(piece, user=cora.user)
    # The editor reviewing it may hand it to an outside reader; the author her own.
    assert Client().get(shared_link(newsroom.editor, piece)).status_code == 200
    assert AuditEntry.objects.filter(
        action="share preview", object_id=str(piece.pk), user=newsroom.editor.user
    ).exists()


@pytest.mark.parametrize(
    "take_down",
    [
        lambda post, user: actions.unpublish_post(post, user=user),
        lambda post, user: actions.trash_post(post, user=user),
        lambda post, user: actions.save_post(_with(post, status=Status.PRIVATE), user=user),
        lambda post, user: actions.publish_post(post, user=user, when=_tomorrow()),
    ],
    ids=["back to draft", "trash", "private", "moved to the future"],
)
def test_a_shared_link_dies_when_its_post_is_taken_down(newsroom, draft, take_down):
    path = shared_link(newsroom.author, draft)
    actions.publish_post(draft, user=newsroom.author.user)
    assert Client().get(path).status_code == 200  # the link outlives publication
    take_down(draft, newsroom.author.user)
    assert Client().get(path).status_code == 404
    # Out again: a link given out before the takedown stays dead.
    if draft.status != Status.TRASH:
        actions.publish_post(draft, user=newsroom.author.user, when=timezone.now())
        assert Client().get(path).status_code == 404


def _with(post: Post, **fields) -> Post:
    for name, value in fields.items():
        setattr(post, name, value)
    return post


def _tomorrow():
    return timezone.now() + timedelta(days=1)

"""The admin's "View on site" shortcut (``/admin/r/<content type>/<id>/``) says nothing
about what the user may not see: such an object answers as one that does not exist."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from newsdesk.content import actions
from newsdesk.content.models import Comment, Page, Post, PostTag, Revision, Status
from tests import factories

pytestmark = pytest.mark.django_db


def shortcut(model, pk) -> str:
    return f"/admin/r/{ContentType.objects.get_for_model(model).pk}/{pk}/"


def written_by(member, title: str, status=Status.DRAFT) -> Post:
    post = Post(title=title, body="<p>Text.</p>", status=status)
    actions.save_post(post, authors=[member.byline])
    return post


def test_what_the_user_may_not_see_answers_as_what_does_not_exist(newsroom):
    olga, cora = newsroom.other_author, newsroom.contributor
    secret = written_by(olga, "Minister resigns tonight")
    out = written_by(olga, "Olga's published piece", Status.PUBLISHED)
    own_draft = written_by(cora, "Cora's draft")
    draft_page = factories.page("Coming soon", status=Status.DRAFT)
    comment = Comment(post=out, author_name="Reader", body="Hello", created_at=timezone.now())
    actions.save_comment(comment)
    nowhere = cora.client.get(shortcut(Post, 999999))
    assert nowhere.status_code == 404
    hidden = [
        shortcut(Post, secret.pk),  # another's draft
        shortcut(Post, out.pk),  # another's post, not hers to open in the admin
        shortcut(Post, own_draft.pk),  # not on the site yet
        shortcut(Page, draft_page.pk),  # pages are not hers to open
        shortcut(Comment, comment.pk),
        shortcut(Revision, secret.revisions.first().pk),  # no admin of its own
        shortcut(PostTag, 1),
        f"/admin/r/999999/{secret.pk}/",
    ]
    for address in hidden:
        response = cora.client.get(address)
        assert response.status_code == 404, address
        assert "Location" not in response
        assert response.content == nowhere.content, address
        assert b"minister-resigns" not in response.content


def test_it_leads_to_what_the_user_may_open_and_readers_see(newsroom):
    olga, cora = newsroom.other_author, newsroom.contributor
    own = written_by(cora, "Cora's published piece", Status.PUBLISHED)
    theirs = written_by(olga, "Olga's published piece", Status.PUBLISHED)
    secret = written_by(olga, "Olga's draft")
    response = cora.client.get(shortcut(Post, own.pk))
    assert response.status_code == 302 and response["Location"] == own.get_absolute_url()
    assert newsroom.editor.client.get(shortcut(Post, theirs.pk))["Location"] == (
        theirs.get_absolute_url()
    )
    assert newsroom.editor.client.get(shortcut(Post, secret.pk)).status_code == 404
    byline = cora.client.get(shortcut(type(olga.byline), olga.byline.pk))
    assert byline.status_code == 302 and byline["Location"] == olga.byline.get_absolute_url()

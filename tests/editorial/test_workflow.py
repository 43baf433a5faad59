"""draft → pending review → scheduled/published; unpublish; trash and restore; who may
do which, in the actions themselves; the audit log; alt text before publishing."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from newsdesk.content import actions
from newsdesk.content.models import AuditEntry, Image, Post, Status
from tests import factories

pytestmark = pytest.mark.django_db


def draft_by(member, title="Harbour reopens", **fields) -> Post:
    post = Post(title=title, body="<p>Boats are back.</p>", **fields)
    actions.save_post(post, user=member.user, authors=[member.byline])
    return post


def audit_trail(post: Post, post_id: int | None = None) -> list[tuple[str, str]]:
    post_id = post_id or post.pk
    entries = AuditEntry.objects.filter(object_type="post", object_id=str(post_id)).order_by("id")
    return [(entry.user.username if entry.user else "system", entry.action) for entry in entries]


def test_a_contributor_writes_submits_and_an_editor_schedules_then_it_goes_live(newsroom):
    cora, eve = newsroom.contributor, newsroom.editor
    post = draft_by(cora)
    assert post.created_by == cora.user and post.status == Status.DRAFT

    with pytest.raises(PermissionDenied):
        actions.publish_post(post, user=cora.user)
    post.refresh_from_db()
    assert post.status == Status.DRAFT

    actions.submit_post(post, user=cora.user)
    assert Post.objects.get(pk=post.pk).status == Status.PENDING

    when = timezone.now() + timedelta(hours=1)
    stale = actions.publish_post(post, user=eve.user, when=when)
    assert post.status == Status.SCHEDULED and not stale.paths & {"/"}

    stale = actions.publish_due(now=when)
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED and post.get_absolute_url() in stale.paths

    # Out now: the contributor may no longer change it; its author may not unpublish it.
    with pytest.raises(PermissionDenied):
        actions.save_post(post, user=cora.user)
    assert audit_trail(post) == [
        ("cora", "create"),
        ("cora", "submit"),
        ("eve", "schedule"),
        ("system", "publish"),
    ]


def test_an_author_publishes_unpublishes_trashes_and_restores_their_own(newsroom):
    amir = newsroom.author
    post = draft_by(amir)
    stale = actions.publish_post(post, user=amir.user)
    assert post.is_public and post.get_absolute_url() in stale.paths
    stale = actions.unpublish_post(post, user=amir.user)
    assert post.status == Status.DRAFT and "/" in stale.paths
    actions.trash_post(post, user=amir.user)
    assert Post.objects.get(pk=post.pk).status == Status.TRASH
    stale = actions.restore_post(post, user=amir.user)
    assert post.status == Status.DRAFT and isinstance(stale, type(stale))
    assert [action for _who, action in audit_trail(post)] == [
        "create",
        "publish",
        "unpublish",
        "trash",
        "restore",
    ]


def test_restore_brings_a_once_published_post_back_as_a_draft(newsroom):
    post = factories.post("Was out")
    stale = actions.trash_post(post, user=newsroom.editor.user)
    assert post.get_absolute_url() in stale.paths  # it left the public site
    actions.restore_post(post, user=newsroom.editor.user)
    post.refresh_from_db()
    assert post.status == Status.DRAFT and not post.is_public
    with pytest.raises(ValidationError):
        actions.restore_post(post, user=newsroom.editor.user)  # not in the trash


@pytest.mark.parametrize(
    "change",
    [
        lambda post, user: actions.save_post(post, user=user),
        lambda post, user: actions.publish_post(post, user=user),
        lambda post, user: actions.trash_post(post, user=user),
        lambda post, user: actions.delete_post(post, user=user),
        lambda post, user: actions.revoke_previews(post, user=user),
    ],
    ids=["edit", "publish", "trash", "delete", "revoke-previews"],
)
def test_nobody_but_editors_touches_another_writers_post(newsroom, change):
    post = draft_by(newsroom.other_author, title="Olga's scoop")
    for intruder in (newsroom.author, newsroom.contributor):
        post.title = "Taken over"
        with pytest.raises(PermissionDenied):
            change(post, intruder.user)
        stored = Post.objects.filter(pk=post.pk).first()
        assert stored is not None and stored.title == "Olga's scoop"
        assert stored.status == Status.DRAFT
    post.refresh_from_db()
    change(post, newsroom.editor.user)  # an editor may


def test_adding_oneself_as_author_does_not_make_anothers_post_ones_own(newsroom):
    post = draft_by(newsroom.other_author, title="Olga's scoop")
    post.title = "Mine now"
    with pytest.raises(PermissionDenied):
        actions.save_post(post, user=newsroom.author.user, authors=[newsroom.author.byline])
    assert Post.objects.get(pk=post.pk).title == "Olga's scoop"


def test_a_post_is_also_its_authors_own_and_its_creators(newsroom):
    # An editor writes it under Amir's byline: Amir may edit it.
    post = Post(title="Filed for Amir", body="<p>Text.</p>")
    actions.save_post(post, user=newsroom.editor.user, authors=[newsroom.author.byline])
    post.title = "Amir's fix"
    actions.save_post(post, user=newsroom.author.user)
    # The contributor created one and left the byline empty: still theirs.
    own = Post(title="No byline")
    actions.save_post(own, user=newsroom.contributor.user)
    own.title = "Still mine"
    actions.save_post(own, user=newsroom.contributor.user)


def test_a_contributor_cannot_make_a_post_private_or_upload(newsroom):
    post = draft_by(newsroom.contributor)
    post.status = Status.PRIVATE
    with pytest.raises(PermissionDenied):
        actions.save_post(post, user=newsroom.contributor.user)
    with pytest.raises(PermissionDenied):
        actions.save_image(Image(title="Mine"), user=newsroom.contributor.user)


# --- alt text before publishing ---------------------------------------------------------


def unlabelled_image() -> Image:
    image = factories.image_for_feeds("Crowd at the port")
    image.alt_text = ""
    actions.save_image(image)
    return image


def test_publishing_a_post_whose_image_has_no_alt_text_is_refused(newsroom):
    image = unlabelled_image()
    post = draft_by(newsroom.author, featured_image=image)  # a draft may have it
    for going_out in (
        lambda: actions.publish_post(post, user=newsroom.author.user),
        lambda: actions.publish_post(
            post, user=newsroom.author.user, when=timezone.now() + timedelta(days=1)
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            going_out()
        assert "alt text" in refused.value.message_dict["featured_image"][0]
        assert Post.objects.get(pk=post.pk).status == Status.DRAFT
    image.alt_text = "Families wait at the port gate"
    actions.save_image(image)
    post.refresh_from_db()
    actions.publish_post(post, user=newsroom.author.user)
    assert post.is_public


def test_a_published_post_may_not_take_an_unlabelled_picture_but_keeps_taking_edits(newsroom):
    labelled = factories.image_for_feeds("Port")
    post = factories.post("Out already", featured_image=labelled)
    # An old image losing its alt text does not freeze the post's other edits…
    labelled.alt_text = ""
    actions.save_image(labelled)
    post.title = "Out already, corrected"
    actions.save_post(post, user=newsroom.editor.user)
    # …but swapping in a picture without alt text is publishing that picture.
    post.featured_image = unlabelled_image()
    with pytest.raises(ValidationError):
        actions.save_post(post, user=newsroom.editor.user)


# --- the audit log ----------------------------------------------------------------------


def test_the_audit_log_says_who_did_what_and_only_administrators_read_it(newsroom):
    post = draft_by(newsroom.author)
    actions.publish_post(post, user=newsroom.author.user)
    post_id = post.pk
    actions.delete_post(post, user=newsroom.editor.user)
    assert audit_trail(post, post_id) == [
        ("amir", "create"),
        ("amir", "publish"),
        ("eve", "delete"),
    ]

    page = newsroom.administrator.client.get("/admin/content/auditentry/")
    assert page.status_code == 200
    assert b"amir" in page.content and b"delete" in page.content
    for person in (newsroom.editor, newsroom.author, newsroom.contributor):
        assert person.client.get("/admin/content/auditentry/").status_code == 403
    index = newsroom.editor.client.get("/admin/")
    assert b"/admin/content/auditentry/" not in index.content
    assert b"/admin/content/auditentry/" in newsroom.administrator.client.get("/admin/").content


def test_trashing_by_status_needs_the_delete_permission(newsroom):
    writer = User.objects.create_user("no-delete", is_staff=True)
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_post", "change_post", "view_post"])
    )
    post = Post(title="Keep me")
    actions.save_post(post, user=writer)
    post.status = Status.TRASH
    with pytest.raises(PermissionDenied):
        actions.save_post(post, user=writer)
    assert Post.objects.get(pk=post.pk).status == Status.DRAFT

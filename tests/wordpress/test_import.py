"""Importing small hand-made exports: bad input, nothing lost, re-imports, media."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image as Picture

from newsdesk.content.models import Author, Comment, Image, Page, Post, Redirect, Status
from newsdesk.wordpress.importer import import_wxr
from newsdesk.wordpress.models import ImportRun, LegacyItem
from newsdesk.wordpress.wxr import WxrError
from tests import factories
from tests.wordpress.conftest import THEME_UNIT_TEST, row_counts
from tests.wordpress.wxr_file import HEAD, TAIL, attachment, export, item, thumbnail

pytestmark = pytest.mark.django_db


def url(slug: str) -> str:
    return Post.objects.get(slug=slug).get_absolute_url()


# --- bad input leaves the site as it was ---------------------------------------------------


@pytest.fixture
def existing_site():
    """Some content already there, so "unchanged" means something."""
    news = factories.tag("News")
    factories.post("Already here", tags=[news])
    return row_counts()


def test_truncated_file_fails_with_place_and_leaves_everything(tmp_path, existing_site):
    data = THEME_UNIT_TEST.read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: int(len(data) * 0.8)])  # after authors, terms, pages, attachments
    with pytest.raises(WxrError, match=r"^.*cut\.xml:\d+:\d+: the file ends early"):
        import_wxr(cut)
    assert row_counts() == existing_site


def test_truncated_file_removes_the_files_it_copied(tmp_path, existing_site):
    media = tmp_path / "uploads"
    (media / "2021" / "03").mkdir(parents=True)
    Picture.new("RGB", (40, 30), "red").save(media / "2021" / "03" / "a.jpg")
    text = HEAD + attachment(9, 0, "2021/03/a.jpg") + item(1)
    broken = tmp_path / "broken.xml"
    broken.write_text(text[:-40], encoding="utf-8")  # the last item is cut off
    with pytest.raises(WxrError):
        import_wxr(broken, media_dir=media)
    assert row_counts() == existing_site
    assert not default_storage.exists("wordpress/2021/03/a.jpg")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
    ],
    ids=["entity-bomb", "external-entity"],
)
def test_entities_are_refused_and_nothing_is_written(tmp_path, existing_site, doctype):
    path = tmp_path / "hostile.xml"
    text = HEAD.replace("<rss", doctype + "\n<rss", 1) + item(1, "&b; &secret;") + TAIL
    path.write_text(text.replace("<![CDATA[&b; &secret;]]>", "&b; &secret;"), encoding="utf-8")
    with pytest.raises(WxrError, match="declares XML entities"):
        import_wxr(path)
    assert row_counts() == existing_site


def test_wrong_encoding_is_named_and_nothing_is_written(tmp_path, existing_site):
    path = tmp_path / "latin1.xml"
    path.write_bytes((HEAD + item(1, "Caf\u00e9 cr\u00e8me") + TAIL).encode("latin-1"))
    with pytest.raises(WxrError, match=r"latin1\.xml:\d+:\d+: wrong text encoding"):
        import_wxr(path)
    assert row_counts() == existing_site


def test_the_command_says_the_site_is_unchanged(tmp_path):
    path = tmp_path / "cut.xml"
    path.write_text(HEAD + item(1)[:100], encoding="utf-8")
    with pytest.raises(
        CommandError, match=r"(?s)cut\.xml:\d+:\d+: .*the site is as it was before this file"
    ) as caught:
        call_command("import_wxr", str(path), stdout=io.StringIO())
    assert "Nothing from cut.xml was imported" in str(caught.value)


# --- references the file cannot satisfy -----------------------------------------------------


def test_missing_author_gets_a_warning_and_a_profile(tmp_path):
    report = import_wxr(export(tmp_path, item(1, creator="ghost"), item(2, creator="")))
    assert "“ghost” is named by posts but not declared" in report.warnings["missing author"][0]
    ghost = Post.objects.get(slug="story-1").authors.get()
    assert ghost.display_name == "ghost" and not ghost.user.has_usable_password()
    assert not Post.objects.get(slug="story-2").authors.exists()
    assert report.warning_counts["no author"] == 1


def test_missing_attachment_gets_a_warning_and_no_image(tmp_path):
    body = '[gallery ids="77,9"]'
    path = export(
        tmp_path,
        item(1, extra=thumbnail(42), body=body),
        attachment(9, 1, "2021/03/a.jpg"),
    )
    report = import_wxr(path)
    post = Post.objects.get(slug="story-1")
    assert post.featured_image is None
    warnings = " ".join(report.warnings["missing attachment"])
    assert "attachment #42, which is not in the file" in warnings
    assert "attachment #77, which is not in the file" in warnings
    assert post.body.count("<img") == 1  # the gallery shows the one image that exists


def test_featured_image_listed_after_its_post_is_attached(tmp_path):
    import_wxr(export(tmp_path, item(1, extra=thumbnail(9)), attachment(9, 1, "2021/03/a.jpg")))
    image = Post.objects.get(slug="story-1").featured_image
    assert (image.alt_text, image.caption) == ("Alt text", "Caption 9")
    assert Redirect.objects.get(old_path="/photo-9/").new_path == url("story-1")
    assert Redirect.objects.get(old_path="/?attachment_id=9").new_path == url("story-1")


# --- re-imports -----------------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = export(
        tmp_path,
        item(1, extra="<wp:comment><wp:comment_id>3</wp:comment_id>"
             "<wp:comment_content>Hi</wp:comment_content></wp:comment>"),
        item(2, "Page", post_type="page", slug="about"),
        attachment(9, 1, "2021/03/a.jpg"),
    )  # fmt: skip
    import_wxr(path)
    before = row_counts()
    report = import_wxr(path)
    after = row_counts()
    assert (
        after.pop("newsdesk_wordpress.ImportRun") == before.pop("newsdesk_wordpress.ImportRun") + 1
    )
    assert after.pop("content.AuditEntry") == before.pop("content.AuditEntry") + 1
    assert after == before
    assert {kind: dict(counts) for kind, counts in report.counts.items()} == {
        "authors": {"unchanged": 1},
        "tags": {"unchanged": 1},
        "categories": {"unchanged": 1},
        "posts": {"unchanged": 1},
        "pages": {"unchanged": 1},
        "attachments": {"unchanged": 1},
        "comments": {"unchanged": 1},
    }


def test_reimport_updates_changed_items_in_place(tmp_path):
    import_wxr(export(tmp_path, item(1, "First title", body="Old body")))
    post = Post.objects.get()
    report = import_wxr(
        export(tmp_path, item(1, "Second title", slug="second", body="New body"), name="v2.xml")
    )
    assert report.counts["posts"]["updated"] == 1
    updated = Post.objects.get()
    assert updated.pk == post.pk
    assert (updated.title, updated.slug) == ("Second title", "second")
    assert "New body" in updated.body_html
    # Its first address in newsdesk and the old WordPress one both lead to the new one.
    first_address = Post(slug="story-1", language="en").get_absolute_url()
    assert Redirect.objects.get(old_path=first_address).new_path == url("second")
    assert Redirect.objects.get(old_path="/?p=1").new_path == url("second")


def test_an_item_exported_under_a_new_id_is_found_by_its_guid(tmp_path):
    import_wxr(export(tmp_path, item(1, guid="http://old.example/?p=1")))
    import_wxr(export(tmp_path, item(500, guid="http://old.example/?p=1"), name="moved.xml"))
    assert Post.objects.count() == 1
    assert LegacyItem.objects.get(kind="post").wp_id == 500


def test_dry_run_reports_and_writes_nothing(tmp_path, existing_site):
    report = import_wxr(export(tmp_path, item(1), item(2)), dry_run=True)
    assert report.dry_run and report.counts["posts"]["created"] == 2
    assert row_counts() == existing_site
    assert not ImportRun.objects.exists()


# --- what a newsroom expects of imported items -------------------------------------------


def test_slugs_never_collide_with_the_sites_own_posts(tmp_path):
    factories.post("Existing", slug="story-1")
    import_wxr(export(tmp_path, item(1)))
    imported = Post.objects.exclude(title="Existing").get()
    assert imported.slug == "story-1-2"
    assert Redirect.objects.get(old_path="/2021/03/04/story-1/").new_path == url("story-1-2")


def test_language_statuses_and_private_posts(tmp_path):
    report = import_wxr(
        export(
            tmp_path,
            item(1, status="private"),
            item(2, status="pending"),
            item(3, status="trash"),
            item(4, status="future", date="2099-01-01 00:00:00"),
            language="fa-IR",
        )
    )
    statuses = dict(Post.objects.values_list("slug", "status"))
    assert statuses == {
        "story-1": Status.PRIVATE,
        "story-2": Status.PENDING,
        "story-4": Status.SCHEDULED,
    }
    assert report.counts["posts"]["skipped"] == 1
    assert set(Post.objects.values_list("language", flat=True)) == {"fa"}
    assert not Redirect.objects.filter(new_path=url("story-1")).exists()
    # The scheduled post's old links are kept for when it goes live.
    waiting = Redirect.objects.filter(new_path=url("story-4"))
    assert waiting.exists() and {r.post.slug for r in waiting} == {"story-4"}


def test_persian_slugs_are_decoded_and_digits_made_ascii(tmp_path):
    encoded = "%d8%ae%d8%a8%d8%b1-%db%b1%db%b4%db%b0%db%b3"  # خبر-۱۴۰۳
    import_wxr(export(tmp_path, item(1, "خبر", slug=encoded)))
    post = Post.objects.get()
    assert post.slug == "خبر-1403"
    old = "/2021/03/04/%D8%AE%D8%A8%D8%B1-%DB%B1%DB%B4%DB%B0%DB%B3/"
    assert Redirect.objects.get(old_path=old).new_path == post.get_absolute_url()


def test_comments_are_stored_sanitised(tmp_path):
    comment = (
        "<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author>Reader</wp:comment_author>"
        "<wp:comment_content><![CDATA[Nice <script>alert(1)</script>\n\nSecond]]>"
        "</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
        "<wp:comment_date_gmt>2021-03-05 08:00:00</wp:comment_date_gmt></wp:comment>"
        "<wp:comment><wp:comment_id>4</wp:comment_id><wp:comment_parent>3</wp:comment_parent>"
        "<wp:comment_content>Reply</wp:comment_content><wp:comment_approved>0"
        "</wp:comment_approved></wp:comment>"
    )
    import_wxr(export(tmp_path, item(1, extra=comment)))
    first, reply = Comment.objects.order_by("pk")
    assert first.body == "<p>Nice </p>\n<p>Second</p>"
    assert reply.parent == first and reply.status == Comment.Moderation.PENDING
    assert first.post.slug == "story-1" and first.author_name == "Reader"


# --- media -----------------------------------------------------------------------------------


def test_media_dir_files_are_copied_and_bodies_point_at_them(tmp_path, settings):
    media = tmp_path / "uploads"
    (media / "2021" / "03").mkdir(parents=True)
    Picture.new("RGB", (64, 48), "blue").save(media / "2021" / "03" / "a.jpg")
    body = '<img src="http://old.example/wp-content/uploads/2021/03/a.jpg" alt="x">'
    report = import_wxr(
        export(
            tmp_path,
            item(1, body=body, extra=thumbnail(9)),
            attachment(9, 1, "2021/03/a.jpg"),
            attachment(10, 1, "2021/03/missing.jpg"),
            attachment(11, 1, "../../../../etc/passwd"),
        ),
        media_dir=media,
    )
    image = Image.objects.get(title="Photo 9")
    assert image.file.name == "wordpress/2021/03/a.jpg"
    assert (image.width, image.height) == (64, 48)
    assert default_storage.exists("wordpress/2021/03/a.jpg")
    assert 'src="/media/wordpress/2021/03/a.jpg"' in Post.objects.get().body_html
    missing = " ".join(report.warnings["file not found"])
    assert "2021/03/missing.jpg" in missing and not Image.objects.get(title="Photo 11").file
    # Copied once (for the body, which comes first), found there for the attachment.
    assert report.counts["files"] == {"created": 1, "unchanged": 1, "skipped": 2}
    assert (
        Redirect.objects.get(old_path="/wp-content/uploads/2021/03/a.jpg").new_path
        == "/media/wordpress/2021/03/a.jpg"
    )


# --- pages and the command ---------------------------------------------------------------------


def test_a_page_listed_before_its_parent_ends_under_it(tmp_path):
    child = item(3, "Child", post_type="page", slug="child").replace(
        "<wp:post_parent>0</wp:post_parent>", "<wp:post_parent>2</wp:post_parent>"
    )
    import_wxr(export(tmp_path, child, item(2, "Parent", post_type="page", slug="parent")))
    assert Page.objects.get(slug="child").path == "parent/child"
    assert not Redirect.objects.filter(old_path="/child/").exists()


def test_the_command_prints_the_report(tmp_path):
    out = io.StringIO()
    call_command("import_wxr", str(export(tmp_path, item(1))), stdout=out)
    text = out.getvalue()
    assert "Imported:" in text and "posts" in text and "created" in text
    assert Author.objects.get().display_name == "Sara Writer"


def test_split_exports_join_up(tmp_path):
    """Posts in one file, their attachments in another (WordPress exports by type)."""
    first = import_wxr(export(tmp_path, item(1, extra=thumbnail(9)), name="posts.xml"))
    assert first.warning_counts["missing attachment"] == 1
    import_wxr(export(tmp_path, attachment(9, 1, "2021/03/a.jpg"), name="media.xml"))
    assert Post.objects.get().featured_image.title == "Photo 9"


def test_items_without_ids_are_recognised_by_guid(tmp_path):
    """Some tools write no wp:post_id (see tests/data/wordpress/theme-preview.xml)."""
    no_ids = item(1, extra="<wp:comment><wp:comment_content>Hi</wp:comment_content></wp:comment>")
    no_ids = no_ids.replace("<wp:post_id>1</wp:post_id>", "")
    path = export(tmp_path, no_ids)
    import_wxr(path)
    report = import_wxr(path)
    assert report.counts["posts"] == {"unchanged": 1}
    assert (Post.objects.count(), Comment.objects.count()) == (1, 1)


def test_the_theme_preview_export_imports_twice_without_duplicates():
    preview = THEME_UNIT_TEST.with_name("theme-preview.xml")
    import_wxr(preview)
    import_wxr(preview)
    assert Post.objects.count() == 7 and Comment.objects.count() == 2
    assert Post.objects.get(slug="category-hierarchy").categories.count() == 4


def test_an_editor_without_permission_cannot_import(tmp_path, existing_site):
    reader = User.objects.create_user("reader")
    before = row_counts()
    with pytest.raises(PermissionDenied):
        import_wxr(export(tmp_path, item(1)), user=reader)
    assert row_counts() == before
    # An editor may write content, yet an import also makes login accounts.
    editor = User.objects.create_user("editor")
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="content"))
    before = row_counts()
    with pytest.raises(CommandError, match="editor may not add user"):
        call_command("import_wxr", str(export(tmp_path, item(1))), "--user", "editor")
    assert row_counts() == before


def test_the_command_dry_run_says_so(tmp_path):
    out = io.StringIO()
    call_command("import_wxr", str(export(tmp_path, item(1))), "--dry-run", stdout=out)
    assert out.getvalue().startswith("Dry run (nothing saved):")
    assert not Post.objects.exists()

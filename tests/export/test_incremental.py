"""A second export after a change rewrites only the files whose bytes changed, the
ones the change's stale set names, and removes what is no longer public."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from newsdesk.content import actions
from newsdesk.content.models import Post, PostTag, Tag
from newsdesk.export.exporter import Options, export
from newsdesk.export.integrity import verify
from newsdesk.export.layout import FEED, file_for, kind_of
from newsdesk.export.state import STATE_FILE
from tests import factories
from tests.export.demo import DemoSiteTestCase
from tests.export.mirror import mtimes


class IncrementalExportTests(DemoSiteTestCase):
    def edited_post(self) -> Post:
        """A post shown in ordinary places only: not pinned, not in a series."""
        candidates = Post.objects.public().filter(sticky=False, series=None, language="en")
        return candidates.order_by("-published_at")[12]

    def test_a_title_edit_rewrites_exactly_the_pages_that_show_the_post(self):
        folder = Path(self.folder)
        export(Options(folder))
        before = mtimes(folder)
        post = self.edited_post()
        old_title = post.title
        its_tags = set(PostTag.objects.filter(post=post).values_list("tag_id", flat=True))
        other_tag = Tag.objects.filter(post_count__gt=0).exclude(pk__in=its_tags).first()

        post.title = "Council approves a brand-new headline"
        with self.captureOnCommitCallbacks(execute=True):
            stale = actions.save_post(post)
        report = export(Options(folder))

        assert not report.full
        assert report.rendered < 60  # the stale set, not the site
        stale_files = {file_for(path) for path in stale.paths}
        written = set(report.written) - {"404.html"}  # lists the newest posts: always rendered
        # Every page in the stale set shows the post, so every one changed...
        stale_pages = {f for f in stale_files if f.endswith(".html")}
        assert stale_pages <= written
        for name in stale_pages:
            text = (folder / name).read_text()
            assert post.title in text and old_title not in text, name
        assert file_for(post.get_absolute_url()) in written
        assert any(name.startswith("tag/") for name in written)
        assert any(name.startswith("author/") or name.startswith("category/") for name in written)
        # ...and nothing outside it was touched.
        assert written - stale_files == set()
        assert report.removed == []
        after = mtimes(folder)
        untouched = set(before) - set(report.written) - {STATE_FILE, "MANIFEST.sha256"}
        assert {name for name in untouched if after[name] != before[name]} == set()
        unrelated = file_for(other_tag.get_absolute_url())
        assert unrelated not in written and after[unrelated] == before[unrelated]

        # A full render now agrees byte for byte with what the incremental one wrote.
        again = export(Options(folder, full=True))
        assert again.full
        assert set(again.written) - {"404.html"} == set()
        assert verify(folder).ok

    def test_an_unpublished_post_loses_its_files(self):
        folder = Path(self.folder)
        tag = Tag.objects.get(slug="river-wend")
        two_parts = factories.post(
            "A story in two parts",
            body="<p>Part one.</p><!--nextpage--><p>Part two.</p>",
            tags=[tag],
        )
        export(Options(folder))
        post_file = file_for(two_parts.get_absolute_url())
        part_two = file_for(two_parts.get_absolute_url() + "2/")
        assert (folder / post_file).is_file() and (folder / part_two).is_file()
        assert "A story in two parts" in (folder / "tag/river-wend/index.html").read_text()

        with self.captureOnCommitCallbacks(execute=True):
            actions.unpublish_post(two_parts)
        report = export(Options(folder))

        assert not report.full
        assert {post_file, part_two} <= set(report.removed)
        assert not (folder / post_file).exists() and not (folder / part_two).exists()
        assert not (folder / unquote(two_parts.get_absolute_url()).strip("/")).exists()
        assert "A story in two parts" not in (folder / "tag/river-wend/index.html").read_text()
        assert verify(folder).ok

        # Published again, it comes back, folders and all.
        with self.captureOnCommitCallbacks(execute=True):
            actions.publish_post(two_parts)
        report = export(Options(folder))
        assert {post_file, part_two} <= set(report.written)
        assert (folder / part_two).is_file() and verify(folder).ok

    def test_without_changes_nothing_is_written(self):
        folder = Path(self.folder)
        export(Options(folder))
        before = mtimes(folder)
        report = export(Options(folder))
        assert not report.full and report.removed == []
        assert set(report.written) <= {"404.html"}
        assert {n for n, t in mtimes(folder).items() if before.get(n) != t} <= {
            STATE_FILE,
            "MANIFEST.sha256",
        }

    def test_feeds_are_named_as_files(self):
        assert kind_of("/feed/") == FEED
        assert file_for("/feed/") == "feed/index.xml"
        assert file_for("/tag/news/feed/atom/") == "tag/news/feed/atom/index.xml"
        assert file_for("/sitemap.xml") == "sitemap.xml"
        assert file_for("/tag/news/page/2/") == "tag/news/page/2/index.html"

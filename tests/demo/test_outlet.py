"""The demo outlet, built once on an empty database and read like an editor would check it."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from datetime import timedelta

from django.contrib.auth.models import User
from django.test import TestCase, override_settings
from django.utils import timezone
from PIL import Image as PillowImage

from newsdesk import memos
from newsdesk.content.models import (
    AuditEntry,
    Author,
    Category,
    FollowLink,
    Image,
    Menu,
    Page,
    Post,
    PostAuthor,
    Series,
    SiteSettings,
    Status,
    Tag,
)
from newsdesk.demo import outlet

PERSIAN_LETTERS = re.compile(r"[\u0600-\u06FF]")
PERSIAN_DIGITS = re.compile(r"[\u06F0-\u06F9\u0660-\u0669]")


class DemoOutletTests(TestCase):
    """One build shared by every test here (rolled back at the end, like any test data)."""

    @classmethod
    def setUpClass(cls):
        media = tempfile.TemporaryDirectory(prefix="newsdesk-demo-media-")
        cls.addClassCleanup(media.cleanup)
        cls.media_root = media.name
        cls.enterClassContext(override_settings(MEDIA_ROOT=media.name, PAGE_CACHE="off"))
        memos.reset()
        cls.addClassCleanup(memos.reset)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.anchor = outlet.default_anchor()
        cls.report = outlet.build(cls.anchor)

    def setUp(self):
        # The suite's per-test media folder would hide the files this class's build wrote.
        self.enterContext(override_settings(MEDIA_ROOT=self.media_root))

    def public(self):
        return Post.objects.public()

    def test_at_least_sixty_posts_over_the_past_year_and_some_from_the_last_two_days(self):
        public = list(self.public())
        assert len(public) >= 60
        assert self.report.published == len(public)
        dates = [post.published_at for post in public]
        assert max(dates) <= self.anchor
        assert min(dates) >= self.anchor - timedelta(days=366)
        assert len({(d.year, d.month) for d in dates}) >= 10, "spread over the year"
        recent = [d for d in dates if d >= timezone.now() - timedelta(hours=48)]
        assert len(recent) >= 3, "the news sitemap needs posts from the last 48 hours"

    def test_many_tags_a_few_popular_and_a_long_tail(self):
        counts = sorted(Tag.objects.values_list("post_count", flat=True), reverse=True)
        assert len(counts) >= 30
        assert counts[0] >= 20
        assert sum(1 for count in counts if count <= 2) >= 15
        assert counts[0] >= 5 * counts[len(counts) // 2]
        # The kept counts agree with what the posts carry.
        carried = Counter(tag for post in self.public() for tag in post.tags.all())
        assert {tag.pk: n for tag, n in carried.items()} == {
            tag.pk: tag.post_count for tag in Tag.objects.filter(post_count__gt=0)
        }

    def test_a_category_tree(self):
        children = Category.objects.filter(parent__isnull=False)
        assert children.count() >= 5
        assert Category.objects.get(path="science/environment").parent.slug == "science"
        assert all(post.categories.exists() for post in self.public())

    def test_authors_with_bios_a_co_written_post_and_the_staff_byline(self):
        authors = Author.objects.all()
        assert authors.count() >= 4
        assert all(author.bio and author.avatar_id for author in authors)
        pairs = Counter(PostAuthor.objects.values_list("post_id", flat=True))
        assert any(n == 2 for n in pairs.values()), "one post is written by two authors"
        staff = self.public().filter(byline="Staff Writer")
        assert staff.count() >= 3
        assert not PostAuthor.objects.filter(post__in=staff).exists()

    def test_a_three_part_series_in_order(self):
        series = Series.objects.get()
        parts = list(self.public().filter(series=series).order_by("published_at"))
        assert [part.series_part for part in parts] == [1, 2, 3]

    def test_persian_posts_with_persian_titles_slugs_and_tags(self):
        persian = list(self.public().filter(language="fa"))
        assert len(persian) >= 5
        for post in persian:
            assert PERSIAN_LETTERS.search(post.title)
            assert PERSIAN_LETTERS.search(post.slug) and not PERSIAN_DIGITS.search(post.slug)
            assert PERSIAN_LETTERS.search(post.body_html)
            assert all(PERSIAN_LETTERS.search(tag.name) for tag in post.tags.all())
            assert post.tags.exists()

    def test_sticky_scheduled_and_draft_posts(self):
        assert self.public().filter(sticky=True).count() == 2
        scheduled = Post.objects.get(status=Status.SCHEDULED)
        assert scheduled.published_at > timezone.now()
        assert Post.objects.filter(status=Status.DRAFT).count() == 1
        assert self.report.scheduled == 1 and self.report.drafts == 1

    def test_bodies_have_subheadings_quotes_lists_and_one_video_placeholder(self):
        english = list(self.public().filter(language="en"))
        assert all("<h2>" in post.body_html for post in english)
        assert all("<blockquote>" in post.body_html for post in english)
        assert sum("<ul>" in post.body_html for post in english) >= 10
        videos = [post for post in english if 'class="embed embed-youtube"' in post.body_html]
        assert len(videos) == 1
        assert all("<iframe" not in post.body_html for post in english)
        # Cards show the lead, not the subheading that follows it.
        post = videos[0]
        assert post.summary.startswith("The Eastmere film club")
        assert "Tickets" not in post.summary

    def test_featured_images_are_real_jpegs_with_words_attached(self):
        with_images = self.public().exclude(featured_image=None).select_related("featured_image")
        assert with_images.count() >= 60
        for post in with_images:
            image = post.featured_image
            assert (image.width, image.height) == (1200, 675)
            assert image.title and image.alt_text and image.caption
            assert image.credit == "Illustration: Demo Studio"
        image = with_images.first().featured_image
        with image.file.open("rb") as handle, PillowImage.open(handle) as picture:
            assert picture.format == "JPEG"
            assert picture.size == (image.width, image.height)
        persian = self.public().filter(language="fa").exclude(featured_image=None).first()
        assert PERSIAN_LETTERS.search(persian.featured_image.alt_text)

    def test_pages_menus_follow_links_and_settings(self):
        pages = {page.title: page for page in Page.objects.filter(status=Status.PUBLISHED)}
        assert {"About", "Contact"} <= pages.keys()
        primary = Menu.objects.get(location=Menu.Location.PRIMARY)
        assert primary.items.count() >= 3
        footer = Menu.objects.get(location=Menu.Location.FOOTER)
        assert [(item.label, item.url) for item in footer.items.all()] == [
            ("About", pages["About"].get_absolute_url()),
            ("Contact", pages["Contact"].get_absolute_url()),
        ]
        assert not Menu.objects.filter(location=Menu.Location.LEFT).exists()
        links = list(FollowLink.objects.all())
        assert len(links) >= 3 and all(link.url.startswith("https://") for link in links)
        settings = SiteSettings.objects.get()
        assert settings.name == "The Daily Ledger"
        assert settings.tagline and settings.copyright_holder

    def test_every_item_was_written_through_the_actions(self):
        logged = Counter(AuditEntry.objects.values_list("object_type", flat=True))
        assert logged["post"] == Post.objects.count()
        assert logged["tag"] == Tag.objects.count()
        assert logged["image"] == Image.objects.count()
        assert logged["page"] == Page.objects.count()
        assert not User.objects.exists(), "the demo creates no accounts"

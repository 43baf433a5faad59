from django.conf import settings
from django.db import models
from django.utils import timezone

from newsdesk.content.editions import edition_of, url_name
from newsdesk.content.html import split_pages
from newsdesk.content.models.addresses import address
from newsdesk.content.models.site import SiteSettings


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING = "pending", "Pending review"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    PRIVATE = "private", "Private"
    TRASH = "trash", "Trash"


class PostFormat(models.TextChoices):
    """WordPress's post formats: how a theme may present a post (kept from imports)."""

    STANDARD = "standard", "Standard"
    ASIDE = "aside", "Aside"
    AUDIO = "audio", "Audio"
    CHAT = "chat", "Chat"
    GALLERY = "gallery", "Gallery"
    IMAGE = "image", "Image"
    LINK = "link", "Link"
    QUOTE = "quote", "Quote"
    STATUS = "status", "Status"
    VIDEO = "video", "Video"


class CommentStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class BodyFormat(models.TextChoices):
    HTML = "html", "HTML"
    MARKDOWN = "markdown", "Markdown"


class PostQuerySet(models.QuerySet):
    def public(self) -> "PostQuerySet":
        """What readers may see. Scheduled posts become published through an action."""
        return self.filter(status=Status.PUBLISHED)

    def sticky(self, flag: bool = True) -> "PostQuerySet":
        """Written ``sticky IN (…)``: SQLite compiles ``sticky=True`` to a bare column
        test that the (status, sticky, published_at) index cannot serve."""
        return self.filter(sticky__in=[flag])


class Post(models.Model):
    title = models.CharField(max_length=500, blank=True)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    body_format = models.CharField(max_length=10, choices=BodyFormat, default=BodyFormat.HTML)
    body = models.TextField(blank=True, help_text="What the editor wrote.")
    body_html = models.TextField(
        blank=True, editable=False, help_text="Sanitised HTML for readers."
    )
    excerpt = models.TextField(blank=True, help_text="Optional; derived from the body when empty.")
    summary = models.TextField(blank=True, editable=False, help_text="The excerpt cards show.")
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, default="en")
    authors = models.ManyToManyField(
        "content.Author", through="content.PostAuthor", related_name="posts", blank=True
    )
    byline = models.CharField(
        max_length=200, blank=True, help_text='A shared byline such as "Staff Writer".'
    )
    featured_image = models.ForeignKey(
        "content.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = models.ManyToManyField(
        "content.Tag", through="content.PostTag", related_name="posts", blank=True
    )
    categories = models.ManyToManyField(
        "content.Category", through="content.PostCategory", related_name="posts", blank=True
    )
    series = models.ForeignKey(
        "content.Series", null=True, blank=True, on_delete=models.SET_NULL, related_name="parts"
    )
    series_part = models.PositiveIntegerField(null=True, blank=True)
    sticky = models.BooleanField(default=False, help_text="Shown first on the home page.")
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text="The original this post translates (a post and its translations link to each other).",
    )
    password = models.CharField(
        max_length=128, blank=True, help_text="Readers must enter it to see the body."
    )
    format = models.CharField(max_length=10, choices=PostFormat, default=PostFormat.STANDARD)
    comment_status = models.CharField(
        max_length=6,
        choices=CommentStatus,
        default=CommentStatus.CLOSED,
        help_text="Whether readers may comment (kept from imports; shown once comments exist).",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who wrote it first: a post is its creator's own, as well as its authors'.",
    )
    preview_key = models.CharField(
        max_length=32,
        blank=True,
        editable=False,
        help_text="Part of every shared preview link; changing it revokes them all.",
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_post", "Can publish posts"),
            ("edit_others_posts", "Can edit others' posts"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="post_public_newest"),
            models.Index(
                fields=["status", "sticky", "-published_at", "-id"], name="post_public_sticky"
            ),
            models.Index(fields=["series", "series_part"], name="post_series_part"),
        ]

    def __str__(self) -> str:
        return self.title or f"(no title) #{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def display_title(self) -> str:
        return self.title or "(no title)"

    def get_absolute_url(self) -> str:
        return post_path(self.slug, self.published_at, self.language)

    def part_paths(self) -> list[str]:
        """The addresses of the post's parts (``<!--nextpage-->``): its own, then
        ``…/2/``, ``…/3/``."""
        path = self.get_absolute_url()
        count = len(split_pages(self.body_html))
        return [path, *(f"{path}{number}/" for number in range(2, count + 1))]


def post_path(slug: str, published_at, language: str = "") -> str:
    """The post's address under the site's permalink style, in the edition of its
    language (``/fa/<slug>/`` for a Persian post on an English site; see
    :mod:`newsdesk.content.editions`)."""
    edition = edition_of(language) if language else ""
    if SiteSettings.current().permalink_style == SiteSettings.Permalink.DATED and published_at:
        local = timezone.localtime(published_at)
        return address(
            url_name("post_dated", edition),
            year=local.year,
            month=local.month,
            day=local.day,
            slug=slug,
        )
    return address(url_name("post_or_page", edition), path=slug)


class ArchiveLinkQuerySet(models.QuerySet):
    def live(self) -> "ArchiveLinkQuerySet":
        """Links of public posts. Written as ``live IN (true)``: SQLite compiles
        ``live=True`` to a bare ``WHERE live``, which it cannot match to the archive
        indexes, and would then sort every link of the term."""
        return self.filter(live__in=[True])


class _ArchiveLink(models.Model):
    """A post's membership in one archive, with the post's state copied in.

    Copying ``published_at`` and ``live`` here lets every archive page be one
    index range scan, without joining posts or counting them.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE)
    published_at = models.DateTimeField(null=True)
    live = models.BooleanField(default=False)

    objects = ArchiveLinkQuerySet.as_manager()

    class Meta:
        abstract = True


class PostTag(_ArchiveLink):
    tag = models.ForeignKey("content.Tag", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "tag"], name="post_tag_unique")]
        indexes = [
            models.Index(fields=["tag", "live", "-published_at", "-post"], name="tag_archive")
        ]


class PostCategory(_ArchiveLink):
    category = models.ForeignKey("content.Category", on_delete=models.CASCADE)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "category"], name="post_category_unique")
        ]
        indexes = [
            models.Index(
                fields=["category", "live", "-published_at", "-post"], name="category_archive"
            )
        ]


class PostAuthor(_ArchiveLink):
    author = models.ForeignKey("content.Author", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "author"], name="post_author_unique")
        ]
        indexes = [
            models.Index(fields=["author", "live", "-published_at", "-post"], name="author_archive")
        ]


class Page(models.Model):
    """A static page (About, Contact), possibly nested under a parent."""

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, allow_unicode=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=600, unique=True, editable=False)
    body_format = models.CharField(max_length=10, choices=BodyFormat, default=BodyFormat.HTML)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    language = models.CharField(max_length=8, default="en")
    position = models.IntegerField(default=0)
    password = models.CharField(max_length=128, blank=True)
    comment_status = models.CharField(
        max_length=6, choices=CommentStatus, default=CommentStatus.CLOSED
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="page_slug_unique_in_parent")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    def get_absolute_url(self) -> str:
        return address("post_or_page", path=self.path)

    def computed_path(self) -> str:
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

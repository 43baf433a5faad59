"""What the importer remembers between runs: each WordPress object and what it became.

The map makes a re-import update instead of duplicating (items are found by their
WordPress ID, else by GUID), and lets references the file makes before their target
appears (featured images, page parents, galleries) resolve at the end of a run from
the database rather than from memory.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ImportRun(models.Model):
    """One committed import of one file, with the report it printed."""

    source = models.CharField(max_length=500, help_text="The WordPress site's address.")
    file_name = models.CharField(max_length=500)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class LegacyItem(models.Model):
    """One WordPress object (author, term, post, page, attachment, comment) and the
    newsdesk object it became (``object_id`` of the model its ``kind`` names)."""

    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        TAG = "tag", "Tag"
        CATEGORY = "category", "Category"
        POST = "post", "Post"
        PAGE = "page", "Page"
        ATTACHMENT = "attachment", "Attachment (image)"
        COMMENT = "comment", "Comment"
        MENU = "menu", "Menu"

    source = models.CharField(max_length=300, help_text="The site: IDs are unique per site.")
    kind = models.CharField(max_length=12, choices=Kind)
    wp_id = models.BigIntegerField(null=True, blank=True)
    wp_key = models.CharField(
        max_length=300, blank=True, help_text="How items name it: a term's slug, a login."
    )
    guid = models.CharField(max_length=1000, blank=True)
    old_path = models.CharField(
        max_length=1000, blank=True, help_text="Its address on the old site (path and query)."
    )
    object_id = models.BigIntegerField()
    checksum = models.CharField(
        max_length=64, blank=True, help_text="Of the WordPress record: unchanged items are skipped."
    )
    wp_parent = models.BigIntegerField(null=True, blank=True)
    wp_thumbnail = models.BigIntegerField(null=True, blank=True)
    position = models.IntegerField(default=0, help_text="WordPress's menu_order.")
    pending_body = models.TextField(
        blank=True, help_text="WordPress source of a body whose gallery waits for its images."
    )
    first_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "wp_id"],
                condition=Q(wp_id__isnull=False),
                name="legacy_item_wp_id",
            ),
            models.UniqueConstraint(
                fields=["source", "kind", "wp_key"],
                condition=~Q(wp_key=""),
                name="legacy_item_wp_key",
            ),
        ]
        indexes = [
            models.Index(fields=["source", "kind", "guid"], name="legacy_item_guid"),
            models.Index(fields=["source", "kind", "wp_parent"], name="legacy_item_parent"),
            models.Index(fields=["last_run", "kind"], name="legacy_item_run"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.wp_id or self.wp_key} → {self.object_id}"

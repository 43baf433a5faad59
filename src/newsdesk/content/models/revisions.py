from django.conf import settings
from django.db import models
from django.utils import timezone

from newsdesk.content.models.posts import BodyFormat, Status


class Revision(models.Model):
    """A post as one save left it: what was written and chosen, who saved it and when.

    Kept by :func:`newsdesk.content.actions.save_post` on every save, so the history is
    complete whoever saved (admin, command line, scheduler). Term lists are kept as ids
    in the post's order; a term deleted since is simply left out on restore.
    """

    post = models.ForeignKey("content.Post", on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40, help_text="What the save did, as the audit log says.")
    title = models.CharField(max_length=500, blank=True)
    slug = models.CharField(max_length=200, blank=True)
    body_format = models.CharField(max_length=10, choices=BodyFormat, default=BodyFormat.HTML)
    body = models.TextField(blank=True)
    excerpt = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    tag_ids = models.JSONField(default=list, blank=True)
    category_ids = models.JSONField(default=list, blank=True)
    author_ids = models.JSONField(default=list, blank=True)
    featured_image = models.ForeignKey(
        "content.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["post", "-created_at", "-id"], name="revision_post_newest")]

    def __str__(self) -> str:
        return f"{self.title or '(no title)'} — {self.created_at:%Y-%m-%d %H:%M}"

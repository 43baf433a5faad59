from django.conf import settings
from django.db import models
from django.db.models import Q


class Comment(models.Model):
    """A reader's comment, pingback or trackback on a post or a page.

    Imported sites bring their comments along; newsdesk keeps them whether or not the
    site shows them (``SiteSettings.show_comments``: approved ones, read-only). ``body`` holds
    sanitised HTML (commenters' words are untrusted, so they are cleaned on the way in).
    """

    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        PINGBACK = "pingback", "Pingback"
        TRACKBACK = "trackback", "Trackback"

    class Moderation(models.TextChoices):
        APPROVED = "approved", "Approved"
        PENDING = "pending", "Awaiting moderation"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    post = models.ForeignKey(
        "content.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    page = models.ForeignKey(
        "content.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.COMMENT)
    status = models.CharField(max_length=10, choices=Moderation, default=Moderation.PENDING)
    author_name = models.CharField(max_length=255, blank=True)
    author_email = models.CharField(max_length=254, blank=True)
    author_url = models.CharField(max_length=500, blank=True)
    author_ip = models.CharField(max_length=45, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["post", "status", "created_at"], name="comment_post_thread"),
            models.Index(fields=["page", "status", "created_at"], name="comment_page_thread"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False) | Q(page__isnull=False),
                name="comment_on_post_or_page",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author_name or 'Anonymous'} on {self.created_at:%Y-%m-%d}"

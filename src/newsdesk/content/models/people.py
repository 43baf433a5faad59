from django.conf import settings
from django.db import models

from newsdesk.content.models.addresses import address


class Author(models.Model):
    """A public byline profile, linked to a login account where one exists."""

    display_name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    bio = models.TextField(blank=True)
    avatar = models.ForeignKey(
        "content.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
    )
    post_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return address("author_archive", slug=self.slug)

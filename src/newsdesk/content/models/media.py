from django.conf import settings
from django.db import models


class Image(models.Model):
    """A picture with the words a newsroom attaches to it.

    ``file`` may be empty for an image imported without its file: ``original_url``
    then keeps where it lived, so nothing is lost and the report can list it.
    """

    file = models.ImageField(
        upload_to="images/%Y/%m/", width_field="width", height_field="height", blank=True
    )
    original_url = models.URLField(max_length=1000, blank=True)
    title = models.CharField(max_length=300, blank=True)
    alt_text = models.CharField(
        max_length=500, blank=True, help_text="Describes the image for readers who cannot see it."
    )
    caption = models.TextField(blank=True)
    credit = models.CharField(
        max_length=300, blank=True, help_text="Photo credit, e.g. the photographer."
    )
    description = models.TextField(blank=True, help_text="Longer notes about the picture.")
    mime_type = models.CharField(
        max_length=100,
        blank=True,
        help_text="The file's type; imported media may be audio, video or documents too.",
    )
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who put the picture in the library (none: imported or made by the system).",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.alt_text or (self.file.name if self.file else self.original_url)

    @property
    def url(self) -> str:
        return self.file.url if self.file else self.original_url

    @property
    def alt(self) -> str:
        """The reference theme uses the image title as alt text when none is written."""
        return self.alt_text or self.title

from __future__ import annotations

from django.db import models

from newsdesk.media.pictures import Picture, picture_of

#: The relation's name on ``content.Image``: ``image.renditions``.
RELATED_NAME = "renditions"


class RenditionManager(models.Manager):
    def picture(self) -> Picture | None:
        """The ``<picture>`` of one image (``image.renditions.picture()``) from renditions
        already loaded with it (``prefetch_related("…__renditions")``), else None.

        It never queries: public templates call it, and a template runs no queries. A
        page whose query did not load renditions shows the original instead."""
        image = getattr(self, "instance", None)
        if image is None:
            raise TypeError("picture() answers for one image: image.renditions.picture()")
        loaded = getattr(image, "_prefetched_objects_cache", {}).get(RELATED_NAME)
        return None if loaded is None else picture_of(image, list(loaded))


class Rendition(models.Model):
    """A smaller copy of an image's file, made by :mod:`newsdesk.media.renditions`.

    ``source`` is the name of the file it was made from: when the image gets another
    file, its renditions no longer count (and are remade). Files live under
    MEDIA_ROOT, so the media view and the static exporter serve them like any upload.
    """

    class Format(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        WEBP = "webp", "WebP"

    image = models.ForeignKey("content.Image", on_delete=models.CASCADE, related_name=RELATED_NAME)
    source = models.CharField(max_length=255, help_text="The original's file it was made from.")
    format = models.CharField(max_length=8, choices=Format.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(max_length=255)
    bytes = models.PositiveIntegerField(help_text="The file's size.")

    objects = RenditionManager()

    class Meta:
        ordering = ["image", "format", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "source", "format", "width"], name="rendition_once_per_size"
            )
        ]

    def __str__(self) -> str:
        return f"{self.width}w {self.get_format_display()} of image {self.image_id}"

    @property
    def mime_type(self) -> str:
        return f"image/{self.format}"

from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "newsdesk.media"
    label = "newsdesk_media"
    verbose_name = "Media library"

    def ready(self) -> None:
        from PIL import Image as Pillow

        from newsdesk.media import receivers  # noqa: F401  (renditions follow saved images)
        from newsdesk.media.validation import MAX_PIXELS

        # Pillow refuses (error) twice this many pixels and warns above it, wherever a
        # picture is opened in this process; uploads are refused above it.
        Pillow.MAX_IMAGE_PIXELS = MAX_PIXELS

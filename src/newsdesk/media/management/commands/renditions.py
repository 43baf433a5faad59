"""``newsdesk renditions``: make the renditions images lack (after an import), or all again."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from newsdesk.content import actions
from newsdesk.content.models import Image
from newsdesk.media import renditions

BATCH = 200


class Command(BaseCommand):
    help = (
        "Make renditions for every image that lacks current ones (imported images get none "
        "on import), or with --all remake them all (after changing widths or quality)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--all", action="store_true", dest="force", help="remake every image's renditions"
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        made = current = moving = skipped = 0
        images = Image.objects.exclude(file="").order_by("pk")
        # In key order, in chunks: an outlet may hold tens of thousands of pictures.
        for image in images.iterator(chunk_size=BATCH):
            if image.mime_type and not image.mime_type.startswith("image/"):
                continue
            if not force and renditions.is_current(image):
                current += 1
                continue
            try:
                if not renditions.ensure(image, force=force):
                    moving += 1  # an animation: shown as it is
                    continue
            except renditions.NotAPicture as reason:
                skipped += 1
                self.stderr.write(f"Image {image.pk} ({image.file.name}): {reason}")
                continue
            made += 1
        if made:
            # Cards and cached pages show the new sizes only once the site says every
            # page may have changed: the same announcement an import closes with.
            with transaction.atomic():
                actions.finish_import(summary=f"Renditions made for {made} images")
        if options["verbosity"]:
            self.stdout.write(
                f"Renditions made for {made} images; {current} already had them"
                + (f"; {moving} animations are shown as they are" if moving else "")
                + (f"; {skipped} could not be read." if skipped else ".")
            )

"""Renditions follow every image saved (through :func:`newsdesk.content.actions.save_image`,
the admin, the demo); a rendition's file goes when its row does.

Images imported in bulk (``actions.import_images``) send no signal: ``newsdesk
renditions`` makes theirs after an import.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from newsdesk.content.models import Image
from newsdesk.content.signals import image_uploading
from newsdesk.media import metadata, renditions, validation
from newsdesk.media.metadata import CHECKED, mark_checked
from newsdesk.media.models import Rendition

log = logging.getLogger(__name__)


@receiver(image_uploading, dispatch_uid="newsdesk-media-check-upload")
def check_upload(sender, image: Image, **kwargs) -> None:
    """Every upload, whichever way it arrives, is checked and stored without its
    metadata; the admin's form has done both already and marks its file so."""
    upload = image.file.file
    if getattr(upload, CHECKED, False):
        return
    accepted = validation.check_upload(upload, name=image.file.name)
    image.mime_type = accepted.mime_type
    image.file = mark_checked(metadata.stripped(upload, accepted))


@receiver(post_save, sender=Image, dispatch_uid="newsdesk-media-renditions")
def make_renditions(sender, instance: Image, raw: bool = False, **kwargs) -> None:
    """In the saving action's transaction, so the page that shows the image next (its
    cards re-render: a changed image raises the site's generation) finds them."""
    if raw or not instance.file:
        return
    if instance.mime_type and not instance.mime_type.startswith("image/"):
        return  # an imported document or sound: nothing to resize
    try:
        renditions.ensure(instance)
    except renditions.NotAPicture as reason:
        log.warning("No renditions for image %s (%s): %s", instance.pk, instance.file.name, reason)


@receiver(post_delete, sender=Rendition, dispatch_uid="newsdesk-media-rendition-file")
def remove_file(sender, instance: Rendition, **kwargs) -> None:
    """After commit: were the deletion rolled back, the row would point at nothing."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))

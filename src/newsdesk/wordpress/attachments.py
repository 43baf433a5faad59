"""WordPress attachments → Image records, and featured images (``_thumbnail_id``).

An attachment's alt text comes from ``_wp_attachment_image_alt``, its caption from the
attachment's excerpt, its title from its title. Its file comes from ``--media-dir``
when given (see :mod:`.media`); otherwise the image keeps its old address and the
report lists it. Non-image media (audio, video, documents) are kept the same way,
with their type, so nothing is lost.
"""

from __future__ import annotations

import mimetypes
import re

from django.db.models import Q

from newsdesk.content import actions
from newsdesk.content.html import plain_text, sanitize
from newsdesk.content.models import Image, Post
from newsdesk.wordpress import wxr
from newsdesk.wordpress.context import ImportContext, Kind, identity
from newsdesk.wordpress.media import RefusedFile
from newsdesk.wordpress.models import LegacyItem
from newsdesk.wordpress.redirects import canonical

BATCH = 200
_DIMENSIONS = re.compile(r's:5:"width";i:(\d+);s:6:"height";i:(\d+);')


class Attachments:
    def __init__(self, context: ImportContext):
        self.context = context
        self.pending: list[wxr.Item] = []

    def add(self, item: wxr.Item) -> None:
        self.pending.append(item)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        context = self.context
        items, self.pending = self.pending, []
        if not items:
            return
        known = context.known(Kind.ATTACHMENT, items)
        stored = Image.objects.in_bulk([row.object_id for row in known.values()])
        work = []
        for item in items:
            row = known.get(identity(item))
            image = stored.get(row.object_id) if row else None
            checksum = context.checksum(item)
            if image is not None and row.checksum == checksum:
                context.report.count("attachments", "unchanged")
                continue
            context.report.count("attachments", "updated" if image is not None else "created")
            image = image or Image()
            self._fill(image, item)
            work.append((item, row, image, checksum))
        actions.import_images([image for _item, _row, image, _checksum in work], user=context.user)
        context.remember(
            context.row(
                Kind.ATTACHMENT,
                row,
                wp_id=item.wp_id or None,
                guid=item.guid[:1000],
                old_path=canonical(item.link),
                object_id=image.pk,
                checksum=checksum,
                wp_parent=item.parent or None,
                position=item.menu_order,
            )
            for item, row, image, checksum in work
        )
        for item, *_ in work:
            if item.comments:
                context.report.count("comments", "skipped", len(item.comments))
                context.report.warn(
                    "comments on an attachment",
                    f"{item.describe()}: {len(item.comments)} comment(s) not imported "
                    "(newsdesk keeps comments on posts and pages)",
                )

    def _fill(self, image: Image, item: wxr.Item) -> None:
        context, media = self.context, self.context.media
        url = item.attachment_url or item.guid
        image.title = plain_text(item.title)[:300]
        image.alt_text = plain_text(item.meta.get("_wp_attachment_image_alt", ""))[:500]
        image.caption = plain_text(item.excerpt)
        image.description = sanitize(item.content).strip()
        image.original_url = url[:1000]
        image.mime_type = (mimetypes.guess_type(url)[0] or "")[:100]
        media.learn_host(url)
        relative = media.relative_path(item.meta.get("_wp_attached_file", ""), url)
        if media.root is None:
            if not image.file:
                context.report.count("files", "skipped")
                context.report.warn(
                    "file not copied (no --media-dir)",
                    f"{item.describe()}: {relative or url} (the image keeps its old address)",
                )
        else:
            field = "_wp_attached_file" if item.meta.get("_wp_attached_file") else "attachment_url"
            try:
                stored = media.store(relative)
            except RefusedFile as why:
                context.refused_file(item, field, relative, str(why))
                if not context.dry_run:
                    image.file = None  # what an earlier import stored unchecked goes too
            else:
                if stored is None:
                    context.report.count("files", "skipped")
                    context.report.warn(
                        "file not found",
                        f"{item.describe()}: {relative or url} is not in the media folder "
                        "(the image keeps its old address)",
                    )
                else:
                    image.mime_type = stored.mime_type[:100]
                    if not context.dry_run and image.file.name != stored.name:
                        image.file = stored.name  # reads the picture's width and height
        if not image.width:
            found = _DIMENSIONS.search(item.meta.get("_wp_attachment_metadata", ""))
            if found:
                image.width, image.height = int(found.group(1)), int(found.group(2))

    def attach_featured_images(self) -> None:
        """``_thumbnail_id`` → ``Post.featured_image`` for the posts this run wrote and for
        the posts whose featured image this run brought (split exports)."""
        context = self.context
        posts = LegacyItem.objects.filter(
            source=context.source, kind=Kind.POST, wp_thumbnail__isnull=False
        )
        new_images = LegacyItem.objects.filter(
            source=context.source, kind=Kind.ATTACHMENT, last_run=context.run
        ).values("wp_id")
        wanted = posts.filter(Q(last_run=context.run) | Q(wp_thumbnail__in=new_images))
        batch: list[tuple[int, int, int]] = []
        for entry in wanted.values_list("object_id", "wp_thumbnail", "wp_id").iterator(
            chunk_size=1000
        ):
            batch.append(entry)
            if len(batch) >= 1000:
                self._set_featured(batch)
                batch = []
        self._set_featured(batch)

    def _set_featured(self, batch: list[tuple[int, int, int]]) -> None:
        if not batch:
            return
        context = self.context
        images = dict(
            LegacyItem.objects.filter(
                source=context.source,
                kind=Kind.ATTACHMENT,
                wp_id__in=[thumbnail for _pk, thumbnail, _wp_id in batch],
            ).values_list("wp_id", "object_id")
        )
        live = set(Image.objects.filter(pk__in=images.values()).values_list("pk", flat=True))
        changed = []
        for post_id, thumbnail, wp_id in batch:
            image_id = images.get(thumbnail)
            if image_id in live:
                changed.append(Post(pk=post_id, featured_image_id=image_id))
            else:
                context.report.warn(
                    "missing attachment",
                    f"post #{wp_id}: its featured image is attachment #{thumbnail}, "
                    "which is not in the file; imported without one",
                )
        Post.objects.bulk_update(changed, ["featured_image"], batch_size=500)

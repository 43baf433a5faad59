"""Post and page bodies: converted with the galleries' images found in the ID map.

A ``[gallery]`` lists the images attached to its post, and WordPress exports those
after the post; a gallery whose images cannot all be known yet leaves the item's
WordPress source in the map (``pending_body``), and the body is converted again
once the whole file has been read.
"""

from __future__ import annotations

import re
from functools import partial
from html import escape

from newsdesk.content import actions
from newsdesk.content.models import Image, Page, Post
from newsdesk.wordpress import convert, wxr
from newsdesk.wordpress.context import ImportContext, Kind, int_or_none
from newsdesk.wordpress.models import LegacyItem


def convert_item(context: ImportContext, item: wxr.Item) -> convert.Converted:
    converted = convert.convert(
        item.content,
        gallery=partial(gallery_images, context, item),
        rewrite_url=partial(
            context.media.rewrite, refused=partial(context.refused_file, item, "body")
        ),
    )
    for name, number in converted.unknown_shortcodes.items():
        context.report.note("unknown shortcodes (kept as text)", f"[{name}]", number)
    for name, number in converted.dropped_blocks.items():
        context.report.note("dynamic blocks (not in the file, dropped)", name, number)
    return converted


def gallery_images(
    context: ImportContext, owner: wxr.Item, attributes: dict[str, str]
) -> list[convert.GalleryImage] | None:
    """The images a ``[gallery]`` on ``owner`` shows, or None while they may still come."""
    listed = attributes.get("ids") or attributes.get("include") or ""
    attachments = LegacyItem.objects.filter(source=context.source, kind=Kind.ATTACHMENT)
    if listed:
        wanted = [int(n) for n in re.findall(r"\d+", listed)]
        found = dict(attachments.filter(wp_id__in=wanted).values_list("wp_id", "object_id"))
        missing = [number for number in wanted if number not in found]
        if missing and not context.final:
            return None
        for number in missing:
            context.report.warn(
                "missing attachment",
                f"{owner.describe()}: its gallery shows attachment #{number}, "
                "which is not in the file; left out",
            )
        order = [found[number] for number in wanted if number in found]
    else:
        if not context.final:
            return None  # the post's attachments usually follow it in the file
        parent = int_or_none(attributes.get("id")) or owner.wp_id
        excluded = {int(n) for n in re.findall(r"\d+", attributes.get("exclude", ""))}
        attached = attachments.filter(wp_parent=parent).order_by("position", "wp_id")
        order = [
            pk for wp_id, pk in attached.values_list("wp_id", "object_id") if wp_id not in excluded
        ]
    images = Image.objects.in_bulk(order)
    shown = [images[pk] for pk in order if pk in images]
    return [
        convert.GalleryImage(
            url=image.url,
            alt=image.alt,
            caption=escape(image.caption),
            width=image.width,
            height=image.height,
        )
        for image in shown
        if (image.mime_type or "image/").startswith("image/")
    ]


def render_waiting(context: ImportContext) -> None:
    """Bodies whose galleries waited for their images: converted again, for good."""
    waiting = LegacyItem.objects.filter(
        source=context.source, kind__in=[Kind.POST, Kind.PAGE]
    ).exclude(pending_body="")
    while rows := list(waiting.order_by("pk")[:200]):
        posts = Post.objects.in_bulk([row.object_id for row in rows if row.kind == Kind.POST])
        entries = []
        for row in rows:
            if row.kind == Kind.POST:
                target = posts.get(row.object_id)
            else:
                target = Page.objects.filter(pk=row.object_id).first()
            if target is None:
                continue
            owner = wxr.Item(row.kind, row.wp_id or 0, title=target.title)
            owner.content = row.pending_body
            target.body = convert_item(context, owner).html
            if row.kind == Kind.POST:
                entries.append(actions.ImportedPost(target, updated_at=target.updated_at))
            else:
                actions.import_page(target, user=context.user, updated_at=target.updated_at)
        actions.import_posts(entries, user=context.user)
        LegacyItem.objects.filter(pk__in=[row.pk for row in rows]).update(pending_body="")

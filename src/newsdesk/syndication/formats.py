"""RSS 2.0 and Atom writers that carry the whole post.

Django's writers emit a summary only and one author per item. These subclasses add
what newsroom feeds need: the full body (``content:encoded`` in RSS, ``<content
type="html">`` in Atom), one author element per author, the featured image
(enclosure, plus Media RSS with its size and credit), and the item's language in Atom.

Items carry these extra keys (from :meth:`newsdesk.syndication.feeds.PostFeed.item_extra_kwargs`):
``content`` (HTML), ``authors`` (names), ``language``, ``image`` (:class:`FeedImage` or None).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc2822_date, rfc3339_date

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
DC_NS = "http://purl.org/dc/elements/1.1/"
MEDIA_NS = "http://search.yahoo.com/mrss/"


@dataclass(frozen=True)
class FeedImage:
    url: str  # absolute
    mime_type: str
    length: int  # bytes; 0 when unknown, as the RSS best practices ask
    width: int | None = None
    height: int | None = None
    description: str = ""
    credit: str = ""


class _StableDate:
    """An empty feed's date is fixed: Django would say "now", so its bytes (and ETag,
    and a mirror's copy) would change on every render with nothing new in it."""

    def latest_post_date(self):
        if not self.items:
            return EMPTY_FEED_DATE
        return super().latest_post_date()


class _WrittenWhole:
    """Django's XML writer sends a feed in over a thousand small pieces, and each costs
    the response an encode and an append: the feed is written to memory first."""

    def write(self, outfile, encoding: str) -> None:
        text = io.StringIO()
        super().write(text, encoding)
        outfile.write(text.getvalue().encode(encoding))


class FullRss(_StableDate, _WrittenWhole, Rss201rev2Feed):
    def rss_attributes(self) -> dict[str, str]:
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NS,
            "xmlns:dc": DC_NS,
            "xmlns:media": MEDIA_NS,
        }

    def add_item_elements(self, handler, item: dict) -> None:
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement("link", item["link"])
        handler.addQuickElement("description", item["description"])
        handler.addQuickElement("content:encoded", item["content"])
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        if item["pubdate"] is not None:
            handler.addQuickElement("pubDate", rfc2822_date(item["pubdate"]))
        handler.addQuickElement("guid", item["unique_id"], {"isPermaLink": "false"})
        image: FeedImage | None = item["image"]
        if image is not None:
            handler.addQuickElement(
                "enclosure",
                "",
                {"url": image.url, "length": str(image.length), "type": image.mime_type},
            )
            handler.startElement("media:content", _media_attributes(image))
            if image.description:
                handler.addQuickElement("media:description", image.description, {"type": "plain"})
            if image.credit:
                handler.addQuickElement("media:credit", image.credit)
            handler.endElement("media:content")
        for category in item["categories"]:
            handler.addQuickElement("category", category)


def _media_attributes(image: FeedImage) -> dict[str, str]:
    attributes = {"url": image.url, "medium": "image", "type": image.mime_type}
    if image.width and image.height:
        attributes |= {"width": str(image.width), "height": str(image.height)}
    return attributes


class FullAtom(_StableDate, _WrittenWhole, Atom1Feed):
    def add_item_elements(self, handler, item: dict) -> None:
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement("link", "", {"href": item["link"], "rel": "alternate"})
        handler.addQuickElement("id", item["unique_id"])
        if item["pubdate"] is not None:
            handler.addQuickElement("published", rfc3339_date(item["pubdate"]))
        handler.addQuickElement("updated", rfc3339_date(item["updateddate"]))
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        handler.addQuickElement("summary", item["description"], {"type": "html"})
        handler.addQuickElement("content", item["content"], {"type": "html"})
        image: FeedImage | None = item["image"]
        if image is not None:
            enclosure = {"rel": "enclosure", "href": image.url, "type": image.mime_type}
            if image.length:
                enclosure["length"] = str(image.length)
            handler.addQuickElement("link", "", enclosure)
        for category in item["categories"]:
            handler.addQuickElement("category", "", {"term": category})

    def item_attributes(self, item: dict) -> dict[str, str]:
        return {"xml:lang": item["language"]} if item["language"] else {}

"""RSS 2.0 and Atom feeds with full content: the site, each tag, category and author.

Each feed is a :class:`django.contrib.syndication.views.Feed`. ``get_object`` asks
:mod:`newsdesk.content.queries` for the archive and its 20 newest public posts, with
bodies, tags, authors and featured images, in a constant number of queries; the item
hooks below only read what was loaded. Feed instances are shared by all requests, so
they keep no per-request state: everything a feed needs travels in its
:class:`Channel`.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape

from newsdesk.content import queries
from newsdesk.content.html import plain_text
from newsdesk.content.models import Author, Category, Post, SiteSettings, Tag
from newsdesk.syndication.formats import FeedImage, FullAtom, FullRss
from newsdesk.syndication.links import absolute, absolute_links, post_guid
from newsdesk.syndication.text import xml_safe

FEED_LENGTH = 20
PROTECTED = "This content is password protected."


@dataclass
class Channel:
    """One feed: the archive it follows and the posts it carries."""

    title: str
    description: str
    archive_path: str
    feed_path: str
    language: str
    copyright: str
    posts: list[Post]


class PostFeed(Feed):
    """How every feed lists a post. Subclasses say which archive the feed follows."""

    feed_type = FullRss
    url_name = ""  # this feed's URL name, for its self link

    def get_feed(self, channel: Channel, request):
        feed = super().get_feed(channel, request)
        feed.feed["language"] = channel.language  # the site's, not the request's
        return feed

    def build_channel(
        self, posts: list[Post], *, title: str, description: str, archive_path: str, **url_kwargs
    ) -> Channel:
        site = SiteSettings.current()
        return Channel(
            title=f"{title} – {site.name}" if title else site.name,
            description=plain_text(description),
            archive_path=archive_path,
            feed_path=reverse(self.url_name, kwargs=url_kwargs),
            language=site.language,
            copyright=f"© {site.copyright_name}",
            posts=posts,
        )

    # --- the feed ----------------------------------------------------------------------

    def title(self, channel: Channel) -> str:
        return xml_safe(channel.title)

    def link(self, channel: Channel) -> str:
        return absolute(channel.archive_path)

    def feed_url(self, channel: Channel) -> str:
        return absolute(channel.feed_path)

    def description(self, channel: Channel) -> str:
        return xml_safe(channel.description) or xml_safe(channel.title)

    def subtitle(self, channel: Channel) -> str:
        return xml_safe(channel.description)

    def feed_copyright(self, channel: Channel) -> str:
        return xml_safe(channel.copyright)

    def items(self, channel: Channel) -> list[Post]:
        return channel.posts

    # --- each post ---------------------------------------------------------------------

    def item_title(self, post: Post) -> str:
        return xml_safe(post.display_title)

    def item_link(self, post: Post) -> str:
        return absolute(post.get_absolute_url())

    def item_guid(self, post: Post) -> str:
        return post_guid(post.pk)

    def item_description(self, post: Post) -> str:
        """The excerpt, as HTML (both formats carry HTML here)."""
        return escape(PROTECTED if post.password else xml_safe(post.summary))

    def item_pubdate(self, post: Post):
        return post.published_at

    def item_updateddate(self, post: Post):
        return post.updated_at

    def item_categories(self, post: Post) -> list[str]:
        return [xml_safe(tag.name) for tag in post.card_tags]

    def item_extra_kwargs(self, post: Post) -> dict:
        return {
            "content": _content(post),
            "authors": [xml_safe(name) for name in _author_names(post)],
            "language": post.language,
            "image": _feed_image(post),
        }


def _content(post: Post) -> str:
    if post.password:
        return f"<p>{PROTECTED}</p>"
    return absolute_links(xml_safe(post.body_html))


def _author_names(post: Post) -> list[str]:
    """A shared byline ("Staff Writer") stands for the post's authors, as on the page;
    a post with neither is the outlet's own."""
    if post.byline:
        return [post.byline]
    names = [author.display_name for author in post.card_authors]
    return names or [SiteSettings.current().name]


def _feed_image(post: Post) -> FeedImage | None:
    """The featured image, where the site serves its file (never another host's)."""
    image = post.featured_image
    if image is None or not image.file:
        return None
    try:
        length = image.file.size
    except OSError:  # the file went missing: still worth announcing
        length = 0
    return FeedImage(
        url=absolute(image.file.url),
        mime_type=mimetypes.guess_type(image.file.name)[0] or "application/octet-stream",
        length=length,
        width=image.width,
        height=image.height,
        description=xml_safe(image.caption or image.alt),
        credit=xml_safe(image.credit),
    )


# --- the feeds urls.py serves ----------------------------------------------------------


class SiteRss(PostFeed):
    url_name = "feed_rss"

    def get_object(self, request) -> Channel:
        site = SiteSettings.current()
        return self.build_channel(
            queries.latest_posts(FEED_LENGTH),
            title="",
            description=site.tagline or f"The newest posts from {site.name}",
            archive_path=reverse("home"),
        )


class SiteAtom(SiteRss):
    feed_type = FullAtom
    url_name = "feed_atom"


class TagRss(PostFeed):
    url_name = "tag_archive_feed_rss"

    def get_object(self, request, slug: str) -> Channel:
        tag, posts = queries.tag_feed(slug, FEED_LENGTH)
        return _term_channel(self, tag, posts, f"Posts tagged ‘{tag.name}’", slug=tag.slug)


class TagAtom(TagRss):
    feed_type = FullAtom
    url_name = "tag_archive_feed_atom"


class CategoryRss(PostFeed):
    url_name = "category_archive_feed_rss"

    def get_object(self, request, path: str) -> Channel:
        category, posts = queries.category_feed(path, FEED_LENGTH)
        about = f"Posts in ‘{category.name}’"
        return _term_channel(self, category, posts, about, path=category.path)


class CategoryAtom(CategoryRss):
    feed_type = FullAtom
    url_name = "category_archive_feed_atom"


class AuthorRss(PostFeed):
    url_name = "author_archive_feed_rss"

    def get_object(self, request, slug: str) -> Channel:
        author, posts = queries.author_feed(slug, FEED_LENGTH)
        about = f"Posts by {author.display_name}"
        return _term_channel(self, author, posts, about, slug=author.slug)


class AuthorAtom(AuthorRss):
    feed_type = FullAtom
    url_name = "author_archive_feed_atom"


def _term_channel(
    feed: PostFeed, term: Tag | Category | Author, posts: list[Post], about: str, **url_kwargs
) -> Channel:
    description = getattr(term, "description", "") or getattr(term, "bio", "")
    return feed.build_channel(
        posts,
        title=str(term),
        description=description or f"{about} on {SiteSettings.current().name}",
        archive_path=term.get_absolute_url(),
        **url_kwargs,
    )

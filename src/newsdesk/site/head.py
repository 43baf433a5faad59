"""What a page says about itself in ``<head>``: its canonical address, its feeds, its
neighbours, its versions in other languages (``hreflang``), and the OpenGraph,
Twitter card and JSON-LD data that link previews and search engines read.

Titles live in the templates (they are translatable words); everything here is data.
Addresses are absolute (``settings.BASE_URL``) where other sites read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from newsdesk.content.editions import autonym
from newsdesk.content.models import Image, Post, SiteSettings
from newsdesk.content.queries import Alternate
from newsdesk.site.jinja import absolute, iso_datetime, shows_image


@dataclass(frozen=True)
class Feed:
    title: str
    kind: str  # "rss" or "atom"
    href: str

    @property
    def mime_type(self) -> str:
        return f"application/{self.kind}+xml"


@dataclass
class Head:
    canonical: str
    description: str = ""
    og_type: str = "website"
    image: Image | None = None
    json_ld: dict | None = None
    feeds: list[Feed] = field(default_factory=list)
    previous: str = ""
    next: str = ""
    published: str = ""
    modified: str = ""
    noindex: bool = False
    # The page in each language, itself included (empty when it has no other), and the
    # version for readers of any other language.
    alternates: list[Alternate] = field(default_factory=list)
    x_default: str = ""

    @property
    def image_url(self) -> str:
        return absolute(self.image.file.url) if shows_image(self.image) else ""

    def other_languages(self, language: str) -> list[LanguageLink]:
        """The language switcher: the versions not in ``language``, named in their own."""
        return [
            LanguageLink(a.language, a.path, autonym(a.language))
            for a in self.alternates
            if a.language != language
        ]


@dataclass(frozen=True)
class LanguageLink:
    language: str
    path: str
    name: str  # the language's name in itself: "English", "فارسی"


def site_feeds(site: SiteSettings) -> list[Feed]:
    return [
        Feed(site.name, "rss", reverse("feed_rss")),
        Feed(site.name, "atom", reverse("feed_atom")),
    ]


def archive_feeds(site: SiteSettings, name: str, kwargs: dict, label: str) -> list[Feed]:
    """The site's feeds, then the feeds of the archive shown (tag, category, author)."""
    title = f"{site.name} » {label}"
    return [
        *site_feeds(site),
        Feed(title, "rss", reverse(f"{name}_feed_rss", kwargs=kwargs)),
        Feed(title, "atom", reverse(f"{name}_feed_atom", kwargs=kwargs)),
    ]


def news_article(post: Post, site: SiteSettings, canonical: str, protected: bool) -> dict:
    """schema.org NewsArticle for a post page; a protected post's summary is withheld."""
    if post.byline:
        authors = [{"@type": "Organization", "name": post.byline}]
    else:
        authors = [
            {"@type": "Person", "name": a.display_name, "url": absolute(a.get_absolute_url())}
            for a in post.card_authors
        ]
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.display_title[:110],
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "datePublished": iso_datetime(post.published_at),
        "dateModified": iso_datetime(max(filter(None, [post.published_at, post.updated_at]))),
        "inLanguage": post.language,
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": site.name,
            "url": settings.BASE_URL + "/",
        },
    }
    if not protected and post.summary:
        data["description"] = post.summary
    if shows_image(post.featured_image):
        data["image"] = [absolute(post.featured_image.file.url)]
    if post.card_tags:
        data["keywords"] = [tag.name for tag in post.card_tags]
    categories = getattr(post, "card_categories", [])
    if categories:
        data["articleSection"] = [category.name for category in categories]
    return data

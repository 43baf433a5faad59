"""The whole URL map, WordPress-compatible so migrated links keep working.

Every archive has a paginated form (``<name>_page``) and, for site and terms, RSS and
Atom feeds (``<name>_feed_rss`` / ``<name>_feed_atom``); :mod:`newsdesk.content.stale`
builds addresses from these names, so keep them in step.
"""

from django.contrib import admin
from django.urls import path, register_converter

from newsdesk.site import views
from newsdesk.syndication import feeds, sitemaps


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


class TwoDigit:
    regex = "[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:02d}"


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigit, "mm")


def archive(prefix: str, view, name: str, feeds_for=None) -> list:
    """Page 1, page n and (optionally) the RSS and Atom feeds of one archive."""
    routes = [
        path(f"{prefix}page/<int:page>/", view, name=f"{name}_page"),
    ]
    if feeds_for is not None:
        rss, atom = feeds_for
        feed_name = "feed" if name == "home" else f"{name}_feed"
        routes += [
            path(f"{prefix}feed/", rss, name=f"{feed_name}_rss"),
            path(f"{prefix}feed/atom/", atom, name=f"{feed_name}_atom"),
        ]
    return [*routes, path(prefix, view, name=name)]


urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemaps.index, name="sitemap_index"),
    path("sitemap-<str:section>.xml", sitemaps.section, name="sitemap_section"),
    path("news-sitemap.xml", sitemaps.news, name="news_sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("mirrors.json", views.mirrors_json, name="mirrors_json"),
    path("media/<path:path>", views.media, name="media"),
    *archive("", views.home, "home", (feeds.SiteRss(), feeds.SiteAtom())),
    *archive(
        "tag/<str:slug>/", views.tag_archive, "tag_archive", (feeds.TagRss(), feeds.TagAtom())
    ),
    *archive(
        "category/<path:path>/",
        views.category_archive,
        "category_archive",
        (feeds.CategoryRss(), feeds.CategoryAtom()),
    ),
    *archive(
        "author/<str:slug>/",
        views.author_archive,
        "author_archive",
        (feeds.AuthorRss(), feeds.AuthorAtom()),
    ),
    *archive("series/<str:slug>/", views.series_archive, "series_archive"),
    *archive("<yyyy:year>/<mm:month>/", views.month_archive, "month_archive"),
    *archive("<yyyy:year>/", views.year_archive, "year_archive"),
    path("<yyyy:year>/<mm:month>/<mm:day>/<str:slug>/", views.post_dated, name="post_dated"),
    path("<path:path>/", views.post_or_page, name="post_or_page"),
]

handler404 = "newsdesk.site.views.not_found"
handler500 = "newsdesk.site.views.server_error"

"""The whole URL map, WordPress-compatible so migrated links keep working.

Every archive has a paginated form (``<name>_page``) and, for site and terms, RSS and
Atom feeds (``<name>_feed_rss`` / ``<name>_feed_atom``); :mod:`newsdesk.content.stale`
builds addresses from these names, so keep them in step.

Each language of ``settings.LANGUAGES`` has an edition under its code (``/fa/``): the
home page, archives, search and posts of that language, named as the main ones in a
namespace of the language (``fa:tag_archive``); see :mod:`newsdesk.content.editions`.
The edition of the site's own language answers 301 to the plain addresses.
"""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter

from newsdesk.accounts import passkeys
from newsdesk.content import numbers
from newsdesk.content.view_on_site import view_on_site
from newsdesk.site import preview, security_txt, views
from newsdesk.syndication import feeds, sitemaps


class PageNumber:
    """A number of an address, read by :mod:`newsdesk.content.numbers`: out of its range,
    the route does not match (and the address ends "not found")."""

    regex = "[0-9]+"
    read = staticmethod(numbers.page_number)
    width = 0

    def to_python(self, value: str) -> int:
        return self.read(value)

    def to_url(self, value: int) -> str:
        return f"{value:0{self.width}d}"


class RecordId(PageNumber):
    read = staticmethod(numbers.record_id)


class Year(PageNumber):
    regex = "[0-9]{4}"
    read = staticmethod(numbers.year)
    width = 4


class Month(PageNumber):
    regex = "[0-9]{2}"
    read = staticmethod(numbers.month)
    width = 2


class Day(Month):
    read = staticmethod(numbers.day)


register_converter(PageNumber, "page")
register_converter(RecordId, "id")
register_converter(Year, "yyyy")
register_converter(Month, "mm")
register_converter(Day, "dd")


def archive(prefix: str, view, name: str, feeds_for=None) -> list:
    """Page 1, page n and (optionally) the RSS and Atom feeds of one archive."""
    routes = [
        path(f"{prefix}page/<page:page>/", view, name=f"{name}_page"),
    ]
    if feeds_for is not None:
        rss, atom = feeds_for
        feed_name = "feed" if name == "home" else f"{name}_feed"
        routes += [
            path(f"{prefix}feed/", rss, name=f"{feed_name}_rss"),
            path(f"{prefix}feed/atom/", atom, name=f"{feed_name}_atom"),
        ]
    return [*routes, path(prefix, view, name=name)]


def edition(code: str):
    """The routes of one language edition (no feeds: the main ones carry every language)."""
    routes = [
        *archive("", views.home, "home"),
        path("search/", views.search, name="search"),
        *archive("tag/<str:slug>/", views.tag_archive, "tag_archive"),
        *archive("category/<path:path>/", views.category_archive, "category_archive"),
        *archive("author/<str:slug>/", views.author_archive, "author_archive"),
        *archive("<yyyy:year>/<mm:month>/", views.month_archive, "month_archive"),
        *archive("<yyyy:year>/", views.year_archive, "year_archive"),
        path("<yyyy:year>/<mm:month>/<dd:day>/<str:slug>/", views.post_dated, name="post_dated"),
        path("<path:path>/", views.post_or_page, name="post_or_page"),
    ]
    return path(f"{code}/", include((routes, code), namespace=code), {"edition": code})


EDITIONS = [edition(code.split("-")[0].lower()) for code, _name in settings.LANGUAGES]

urlpatterns = [
    # Before the admin's own: its "View on site" shortcut, answering only about what the
    # user may see (see newsdesk.content.view_on_site).
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="admin_view_on_site",
    ),
    # The login and the staff's security pages first: /admin/login/ is theirs.
    path("admin/", include("newsdesk.accounts.urls")),
    # The passkey endpoints keep the library's namespace, which its template tags use.
    path("admin/security/passkeys/", include(passkeys.urlpatterns)),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemaps.index, name="sitemap_index"),
    path("sitemap-<str:section>.xml", sitemaps.section, name="sitemap_section"),
    path("news-sitemap.xml", sitemaps.news, name="news_sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("mirrors.json", views.mirrors_json, name="mirrors_json"),
    path(".well-known/security.txt", security_txt.security_txt, name="security_txt"),
    path("security.txt", security_txt.old_address),
    path("preview/<id:post_id>/", preview.staff_preview, name="preview_post"),
    path("preview/s/<str:token>/", preview.shared_preview, name="preview_shared"),
    path("media/<path:path>", views.media, name="media"),
    path("search/", views.search, name="search"),
    *EDITIONS,
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
    path("<yyyy:year>/<mm:month>/<dd:day>/<str:slug>/", views.post_dated, name="post_dated"),
    path("<path:path>/", views.post_or_page, name="post_or_page"),
]

handler404 = "newsdesk.site.views.not_found"
handler500 = "newsdesk.site.views.server_error"

"""Every public address, from the domain: no crawling.

Archives are listed with all their pages, computed from the counts the actions keep
(terms) or one grouped read (home, dates, series), built with the same
:class:`~newsdesk.content.stale.Archive` the stale sets use, so an export and a stale
set always name a page alike. Posts come with their parts (``/<slug>/2/`` …) when
written in several. Each language edition (``/fa/``, see
:mod:`newsdesk.content.editions`) adds its home, date and term archives, as far as
they list posts in its language.

Order matters for speed, not correctness: pages that list the same posts are kept
together (home, dates, terms), so a worker renders each post's card once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from math import ceil
from urllib.parse import unquote

from django.db.models import Count
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from newsdesk.content import editions
from newsdesk.content.editions import language_q, url_name
from newsdesk.content.models import (
    Author,
    Category,
    Page,
    Post,
    PostAuthor,
    PostCategory,
    PostTag,
    SiteSettings,
    Status,
    Tag,
)
from newsdesk.content.stale import SITE_FEEDS, Archive
from newsdesk.export.layout import NOT_FOUND
from newsdesk.syndication import sitemaps

#: Addresses of every export that no stale set names: the "not found" page lists the
#: newest posts and most used tags, the news sitemap the last two days' posts.
ALWAYS = (NOT_FOUND, "/news-sitemap.xml")


def every_address() -> list[str]:
    """All public addresses, each once, in an order good for rendering."""
    per_page = SiteSettings.current().posts_per_page
    found: dict[str, None] = {}
    groups = [_home(per_page), _dates(per_page), _terms(per_page), _series(per_page)]
    for edition in editions.editions():
        groups += [
            _home(per_page, edition),
            _dates(per_page, edition),
            _edition_terms(per_page, edition),
        ]
    groups += [_posts(), _pages(), _feeds(), _files()]
    for group in groups:
        found.update(dict.fromkeys(group))
    return list(found)


def parts_of(paths: Iterable[str]) -> dict[str, list[str]]:
    """The addresses of every part of each public post among ``paths`` (itself first);
    addresses that are not a public post's are left out. Reads only those posts."""
    wanted = set(paths)
    slugs = {slug for path in wanted if (slug := _post_slug(path))}
    found: dict[str, list[str]] = {}
    posts = Post.objects.public().filter(slug__in=slugs)
    for post in posts.only("slug", "published_at", "language", "body_html"):
        path = post.get_absolute_url()
        if path in wanted:
            found[path] = post.part_paths()
    return found


def _post_slug(path: str) -> str | None:
    """The slug in a post's address (``/<slug>/``, ``/<yyyy>/<mm>/<dd>/<slug>/``)."""
    try:
        match = resolve(unquote(path))
    except Resolver404:
        return None
    if match.url_name == "post_dated":
        return match.kwargs["slug"]
    if match.url_name == "post_or_page":
        return match.kwargs["path"].rsplit("/", 1)[-1]
    return None


# --- groups ------------------------------------------------------------------------------


def _pages_of(archive: Archive, count: int, per_page: int) -> Iterator[str]:
    for number in range(1, max(1, ceil(count / per_page)) + 1):
        yield archive.page_path(number)


def _public(edition: str = ""):
    """Public posts; a language edition's (``/fa/``) lists only its language's."""
    public = Post.objects.public()
    return public.filter(language_q(edition)) if edition else public


def _archive(name: str, edition: str, *kwargs: tuple[str, object]) -> Archive:
    """An archive of the main edition, or of a language edition (which has no feeds)."""
    return Archive(url_name(name, edition), kwargs, has_feeds=not edition)


def _home(per_page: int, edition: str = "") -> Iterator[str]:
    public = _public(edition)
    listed = public.filter(sticky=False).count()
    if edition and not listed and not public.exists():
        return  # an edition shows only once something is published in its language
    yield from _pages_of(_archive("home", edition), listed, per_page)


def _dates(per_page: int, edition: str = "") -> Iterator[str]:
    """Years and months with public posts, newest first (as the home page runs)."""
    months: Counter[tuple[int, int]] = Counter()
    dates = _public(edition).values_list("published_at", flat=True)
    for published_at in dates.iterator(chunk_size=5000):
        local = timezone.localtime(published_at)
        months[(local.year, local.month)] += 1
    years: Counter[int] = Counter()
    for (year, _month), count in months.items():
        years[year] += count
    for year in sorted(years, reverse=True):
        yield from _pages_of(
            _archive("year_archive", edition, ("year", year)), years[year], per_page
        )
        for month in sorted((m for y, m in months if y == year), reverse=True):
            archive = _archive("month_archive", edition, ("year", year), ("month", month))
            yield from _pages_of(archive, months[(year, month)], per_page)


_TERM_KINDS = (
    (Tag, PostTag, "tag", "tag_archive", "slug"),
    (Category, PostCategory, "category", "category_archive", "path"),
    (Author, PostAuthor, "author", "author_archive", "slug"),
)


def _terms(per_page: int) -> Iterator[str]:
    """Every tag, category and author that lists public posts, with every page and both
    feeds; one with none is not public (not found on the site), so not exported."""
    for model, _link, _fk, name, key in _TERM_KINDS:
        listed = model.objects.filter(post_count__gt=0).order_by("pk")
        for value, count in listed.values_list(key, "post_count"):
            archive = _archive(name, "", (key, value))
            yield from _pages_of(archive, count, per_page)
            yield from sorted(archive.feed_paths())


def _edition_terms(per_page: int, edition: str) -> Iterator[str]:
    """Terms as a language edition lists them: only those with posts in its language."""
    for _model, link, fk, name, key in _TERM_KINDS:
        counts = (
            link.objects.live()
            .filter(language_q(edition, "post__language"))
            .values_list(f"{fk}__{key}")
            .annotate(count=Count("pk"))
            .order_by(f"{fk}__{key}")
        )
        for value, count in counts:
            yield from _pages_of(_archive(name, edition, (key, value)), count, per_page)


def _series(per_page: int) -> Iterator[str]:
    parts = (
        Post.objects.public()
        .exclude(series=None)
        .values("series__slug")
        .annotate(count=Count("pk"))
        .order_by("series__slug")
    )
    for row in parts:
        archive = Archive("series_archive", (("slug", row["series__slug"]),), has_feeds=False)
        yield from _pages_of(archive, row["count"], per_page)


def _posts() -> Iterator[str]:
    posts = Post.objects.public().only("slug", "published_at", "language", "body_html")
    for post in posts.order_by("-published_at", "-pk").iterator(chunk_size=2000):
        yield from post.part_paths()


def _pages() -> Iterator[str]:
    for page in Page.objects.filter(status=Status.PUBLISHED).order_by("path"):
        yield page.get_absolute_url()


def _feeds() -> Iterator[str]:
    for name in SITE_FEEDS:
        yield reverse(name)


def _files() -> Iterator[str]:
    yield reverse("sitemap_index")
    for section in sitemaps.sections():
        yield reverse("sitemap_section", kwargs={"section": section.name})
    yield reverse("news_sitemap")
    yield reverse("robots_txt")
    yield reverse("mirrors_json")
    yield NOT_FOUND

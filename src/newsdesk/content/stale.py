"""Which public addresses a change made stale.

Every action returns a :class:`Stale`. The page cache purges it and the static
exporter re-renders it, so it must be exact: every page that shows the changed item,
and as few others as possible.

A post's *footprint* is where it appears: its own page and, for each archive it is
listed in (home, each tag, category and author, its year and month, its series),
its position there. Comparing the footprint before and after a change gives the
stale pages: where nothing moved, only the page that lists the post; where the
post entered, left or moved within an archive, every page from its old or new
position to the end, because later pages shift.

A post in a language with an edition of its own (``/fa/``, see
:mod:`newsdesk.content.editions`) is listed in the main edition's archives and in
its edition's; both count in its footprint. The pages of its translations link to
it (language switcher, ``hreflang``), so they and their sitemap months count too.

Paths are URI-escaped, exactly as ``reverse()`` returns them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from math import ceil

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from newsdesk.content.editions import (
    edition_of,
    editions,
    language_q,
    translation_group,
    translation_root,
    url_name,
)
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

SITE_FEEDS = ("feed_rss", "feed_atom")
#: Addresses per sitemap file; a longer section continues in "<name>-2", "<name>-3"…
SITEMAP_PER_FILE = 5000
_TERM_SECTIONS = {
    "tag_archive": "tags",
    "category_archive": "categories",
    "author_archive": "authors",
}


@dataclass
class Stale:
    """A set of public paths to refresh; ``everything`` when a change touches every page
    (site name, menus, a renamed tag shown on many cards)."""

    paths: set[str] = field(default_factory=set)
    everything: bool = False

    def __or__(self, other: Stale) -> Stale:
        return Stale(self.paths | other.paths, self.everything or other.everything)

    def __bool__(self) -> bool:
        return self.everything or bool(self.paths)

    @classmethod
    def all(cls) -> Stale:
        return cls(everything=True)


@dataclass(frozen=True)
class Archive:
    """One paginated listing: its URL names and arguments."""

    name: str  # url name of page 1; "<name>_page" serves page n, "<name>_feed_*" its feeds
    kwargs: tuple[tuple[str, object], ...] = ()
    has_feeds: bool = True

    def page_path(self, number: int) -> str:
        kwargs = dict(self.kwargs)
        if number <= 1:
            return reverse(self.name, kwargs=kwargs)
        return reverse(f"{self.name}_page", kwargs={**kwargs, "page": number})

    def feed_paths(self) -> set[str]:
        if not self.has_feeds:
            return set()
        prefix = "feed" if self.name == "home" else f"{self.name}_feed"
        return {
            reverse(f"{prefix}_rss", kwargs=dict(self.kwargs)),
            reverse(f"{prefix}_atom", kwargs=dict(self.kwargs)),
        }


@dataclass(frozen=True)
class Placement:
    position: int  # 0-based rank among the archive's live posts, newest first
    total: int


@dataclass
class Footprint:
    post_paths: set[str] = field(default_factory=set)
    # Parts 2, 3… of a post written in parts (``…/2/``): shown, never redirected.
    part_paths: set[str] = field(default_factory=set)
    placements: dict[Archive, Placement] = field(default_factory=dict)
    sitemap_months: set[tuple[int, int]] = field(default_factory=set)
    series_paths: set[str] = field(default_factory=set)
    # Pages of the post's translations, which link to it (never redirected to it).
    translation_paths: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, post: Post) -> Footprint:
        """Where ``post`` shows now, as the database says (call before and after a change)."""
        footprint = cls()
        if post.pk is None:
            return footprint
        stored = Post.objects.filter(pk=post.pk).first()
        if stored is None:
            return footprint
        own, *parts = stored.part_paths()
        footprint.post_paths.add(own)
        footprint.part_paths.update(parts)
        if not stored.is_public:
            return footprint
        when = stored.published_at
        for archive, placement in _placements(stored):
            footprint.placements[archive] = placement
        local = timezone.localtime(when)
        footprint.sitemap_months.add((local.year, local.month))
        if stored.series_id:
            footprint.series_paths |= _series_paths(stored.series_id)
        for translation in _translations(stored):
            footprint.translation_paths.add(translation.get_absolute_url())
            local = timezone.localtime(translation.published_at)
            footprint.sitemap_months.add((local.year, local.month))
        return footprint


def stale_between(before: Footprint, after: Footprint) -> Stale:
    per_page = SiteSettings.current().posts_per_page
    paths = before.post_paths | after.post_paths | before.series_paths | after.series_paths
    paths |= before.part_paths | after.part_paths
    paths |= before.translation_paths | after.translation_paths
    for archive in before.placements.keys() | after.placements.keys():
        old, new = before.placements.get(archive), after.placements.get(archive)
        paths |= archive.feed_paths()
        if old == new:
            paths.add(archive.page_path(old.position // per_page + 1))
            continue
        first = min(p.position for p in (old, new) if p) // per_page + 1
        last = max(ceil(p.total / per_page) for p in (old, new) if p)
        paths |= {archive.page_path(n) for n in range(first, max(first, last) + 1)}
    if any(a.name.endswith(":home") for a in before.placements.keys() ^ after.placements.keys()):
        # A post entered or left an edition: the main home page links to the editions
        # that have posts.
        paths.add(reverse("home"))
    paths |= _subcategory_pages(before, after, per_page)
    if before.placements or after.placements:
        paths |= {reverse(name) for name in SITE_FEEDS}
        paths |= {reverse("sitemap_index"), reverse("news_sitemap")}
        paths |= _sitemap_paths(before, after)
    return Stale(paths)


def _subcategory_pages(before: Footprint, after: Footprint, per_page: int) -> set[str]:
    """A category's page links to its parent's archive only while that lists posts (an
    archive of none is not public): a category that got its first post, or lost its
    last, changes every page of its subcategories, in every edition."""
    paths: set[str] = set()
    for archive in before.placements.keys() ^ after.placements.keys():
        placement = before.placements.get(archive) or after.placements[archive]
        if archive.name != "category_archive" or placement.total != 1:
            continue  # not a category, or one that lists other posts too
        parent = dict(archive.kwargs)["path"]
        for edition in ("", *editions()):
            links = PostCategory.objects.live().filter(category__parent__path=parent)
            if edition:
                links = links.filter(language_q(edition, "post__language"))
            counts = links.order_by().values_list("category__path").annotate(n=Count("pk"))
            for path, count in counts:
                child = Archive(url_name("category_archive", edition), (("path", path),), False)
                paths |= {child.page_path(n) for n in range(1, ceil(count / per_page) + 1)}
    return paths


def _sitemap_paths(before: Footprint, after: Footprint) -> set[str]:
    """The sitemap files listing the post, its terms (listed while they have posts, with
    their newest post as lastmod) and the home page (lastmod of the newest post)."""
    sections = {"pages": Page.objects.filter(status=Status.PUBLISHED).count() + 1}
    public = Post.objects.public()
    for year, month in before.sitemap_months | after.sitemap_months:
        start, end = month_bounds(year, month)
        count = public.filter(published_at__gte=start, published_at__lt=end).count()
        sections[f"posts-{year}-{month:02d}"] = count
    kinds = {a.name for a in before.placements.keys() | after.placements.keys()}
    for archive_name, section in _TERM_SECTIONS.items():
        if archive_name in kinds:
            model = {"tags": Tag, "categories": Category, "authors": Author}[section]
            sections[section] = model.objects.filter(post_count__gt=0).count() + 1
    paths = set()
    for section, count in sections.items():
        for part in range(1, max(1, ceil(count / SITEMAP_PER_FILE)) + 1):
            name = section if part == 1 else f"{section}-{part}"
            paths.add(reverse("sitemap_section", kwargs={"section": name}))
    return paths


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The first instant of a month and of the next, in the site's time zone."""
    start = datetime(year, month, 1, tzinfo=timezone.get_current_timezone())
    return start, (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def _newer_than(when: datetime, post_id: int, at: str = "published_at", pk: str = "pk") -> Q:
    return Q(**{f"{at}__gt": when}) | Q(**{at: when, f"{pk}__gt": post_id})


def _placement(members: QuerySet, post: Post, at: str, pk: str) -> Placement:
    newer = members.filter(_newer_than(post.published_at, post.pk, at, pk)).count()
    return Placement(newer, members.count())


def _placements(post: Post):
    """Where the post is listed: the main edition's archives, and its language
    edition's when it has one."""
    yield from _edition_placements(post, "")
    edition = edition_of(post.language)
    if edition:
        yield from _edition_placements(post, edition)


def _edition_placements(post: Post, edition: str):
    public = Post.objects.public()
    if edition:
        public = public.filter(language_q(edition))
    feeds = not edition  # editions have no feeds of their own
    home = Archive(url_name("home", edition), has_feeds=feeds)
    if post.sticky:
        # Sticky posts head page 1 of the home page; the rest paginate beneath them.
        yield home, Placement(0, public.sticky(False).count() + 1)
    else:
        yield home, _placement(public.sticky(False), post, "published_at", "pk")
    local = timezone.localtime(post.published_at)
    month_start, next_month = month_bounds(local.year, local.month)
    year_start, _ = month_bounds(local.year, 1)
    year = public.filter(
        published_at__gte=year_start, published_at__lt=year_start.replace(year=local.year + 1)
    )
    month = public.filter(published_at__gte=month_start, published_at__lt=next_month)
    yield (
        Archive(url_name("year_archive", edition), (("year", local.year),), has_feeds=False),
        _placement(year, post, "published_at", "pk"),
    )
    yield (
        Archive(
            url_name("month_archive", edition),
            (("year", local.year), ("month", local.month)),
            has_feeds=False,
        ),
        _placement(month, post, "published_at", "pk"),
    )
    links = (
        (PostTag, "tag", "tag_archive", "slug"),
        (PostCategory, "category", "category_archive", "path"),
        (PostAuthor, "author", "author_archive", "slug"),
    )
    for model, fk, name, key in links:
        rows = model.objects.filter(post=post).select_related(fk)
        for row in rows:
            term = getattr(row, fk)
            members = model.objects.live().filter(**{fk: term})
            if edition:
                members = members.filter(language_q(edition, "post__language"))
            archive = Archive(url_name(name, edition), ((key, getattr(term, key)),), feeds)
            yield archive, _placement(members, post, "published_at", "post_id")


def _translations(post: Post) -> list[Post]:
    """The other public posts of the post's translation group (its original and the
    original's other translations), whose pages link to this one."""
    others = [pk for pk in translation_group(translation_root(post)) if pk != post.pk]
    return list(Post.objects.public().filter(pk__in=others)) if others else []


def _series_paths(series_id: int) -> set[str]:
    """A series page and every part's page: each shows the list of parts."""
    parts = Post.objects.public().filter(series_id=series_id).select_related("series")
    paths = {part.get_absolute_url() for part in parts}
    first = next(iter(parts), None)
    if first is not None:
        paths.add(first.series.get_absolute_url())
    return paths

"""What each public page shows, in a constant number of queries.

Views call these and hand the result to a template; templates run no queries.
Archive pages never count posts: a page fetches one row more than it shows to
know whether a next page exists, and term pages read the counts the actions keep.

A tag, category, author or series with no public post is not public itself: its
archive and feeds are "not found", and no public page names it (a Contributor's new
tag, or a writer's byline, shows once a post using it is published).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from newsdesk import memos
from newsdesk.content import editions, numbers
from newsdesk.content.editions import language_q
from newsdesk.content.links import is_safe_link
from newsdesk.content.models import (
    Author,
    Category,
    Comment,
    FollowLink,
    Image,
    Menu,
    Page,
    Post,
    PostAuthor,
    PostCategory,
    PostTag,
    Redirect,
    Series,
    SiteSettings,
    Status,
    Tag,
)
from newsdesk.content.models.posts import post_path

# Card templates never show the body; leaving it unread keeps archive pages light.
CARD_DEFERRED = ("body", "body_html", "excerpt")


@dataclass
class ArchivePage:
    """One page of an archive: which posts, in order. ``posts`` loads them for cards;
    the public site usually needs only the ids (it remembers rendered cards)."""

    post_ids: list[int]
    number: int
    has_next: bool
    total: int | None = None  # known for terms (kept counts), None for date archives
    versions: dict[int, object] | None = None  # the posts' updated_at, when already read

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @cached_property
    def posts(self) -> list[Post]:
        return load_cards(self.post_ids)


@dataclass
class SeriesNav:
    series: Series
    parts: list[Post]
    current: int  # 1-based part index of the post shown

    @property
    def total(self) -> int:
        return len(self.parts)

    @property
    def previous(self) -> Post | None:
        return self.parts[self.current - 2] if self.current > 1 else None

    @property
    def next(self) -> Post | None:
        return self.parts[self.current] if self.current < len(self.parts) else None


@dataclass
class Chrome:
    """What every page shows around its content: settings, menus, follow links."""

    site: SiteSettings
    menus: dict[str, list] = field(default_factory=dict)
    follow_links: list[FollowLink] = field(default_factory=list)


_chrome_parts: dict[int, tuple[dict[str, list], list[FollowLink]]] = {}
memos.register("page chrome", _chrome_parts, when=memos.GENERATION)


def chrome() -> Chrome:
    """Menus and follow links change only through actions that raise the site's
    ``generation``, so each worker reads them once per generation. An address that is
    not a link (stored before the actions refused them) is left out."""
    site = SiteSettings.current()
    parts = _chrome_parts.get(site.generation)
    if parts is None:
        menus: dict[str, list] = {}
        for menu in Menu.objects.exclude(location=None).prefetch_related("items"):
            items = [item for item in menu.items.all() if is_safe_link(item.url)]
            if items:
                menus[menu.location] = items
        follow = [link for link in FollowLink.objects.all() if is_safe_link(link.url)]
        parts = (menus, follow)
        _chrome_parts.clear()
        _chrome_parts[site.generation] = parts
    return Chrome(site, *parts)


def per_page() -> int:
    return SiteSettings.current().posts_per_page


def _window(number: int) -> tuple[int, int]:
    if not 1 <= number <= numbers.MAX_PAGE:
        raise Http404("No such page")
    size = per_page()
    start = (number - 1) * size
    return start, start + size + 1


def _page_of(
    ids: Sequence[int],
    number: int,
    total: int | None = None,
    language: str = "",
    versions: dict[int, object] | None = None,
) -> ArchivePage:
    """One page of ids; past the end is "not found", and so is an empty archive of a
    language edition (it would only repeat the main one's "nothing here yet")."""
    size = per_page()
    if (number > 1 or language) and not ids:
        raise Http404("No such page")
    return ArchivePage(list(ids[:size]), number, len(ids) > size, total, versions)


def _term_page(rows: list[tuple[int, object]], number: int, total: int | None, language: str):
    """One page of a term's or period's archive; one that lists nothing is not found (a
    term with no public post is not public)."""
    if not rows:
        raise Http404("No public posts here")
    return _page_of([pk for pk, _updated in rows], number, total, language, dict(rows))


def card_versions(post_ids: list[int]) -> dict[int, object]:
    """When each post last changed: a rendered card is good while this stays the same
    (and the site's ``generation`` too, for renamed tags, authors and images).

    Plain SQL: this runs on every archive page, and building the ORM query would cost
    more than running it."""
    if not post_ids:
        return {}
    marks = ", ".join(["%s"] * len(post_ids))
    sql = f"SELECT id, updated_at FROM {Post._meta.db_table} WHERE id IN ({marks})"  # noqa: S608 - table name from the model, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, post_ids)
        return dict(cursor.fetchall())


def load_cards(post_ids: list[int]) -> list[Post]:
    """Posts ready for cards, in the given order: featured image and its renditions,
    tags, authors.

    Five queries whatever the number of posts, tags or authors, in plain SQL (see
    :func:`_find`).
    """
    return _load(post_ids, CARD_DEFERRED, renditions=True)


def with_bodies(post_ids: list[int]) -> list[Post]:
    """Posts with their bodies, featured images (feeds name the original file), tags
    and authors, in the given order: four queries."""
    return _load(post_ids, (), renditions=False)


def _load(post_ids: list[int], deferred: Sequence[str], *, renditions: bool) -> list[Post]:
    by_id = {post.pk: post for post in _rows(Post, post_ids, deferred)}
    _attach_images(list(by_id.values()), renditions=renditions)
    _attach(by_id, "card_tags", "card_authors")
    return [by_id[pk] for pk in post_ids if pk in by_id]


def _rows(model: type, ids: Sequence[int], deferred: Sequence[str] = ()) -> list:
    """The rows with these ids, without the ``deferred`` fields (loaded if read)."""
    if not ids:
        return []
    columns = ", ".join(
        field.column for field in model._meta.concrete_fields if field.name not in deferred
    )
    marks = ", ".join(["%s"] * len(ids))
    sql = f"SELECT {columns} FROM {model._meta.db_table} WHERE id IN ({marks})"  # noqa: S608 - names from the model, values as parameters
    return list(model.objects.raw(sql, list(ids)))


def _attach_images(posts: list[Post], *, renditions: bool) -> None:
    """Give each post its featured image (and the image its renditions)."""
    images = {
        image.pk: image for image in _rows(Image, {p.featured_image_id for p in posts} - {None})
    }
    for post in posts:
        if post.featured_image_id in images:
            post.featured_image = images[post.featured_image_id]
    if renditions:
        _attach_renditions(list(images.values()))


# The post's term lists as cards and post pages show them: attribute, link model, term model.
_TERM_LISTS = {
    "card_tags": (PostTag, Tag),
    "card_authors": (PostAuthor, Author),
    "card_categories": (PostCategory, Category),
}


def _attach(by_id: dict[int, Post], *attributes: str) -> None:
    """Give each post its tags, authors or categories, in the editor's order.

    Plain SQL, one query per list whatever the number of posts: every card and post
    page needs these, and building the ORM join costs more than running it."""
    if not by_id:
        return
    marks = ", ".join(["%s"] * len(by_id))
    for attribute in attributes:
        link, term = _TERM_LISTS[attribute]
        fk = term._meta.model_name
        order = "l.position, l.id" if hasattr(link, "position") else "l.id"
        sql = (
            f"SELECT t.*, l.post_id AS listed_on FROM {term._meta.db_table} t "  # noqa: S608 - names from the models
            f"JOIN {link._meta.db_table} l ON l.{fk}_id = t.id "
            f"WHERE l.post_id IN ({marks}) ORDER BY l.post_id, {order}"
        )
        grouped: dict[int, list] = defaultdict(list)
        for found in term.objects.raw(sql, list(by_id)):
            grouped[found.listed_on].append(found)
        for pk, post in by_id.items():
            setattr(post, attribute, grouped.get(pk, []))


def _in_language(column: str, language: str) -> tuple[str, list]:
    """SQL for "written in an edition's language" (also when stored as "fa-IR"), as
    :func:`newsdesk.content.editions.language_q` says it to the ORM."""
    return f"({column} = %s OR {column} LIKE %s)", [language, f"{language}-%"]


def _link_page(
    model: type, fk: str, term_id: int, number: int, language: str = ""
) -> list[tuple[int, object]]:
    """One page of a term archive, newest first, as (post id, updated_at) pairs: a range
    of the archive index, in plain SQL because it runs on every archive page (see
    :meth:`ArchiveLinkQuerySet.live`). The posts' ``updated_at`` (what remembered cards
    are keyed on) comes in the same round trip. A language edition's archive walks
    the same index and keeps that language's posts."""
    start, stop = _window(number)
    table, posts = model._meta.db_table, Post._meta.db_table
    if not language:
        sql = (
            f"SELECT id, updated_at FROM {posts} WHERE id IN ("  # noqa: S608 - names from the models
            f"SELECT post_id FROM {table} WHERE {fk}_id = %s AND live = %s "
            "ORDER BY published_at DESC, post_id DESC LIMIT %s OFFSET %s"
            ") ORDER BY published_at DESC, id DESC"
        )
        parameters = [term_id, True, stop - start, start]
    else:
        in_language, language_parameters = _in_language("post.language", language)
        sql = (
            f"SELECT link.post_id, post.updated_at FROM {table} link "  # noqa: S608 - names from the models
            f"JOIN {posts} post ON post.id = link.post_id "
            f"WHERE link.{fk}_id = %s AND link.live = %s AND {in_language} "
            "ORDER BY link.published_at DESC, link.post_id DESC LIMIT %s OFFSET %s"
        )
        parameters = [term_id, True, *language_parameters, stop - start, start]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchall()


def _ids(queryset: QuerySet, number: int, pk: str = "pk") -> list[int]:
    start, stop = _window(number)
    return list(queryset.values_list(pk, flat=True)[start:stop])


def _newest(queryset: QuerySet, pk: str = "pk") -> QuerySet:
    return queryset.order_by("-published_at", f"-{pk}")


# --- archives ---------------------------------------------------------------------------


def _public(language: str = "") -> QuerySet:
    """Public posts; of one language only for a language edition's pages."""
    public = Post.objects.public()
    return public.filter(language_q(language)) if language else public


def public_post_ids(language: str = "") -> list[int]:
    """Every public post's id (of one edition's language, when given)."""
    return list(_public(language).values_list("pk", flat=True))


def home(number: int, language: str = "") -> tuple[list[int], ArchivePage]:
    """Sticky posts (their ids) head page 1; the newest of the rest paginate beneath them.
    ``language`` names an edition (see :mod:`newsdesk.content.editions`). The page's
    ``versions`` cover the sticky posts too."""
    sticky = _home_rows(True, language, 0, None) if number == 1 else []
    start, stop = _window(number)
    rows = _home_rows(False, language, start, stop - start)
    if language and number == 1 and not rows and not sticky:
        raise Http404("Nothing published in this language yet")
    page = _page_of([pk for pk, _updated in rows], number, versions=dict(sticky + rows))
    return [pk for pk, _updated in sticky], page


def _home_rows(sticky: bool, language: str, offset: int, limit: int | None) -> list:
    """(id, updated_at) of public posts, sticky or not, newest first: one range of the
    (status, sticky, published_at) index. ``sticky IN (…)``: SQLite matches a bare
    boolean test to no index."""
    return _public_rows("sticky IN (%s)", [sticky], language, offset, limit)


def _public_rows(
    condition: str, parameters: list, language: str, offset: int, limit: int | None
) -> list:
    """(id, updated_at) of the public posts that meet ``condition``, newest first, of an
    edition's language when given. Plain SQL: the home page and date archives run it on
    every visit, and building the ORM query costs more than running it."""
    sql = f"SELECT id, updated_at FROM {Post._meta.db_table} WHERE status = %s AND {condition}"  # noqa: S608 - names and conditions from the code, values as parameters
    parameters = [Status.PUBLISHED.value, *parameters]
    if language:
        in_language, language_parameters = _in_language("language", language)
        sql += f" AND {in_language}"
        parameters += language_parameters
    sql += " ORDER BY published_at DESC, id DESC"
    if limit is not None:
        sql += " LIMIT %s OFFSET %s"
        parameters += [limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchall()


def tag_archive(slug: str, number: int, language: str = "") -> tuple[Tag, ArchivePage]:
    tag = _term(Tag, "slug", slug)
    rows = _link_page(PostTag, "tag", tag.pk, number, language)
    return tag, _term_page(rows, number, None if language else tag.post_count, language)


def category_archive(path: str, number: int, language: str = "") -> tuple[Category, ArchivePage]:
    category = _term(Category, "path", path)
    if category.parent_id is not None:
        parent = _find(Category, id=category.parent_id)
        # The page links to its parent's archive only when that lists something.
        category.parent = parent if parent is not None and parent.post_count else None
    rows = _link_page(PostCategory, "category", category.pk, number, language)
    return category, _term_page(rows, number, None if language else category.post_count, language)


def author_archive(slug: str, number: int, language: str = "") -> tuple[Author, ArchivePage]:
    author = _term(Author, "slug", slug)
    if author.avatar_id is not None:
        author.avatar = _find(Image, id=author.avatar_id)
        _attach_renditions([author.avatar])
    rows = _link_page(PostAuthor, "author", author.pk, number, language)
    return author, _term_page(rows, number, None if language else author.post_count, language)


def date_archive(
    year: int, month: int | None, number: int, language: str = ""
) -> tuple[datetime, ArchivePage]:
    start, end = _period(year, month)
    first, stop = _window(number)
    period = [connection.ops.adapt_datetimefield_value(moment) for moment in (start, end)]
    rows = _public_rows(
        "published_at >= %s AND published_at < %s", period, language, first, stop - first
    )
    if not rows:
        raise Http404("No posts in this period")
    return start, _term_page(rows, number, None, language)


def series_archive(slug: str, number: int) -> tuple[Series, ArchivePage]:
    """A series reads in order: part 1 first."""
    series = _term(Series, "slug", slug)
    parts = (
        Post.objects.public().filter(series=series).order_by("series_part", "published_at", "pk")
    )
    ids = _ids(parts, number)
    if not ids:
        raise Http404("This series has no published parts")
    return series, _page_of(ids, number)


def _period(year: int, month: int | None) -> tuple[datetime, datetime]:
    if not numbers.in_archive_years(year):
        raise Http404("No such date")
    try:
        start = datetime(year, month or 1, 1, tzinfo=timezone.get_current_timezone())
    except ValueError:
        raise Http404("No such date") from None
    if month is None:
        return start, start.replace(year=year + 1)
    return start, (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def _term(model: type, column: str, value: str):
    """The tag, category or author an archive page is about."""
    found = _find(model, **{column: value})
    if found is None:
        raise Http404(f"No {model._meta.verbose_name} matches")
    return found


def _find(model: type, **columns):
    """The first row whose columns hold these values, or None. Plain SQL: every public
    page starts with such a lookup, and building the ORM query costs more than running
    it."""
    where = " AND ".join(f"{column} = %s" for column in columns)
    sql = f"SELECT * FROM {model._meta.db_table} WHERE {where} LIMIT 1"  # noqa: S608 - names from the code, values as parameters
    return next(iter(model.objects.raw(sql, list(columns.values()))), None)


def _attach_renditions(images: list[Image]) -> None:
    """Load the images' renditions (newsdesk.media) as ``prefetch_related`` would, so
    templates never query: one query, in plain SQL for the same reason as :func:`_find`."""
    if not images:
        return
    relation = Image._meta.get_field("renditions")
    rendition = relation.related_model
    order = ", ".join(
        rendition._meta.get_field(name.lstrip("-")).column + (" DESC" if name[0] == "-" else "")
        for name in rendition._meta.ordering
    )
    marks = ", ".join(["%s"] * len(images))
    sql = (
        f"SELECT * FROM {rendition._meta.db_table} "  # noqa: S608 - names from the models
        f"WHERE {relation.field.column} IN ({marks}) ORDER BY {order}"
    )
    grouped: dict[int, list] = defaultdict(list)
    for found in rendition.objects.raw(sql, [image.pk for image in images]):
        grouped[found.image_id].append(found)
    for image in images:
        loaded = image.renditions.all()
        loaded._result_cache, loaded._prefetch_done = grouped.get(image.pk, []), True
        image._prefetched_objects_cache = {relation.get_accessor_name(): loaded}


# --- single items -----------------------------------------------------------------------


def public_post(slug: str) -> Post:
    """A published post with everything its page shows."""
    return _post_for_page(slug=slug, status=Status.PUBLISHED.value)


def post_for_page(post_id: int) -> Post:
    """Any post (previews show drafts), loaded as :func:`public_post` loads it."""
    if not 1 <= post_id <= numbers.MAX_ID:
        raise Http404("No post matches")
    return _post_for_page(id=post_id)


def _post_for_page(**columns) -> Post:
    """The post with its featured image (and the image's renditions), series, tags,
    authors and categories: plain SQL, see :func:`_find`."""
    post = _find(Post, **columns)
    if post is None:
        raise Http404("No post matches")
    _attach_images([post], renditions=True)
    if post.series_id is not None:
        post.series = _find(Series, id=post.series_id)
    _attach({post.pk: post}, "card_tags", "card_authors", "card_categories")
    return post


def public_page(path: str) -> Page | None:
    return _find(Page, path=path, status=Status.PUBLISHED.value)


def series_navigation(post: Post) -> SeriesNav | None:
    if not post.series_id:
        return None
    parts = list(
        Post.objects.public()
        .filter(series_id=post.series_id)
        .order_by("series_part", "published_at")
        .only("pk", "title", "slug", "published_at", "series_part", "language")
    )
    index = next((i for i, part in enumerate(parts, 1) if part.pk == post.pk), None)
    if index is None or len(parts) < 2:
        return None
    return SeriesNav(post.series, parts, index)


@dataclass
class CommentThread:
    comment: Comment
    replies: list[CommentThread] = field(default_factory=list)


@dataclass
class Discussion:
    threads: list[CommentThread]
    count: int


def discussion(item: Post | Page) -> Discussion:
    """The approved comments on a post or page, oldest first, each followed by its
    approved replies (a reply whose parent is not shown stands on its own). One query."""
    on = {"post": item} if isinstance(item, Post) else {"page": item}
    comments = list(Comment.objects.filter(status=Comment.Moderation.APPROVED, **on))
    place = {comment.pk: index for index, comment in enumerate(comments)}
    threads = [CommentThread(comment) for comment in comments]
    top = []
    for index, thread in enumerate(threads):
        parent = place.get(thread.comment.parent_id)
        # Only to an earlier comment: a file's parent loop cannot hide a thread.
        if parent is not None and parent < index:
            threads[parent].replies.append(thread)
        else:
            top.append(thread)
    return Discussion(top, len(comments))


# --- translations and editions ----------------------------------------------------------


@dataclass(frozen=True)
class Alternate:
    """One language version of a page: a post's translation, an edition's home."""

    language: str
    path: str  # as reverse() returns it (URI-escaped)


def _language_order(language: str) -> tuple[int, str]:
    order = editions.offered()
    code = editions.language_of(language)
    return (order.index(code) if code in order else len(order), code)


def _alternates(members: list[tuple[int, str, datetime, str]]) -> list[Alternate]:
    """One address per language, the oldest post winning, in the site's language order;
    nothing when the post has no version in another language."""
    chosen: dict[str, Alternate] = {}
    for _pk, slug, published_at, language in sorted(members):
        code = editions.language_of(language)
        chosen.setdefault(code, Alternate(code, post_path(slug, published_at, language)))
    if len(chosen) < 2:
        return []
    return sorted(chosen.values(), key=lambda alternate: _language_order(alternate.language))


def translations(post: Post) -> list[Alternate]:
    """The public language versions of a post, itself included: the original it
    translates (``translation_of``) and the other translations of that original (see
    :func:`newsdesk.content.editions.translation_group`). Empty when the post stands
    alone."""
    group = editions.translation_group(editions.translation_root(post))
    if len(group) < 2:
        return []  # stands alone
    members = (
        Post.objects.public()
        .filter(pk__in=group)
        .values_list("pk", "slug", "published_at", "language")
    )
    return _alternates(list(members))


def default_alternate(alternates: list[Alternate]) -> Alternate | None:
    """The version for readers whose language none of the others is (``x-default``):
    the one in the site's language, else the first."""
    main = editions.site_language()
    return next(
        (a for a in alternates if a.language == main), alternates[0] if alternates else None
    )


def edition_homes() -> list[Alternate]:
    """The home pages of the site's languages that have published something: the main
    one, and each edition with a public post. Nothing when only the main one has."""
    homes = [Alternate(editions.site_language(), reverse("home"))]
    for code in editions.editions():
        if _publishes_in(code):
            homes.append(Alternate(code, reverse(editions.url_name("home", code))))
    return homes if len(homes) > 1 else []


def _publishes_in(language: str) -> bool:
    """Whether any public post is in ``language``: unordered, so the database may stop
    at the first it meets (in date order it may walk most of the index first)."""
    in_language, parameters = _in_language("language", language)
    sql = f"SELECT 1 FROM {Post._meta.db_table} WHERE status = %s AND {in_language} LIMIT 1"  # noqa: S608 - names from the code, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [Status.PUBLISHED.value, *parameters])
        return cursor.fetchone() is not None


def latest_posts(limit: int) -> list[Post]:
    """Newest public posts with full bodies (feeds)."""
    ids = list(_newest(Post.objects.public()).values_list("pk", flat=True)[:limit])
    return with_bodies(ids)


# --- the public site's small extras -----------------------------------------------------


def recent_posts(limit: int) -> list[Post]:
    """Titles and addresses of the newest public posts (the 404 page's suggestions)."""
    return list(
        _newest(Post.objects.public()).only("pk", "title", "slug", "published_at", "language")[
            :limit
        ]
    )


def popular_tags(limit: int) -> list[Tag]:
    """The most used tags, by the counts the actions keep (no counting per request)."""
    return list(Tag.objects.filter(post_count__gt=0).order_by("-post_count", "name")[:limit])


def redirect_target(candidates: Sequence[str]) -> str | None:
    """Where an old address now lives: the first candidate with a Redirect wins (one
    that leads to a post counts only while the post is public)."""
    wanted = [c for c in dict.fromkeys(candidates) if c]
    if not wanted:
        return None
    leads_somewhere = Q(post__isnull=True) | Q(post__status=Status.PUBLISHED)
    found = dict(
        Redirect.objects.filter(leads_somewhere, old_path__in=wanted).values_list(
            "old_path", "new_path"
        )
    )
    return next((found[c] for c in wanted if c in found), None)


# --- feeds ------------------------------------------------------------------------------


def tag_feed(slug: str, limit: int) -> tuple[Tag, list[Post]]:
    """A tag and its newest public posts with full bodies; six queries whatever the size."""
    tag = _term(Tag, "slug", slug)
    return tag, with_bodies(_feed_ids(PostTag, "tag", tag.pk, limit))


def category_feed(path: str, limit: int) -> tuple[Category, list[Post]]:
    category = _term(Category, "path", path)
    return category, with_bodies(_feed_ids(PostCategory, "category", category.pk, limit))


def author_feed(slug: str, limit: int) -> tuple[Author, list[Post]]:
    author = _term(Author, "slug", slug)
    return author, with_bodies(_feed_ids(PostAuthor, "author", author.pk, limit))


def _feed_ids(model: type, fk: str, term_id: int, limit: int) -> list[int]:
    """A term's newest public posts: the head of its archive index (see :func:`_link_page`).
    A term with none has no feed (it is not public)."""
    sql = (
        f"SELECT post_id FROM {model._meta.db_table} WHERE {fk}_id = %s AND live = %s "  # noqa: S608 - names from the models
        "ORDER BY published_at DESC, post_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [term_id, True, limit])
        ids = [pk for (pk,) in cursor.fetchall()]
    if not ids:
        raise Http404("No public posts here")
    return ids


# --- sitemaps ---------------------------------------------------------------------------
# Sitemaps list what search engines should index: public posts and pages without a
# password (their content is hidden anyway), and archives that list something.


@dataclass(frozen=True)
class SitemapMonth:
    """One publication month: how many posts it has and when the newest change was."""

    year: int
    month: int
    count: int
    lastmod: datetime


@dataclass(frozen=True)
class SitemapSummary:
    count: int
    lastmod: datetime | None


@dataclass(frozen=True)
class SitemapEntry:
    path: str  # as reverse() returns it (URI-escaped)
    lastmod: datetime | None
    image_url: str = ""  # the featured image as the storage serves it, "" for none
    alternates: tuple[Alternate, ...] = ()  # the page in other languages, itself included


@dataclass(frozen=True)
class NewsEntry:
    path: str
    title: str
    published_at: datetime
    language: str


# Term kind → its archive-link model, the link's term field, and the term's URL key.
_TERM_LINKS = {
    Tag: (PostTag, "tag", "slug"),
    Category: (PostCategory, "category", "path"),
    Author: (PostAuthor, "author", "slug"),
}


def _indexable_posts() -> QuerySet:
    # Public posts always have a date; saying so lets SQLite pick post_public_newest
    # (status, published_at) rather than post_public_sticky.
    return Post.objects.public().filter(published_at__isnull=False, password="")


def sitemap_months() -> list[SitemapMonth]:
    """Months that have indexable posts, oldest first.

    Found newest first by seeking the ``post_public_newest`` index (status,
    published_at): the newest post before the month found last names the next month,
    whose posts are then counted by a range of the same index. Two small queries a
    month, and no per-post work in Python: grouping by month would run a Python
    function per post on SQLite (time-zone truncation), about 1.5 s at 10,000 posts.
    Months are in the site's time zone, as the ``posts-YYYY-MM`` names in stale sets are.
    """
    posts = _indexable_posts()
    months: list[SitemapMonth] = []
    before = None
    while True:
        earlier = posts if before is None else posts.filter(published_at__lt=before)
        newest = earlier.order_by("-published_at").values_list("published_at", flat=True).first()
        if newest is None:
            break
        local = timezone.localtime(newest)
        start, end = _period(local.year, local.month)
        found = posts.filter(published_at__gte=start, published_at__lt=end).aggregate(
            count=Count("pk"), lastmod=Max("updated_at")
        )
        months.append(SitemapMonth(local.year, local.month, found["count"], found["lastmod"]))
        before = start
    months.reverse()
    return months


def sitemap_month_entries(year: int, month: int, offset: int, limit: int) -> list[SitemapEntry]:
    """Posts of one month, oldest first, so a new post only ever changes the last file;
    each with its translations' addresses (``alternates``)."""
    start, end = _period(year, month)
    rows = (
        _indexable_posts()
        .filter(published_at__gte=start, published_at__lt=end)
        .order_by("published_at", "pk")
        .values_list(
            "pk",
            "translation_of_id",
            "slug",
            "published_at",
            "language",
            "updated_at",
            "featured_image__file",
        )
    )[offset : offset + limit]
    rows = list(rows)
    groups = _translation_groups([(pk, original) for pk, original, *_rest in rows])
    # Rows, not model instances: thousands of them, and an Image instance may open its
    # file to measure it.
    storage = Image._meta.get_field("file").storage
    return [
        SitemapEntry(
            post_path(slug, published_at, language),
            updated_at,
            storage.url(image) if image else "",
            tuple(_alternates(groups[pk])),
        )
        for pk, original, slug, published_at, language, updated_at, image in rows
    ]


def _translation_groups(rows: list[tuple[int, int | None]]) -> dict[int, list[tuple]]:
    """The indexable language versions of many posts (post id, id of the original it
    translates), by post: a few queries whatever the number of posts, reading only
    posts that have or are translations (groups as in
    :func:`newsdesk.content.editions.translation_group`)."""
    parents = {original for _pk, original in rows if original}
    grandparents = (
        dict(
            Post.objects.filter(pk__in=parents, translation_of__isnull=False).values_list(
                "pk", "translation_of_id"
            )
        )
        if parents
        else {}
    )
    root_of = {
        pk: grandparents.get(original, original) if original else pk for pk, original in rows
    }
    roots = set(root_of.values())
    groups: dict[int, list[tuple]] = defaultdict(list)
    fields = ("pk", "slug", "published_at", "language")
    linked = (
        _indexable_posts()
        .filter(Q(translation_of_id__in=roots) | Q(translation_of__translation_of_id__in=roots))
        .values_list("translation_of_id", "translation_of__translation_of_id", *fields)
    )
    for parent, grandparent, *member in linked:
        groups[parent if parent in roots else grandparent].append(tuple(member))
    if groups:
        for member in _indexable_posts().filter(pk__in=list(groups)).values_list(*fields):
            groups[member[0]].append(member)
    return {pk: groups.get(root, []) for pk, root in root_of.items()}


def _home_lastmod() -> datetime | None:
    """Home changes when its newest post does."""
    newest = _newest(Post.objects.public()).values_list("updated_at", flat=True)
    return newest.first()


def sitemap_pages_summary() -> SitemapSummary:
    """Home plus the indexable static pages."""
    pages = Page.objects.filter(status=Status.PUBLISHED, password="").aggregate(
        count=Count("pk"), lastmod=Max("updated_at")
    )
    dates = [d for d in (pages["lastmod"], _home_lastmod()) if d is not None]
    return SitemapSummary(pages["count"] + 1, max(dates, default=None))


def sitemap_page_entries(offset: int, limit: int) -> list[SitemapEntry]:
    """Home first, then pages by path."""
    entries = []
    if offset == 0:
        entries.append(SitemapEntry("/", _home_lastmod()))
        limit -= 1
    else:
        offset -= 1
    pages = (
        Page.objects.filter(status=Status.PUBLISHED, password="")
        .order_by("path")
        .values_list("path", "updated_at")[offset : offset + limit]
    )
    entries += [SitemapEntry(Page(path=path).get_absolute_url(), when) for path, when in pages]
    return entries


def sitemap_terms_summary(kind: type[Tag | Category | Author]) -> SitemapSummary:
    """How many terms of a kind list posts, and when the newest post among them came out."""
    link, _fk, _key = _TERM_LINKS[kind]
    count = kind.objects.filter(post_count__gt=0).count()
    # Walks posts newest first and stops at the first with a live link of this kind.
    listed = link.objects.live().filter(post=OuterRef("pk"))
    newest = _newest(Post.objects.public().filter(Exists(listed)))
    return SitemapSummary(count, newest.values_list("published_at", flat=True).first())


def sitemap_term_entries(
    kind: type[Tag | Category | Author], offset: int, limit: int
) -> list[SitemapEntry]:
    """Terms that list posts, oldest first; lastmod is their newest post, one index
    probe per term."""
    link, fk, key = _TERM_LINKS[kind]
    live = link.objects.live().filter(**{fk: OuterRef("pk")})
    newest = _newest(live, "post_id")
    rows = (
        kind.objects.filter(post_count__gt=0)
        .order_by("pk")
        .annotate(lastmod=Subquery(newest.values("published_at")[:1]))
        .values_list(key, "lastmod")[offset : offset + limit]
    )
    return [SitemapEntry(kind(**{key: value}).get_absolute_url(), when) for value, when in rows]


def news_entries(since: datetime, limit: int) -> list[NewsEntry]:
    """Indexable posts published since ``since``, newest first (the news sitemap)."""
    rows = _newest(_indexable_posts().filter(published_at__gte=since)).values_list(
        "slug", "published_at", "title", "language"
    )[:limit]
    return [
        NewsEntry(post_path(slug, when, language), title, when, language)
        for slug, when, title, language in rows
    ]

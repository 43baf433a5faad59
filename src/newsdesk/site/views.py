"""The public site's views.

Each view asks :mod:`newsdesk.content.queries` for what its page shows and hands it
to a Jinja2 template; templates run no queries. Archives are paginated at
``…/page/<n>/`` (page 1 lives at the archive's own address: ``page/1/`` answers 301
there, as ``page/02/`` does to ``page/2/``); a page past the end, or a number out of
its range (:mod:`newsdesk.content.numbers`), is "not found".

Views that a language edition also serves (``/fa/…``, see
:mod:`newsdesk.content.editions`) take its code as ``edition``: the archives list
that language's posts, and the words about the content (headings, cards, pager,
dates) speak it; the chrome around (masthead, menus, footer) keeps the site's
language, as the menus editors write do.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_http_methods
from django.views.static import serve

from newsdesk import search as site_search
from newsdesk.content import editions, numbers, queries
from newsdesk.content.html import split_pages
from newsdesk.content.models import Page, Post
from newsdesk.content.queries import ArchivePage, Chrome
from newsdesk.content.slugs import slug_for
from newsdesk.content.stale import Archive
from newsdesk.search.normalise import MAX_QUERY_CHARACTERS
from newsdesk.site import fragments, protected
from newsdesk.site.head import Feed, Head, archive_feeds, news_article, site_feeds
from newsdesk.site.jinja import (
    absolute,
    gettext_in,
    iso_datetime,
    language_of,
    text_direction,
    year_of,
)
from newsdesk.site.share import share_links

# Uploaded files never change under the same name (storage picks a new one).
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"
MEDIA_SECURITY_POLICY = (
    "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox"
)
NOT_FOUND_SUGGESTIONS = 6
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
readable = require_http_methods(["GET", "HEAD"])
readable_or_unlock = require_http_methods(["GET", "HEAD", "POST"])


# --- rendering ------------------------------------------------------------------------


def _render(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    chrome: Chrome,
    head: Head,
    language: str = "",
    edition: str = "",
    status: int = 200,
    card_ids: list[int] | None = None,
    card_versions: dict[int, object] | None = None,
) -> HttpResponse:
    """A page inside the site's chrome.

    Three languages meet on a page: ``language`` is the content's (a post's own); the
    words about it (headings, cards, pager) speak the edition's, or the site's on the
    main edition; the chrome (masthead, menus, footer) speaks the site's. ``card_ids``
    lists the posts shown as cards (rendered once and remembered, see
    :mod:`newsdesk.site.fragments`)."""
    site = chrome.site
    ui_lang = language_of(site.language)
    words_lang = edition or ui_lang
    lang = language_of(language or words_lang)
    with translation.override(words_lang):
        if card_ids is not None:
            context["cards"] = fragments.card_list(
                card_ids, site, words_lang, ui_lang, edition, card_versions
            )
        html = render_to_string(
            template,
            {
                "site": site,
                "menus": chrome.menus,
                "follow_links": chrome.follow_links,
                "head": head,
                "lang": lang,
                "dir": text_direction(lang),
                "words_lang": words_lang,
                "words_dir": text_direction(words_lang),
                "ui_lang": ui_lang,
                "ui_dir": text_direction(ui_lang),
                "site_words": gettext_in(ui_lang),
                "edition": edition,
                "home_url": reverse(editions.url_name("home", edition)),
                "search_url": reverse(editions.url_name("search", edition)),
                "languages": head.other_languages(lang),
                "year": year_of(timezone.localdate(), ui_lang),
                **context,
            },
            request=request,
        )
    return HttpResponse(html, status=status)


def _main_edition_redirect(request: HttpRequest, edition: str) -> HttpResponse | None:
    """The site's own language has no prefix: ``/en/…`` on an English site is ``/…``."""
    if edition and edition == editions.site_language():
        return HttpResponsePermanentRedirect(request.get_full_path()[len(edition) + 1 :])
    return None


def _page_redirect(request: HttpRequest, archive: Archive, number: int):
    """One address per page: ``…/page/1/`` is the archive's own, ``…/page/02/`` is
    ``…/page/2/``; readers asking by another name are sent there."""
    if not request.resolver_match.url_name.endswith("_page"):
        return None
    address = archive.page_path(number)
    return HttpResponsePermanentRedirect(address) if unquote(address) != request.path else None


def _archive(
    request: HttpRequest,
    template: str,
    archive: Archive,
    listing: ArchivePage,
    *,
    feeds: list[Feed],
    chrome: Chrome,
    description: str = "",
    sticky_ids: tuple[int, ...] = (),
    edition: str = "",
    alternates: list | None = None,
    **context,
) -> HttpResponse:
    number = listing.number
    alternates = alternates or []
    head = Head(
        canonical=absolute(archive.page_path(number)),
        description=description or chrome.site.tagline,
        feeds=feeds,
        previous=archive.page_path(number - 1) if listing.has_previous else "",
        next=archive.page_path(number + 1) if listing.has_next else "",
        alternates=alternates,
        x_default=_x_default(alternates),
    )
    return _render(
        request,
        template,
        {"listing": listing, **context},
        chrome=chrome,
        head=head,
        edition=edition,
        card_ids=[*sticky_ids, *listing.post_ids],
        card_versions=listing.versions,
    )


def _x_default(alternates: list) -> str:
    found = queries.default_alternate(alternates)
    return found.path if found else ""


def _edition_archive(name: str, edition: str, *kwargs: tuple[str, object]) -> Archive:
    """An archive of the main edition (with feeds) or of a language edition (without)."""
    return Archive(editions.url_name(name, edition), kwargs, has_feeds=not edition)


# --- archives -------------------------------------------------------------------------


@readable
def home(request: HttpRequest, page: int = 1, edition: str = "") -> HttpResponse:
    if moved := _main_edition_redirect(request, edition):
        return moved
    archive = _edition_archive("home", edition)
    if moved := _page_redirect(request, archive, page):
        return moved
    sticky, listing = queries.home(page, edition)
    chrome = queries.chrome()
    return _archive(
        request,
        "newsdesk/home.html",
        archive,
        listing,
        feeds=site_feeds(chrome.site),
        chrome=chrome,
        sticky_ids=sticky,
        edition=edition,
        # The editions link to each other from their front pages.
        alternates=queries.edition_homes() if page == 1 else [],
    )


def _term_archive(
    request: HttpRequest,
    name: str,
    key: str,
    value: str,
    page: int,
    edition: str,
    *,
    load,
    template: str,
    term_name: str,
    label: str,
    description: str,
) -> HttpResponse:
    """A tag, category or author archive: ``load(value, page, edition)`` gives the term
    and its page; ``label``/``description`` name the term's attributes shown."""
    if moved := _main_edition_redirect(request, edition):
        return moved
    archive = _edition_archive(name, edition, (key, value))
    if moved := _page_redirect(request, archive, page):
        return moved
    term, listing = load(value, page, edition)
    chrome = queries.chrome()
    return _archive(
        request,
        template,
        archive,
        listing,
        feeds=archive_feeds(chrome.site, name, {key: value}, getattr(term, label)),
        chrome=chrome,
        description=getattr(term, description),
        edition=edition,
        **{term_name: term},
    )


@readable
def tag_archive(request: HttpRequest, slug: str, page: int = 1, edition: str = "") -> HttpResponse:
    return _term_archive(
        request,
        "tag_archive",
        "slug",
        slug,
        page,
        edition,
        load=queries.tag_archive,
        template="newsdesk/tag.html",
        term_name="tag",
        label="name",
        description="description",
    )


@readable
def category_archive(
    request: HttpRequest, path: str, page: int = 1, edition: str = ""
) -> HttpResponse:
    return _term_archive(
        request,
        "category_archive",
        "path",
        path,
        page,
        edition,
        load=queries.category_archive,
        template="newsdesk/category.html",
        term_name="category",
        label="name",
        description="description",
    )


@readable
def author_archive(
    request: HttpRequest, slug: str, page: int = 1, edition: str = ""
) -> HttpResponse:
    return _term_archive(
        request,
        "author_archive",
        "slug",
        slug,
        page,
        edition,
        load=queries.author_archive,
        template="newsdesk/author.html",
        term_name="author",
        label="display_name",
        description="bio",
    )


@readable
def series_archive(request: HttpRequest, slug: str, page: int = 1) -> HttpResponse:
    archive = Archive("series_archive", (("slug", slug),), has_feeds=False)
    if moved := _page_redirect(request, archive, page):
        return moved
    series, listing = queries.series_archive(slug, page)
    chrome = queries.chrome()
    return _archive(
        request,
        "newsdesk/series.html",
        archive,
        listing,
        feeds=site_feeds(chrome.site),
        chrome=chrome,
        description=series.description,
        series=series,
    )


@readable
def year_archive(request: HttpRequest, year: int, page: int = 1, edition: str = "") -> HttpResponse:
    return _date_archive(request, year, None, page, edition)


@readable
def month_archive(
    request: HttpRequest, year: int, month: int, page: int = 1, edition: str = ""
) -> HttpResponse:
    return _date_archive(request, year, month, page, edition)


def _date_archive(
    request: HttpRequest, year: int, month: int | None, page: int, edition: str
) -> HttpResponse:
    if moved := _main_edition_redirect(request, edition):
        return moved
    name = editions.url_name("year_archive" if month is None else "month_archive", edition)
    if month is None:
        archive = Archive(name, (("year", year),), has_feeds=False)
    else:
        archive = Archive(name, (("year", year), ("month", month)), has_feeds=False)
    if moved := _page_redirect(request, archive, page):
        return moved
    start, listing = queries.date_archive(year, month, page, edition)
    chrome = queries.chrome()
    return _archive(
        request,
        "newsdesk/date.html",
        archive,
        listing,
        feeds=site_feeds(chrome.site),
        chrome=chrome,
        edition=edition,
        period_start=start,
        by_month=month is not None,
    )


# --- search -----------------------------------------------------------------------------


@readable
def search(request: HttpRequest, edition: str = "") -> HttpResponse:
    """``/search/?q=…&page=n``: any text gives a page of results or an empty one. Not
    kept by the page cache (it has a query string) and not for search engines."""
    if moved := _main_edition_redirect(request, edition):
        return moved
    # Control characters cannot be shown in HTML; beyond the first few hundred
    # characters a query only adds work (the index reads that many, see normalise).
    text = _CONTROL.sub(" ", request.GET.get("q", ""))[:MAX_QUERY_CHARACTERS]
    number = _results_page(request.GET.get("page", ""))
    results = site_search.search(text, number) if text.strip() else None
    chrome = queries.chrome()
    address = reverse(editions.url_name("search", edition))

    def page_address(n: int) -> str:
        return f"{address}?{urlencode({'q': text, 'page': n} if n > 1 else {'q': text})}"

    head = Head(
        canonical="",
        feeds=site_feeds(chrome.site),
        noindex=True,
        previous=page_address(number - 1) if results and results.has_previous else "",
        next=page_address(number + 1) if results and results.has_next else "",
    )
    context = {"query": text, "results": results, "search_address": address}
    return _render(
        request, "newsdesk/search.html", context, chrome=chrome, head=head, edition=edition
    )


def _results_page(value: str) -> int:
    """A result page's number; anything else is page 1 (never an error)."""
    try:
        return numbers.page_number(value.strip())
    except ValueError:
        return 1


# --- posts and pages ------------------------------------------------------------------


@readable_or_unlock
def post_dated(
    request: HttpRequest, year: int, month: int, day: int, slug: str, edition: str = ""
) -> HttpResponse:
    try:
        numbers.calendar_day(year, month, day)
    except ValueError:
        raise Http404("No such date") from None
    return _post(request, slug, 1)


@readable_or_unlock
def post_or_page(request: HttpRequest, path: str, edition: str = "") -> HttpResponse:
    """A static page by its path; else a post at ``<slug>`` or ``<yyyy>/<mm>/<dd>/<slug>``,
    either followed by ``/<n>`` for part n of a post written in parts. Pages have no
    edition; a post found under the wrong one moves to its own (see :func:`_post`)."""
    page = None if edition else queries.public_page(path)
    if page is not None:
        return _page(request, page)
    segments = path.split("/")
    part = 1
    if len(segments) > 1 and segments[-1].isascii() and segments[-1].isdigit():
        part = _part_number(segments.pop())
    if len(segments) == 4 and all(s.isascii() and s.isdigit() for s in segments[:3]):
        _post_date(*segments[:3])
        return _post(request, segments[3], part)
    if len(segments) == 1:
        return _post(request, segments[0], part)
    raise Http404("No post or page at this address")


def _part_number(text: str) -> int:
    try:
        return numbers.page_number(text)
    except ValueError:
        raise Http404("The post has no such part") from None


def _post_date(year: str, month: str, day: str) -> None:
    """The date of a ``/<yyyy>/<mm>/<dd>/<slug>/<n>/`` address, read as the dated route
    reads it."""
    try:
        numbers.calendar_day(numbers.year(year), numbers.month(month), numbers.day(day))
    except ValueError:
        raise Http404("No such date") from None


def _post(request: HttpRequest, slug: str, part: int) -> HttpResponse:
    try:
        post = queries.public_post(slug)
    except Http404:
        # A slug never holds a zero-width non-joiner, a vowel mark or a Persian digit
        # (see newsdesk.content.slugs), but an address typed from a title, or an old
        # WordPress link, may: the slug that title would have is tried too.
        if slug_for(slug, "") in ("", slug):
            raise
        post = queries.public_post(slug_for(slug, ""))
    parts = split_pages(post.body_html)
    if not 1 <= part <= len(parts):
        raise Http404("The post has no such part")
    post_path = post.get_absolute_url()
    path = _part_path(post_path, part)
    if unquote(path) != request.path:
        # One address per post: the site's permalink style decides which.
        return HttpResponsePermanentRedirect(path)
    refusal = None
    if request.method == "POST":
        answer = _answer_password(request, post, path)
        if isinstance(answer, HttpResponse):
            return answer
        refusal = answer
    return _show_post(request, post, parts, part, refusal)


def _part_path(post_path: str, part: int) -> str:
    return post_path if part == 1 else f"{post_path}{part}/"


def _show_post(
    request: HttpRequest,
    post: Post,
    parts: list[str],
    part: int,
    refusal: protected.Refusal | None = None,
) -> HttpResponse:
    chrome = queries.chrome()
    post_path = post.get_absolute_url()
    locked = protected.is_locked(request, post)
    canonical = absolute(_part_path(post_path, part))
    alternates = queries.translations(post)
    head = Head(
        canonical=canonical,
        description="" if post.password else post.summary,
        og_type="article",
        image=post.featured_image,
        json_ld=news_article(post, chrome.site, absolute(post_path), bool(post.password)),
        feeds=site_feeds(chrome.site),
        previous=_part_path(post_path, part - 1) if part > 1 and not locked else "",
        next=_part_path(post_path, part + 1) if part < len(parts) and not locked else "",
        published=iso_datetime(post.published_at),
        modified=iso_datetime(post.updated_at),
        alternates=alternates,
        x_default=_x_default(alternates),
    )
    context = {
        "post": post,
        "body": None if locked else parts[part - 1],
        "locked": locked,
        "refusal": refusal,
        "part": part,
        "part_urls": [_part_path(post_path, n) for n in range(1, len(parts) + 1)],
        "series_nav": queries.series_navigation(post),
        "share_links": share_links(absolute(post_path), post.display_title),
        "discussion": _discussion(chrome, post, locked),
    }
    response = _render(
        request,
        "newsdesk/post.html",
        context,
        chrome=chrome,
        head=head,
        language=post.language,
        edition=editions.edition_of(post.language),
        status=_refusal_status(refusal),
    )
    return _private_if_protected(_retry_after(response, refusal), post)


def _page(request: HttpRequest, page: Page) -> HttpResponse:
    refusal = None
    if request.method == "POST":
        answer = _answer_password(request, page, page.get_absolute_url())
        if isinstance(answer, HttpResponse):
            return answer
        refusal = answer
    chrome = queries.chrome()
    locked = protected.is_locked(request, page)
    head = Head(canonical=absolute(page.get_absolute_url()), feeds=site_feeds(chrome.site))
    context = {
        "page": page,
        "body": None if locked else page.body_html,
        "locked": locked,
        "refusal": refusal,
        "discussion": _discussion(chrome, page, locked),
    }
    response = _render(
        request,
        "newsdesk/page.html",
        context,
        chrome=chrome,
        head=head,
        language=page.language,
        status=_refusal_status(refusal),
    )
    return _private_if_protected(_retry_after(response, refusal), page)


def _discussion(chrome: Chrome, item: Post | Page, locked: bool) -> queries.Discussion | None:
    """The comments shown under a post or page: none unless the site shows comments, and
    none on a protected item until the reader gives its password (as WordPress does)."""
    if not chrome.site.show_comments or locked:
        return None
    return queries.discussion(item)


def _answer_password(
    request: HttpRequest, item: Post | Page, path: str
) -> HttpResponse | protected.Refusal:
    """The password form's answer: back to the item, unlocked (303, so the reader's
    browser fetches it by GET); else why the form shows again (wrong, or paused)."""
    if not item.password:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    refusal = protected.check_password(request, item)
    if refusal is not None:
        return refusal
    response = HttpResponseRedirect(path)
    response.status_code = 303
    protected.unlock(response, request, item)
    return response


def _refusal_status(refusal: protected.Refusal | None) -> int:
    return 429 if refusal is not None and refusal.pause is not None else 200


def _retry_after(response: HttpResponse, refusal: protected.Refusal | None) -> HttpResponse:
    if refusal is not None and refusal.pause is not None:
        response["Retry-After"] = str(refusal.pause.seconds_left())
    return response


def _private_if_protected(response: HttpResponse, item: Post | Page) -> HttpResponse:
    """What a protected item's page shows depends on the reader's cookie: no shared cache
    may keep it."""
    if item.password:
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Cookie"])
    return response


# --- files and fallbacks --------------------------------------------------------------


@readable
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {settings.BASE_URL}/sitemap.xml",
        f"Sitemap: {settings.BASE_URL}/news-sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@readable
def mirrors_json(request: HttpRequest) -> JsonResponse:
    """Where else the site can be read: apps and readers fetch this while the main
    address works, to know where to go when it is blocked."""
    site = queries.chrome().site
    return JsonResponse(
        {"name": site.name, "main": settings.BASE_URL + "/", "mirrors": site.mirror_list},
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


@readable
def media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded files. ``serve`` refuses paths outside MEDIA_ROOT and never lists folders;
    a file opened on its own runs nothing (an SVG's script stays inert)."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = MEDIA_CACHE_CONTROL
    response["Content-Security-Policy"] = MEDIA_SECURITY_POLICY
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A helpful "not found": where to go instead, with the newest posts and the most used
    tags, and the right status."""
    chrome = queries.chrome()
    context = {
        "recent_posts": queries.recent_posts(NOT_FOUND_SUGGESTIONS),
        "popular_tags": queries.popular_tags(NOT_FOUND_SUGGESTIONS * 2),
    }
    head = Head(canonical="", feeds=site_feeds(chrome.site), noindex=True)
    return _render(request, "newsdesk/404.html", context, chrome=chrome, head=head, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """A plain apology that needs nothing that may be broken: no database, no request."""
    try:
        html = render_to_string(
            "newsdesk/500.html",
            {"lang": language_of(settings.LANGUAGE_CODE), "dir": "ltr"},
        )
    except Exception:  # the template itself failing must not hide the first error
        html = "<!doctype html><title>Server error</title><h1>Server error</h1>"
    return HttpResponseServerError(html)

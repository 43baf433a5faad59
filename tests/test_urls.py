"""No number in an address can make a server error.

The walk goes over the whole URL map (the main site, every language edition, the
admin) and asks every route that holds a number with absurd ones: huge, past 64 bits,
zero, negative, with leading zeros, months and days out of the calendar. Each must
answer "not found", or redirect to an address that answers (the page's one address,
the admin's list); the other parts of the address are real (a tag that exists, a
post's date), so the number is what gets read. On either database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from newsdesk.content.models import Post, Revision
from tests import factories

pytestmark = pytest.mark.django_db

# Absurd for any number: what a converter's digits may hold, and what falls through
# to the catch-all routes (a sign, 400 digits).
ANY_NUMBER = [
    "0",
    "00",
    "-1",
    "0099999",  # leading zeros (a page that exists would move to its one address)
    "9223372036854775807",  # the largest 64-bit integer: an offset past it overflows
    "9223372036854775808",
    "99999999999999999999",
    "9" * 400,
]
ABSURD = {
    "year": ["0000", "0001", "9999", "10000", *ANY_NUMBER],
    "month": ["00", "13", "99", "5", *ANY_NUMBER],
    "day": ["00", "32", "99", "7", *ANY_NUMBER],
}
# (month, day) the calendar does not have, with the story's year.
IMPOSSIBLE_DAYS = [("02", "30"), ("02", "31"), ("04", "31"), ("06", "31"), ("11", "31")]
SITEMAP_SECTIONS = [
    "posts-2024-13",
    "posts-2024-00",
    "posts-0000-05",
    "posts-9999-12",
    "posts-2024-05-0",
    "posts-2024-05-02",
    "posts-2024-05-1",
    "posts-2024-05-99999999999999999999",
    "posts-2024-05-9223372036854775807",
    "pages-9223372036854775808",
    "tags-99999999999999999999",
    "categories-" + "9" * 400,
    "authors-2000001",
]


def holds_a_number(name: str, converter) -> bool:
    """Digits by the converter, or by name: the admin's ids are text to its routes, and
    a sitemap section's name ends in its part number."""
    return "[0-9]" in converter.regex or name in ("id", "section") or name.endswith("_id")


@dataclass(frozen=True)
class Route:
    name: str  # namespaced url name
    parts: tuple[str, ...]  # the route's text, each parameter as "<name>"
    numbers: frozenset[str]
    model: type | None  # the admin's model, for its routes


def walk(patterns, prefix: tuple[str, ...] = (), namespace: str = "", model=None):
    for entry in patterns:
        route = str(entry.pattern)
        parts = prefix + (route,)
        if isinstance(entry, URLResolver):
            name = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            inner = model
            if namespace == "admin:" and route.count("/") == 2:  # "<app>/<model>/"
                app_label, model_name, _ = route.split("/")
                inner = apps.get_model(app_label, model_name)
            yield from walk(entry.url_patterns, parts, name, inner)
        elif isinstance(entry, URLPattern):
            converters = entry.pattern.converters
            found = {key for key, value in converters.items() if holds_a_number(key, value)}
            yield Route(f"{namespace}{entry.name}", parts, frozenset(found), model)


def routes_with_numbers() -> list[Route]:
    return [route for route in walk(get_resolver().url_patterns) if route.numbers]


@dataclass
class Newsroom:
    tag: str
    category: str
    author: str
    series: str
    story: Post
    revision: Revision
    user: User


@pytest.fixture
def newsroom(settings) -> Newsroom:
    settings.PAGE_CACHE = "disk"  # readers' requests go through the page cache
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tag, author = factories.tag("Harbour"), factories.author("Rana Farahani")
    category, series = factories.category("City"), factories.series("Tides")
    when = datetime(2024, 5, 7, 9, 0, tzinfo=timezone.get_current_timezone())
    story = factories.post(
        "Tide tables",
        tags=[tag],
        categories=[category],
        authors=[author],
        when=when,
        series=series,
        series_part=1,
    )
    factories.post("Second tide", tags=[tag], when=when, series=series, series_part=2)
    factories.post("A Persian story", when=when, language="fa", slug="persian-story")
    user = User.objects.create_superuser("chief", password="pw-for-tests-only")  # noqa: S106
    return Newsroom(
        tag.slug,
        category.path,
        author.slug,
        series.slug,
        story,
        Revision.objects.filter(post=story).first(),
        user,
    )


def real_values(route: Route, newsroom: Newsroom) -> dict[str, str]:
    """What each parameter of the route holds when it is not the number under test."""
    story = newsroom.story
    local = timezone.localtime(story.published_at)
    base = route.name.rsplit(":", 1)[-1]
    slugs = {
        "tag_archive": newsroom.tag,
        "author_archive": newsroom.author,
        "series_archive": newsroom.series,
    }
    values = {
        "year": f"{local.year:04d}",
        "month": f"{local.month:02d}",
        "day": f"{local.day:02d}",
        "page": "2",
        "path": newsroom.category,
        "slug": next((s for name, s in slugs.items() if base.startswith(name)), story.slug),
        "post_id": str(story.pk),
        "content_type_id": str(ContentType.objects.get_for_model(Post).pk),
        "object_id": str(story.pk if route.model is Post else newsroom.user.pk),
        "id": str(newsroom.user.pk),
        "revision_id": str(newsroom.revision.pk),
        "section": "posts-2024-05",
        "app_label": "content",
        "kind": "app",
        "pk": str(newsroom.user.pk),
    }
    return values


def address(route: Route, values: dict[str, str]) -> str:
    text = "/" + "".join(route.parts)
    for key, value in values.items():
        text = re.sub(rf"<(\w+:)?{key}>", lambda _match, value=value: value, text)
    assert "<" not in text and "^" not in text, f"{route.name}: no real value for {text}"
    return text


def absurd_addresses(route: Route, newsroom: Newsroom) -> list[str]:
    real = real_values(route, newsroom)
    found = []
    for number in sorted(route.numbers):
        choices = SITEMAP_SECTIONS if number == "section" else ABSURD.get(number, ANY_NUMBER)
        found += [address(route, {**real, number: value}) for value in choices]
    if {"year", "month", "day"} <= route.numbers:
        found += [
            address(route, {**real, "month": month, "day": day}) for month, day in IMPOSSIBLE_DAYS
        ]
    return found


def get(client: Client, url: str, status: int):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def assert_no_server_error(client: Client, url: str) -> None:
    response = client.get(url)
    hops = 0
    while response.status_code in (301, 302) and hops < 5:
        target = response["Location"]
        assert target.startswith("/"), (url, target)  # never off the site
        response, hops = client.get(target), hops + 1
    # The admin refuses what nobody may do (delete the site settings) before it reads
    # the id at all.
    refused = (403,) if url.startswith("/admin/") else ()
    assert response.status_code in (200, 404, *refused), (url, response.status_code)
    if hops == 0:
        assert response.status_code in (404, *refused), (url, response.status_code)


def test_absurd_numbers_in_addresses_are_not_found(newsroom, client):
    routes = routes_with_numbers()
    names = {route.name for route in routes}
    for expected in (
        "home_page",
        "fa:home_page",
        "en:tag_archive_page",
        "month_archive_page",
        "fa:post_dated",
        "series_archive_page",
        "sitemap_section",
        "preview_post",
        "admin:content_post_change",
        "admin:content_post_restore_revision",
        "admin:auth_user_password_change",
        "admin:view_on_site",
    ):
        assert expected in names, expected
    # The real values the walk puts beside each number are real: these answer.
    for url in (
        f"/tag/{newsroom.tag}/",
        f"/series/{newsroom.series}/",
        f"/category/{newsroom.category}/",
        f"/author/{newsroom.author}/",
        "/2024/05/",
        "/fa/2024/05/",
        "/sitemap-posts-2024-05.xml",
    ):
        get(client, url, 200)
    staff = Client()
    staff.force_login(newsroom.user)
    asked = 0
    for route in routes:
        for url in absurd_addresses(route, newsroom):
            assert_no_server_error(staff, url)
            if not url.startswith(("/admin/", "/preview/")):
                assert_no_server_error(client, url)  # a reader, through the page cache
            asked += 1
    assert asked > 600


def test_dated_addresses_are_read_as_the_calendar_has_them(newsroom, client):
    story = newsroom.story
    # A real day that is not the story's moves to its one address; no such day is no
    # address at all, with or without a part number.
    get(client, f"/2024/05/08/{story.slug}/", 301)
    get(client, f"/2024/02/30/{story.slug}/", 404)
    get(client, f"/2024/02/30/{story.slug}/2/", 404)
    get(client, f"/2024/13/07/{story.slug}/", 404)
    get(client, f"/9999/12/31/{story.slug}/", 404)
    for year in ("2024", "0000", "9999"):
        get(client, f"/{year}/13/", 404)
    get(client, "/9999/", 404)
    get(client, "/9999/12/", 404)


def test_a_page_number_has_one_spelling(newsroom, client):
    for n in range(11):
        factories.post(f"Filler {n}", tags=[Post.objects.get(pk=newsroom.story.pk).tags.first()])
    moved = get(client, f"/tag/{newsroom.tag}/page/02/", 301)
    assert moved["Location"] == f"/tag/{newsroom.tag}/page/2/"
    assert get(client, f"/tag/{newsroom.tag}/page/01/", 301)["Location"] == (
        f"/tag/{newsroom.tag}/"
    )
    get(client, f"/tag/{newsroom.tag}/page/2/", 200)
    get(client, f"/tag/{newsroom.tag}/page/10000001/", 404)


QUERY_NUMBERS = ["0", "-1", "007", "9223372036854775808", "99999999999999999999", "9" * 400]


def test_absurd_numbers_in_query_strings_are_refused_or_ignored(newsroom, client):
    staff = Client()
    staff.force_login(newsroom.user)
    story = newsroom.story
    asked = []
    for value in QUERY_NUMBERS:
        public = [
            f"/search/?q=tide&page={value}",
            f"/fa/search/?q=tide&page={value}",
            *(f"/?{key}={value}" for key in ("p", "page_id", "attachment_id", "cat", "author")),
        ]
        for url in public:
            response = client.get(url)
            assert response.status_code in (200, 301, 404), (url, response.status_code)
            asked.append(url)
        changelists = [
            f"/admin/{model._meta.app_label}/{model._meta.model_name}/" for model in admin_models()
        ]
        assert changelists
        for url in changelists:
            for query in (f"p={value}", f"o={value}"):
                assert_no_server_error_or_ok(staff, f"{url}?{query}")
                asked.append(url)
        base = f"/admin/content/post/{story.pk}"
        for url in (
            f"{base}/share/?days={value}",
            f"{base}/revisions/compare/?to={value}",
            f"{base}/revisions/compare/?from={value}&to={newsroom.revision.pk}",
            f"/admin/autocomplete/?app_label=content&model_name=post&field_name=tags&page={value}",
        ):
            assert_no_server_error_or_ok(staff, url)
            asked.append(url)
    assert len(asked) > 100

    # The admin's date drill-down: out of the calendar is a bad filter (back to the
    # list, ?e=1), as a month 13 already was.
    drilled = [
        (model, admin.site.get_model_admin(model).date_hierarchy)
        for model in admin_models()
        if admin.site.get_model_admin(model).date_hierarchy
    ]
    assert drilled
    for model, field in drilled:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for year, month, day in [
            ("9999", None, None),
            ("9999", "12", None),
            ("9998", "12", "31"),
            ("0", None, None),
            ("1", "1", "1"),
            ("99999999999999999999", None, None),
            ("2024", "99999999999999999999", None),
            ("2024", "2", "99999999999999999999"),
            ("2024", "2", "30"),
            ("2024", "13", None),
            ("-1", None, None),
        ]:
            query = f"{field}__year={year}"
            query += f"&{field}__month={month}" if month else ""
            query += f"&{field}__day={day}" if day else ""
            response = staff.get(f"{url}?{query}")
            if (year, month, day) == ("9998", "12", "31"):
                assert response.status_code == 200, query
            else:
                assert response.status_code == 302, (url, query, response.status_code)
                assert response["Location"] == f"{url}?e=1"
        assert staff.get(f"{url}?{field}__year=2024&{field}__month=5").status_code == 200


def admin_models() -> list[type]:
    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def assert_no_server_error_or_ok(client: Client, url: str) -> None:
    response = client.get(url, follow=True)
    assert response.status_code in (200, 404), (url, response.status_code)

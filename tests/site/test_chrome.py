"""What surrounds every page: menus, footer, headers, the error pages and plain files."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory

from newsdesk.content import actions
from newsdesk.content.models import FollowLink, Menu, MenuItem
from newsdesk.site import views
from tests import factories

pytestmark = pytest.mark.django_db


def _menu(location: str, *labels: str) -> Menu:
    menu = Menu(name=f"{location} menu", location=location)
    actions.save_site_item(menu)
    for position, label in enumerate(labels):
        item = MenuItem(menu=menu, label=label, url=f"/{label.lower()}/", position=position)
        actions.save_site_item(item)
    return menu


def _some_content():
    news = factories.tag("News")
    jane = factories.author("Jane Roe")
    picture = factories.image_for_feeds()
    body = (
        "<p>Text.</p>\n<p>https://www.youtube.com/watch?v=abc123</p>\n"
        "<table><tr><td>wide</td></tr></table>"
    )
    post = factories.post(
        "Story",
        tags=[news],
        authors=[jane],
        featured_image=picture,
        body=body,
        when=factories.timeline(1)[0],
    )
    factories.page("About")
    return post


def test_footer_names_the_year_site_and_links_the_sitemap(reader):
    factories.site_settings(name="The Daily Example")
    post = _some_content()
    for url in ("/", post.get_absolute_url(), "/tag/news/", "/about/"):
        footer = reader.soup(url).select_one("body > footer.site-footer")
        text = footer.select_one(".colophon").get_text(" ", strip=True)
        assert text.startswith("© 20") and text.endswith(
            "The Daily Example. All Rights Reserved | XML Sitemap"
        ), url
        assert footer.select_one(".colophon a")["href"] == "/sitemap.xml"
    missing = reader.soup("/nothing-here/", status=404)
    assert missing.select_one(".colophon a")["href"] == "/sitemap.xml"


def test_menus_render_where_assigned_and_nothing_where_not(reader):
    factories.post("Story")
    bare = reader.soup("/")
    assert bare.select("nav.menu") == []
    assert "menu" not in bare.select_one("header.site-header").get_text(" ", strip=True).lower()

    _menu("primary", "World", "Business")
    _menu("footer", "About", "Contact")
    page = reader.soup("/")
    primary = page.select_one("header.site-header nav.menu-primary")
    assert [(a.get_text(), a["href"]) for a in primary.select("a")] == [
        ("World", "/world/"),
        ("Business", "/business/"),
    ]
    assert [a.get_text() for a in page.select("footer nav.menu-footer a")] == ["About", "Contact"]
    assert page.select("nav.menu-left") == []

    _menu("left", "Sports")
    assert [a.get_text() for a in reader.soup("/").select("nav.menu-left a")] == ["Sports"]


def test_a_menu_without_location_or_items_shows_nothing(reader):
    actions.save_site_item(Menu(name="Unassigned"))
    _menu("primary")  # assigned, but empty
    assert reader.soup("/").select("nav.menu") == []


def test_landmarks_and_skip_link(reader):
    post = _some_content()
    page = reader.soup(post.get_absolute_url())
    skip = page.body.find("a")
    assert skip["href"] == "#content" and page.select_one("main#content")
    assert page.select_one("body > header") and page.select_one("body > footer")
    assert len(page.select("h1")) == 1
    assert page.select_one("meta[name=viewport]")


LOADING_ATTRIBUTES = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "track": ["src"],
}


def _loaded_addresses(page) -> list[str]:
    """Addresses the browser fetches by itself (links it only offers are not counted)."""
    found = []
    for name, attributes in LOADING_ATTRIBUTES.items():
        for element in page.find_all(name):
            if name == "link" and not {"stylesheet", "icon", "preload", "modulepreload"} & set(
                element.get("rel", [])
            ):
                continue
            for attribute in attributes:
                for value in (element.get(attribute) or "").split(","):
                    if value.strip():
                        found.append(value.strip().split()[0])
    return found


def test_no_page_loads_anything_from_another_host(reader):
    post = _some_content()
    actions.save_site_item(FollowLink(network="facebook", url="https://facebook.com/example"))
    urls = ["/", post.get_absolute_url(), "/tag/news/", "/author/jane-roe/", "/about/", "/2024/"]
    for url in urls:
        page = reader.soup(url)
        loaded = _loaded_addresses(page)
        assert any(a.endswith("site.css") for a in loaded), url
        assert all(not urlsplit(a).netloc for a in loaded), (url, loaded)
        assert not page.select("iframe, script[src]"), url
    loaded = _loaded_addresses(reader.soup("/missing/", status=404))
    assert all(not urlsplit(a).netloc for a in loaded)
    # The embedded video is a link to the provider, not a player.
    embed = reader.soup(post.get_absolute_url()).select_one(".post-body figure.embed a")
    assert embed["href"] == "https://www.youtube.com/watch?v=abc123"


def test_wide_tables_scroll_in_their_own_box(reader):
    post = _some_content()
    wrapper = reader.soup(post.get_absolute_url()).select_one(".post-body .table-scroll")
    assert wrapper.table is not None and wrapper["tabindex"] == "0"


EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "frame-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
}


def _policy(response) -> dict[str, str]:
    directives = [d.strip().split(None, 1) for d in response["Content-Security-Policy"].split(";")]
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives if d}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        ("/story/", 200),
        ("/tag/news/", 200),
        ("/no-such-page/", 404),
        ("/robots.txt", 200),
        ("/static/newsdesk/site.css", 200),
        ("/admin/login/", 200),
    ],
)
def test_security_headers_on_every_response(reader, url, status):
    _some_content()
    response = reader.get(url, status=status)
    policy = _policy(response)
    # The same policy for the admin: Django 5.2's admin runs no inline script or style.
    assert {k: policy.get(k) for k in EXPECTED_POLICY} == EXPECTED_POLICY
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "Server" not in response and "X-Powered-By" not in response


def test_pages_carry_no_inline_script_or_style(reader):
    post = _some_content()
    for url in ("/", post.get_absolute_url()):
        page = reader.soup(url)
        assert not page.select("style, [style]"), url
        assert all(s.get("type") == "application/ld+json" for s in page.select("script")), url
        assert not [t for t in page.find_all(True) if any(a.startswith("on") for a in t.attrs)]


def test_cookies_are_http_only_and_secure_under_https(client):
    post = factories.post("Locked", password="pw")
    plain = client.get(post.get_absolute_url())
    assert plain.cookies["csrftoken"]["httponly"]
    assert not plain.cookies["csrftoken"]["secure"]
    secure = client.get(post.get_absolute_url(), secure=True)
    assert secure.cookies["csrftoken"]["secure"]
    assert secure.cookies["csrftoken"]["samesite"] == "Lax"
    unlocked = client.post(post.get_absolute_url(), {"password": "pw"}, secure=True)
    cookie = next(c for name, c in unlocked.cookies.items() if name.startswith("newsdesk-unlock"))
    assert cookie["secure"] and cookie["httponly"]


def test_not_found_page_helps_the_reader_on(reader):
    news = factories.tag("News")
    factories.post("Latest story", tags=[news])
    page = reader.soup("/2019/01/01/gone-story/", status=404)
    assert page.h1.get_text() == "Page not found"
    main = page.select_one("main")
    assert main.select_one("a[href='/']")
    assert [a.get_text() for a in main.select("section a[href='/latest-story/']")] == [
        "Latest story"
    ]
    assert main.select_one("a[href='/tag/news/']").get_text() == "News"
    assert page.select_one("meta[name=robots]")["content"] == "noindex"
    reader.get("/tag/no-such-tag/", status=404)
    reader.get("/tag/news/page/0/", status=404)


def test_server_error_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"<!doctype html>" in response.content


def test_robots_txt_points_at_the_sitemap(reader):
    response = reader.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in lines
    assert "User-agent: *" in lines


def test_media_files_are_served_with_long_cache_and_stay_inside_media(reader, settings, tmp_path):
    picture = factories.image_for_feeds()
    response = reader.get(picture.url)
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["Content-Type"] == "image/png"
    assert "max-age=31536000" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    (tmp_path / "secret.txt").write_text("not public")
    for sneaky in ("/media/../secret.txt", "/media/%2E%2E/secret.txt", "/media/images/"):
        response = reader.client.get(sneaky)
        assert response.status_code in (400, 404), sneaky
        assert b"not public" not in b"".join(getattr(response, "streaming_content", [b""]))
    reader.get("/media/images/none.png", status=404)


def test_mirrors_are_listed_in_the_footer_and_in_mirrors_json(client):
    factories.site_settings(mirrors="https://mirror.example.net/\n\nhttp://examplenewsabc.onion/\n")
    factories.post("Anything")
    footer = BeautifulSoup(client.get("/").content, "html.parser").select_one("footer .mirrors")
    assert [a["href"] for a in footer.select("a")] == [
        "https://mirror.example.net/",
        "http://examplenewsabc.onion/",
    ]
    data = client.get("/mirrors.json").json()
    assert data["mirrors"] == ["https://mirror.example.net/", "http://examplenewsabc.onion/"]
    assert data["main"].startswith("http")


def test_no_mirror_line_without_mirrors(client):
    factories.post("Anything")
    assert not BeautifulSoup(client.get("/").content, "html.parser").select("footer .mirrors")

"""How links read on a mirror: relative or with a base address; what goes to the main site."""

from __future__ import annotations

import lxml.html
import pytest
from lxml import etree

from newsdesk import memos
from newsdesk.export.rewrite import Mirror

MAIN = "https://news.example"
PAGES = {
    "/": "index.html",
    "/tag/news/": "tag/news/index.html",
    "/tag/news/page/2/": "tag/news/page/2/index.html",
    "/feed/": "feed/index.xml",
    "/category/فارسی/": "category/فارسی/index.html",
    "/story/": "story/index.html",
    "/sitemap.xml": "sitemap.xml",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "a.jpg").write_bytes(b"jpeg")
    (tmp_path / "media" / "images" / "a-2x.jpg").write_bytes(b"jpeg")
    memos.reset()
    yield
    memos.reset()


def links(html: bytes) -> list[tuple[str, str]]:
    document = lxml.html.document_fromstring(html)
    return [
        (name, element.get(name))
        for element in document.iter()
        for name in ("href", "src", "srcset", "action", "style")
        if isinstance(element.tag, str) and element.get(name) is not None
    ]


PAGE = """<!doctype html><html><head>
<link rel="canonical" href="https://news.example/tag/news/">
<link rel="stylesheet" href="/static/newsdesk/site.css">
<link rel="alternate" type="application/rss+xml" href="/feed/">
</head><body>
<a href="/">Home</a> <a href="/story/#comments">Story</a> <a href="page/2/">Older</a>
<a href="/category/%D9%81%D8%A7%D8%B1%D8%B3%DB%8C/">Persian</a>
<a href="/tag/news">no slash</a> <a href="/?p=12">old address</a> <a href="/drafts/">gone</a>
<a href="https://elsewhere.example/x/">elsewhere</a> <a href="mailto:desk@news.example">mail</a>
<a href="#content">skip</a>
<img src="/media/images/a.jpg" srcset="/media/images/a.jpg 1x, /media/images/a-2x.jpg 2x">
<div style="background: url('/media/images/a.jpg')"></div>
<form action="/search/" role="search"><input name="q"></form>
<form method="post" action="/story/"><input type="hidden" name="csrfmiddlewaretoken" value="t0k3n"><input name="password"></form>
</body></html>"""


def test_relative_links_name_files_from_the_page_own_folder(media):
    mirror = Mirror(MAIN, None, PAGES)
    result = mirror.html(PAGE.encode(), "/tag/news/", "tag/news/index.html")
    assert links(result.body) == [
        ("href", "https://news.example/tag/news/"),  # canonical: the main address, as written
        ("href", "../../static/newsdesk/site.css"),
        ("href", "../../feed/index.xml"),
        ("href", "../../index.html"),
        ("href", "../../story/index.html#comments"),
        ("href", "page/2/index.html"),
        ("href", "../../category/%D9%81%D8%A7%D8%B1%D8%B3%DB%8C/index.html"),
        ("href", "index.html"),  # the site would add the slash
        ("href", "https://news.example/?p=12"),  # a query: only the live site answers it
        ("href", "https://news.example/drafts/"),  # not on the mirror
        ("href", "https://elsewhere.example/x/"),
        ("href", "mailto:desk@news.example"),
        ("href", "#content"),
        ("src", "../../media/images/a.jpg"),
        ("srcset", "../../media/images/a.jpg 1x, ../../media/images/a-2x.jpg 2x"),
        ("style", "background: url('../../media/images/a.jpg')"),
        ("action", "https://news.example/search/"),  # search: the main site's
        ("action", "https://news.example/story/"),  # a form that posts: the main site
    ]
    assert b"t0k3n" not in result.body and b'name="password"' in result.body
    assert result.assets == {
        "static/newsdesk/site.css",
        "media/images/a.jpg",
        "media/images/a-2x.jpg",
    }
    assert result.pages == {
        "/",
        "/story/",
        "/tag/news/page/2/",
        "/category/فارسی/",
        "/tag/news/",
        "/feed/",
    }
    assert result.body.startswith(b"<!DOCTYPE html>")


def test_with_a_base_address_links_are_absolute_and_pages_keep_their_folder(media):
    mirror = Mirror(MAIN, "https://mirror.example/news", PAGES)
    result = mirror.html(PAGE.encode(), "/tag/news/", "tag/news/index.html")
    assert links(result.body)[:6] == [
        ("href", "https://news.example/tag/news/"),  # canonical: the main address
        ("href", "https://mirror.example/news/static/newsdesk/site.css"),
        ("href", "https://mirror.example/news/feed/index.xml"),
        ("href", "https://mirror.example/news/"),
        ("href", "https://mirror.example/news/story/#comments"),
        ("href", "https://mirror.example/news/tag/news/page/2/"),
    ]


def test_persian_text_survives_the_round_trip(media):
    html = '<!doctype html><html lang="fa" dir="rtl"><body><p>شهر و باران</p><a href="/">خانه</a></body></html>'
    result = Mirror(MAIN, None, PAGES).html(html.encode(), "/", "index.html")
    assert "شهر و باران" in result.body.decode()


def test_feeds_for_a_base_address_name_files_and_keep_ids_on_the_main_site(media):
    base = "https://mirror.example/news"
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<link>{base}/</link><atom:link href="{base}/feed/" rel="self"/>
<item><link>{base}/story/</link><guid isPermaLink="false">{base}/?p=7</guid>
<description>&lt;a href="{base}/story/"&gt;x&lt;/a&gt;</description>
<enclosure url="{base}/media/images/a.jpg" length="4" type="image/jpeg"/></item>
</channel></rss>""".encode()
    result = Mirror(MAIN, base, PAGES).xml(feed)
    root = etree.fromstring(result.body)
    assert root.findtext("channel/link") == f"{base}/"
    assert (
        root.find("channel/{http://www.w3.org/2005/Atom}link").get("href")
        == f"{base}/feed/index.xml"
    )
    assert root.findtext("channel/item/guid") == f"{MAIN}/?p=7"
    assert root.find("channel/item/enclosure").get("url") == f"{base}/media/images/a.jpg"
    assert result.assets == {"media/images/a.jpg"}


def test_stylesheets_keep_relative_urls_and_rewrite_site_absolute_ones(media):
    css = "a{background:url(icons/x.svg)} b{background:url('/media/images/a.jpg')} i{background:url(data:image/png;base64,AA==)}"
    result = Mirror(MAIN, None, PAGES).css(
        css, "/static/newsdesk/site.css", "static/newsdesk/site.css"
    )
    assert result.body.decode() == (
        "a{background:url(icons/x.svg)} b{background:url('../../media/images/a.jpg')} "
        "i{background:url(data:image/png;base64,AA==)}"
    )
    assert result.assets == {"media/images/a.jpg"}


def test_remembered_links_hold_plain_text_not_the_pages_they_came_from(media):
    # lxml's attribute values keep their element, and so the whole page, alive: the
    # memo that outlives every page of an export must hold plain copies.
    mirror = Mirror(MAIN, None, PAGES)
    mirror.html(PAGE.encode(), "/tag/news/", "tag/news/index.html")
    assert mirror._targets
    assert all(type(value) is str for value, _address in mirror._targets)


def policies(html: bytes) -> list[tuple[str, str]]:
    head = lxml.html.document_fromstring(html).find("head")
    return [
        (meta.get("http-equiv") or meta.get("name"), meta.get("content"))
        for meta in head.iterfind("meta")
        if meta.get("http-equiv") or meta.get("name") == "referrer"
    ]


def test_every_page_carries_the_site_policies_as_meta_first_in_its_head(media):
    page = PAGE.replace("<head>", '<head><meta charset="utf-8">')
    body = Mirror(MAIN, None, PAGES).html(page.encode(), "/tag/news/", "tag/news/index.html").body
    head = lxml.html.document_fromstring(body).find("head")
    assert head[0].get("charset") == "utf-8"
    assert head[1].get("http-equiv") == "Content-Security-Policy"
    assert (head[2].get("name"), head[2].get("content")) == (
        "referrer",
        "strict-origin-when-cross-origin",
    )
    directives = dict(d.split(" ", 1) for d in head[1].get("content").split("; "))
    assert directives["default-src"] == "'self'" and directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-src"] == "'none'"
    # A meta cannot carry these; the mirror's search form goes to the main address.
    assert "frame-ancestors" not in directives
    assert directives["form-action"] == "'self' https://news.example"


def test_the_policy_is_the_site_one_whatever_it_says_and_never_doubled(media, monkeypatch):
    from newsdesk.site import middleware

    monkeypatch.setattr(
        middleware,
        "CONTENT_SECURITY_POLICY",
        "default-src 'none'; img-src 'self'; sandbox; report-uri /csp/; Report-To csp; "
        "frame-ancestors 'self'",
    )
    monkeypatch.setattr(middleware, "REFERRER_POLICY", "no-referrer")
    page = PAGE.replace(
        "<head>",
        '<head><meta http-equiv="content-security-policy" content="default-src *">'
        '<meta name="Referrer" content="unsafe-url">',
    )
    body = Mirror(MAIN, None, PAGES).html(page.encode(), "/story/", "story/index.html").body
    assert policies(body) == [
        ("Content-Security-Policy", "default-src 'none'; img-src 'self'"),
        ("referrer", "no-referrer"),
    ]

"""The post page: anatomy, metadata for other sites, parts, passwords and addresses."""

import json

import pytest

from newsdesk.content import actions
from newsdesk.content.models import FollowLink, SiteSettings
from tests import factories

pytestmark = pytest.mark.django_db


def _story(**fields):
    election = factories.tag("Election")
    jane = factories.author("Jane Roe")
    picture = factories.image_for_feeds("Ballot box", caption="Counting began.", credit="Ana Lima")
    fields.setdefault("excerpt", "Counting is under way.")
    return factories.post(
        "Counting begins",
        tags=[election],
        authors=[jane],
        featured_image=picture,
        when=factories.timeline(1)[0],
        **fields,
    )


def test_post_page_anatomy_in_order(reader):
    post = _story(body="<h2>Turnout</h2><p>High.</p><blockquote><p>Quote.</p></blockquote>")
    page = reader.soup(post.get_absolute_url())
    article = page.select_one("main article.post")
    order = [
        ".post-tags",
        ".post-title",
        ".post-figure",
        ".post-meta",
        ".post-body",
        ".share",
    ]
    positions = [article.decode().index(str(article.select_one(sel))) for sel in order]
    assert positions == sorted(positions)
    assert article.select_one(".post-tags a")["href"] == "/tag/election/"
    assert article.h1.get_text() == "Counting begins"
    assert article.select_one(".post-figure img")["alt"] == "Ballot box (picture)"
    assert article.select_one(".post-figure figcaption").get_text(" ", strip=True) == (
        "Counting began. Photo: Ana Lima"
    )
    meta = article.select_one(".post-meta")
    assert meta.select_one(".byline").get_text(" ", strip=True) == "By Jane Roe"
    assert meta.time["datetime"] == "2024-05-01T09:00:00+00:00"
    assert meta.time.get_text() == "May 1, 2024"
    assert article.select_one(".post-body h2").get_text() == "Turnout"
    assert article.select_one(".post-body blockquote")


def test_head_has_canonical_opengraph_and_parseable_json_ld(reader):
    post = _story()
    page = reader.soup(post.get_absolute_url())
    canonical = "http://127.0.0.1:8000/counting-begins/"
    assert page.select_one("link[rel=canonical]")["href"] == canonical
    og = {m["property"]: m["content"] for m in page.select("meta[property]")}
    assert og["og:type"] == "article"
    assert og["og:title"] == "Counting begins"
    assert og["og:url"] == canonical
    assert og["og:description"] == "Counting is under way."
    assert og["og:image"].startswith("http://127.0.0.1:8000/media/images/")
    twitter = {m["name"]: m["content"] for m in page.select("meta[name^=twitter]")}
    assert twitter["twitter:card"] == "summary_large_image"
    blocks = page.select('script[type="application/ld+json"]')
    assert len(blocks) == 1
    data = json.loads(blocks[0].string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Counting begins"
    assert data["datePublished"] == "2024-05-01T09:00:00+00:00"
    assert data["author"] == [
        {"@type": "Person", "name": "Jane Roe", "url": "http://127.0.0.1:8000/author/jane-roe/"}
    ]
    assert data["mainEntityOfPage"]["@id"] == canonical
    feeds = [link["href"] for link in page.select("link[rel=alternate]")]
    assert feeds == ["/feed/", "/feed/atom/"]


def test_json_ld_cannot_close_its_script_element(reader):
    post = factories.post("Tags </script><script>alert(1)</script> <!-- in titles")
    response = reader.get(post.get_absolute_url())
    html = response.content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
    assert json.loads(block)["headline"].startswith("Tags </script><script>")


def test_share_and_follow_links_are_plain_links(reader):
    actions.save_site_item(FollowLink(network="telegram", url="https://t.me/newsdesk"))
    actions.save_site_item(FollowLink(network="x", url="https://x.com/newsdesk"))
    post = _story()
    page = reader.soup(post.get_absolute_url())
    share = page.select(".share a")
    assert [a.get_text(strip=True) for a in share] == [
        "Facebook",
        "X",
        "Telegram",
        "WhatsApp",
        "Email",
    ]
    hrefs = [a["href"] for a in share]
    assert hrefs[0].startswith("https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2F")
    assert hrefs[2].startswith("https://t.me/share/url?url=")
    assert hrefs[4].startswith("mailto:?subject=Counting%20begins")
    assert all("counting-begins" in href for href in hrefs)
    follow = page.select(".follow-us a")
    assert [a["href"] for a in follow] == ["https://t.me/newsdesk", "https://x.com/newsdesk"]
    footer_follow = page.select("footer.site-footer .follow a")
    assert [a["aria-label"] for a in footer_follow] == ["Telegram", "X"]
    # Plain links: nothing runs, nothing is framed.
    assert not page.select("script[src], iframe")
    assert all(a.svg is not None for a in share)


def test_persian_post_sets_language_and_direction(reader):
    post = factories.post("خبر از تهران", language="fa", when=factories.timeline(1)[0])
    page = reader.soup(post.get_absolute_url())
    assert (page.html["lang"], page.html["dir"]) == ("fa", "rtl")
    assert page.select_one(".post-meta time").get_text() == "۱۲ اردیبهشت ۱۴۰۳"
    # The words around the post stay in the site's language and direction.
    header = page.select_one("body > header")
    assert (header["lang"], header["dir"]) == ("en", "ltr")
    english = reader.soup("/")
    assert (english.html["lang"], english.html["dir"]) == ("en", "ltr")
    card = english.select_one("main article.card")
    assert (card["lang"], card["dir"]) == ("fa", "rtl")


def test_persian_site_is_right_to_left_everywhere(reader):
    factories.site_settings(language="fa", name="خبرنامه")
    factories.post("یک خبر", language="fa")
    assert reader.soup("/").html["dir"] == "rtl"
    assert reader.soup("/no-such-page/", status=404).html["dir"] == "rtl"


def test_series_navigation_names_the_part_and_links_the_others(reader):
    saga = factories.series("Water Wars")
    when = factories.timeline(3)
    parts = [factories.post(f"Chapter {n}", series=saga, when=when[n]) for n in range(3)]
    nav = reader.soup(parts[1].get_absolute_url()).select_one("nav.series-nav")
    assert "Part 2 of 3" in nav.get_text(" ", strip=True)
    assert nav.select_one("h2 a")["href"] == "/series/water-wars/"
    links = [(a.get_text(), a["href"]) for a in nav.select("ol a")]
    assert links == [("Chapter 0", "/chapter-0/"), ("Chapter 2", "/chapter-2/")]
    assert nav.select_one("[aria-current=page]").get_text() == "Chapter 1"


def test_a_post_in_parts_shows_one_part_per_address(reader):
    post = factories.post(
        "Long read",
        body="<p>Part one text.</p><!--nextpage--><p>Part two text.</p>"
        "<!--nextpage--><p>Part three text.</p>",
    )
    first = reader.soup("/long-read/")
    assert "Part one text." in first.select_one(".post-body").get_text()
    assert "Part two text." not in first.get_text()
    links = first.select_one("nav.page-links")
    assert links.get_text(" ", strip=True) == "Pages: 1 2 3"
    assert [a["href"] for a in links.select("a")] == ["/long-read/2/", "/long-read/3/"]
    assert first.select_one("link[rel=next]")["href"] == "/long-read/2/"

    second = reader.soup("/long-read/2/")
    assert "Part two text." in second.select_one(".post-body").get_text()
    assert second.select_one("nav.page-links [aria-current=page]").get_text() == "2"
    assert second.select_one("link[rel=canonical]")["href"].endswith("/long-read/2/")
    reader.get("/long-read/4/", status=404)
    assert reader.get("/long-read/1/", status=301)["Location"] == "/long-read/"
    assert post.body_html.count('<hr class="page-break">') == 2


def test_password_protected_post_asks_then_shows_the_body(client, reader):
    post = _story(password="open sesame", body="<p>The secret body.</p>")
    url = post.get_absolute_url()
    locked = reader.soup(url)
    assert locked.h1.get_text() == "Protected: Counting begins"
    assert "The secret body." not in locked.decode()
    assert "Counting is under way." not in locked.decode()  # nor its summary, in any meta
    form = locked.select_one("main form.password-form")
    assert form["method"] == "post" and form["action"] == url
    assert form.select_one("input[name=csrfmiddlewaretoken]")
    assert form.select_one("input[type=password][name=password]")
    assert "private" in reader.get(url)["Cache-Control"]

    wrong = client.post(url, {"password": "guess"})
    assert wrong.status_code == 200
    assert "The secret body." not in wrong.content.decode()
    assert "not correct" in wrong.content.decode()

    right = client.post(url, {"password": "open sesame"})
    assert right.status_code == 303 and right["Location"] == url
    cookie = next(iter(right.cookies.values()))
    assert cookie["httponly"] and cookie["path"] == url and cookie["samesite"] == "Lax"
    assert "open sesame" not in cookie.value

    unlocked = reader.soup(url)
    assert unlocked.select_one(".post-body").get_text(strip=True) == "The secret body."
    assert not unlocked.select("form.password-form")

    # A new password locks out whoever had the old one.
    post.password = "new words"
    actions.save_post(post)
    assert "The secret body." not in reader.get(url).content.decode()


def test_password_form_refuses_posts_without_csrf_token(reader):
    from django.test import Client

    post = _story(password="open sesame")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(post.get_absolute_url(), {"password": "open sesame"}).status_code == 403


def test_permalink_style_decides_the_one_address(reader):
    post = factories.post("Budget passes", when=factories.timeline(1)[0])
    assert reader.get("/2024/05/01/budget-passes/", status=301)["Location"] == "/budget-passes/"
    reader.get("/budget-passes/")

    factories.site_settings(permalink_style=SiteSettings.Permalink.DATED)
    post.refresh_from_db()
    assert post.get_absolute_url() == "/2024/05/01/budget-passes/"
    assert reader.get("/budget-passes/", status=301)["Location"] == "/2024/05/01/budget-passes/"
    assert reader.get("/2024/05/02/budget-passes/", status=301)["Location"] == (
        "/2024/05/01/budget-passes/"
    )
    page = reader.soup("/2024/05/01/budget-passes/")
    assert page.h1.get_text() == "Budget passes"
    assert page.select_one("link[rel=canonical]")["href"].endswith("/2024/05/01/budget-passes/")


def test_dated_permalinks_serve_parts_too(reader):
    factories.site_settings(permalink_style=SiteSettings.Permalink.DATED)
    factories.post(
        "Long read", body="<p>One.</p><!--nextpage--><p>Two.</p>", when=factories.timeline(1)[0]
    )
    second = reader.soup("/2024/05/01/long-read/2/")
    assert "Two." in second.select_one(".post-body").get_text()
    assert reader.get("/long-read/2/", status=301)["Location"] == "/2024/05/01/long-read/2/"


def test_static_pages_by_path(reader):
    about = factories.page("About", body="<p>Who we are.</p>")
    factories.page("Team", parent=about, body="<p>The people.</p>")
    assert reader.soup("/about/").h1.get_text() == "About"
    assert "The people." in reader.soup("/about/team/").select_one(".post-body").get_text()
    reader.get("/about/nobody/", status=404)


def test_only_protected_items_take_a_password(client):
    post = factories.post("Open story")
    assert client.post(post.get_absolute_url(), {"password": "x"}).status_code == 405


def test_password_protected_page(client, reader):
    factories.page("Staff room", password="tea", body="<p>Rota.</p>")
    assert "Rota." not in reader.get("/staff-room/").content.decode()
    assert client.post("/staff-room/", {"password": "tea"}).status_code == 303
    assert reader.soup("/staff-room/").select_one(".post-body").get_text(strip=True) == "Rota."

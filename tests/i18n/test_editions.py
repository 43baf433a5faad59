"""Language editions: a Persian post lives under /fa/, with Persian archives around it;
a post and its translation link to each other in pages, sitemaps and stale sets."""

import pytest
from bs4 import BeautifulSoup
from django.urls import resolve

from newsdesk.content import actions
from newsdesk.content.models import Post
from newsdesk.syndication.sitemaps import XHTML_NS
from tests import factories
from tests.syndication.xmlcheck import assert_valid_sitemap, parse

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"


def _soup(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.BASE_URL = BASE


@pytest.fixture
def bilingual():
    """An English site with a tag shared by both languages and one only English posts use."""
    harbour, markets = factories.tag("Harbour"), factories.tag("Markets")
    mina = factories.author("Mina")
    times = factories.timeline(4)
    english = factories.post(
        "Harbour reopens", tags=[harbour, markets], authors=[mina], when=times[0]
    )
    persian = factories.post(
        "بندر دوباره باز شد",
        tags=[harbour],
        authors=[mina],
        language="fa",
        translation_of=english,
        when=times[1],
    )
    alone = factories.post("بازار ماهی", tags=[harbour], language="fa", when=times[2])
    return english, persian, alone


def test_a_persian_post_lives_under_the_persian_prefix(client, bilingual):
    english, persian, _alone = bilingual
    assert english.get_absolute_url() == "/harbour-reopens/"
    path = persian.get_absolute_url()
    assert path.startswith("/fa/%D8%A8")
    assert resolve(path).namespace == "fa"
    page = _soup(client, path)
    assert (page.html["lang"], page.html["dir"]) == ("fa", "rtl")
    assert page.h1.get_text() == "بندر دوباره باز شد"


def test_old_and_wrong_addresses_answer_301_to_the_edition(client, bilingual):
    english, persian, _alone = bilingual
    unprefixed = f"/{persian.slug}/"
    response = client.get(unprefixed)
    assert (response.status_code, response["Location"]) == (301, persian.get_absolute_url())
    response = client.get(f"/fa/{english.slug}/")
    assert (response.status_code, response["Location"]) == (301, "/harbour-reopens/")
    response = client.get("/en/tag/harbour/?x=1")
    assert (response.status_code, response["Location"]) == (301, "/tag/harbour/?x=1")
    assert client.get("/en/").status_code == 301


def test_dated_permalinks_carry_the_prefix_too(client, bilingual):
    _english, persian, _alone = bilingual
    factories.site_settings(permalink_style="dated")
    path = Post.objects.get(pk=persian.pk).get_absolute_url()
    assert path.startswith("/fa/2024/05/01/")
    assert client.get(path).status_code == 200
    assert client.get(path.removeprefix("/fa")).status_code == 301


def test_the_persian_edition_lists_persian_posts_in_persian(client, bilingual):
    english, persian, alone = bilingual
    home = _soup(client, "/fa/")
    titles = [a.get_text() for a in home.select(".card-title a")]
    assert titles == ["بازار ماهی", "بندر دوباره باز شد"]
    assert (home.html["lang"], home.html["dir"]) == ("fa", "rtl")
    card = home.select_one("article.card")
    assert card.select_one(".card-more a").get_text().startswith("ادامهٔ مطلب")
    assert card.select_one(".card-tags a")["href"] == "/fa/tag/harbour/"
    byline = home.select(".card-byline")[-1]
    assert byline.get_text(" ", strip=True) == "نوشتهٔ Mina"
    assert byline.a["href"] == "/fa/author/mina/"
    # The chrome keeps the site's language; the masthead leads to the edition's home.
    header = home.select_one("body > header")
    assert (header["lang"], header["dir"]) == ("en", "ltr")
    assert header.select_one(".site-name a")["href"] == "/fa/"
    assert header.select_one("form[role=search]")["action"] == "/fa/search/"

    tag = _soup(client, "/fa/tag/harbour/")
    assert tag.h1.get_text() == "نوشته‌های برچسب‌خورده با «Harbour»"
    assert len(tag.select(".card")) == 2
    _soup(client, "/fa/tag/markets/", status=404)  # no Persian post there
    assert [a.get_text() for a in _soup(client, "/fa/author/mina/").select(".card-title a")] == [
        "بندر دوباره باز شد"
    ]
    # The main edition lists every language, each card in its own direction; the same
    # post's card, remembered from the Persian pages, links within the main edition.
    main = _soup(client, "/tag/harbour/")
    assert len(main.select(".card")) == 3
    card = main.select_one("article.card")
    assert (card["lang"], card["dir"]) == ("fa", "rtl")
    assert card.select_one(".card-tags a")["href"] == "/tag/harbour/"
    assert card.select_one(".card-more a").get_text().startswith("Continue Reading")
    assert main.select(".card-byline a")[-1]["href"] == "/author/mina/"


def test_an_edition_without_posts_is_not_found(client):
    factories.post("Only English")
    _soup(client, "/fa/", status=404)
    assert not _soup(client, "/").select("nav.languages")


def test_editions_link_their_home_pages(client, bilingual):
    main, persian_home = _soup(client, "/"), _soup(client, "/fa/")
    for page in (main, persian_home):
        links = {
            link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")
        }
        assert links == {"en": f"{BASE}/", "fa": f"{BASE}/fa/", "x-default": f"{BASE}/"}
    assert [(a["href"], a.get_text()) for a in main.select("nav.languages a")] == [
        ("/fa/", "فارسی")
    ]
    assert [(a["href"], a.get_text()) for a in persian_home.select("nav.languages a")] == [
        ("/", "English")
    ]


def test_a_post_and_its_translation_link_each_other(client, bilingual):
    english, persian, alone = bilingual
    expected = {
        "en": f"{BASE}/harbour-reopens/",
        "fa": BASE + persian.get_absolute_url(),
        "x-default": f"{BASE}/harbour-reopens/",
    }
    for post, other in ((english, persian), (persian, english)):
        page = _soup(client, post.get_absolute_url())
        hreflang = {
            link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")
        }
        assert hreflang == expected
        switcher = page.select("nav.languages a")
        assert [(a["href"], a["hreflang"], a["lang"]) for a in switcher] == [
            (other.get_absolute_url(), other.language, other.language)
        ]
    lonely = _soup(client, alone.get_absolute_url())
    assert not lonely.select("link[hreflang]") and not lonely.select("nav.languages")


def test_a_translation_of_a_translation_joins_the_original(client, bilingual):
    english, persian, _alone = bilingual
    # Linked to the Persian version rather than the original: the group is still one.
    arabic = factories.post("الميناء", translation_of=persian, language="ar")
    for post in (english, persian, arabic):
        page = _soup(client, post.get_absolute_url())
        hreflang = {link["hreflang"]: link["href"] for link in page.select("link[hreflang]")}
        assert set(hreflang) == {"en", "fa", "ar", "x-default"}, post.title
        assert hreflang["ar"] == BASE + arabic.get_absolute_url()
    assert arabic.get_absolute_url() == "/%D8%A7%D9%84%D9%85%D9%8A%D9%86%D8%A7%D8%A1/"
    root = parse(client.get("/sitemap-posts-2024-05.xml").content)
    languages = {link.get("hreflang") for link in root.iter(f"{{{XHTML_NS}}}link")}
    assert languages == {"en", "fa", "ar", "x-default"}


def test_the_sitemap_carries_the_alternates(client, bilingual):
    english, persian, alone = bilingual
    root = parse(client.get("/sitemap-posts-2024-05.xml").content)
    assert_valid_sitemap(root)
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": XHTML_NS}
    by_address = {
        url.findtext("s:loc", namespaces=namespaces): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("x:link", namespaces=namespaces)
        }
        for url in root.findall("s:url", namespaces=namespaces)
    }
    both = {
        "en": f"{BASE}/harbour-reopens/",
        "fa": BASE + persian.get_absolute_url(),
        "x-default": f"{BASE}/harbour-reopens/",
    }
    assert by_address[f"{BASE}/harbour-reopens/"] == both
    assert by_address[BASE + persian.get_absolute_url()] == both
    assert by_address[BASE + alone.get_absolute_url()] == {}
    for url in root.iter(f"{{{XHTML_NS}}}link"):
        assert url.get("rel") == "alternate"


def test_editing_a_persian_post_stales_its_persian_pages_and_its_translation(bilingual):
    english, persian, _alone = bilingual
    persian.title = "بندر باز شد"
    stale = actions.save_post(persian).paths
    assert {
        persian.get_absolute_url(),
        "/fa/",
        "/fa/tag/harbour/",
        "/fa/author/mina/",
        "/fa/2024/",
        "/fa/2024/05/",
        "/tag/harbour/",
        "/",
        english.get_absolute_url(),  # its language switcher and hreflang
    } <= stale
    # An edition has no feeds of its own: none is named.
    assert not any(path.startswith("/fa/") and "/feed/" in path for path in stale)


def test_a_new_slug_stales_and_redirects_its_prefixed_address(client, bilingual):
    english, persian, _alone = bilingual
    old = persian.get_absolute_url()
    persian.slug = "بندر-باز"
    stale = actions.save_post(persian).paths
    assert {old, persian.get_absolute_url(), english.get_absolute_url()} <= stale
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, persian.get_absolute_url())


def test_the_first_post_of_an_edition_stales_the_main_home(bilingual):
    factories.site_settings(posts_per_page=2)
    for when in factories.timeline(6):
        factories.post("English filler", when=when)
    _english, _persian, alone = bilingual
    Post.objects.filter(language="fa").exclude(pk=alone.pk).update(language="en")
    actions.unpublish_post(alone)
    stale = actions.publish_post(Post.objects.get(pk=alone.pk)).paths
    assert {"/", "/fa/"} <= stale


def test_a_persian_site_puts_english_posts_under_the_english_prefix(client):
    factories.site_settings(language="fa", name="خبرنامه")
    persian = factories.post("یک خبر", language="fa")
    english = factories.post("A story", language="en")
    assert persian.get_absolute_url().startswith("/%DB%8C")
    assert english.get_absolute_url() == "/en/a-story/"
    home = _soup(client, "/")
    assert (home.html["lang"], home.html["dir"]) == ("fa", "rtl")
    assert home.select_one(".card-more a").get_text().startswith("ادامهٔ مطلب")
    english_home = _soup(client, "/en/")
    assert (english_home.html["lang"], english_home.html["dir"]) == ("en", "ltr")
    assert english_home.select_one(".card-more a").get_text().startswith("Continue Reading")
    assert english_home.select_one("body > header")["dir"] == "rtl"
    assert client.get("/fa/").status_code == 301

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from newsdesk.content import actions
from newsdesk.content.models import Status
from newsdesk.syndication import sitemaps
from tests import factories
from tests.syndication.xmlcheck import (
    NS,
    assert_image_entries_well_formed,
    assert_valid_sitemap,
    parse,
)

pytestmark = pytest.mark.django_db

BASE = "https://news.example"
MAY = datetime(2024, 5, 10, 9, 0, tzinfo=UTC)
JUNE = datetime(2024, 6, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.BASE_URL = BASE


def fetch(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    assert response["X-Robots-Tag"] == "noindex, follow"
    return parse(response.content)


def index_entries(client) -> dict[str, str | None]:
    root = fetch(client, "/sitemap.xml")
    assert_valid_sitemap(root, "siteindex.xsd")
    return {
        sitemap.findtext("s:loc", namespaces=NS): sitemap.findtext("s:lastmod", namespaces=NS)
        for sitemap in root.findall("s:sitemap", NS)
    }


def section_locs(client, name: str) -> list[str]:
    root = fetch(client, f"/sitemap-{name}.xml")
    assert_valid_sitemap(root)
    assert_image_entries_well_formed(root)
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


@pytest.fixture
def newsroom():
    """Two months of public posts, with a draft, a scheduled and a protected post."""
    news, unused = factories.tag("News"), factories.tag("Unused")
    world = factories.category("World")
    reporter = factories.author("Rana Reporter")
    picture = factories.image_for_feeds()
    may = factories.post(
        "May story",
        tags=[news],
        categories=[world],
        authors=[reporter],
        when=MAY,
        featured_image=picture,
    )
    june = factories.post("June story", tags=[news], when=JUNE)
    draft = factories.post("Secret draft", tags=[news, unused], status=Status.DRAFT, when=MAY)
    scheduled = factories.post(
        "Tomorrow's story", tags=[unused], when=timezone.now() + timedelta(days=1)
    )
    protected = factories.post("Locked story", when=MAY + timedelta(hours=1), password="pw")
    about = factories.page("About us")
    factories.page("Hidden page", status=Status.DRAFT)
    return locals()


def test_index_lists_every_section_with_lastmod_and_validates(client, newsroom):
    entries = index_entries(client)
    assert list(entries) == [
        f"{BASE}/sitemap-posts-2024-05.xml",
        f"{BASE}/sitemap-posts-2024-06.xml",
        f"{BASE}/sitemap-pages.xml",
        f"{BASE}/sitemap-tags.xml",
        f"{BASE}/sitemap-categories.xml",
        f"{BASE}/sitemap-authors.xml",
    ]
    assert all(entries.values())
    newsroom["june"].refresh_from_db()
    june_lastmod = entries[f"{BASE}/sitemap-posts-2024-06.xml"]
    assert june_lastmod == newsroom["june"].updated_at.isoformat(timespec="seconds")


def test_every_section_the_index_lists_validates(client, newsroom):
    listed = index_entries(client)
    for loc in listed:
        root = fetch(client, loc.removeprefix(BASE))
        assert_valid_sitemap(root)
        assert_image_entries_well_formed(root)
        lastmods = [node.text for node in root.findall("s:url/s:lastmod", NS)]
        assert max(lastmods) <= listed[loc]  # the index never says older than its files


def test_sections_validate_and_list_only_public_unprotected_content(client, newsroom):
    may = section_locs(client, "posts-2024-05")
    june = section_locs(client, "posts-2024-06")
    assert may == [f"{BASE}/may-story/"]
    assert june == [f"{BASE}/june-story/"]
    assert section_locs(client, "pages") == [f"{BASE}/", f"{BASE}/about-us/"]
    assert section_locs(client, "tags") == [f"{BASE}/tag/news/"]
    assert section_locs(client, "categories") == [f"{BASE}/category/world/"]
    assert section_locs(client, "authors") == [f"{BASE}/author/rana-reporter/"]
    everything = (
        b"".join(
            client.get(f"/sitemap-{name}.xml").content
            for name in ("posts-2024-05", "posts-2024-06", "pages", "tags", "categories", "authors")
        )
        + client.get("/sitemap.xml").content
        + client.get("/news-sitemap.xml").content
    )
    for hidden in (b"secret-draft", b"tomorrow", b"locked-story", b"hidden-page", b"unused"):
        assert hidden not in everything


def test_post_entries_carry_updated_at_and_the_featured_image(client, newsroom):
    root = fetch(client, "/sitemap-posts-2024-05.xml")
    (url,) = root.findall("s:url", NS)
    post = newsroom["may"]
    post.refresh_from_db()
    assert url.findtext("s:lastmod", namespaces=NS) == post.updated_at.isoformat(timespec="seconds")
    image_loc = url.findtext("image:image/image:loc", namespaces=NS)
    assert image_loc == f"{BASE}{newsroom['picture'].file.url}"
    assert image_loc.endswith(".png")
    june = fetch(client, "/sitemap-posts-2024-06.xml")
    assert june.find(".//image:image", NS) is None


def test_term_lastmod_is_the_newest_post_in_it(client, newsroom):
    root = fetch(client, "/sitemap-tags.xml")
    assert root.findtext("s:url/s:lastmod", namespaces=NS) == JUNE.isoformat()


def test_a_month_with_only_drafts_is_not_listed(client, newsroom):
    factories.post("July draft", status=Status.DRAFT, when=datetime(2024, 7, 1, tzinfo=UTC))
    assert f"{BASE}/sitemap-posts-2024-07.xml" not in index_entries(client)
    assert client.get("/sitemap-posts-2024-07.xml").status_code == 404


def test_unpublishing_removes_the_post_and_its_empty_month(client, newsroom):
    actions.unpublish_post(newsroom["june"])
    entries = index_entries(client)
    assert f"{BASE}/sitemap-posts-2024-06.xml" not in entries
    assert client.get("/sitemap-posts-2024-06.xml").status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "nope",
        "posts",
        "posts-2024-13",
        "posts-24-05",
        "posts-2024-05-1",
        "tags-1",
        "tags-x",
        "posts-2024-05-2",
        "tags-2",
        "pages-2",
    ],
)
def test_unknown_or_empty_sections_are_not_found(client, newsroom, name):
    assert client.get(f"/sitemap-{name}.xml").status_code == 404


def test_empty_term_sections_are_left_out(client):
    factories.tag("Nothing here")
    factories.post("Untagged", when=MAY)
    entries = index_entries(client)
    assert f"{BASE}/sitemap-tags.xml" not in entries
    assert f"{BASE}/sitemap-pages.xml" in entries  # home is always there
    assert client.get("/sitemap-tags.xml").status_code == 404


def test_an_empty_site_still_has_a_valid_index(client):
    assert list(index_entries(client)) == [f"{BASE}/sitemap-pages.xml"]
    assert section_locs(client, "pages") == [f"{BASE}/"]


def test_big_sections_continue_in_numbered_files(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "PER_FILE", 2)
    news = factories.tag("News")
    for number, when in enumerate(factories.timeline(5)):
        factories.post(f"Story {number}", tags=[news], when=when)
        factories.tag(f"Topic {number}")
    for number in range(2):
        factories.page(f"Page {number}")
    entries = index_entries(client)
    names = [loc.removeprefix(f"{BASE}/sitemap-").removesuffix(".xml") for loc in entries]
    assert names == [
        "posts-2024-05", "posts-2024-05-2", "posts-2024-05-3", "pages", "pages-2", "tags",
    ]  # fmt: skip
    files = [section_locs(client, name) for name in names[:3]]
    assert [len(locs) for locs in files] == [2, 2, 1]
    assert sum(files, []) == [f"{BASE}/story-{n}/" for n in range(5)]  # oldest first
    assert section_locs(client, "pages") == [f"{BASE}/", f"{BASE}/page-0/"]
    assert section_locs(client, "pages-2") == [f"{BASE}/page-1/"]
    assert client.get("/sitemap-posts-2024-05-4.xml").status_code == 404


def test_months_follow_the_site_time_zone(client, settings):
    settings.TIME_ZONE = "Asia/Tehran"  # 22:00 UTC on 31 May is 1 June in Tehran
    factories.post("Late night", when=datetime(2024, 5, 31, 22, 0, tzinfo=UTC))
    assert f"{BASE}/sitemap-posts-2024-06.xml" in index_entries(client)
    assert section_locs(client, "posts-2024-06") == [f"{BASE}/late-night/"]


def test_dated_permalinks_are_used(client, newsroom):
    site = factories.site_settings(permalink_style="dated")
    assert site.permalink_style == "dated"
    assert section_locs(client, "posts-2024-05") == [f"{BASE}/2024/05/10/may-story/"]


# --- news sitemap ----------------------------------------------------------------------


def test_news_sitemap_has_only_the_last_48_hours(client):
    now = timezone.now()
    factories.site_settings(name="The Daily Example")
    fresh = factories.post("Fresh & new", when=now - timedelta(hours=3), language="fa")
    factories.post("Two days old", when=now - timedelta(hours=49))
    factories.post("Fresh draft", when=now - timedelta(hours=1), status=Status.DRAFT)
    factories.post("Coming soon", when=now + timedelta(hours=1))
    root = fetch(client, "/news-sitemap.xml")
    assert_valid_sitemap(root)
    urls = root.findall("s:url", NS)
    assert [url.findtext("s:loc", namespaces=NS) for url in urls] == [
        f"{BASE}{fresh.get_absolute_url()}"
    ]
    extensions = {
        etree.QName(element).namespace
        for element in root.iter()
        if etree.QName(element).namespace != NS["s"]
    }
    assert extensions == {NS["news"]}
    article = urls[0].find("news:news", NS)
    assert article.findtext("news:publication/news:name", namespaces=NS) == "The Daily Example"
    assert article.findtext("news:publication/news:language", namespaces=NS) == "fa"
    assert article.findtext("news:title", namespaces=NS) == "Fresh & new"
    published = datetime.fromisoformat(article.findtext("news:publication_date", namespaces=NS))
    assert abs(published - fresh.published_at) < timedelta(seconds=1)


def test_news_sitemap_without_recent_posts_is_an_empty_urlset(client):
    factories.post("Old news", when=MAY)
    root = fetch(client, "/news-sitemap.xml")
    assert root.tag == f"{{{NS['s']}}}urlset" and len(root) == 0


# --- cost --------------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _fill(count: int, batch: int) -> None:
    """``count`` posts in May 2024 and ``count`` in the last day, each with three tags,
    an author and a featured image."""
    tags = [factories.tag(f"Batch {batch} topic {n}") for n in range(3)]
    writer = factories.author(f"Writer {batch}")
    picture = factories.image_for_feeds()
    recent = timezone.now() - timedelta(hours=20 - batch)
    for n, when in enumerate(
        factories.timeline(count, MAY + timedelta(days=batch)) + factories.timeline(count, recent)
    ):
        factories.post(
            f"Batch {batch} story {n}",
            tags=tags,
            authors=[writer],
            when=when,
            featured_image=picture,
        )


def test_query_counts_do_not_grow_with_posts(client):
    paths = [
        "/sitemap.xml",
        "/sitemap-posts-2024-05.xml",
        "/sitemap-pages.xml",
        "/sitemap-tags.xml",
        "/sitemap-categories.xml",
        "/sitemap-authors.xml",
        "/news-sitemap.xml",
    ]
    factories.category("World")
    _fill(5, batch=1)
    few = {path: _queries(client, path) for path in paths if path != "/sitemap-categories.xml"}
    _fill(20, batch=2)
    many = {path: _queries(client, path) for path in paths if path != "/sitemap-categories.xml"}
    assert few == many

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.content.models import Status
from tests import factories
from tests.syndication.xmlcheck import NS, assert_valid_atom, parse

pytestmark = pytest.mark.django_db

BASE = "https://news.example"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
BODY = (
    '<h2>What happened</h2><p>Ships sail again. <a href="/about-us/">About us</a></p>'
    '<p><img src="/media/inline.png" alt="Quay"></p>'
)
FEEDS = {
    "site": ("/feed/", "/feed/atom/"),
    "news": ("/tag/news/feed/", "/tag/news/feed/atom/"),
    "ports": ("/tag/ports/feed/", "/tag/ports/feed/atom/"),
    "world": ("/category/world/feed/", "/category/world/feed/atom/"),
    "rana": ("/author/rana-reporter/feed/", "/author/rana-reporter/feed/atom/"),
}
ALL_FEEDS = [path for pair in FEEDS.values() for path in pair]


@pytest.fixture(autouse=True)
def _site(settings):
    settings.BASE_URL = BASE
    factories.site_settings(name="The Daily Example", tagline="News from the coast")


@pytest.fixture
def newsroom():
    news, ports = factories.tag("News"), factories.tag("Ports")
    world = factories.category("World")
    rana, sam = factories.author("Rana Reporter"), factories.author("Sam Writer")
    picture = factories.image_for_feeds()
    times = factories.timeline(6)
    harbour = factories.post(
        "Harbour reopens",
        body=BODY,
        tags=[news, ports],
        categories=[world],
        authors=[rana, sam],
        featured_image=picture,
        when=times[3],
    )
    staff = factories.post("Staff report", byline="Staff Writer", tags=[news], when=times[4])
    persian = factories.post("خبر تازه", language="fa", authors=[rana], when=times[2])
    locked = factories.post(
        "Locked story", body="<p>Hidden words.</p>", password="pw", tags=[news], when=times[1]
    )
    draft = factories.post(
        "Secret draft",
        tags=[news, ports],
        categories=[world],
        authors=[rana],
        status=Status.DRAFT,
        when=times[5],
    )
    scheduled = factories.post(
        "Tomorrow's story",
        tags=[news, ports],
        categories=[world],
        authors=[rana],
        when=timezone.now() + timedelta(days=1),
    )
    return locals()


def read(client, path: str) -> tuple[bytes, feedparser.FeedParserDict]:
    response = client.get(path)
    assert response.status_code == 200, path
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    return response.content, parsed


def titles(client, path: str) -> list[str]:
    return [entry.title for entry in read(client, path)[1].entries]


def test_site_rss_carries_full_posts(client, newsroom):
    content, parsed = read(client, "/feed/")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "The Daily Example"
    assert parsed.feed.link == f"{BASE}/"
    assert parsed.feed.subtitle == "News from the coast"
    assert any(link.rel == "self" and link.href == f"{BASE}/feed/" for link in parsed.feed.links)
    assert [e.title for e in parsed.entries] == [
        "Staff report",
        "Harbour reopens",
        "خبر تازه",
        "Locked story",
    ]
    entry = parsed.entries[1]
    harbour = newsroom["harbour"]
    assert entry.link == f"{BASE}/harbour-reopens/"
    assert entry.id == f"{BASE}/?p={harbour.pk}"
    assert entry.guidislink is False
    assert entry.published_parsed[:5] == harbour.published_at.utctimetuple()[:5]
    assert [a.name for a in entry.authors] == ["Rana Reporter", "Sam Writer"]
    assert [t.term for t in entry.tags] == ["News", "Ports"]
    assert entry.summary == harbour.summary and "Ships sail again." in entry.summary
    body = entry.content[0].value
    assert "<h2>What happened</h2>" in body
    assert f'href="{BASE}/about-us/"' in body and f'src="{BASE}/media/inline.png"' in body
    (enclosure,) = entry.enclosures
    assert enclosure.href == f"{BASE}{newsroom['picture'].file.url}"
    assert enclosure.type == "image/png" and int(enclosure.length) > 0
    assert entry.media_content[0]["width"] == "64"
    assert entry.media_credit[0]["content"] == "Photo: Staff"
    assert parsed.entries[0].author == "Staff Writer"

    # The raw XML: content:encoded in its namespace, guid not a permalink.
    item = parse(content).find("channel/item[2]")
    assert item.find(f"{{{CONTENT_NS}}}encoded") is not None
    assert item.find("guid").get("isPermaLink") == "false"


def test_atom_is_valid_and_carries_full_posts(client, newsroom):
    content, parsed = read(client, "/feed/atom/")
    assert_valid_atom(parse(content))
    assert parsed.version == "atom10"
    assert parsed.feed.id == f"{BASE}/"
    assert any(
        link.rel == "self" and link.href == f"{BASE}/feed/atom/" for link in parsed.feed.links
    )
    entry = parsed.entries[1]
    assert entry.title == "Harbour reopens"
    assert entry.id == f"{BASE}/?p={newsroom['harbour'].pk}"
    assert entry.content[0].type == "text/html"
    assert "<h2>What happened</h2>" in entry.content[0].value
    assert [a.name for a in entry.authors] == ["Rana Reporter", "Sam Writer"]
    assert entry.updated_parsed and entry.published_parsed
    assert [link.href for link in entry.links if link.rel == "enclosure"] == [
        f"{BASE}{newsroom['picture'].file.url}"
    ]
    entries = parse(content).findall("atom:entry", NS)
    langs = [e.get("{http://www.w3.org/XML/1998/namespace}lang") for e in entries]
    assert langs == ["en", "en", "fa", "en"]


@pytest.mark.parametrize("path", ALL_FEEDS)
def test_every_feed_parses_and_hides_drafts_and_scheduled_posts(client, newsroom, path):
    content, parsed = read(client, path)
    if path.endswith("/atom/"):
        assert_valid_atom(parse(content))
    assert parsed.entries
    assert b"Secret draft" not in content and b"Tomorrow" not in content
    assert b"news.example" in content and b"testserver" not in content


def test_term_feeds_carry_only_their_posts(client, newsroom):
    for rss, atom in FEEDS.values():
        assert titles(client, rss) == titles(client, atom)
    assert titles(client, "/tag/news/feed/") == ["Staff report", "Harbour reopens", "Locked story"]
    assert titles(client, "/tag/ports/feed/") == ["Harbour reopens"]
    assert titles(client, "/category/world/feed/") == ["Harbour reopens"]
    assert titles(client, "/author/rana-reporter/feed/") == ["Harbour reopens", "خبر تازه"]
    _content, parsed = read(client, "/tag/ports/feed/atom/")
    assert parsed.feed.title == "Ports – The Daily Example"
    assert parsed.feed.link == f"{BASE}/tag/ports/"


@pytest.mark.parametrize(
    "path",
    [
        "/tag/missing/feed/",
        "/tag/missing/feed/atom/",
        "/category/missing/feed/",
        "/category/missing/feed/atom/",
        "/author/missing/feed/",
        "/author/missing/feed/atom/",
    ],
)
def test_unknown_terms_are_not_found(client, newsroom, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/"])
def test_protected_posts_show_no_body(client, newsroom, path):
    content, parsed = read(client, path)
    locked = next(e for e in parsed.entries if e.title == "Locked story")
    assert "This content is password protected." in locked.content[0].value
    assert locked.summary == "This content is password protected."
    assert b"Hidden words" not in content


def test_feeds_hold_the_twenty_newest(client):
    for number, when in enumerate(factories.timeline(23)):
        factories.post(f"Story {number}", when=when)
    assert titles(client, "/feed/") == [f"Story {n}" for n in range(22, 2, -1)]


def test_addresses_come_from_base_url_not_the_request_host(client, newsroom, settings):
    settings.ALLOWED_HOSTS = ["mirror.example"]
    response = client.get("/feed/atom/", HTTP_HOST="mirror.example")
    assert response.status_code == 200
    assert b"mirror.example" not in response.content


def test_text_xml_forbids_is_dropped(client):
    factories.post("Form\x0cfeed", body="<p>Vertical\x0btab</p>", when=factories.timeline(1)[0])
    for path in ("/feed/", "/feed/atom/"):
        _content, parsed = read(client, path)
        assert parsed.entries[0].title == "Formfeed"
        assert "Verticaltab" in parsed.entries[0].content[0].value


def test_titles_with_markup_characters_survive(client):
    factories.post("Fish & chips <cheap>", when=factories.timeline(1)[0])
    for path in ("/feed/", "/feed/atom/"):
        assert titles(client, path) == ["Fish & chips <cheap>"]


# --- cost --------------------------------------------------------------------------------


def _fill(count: int, batch: int, news, world, rana) -> None:
    """``count`` posts in every feed, each with three tags, two authors, a category
    and a featured image."""
    tags = [factories.tag(f"Batch {batch} topic {n}") for n in range(2)] + [news]
    authors = [factories.author(f"Batch {batch} writer"), rana]
    picture = factories.image_for_feeds()
    start = datetime(2024, 5, 1, tzinfo=UTC) + timedelta(days=batch)
    for n, when in enumerate(factories.timeline(count, start)):
        factories.post(
            f"Batch {batch} story {n}",
            tags=tags,
            categories=[world],
            authors=authors,
            featured_image=picture,
            when=when,
        )


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_posts(client):
    shared = factories.tag("News"), factories.category("World"), factories.author("Rana Reporter")
    _fill(5, 1, *shared)
    few = {path: _queries(client, path) for path in ALL_FEEDS if "ports" not in path}
    _fill(20, 2, *shared)
    many = {path: _queries(client, path) for path in ALL_FEEDS if "ports" not in path}
    assert few == many

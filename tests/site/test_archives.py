"""Archive pages: the reference card anatomy, pagination, sticky posts, what stays hidden,
and a number of queries that does not grow with the page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk import memos
from newsdesk.content.models import Status
from newsdesk.site import fragments
from tests import factories

pytestmark = pytest.mark.django_db

CARD_PARTS = [
    "card-tags",
    "card-image",
    "card-title",
    "card-caption",
    "card-byline",
    "card-excerpt",
    "card-more",
]


def parts_of(card) -> list[str]:
    """The card's children by their role, top to bottom."""
    return [
        next(c for c in child["class"] if c.startswith("card-"))
        for child in card.children
        if getattr(child, "name", None)
    ]


def test_tag_archive_heading_and_every_card_in_reference_order(reader):
    election, world = factories.tag("Election"), factories.tag("World")
    jane, omar = factories.author("Jane Roe"), factories.author("Omar Khan")
    picture = factories.image_for_feeds(
        "Polling station", caption="Voters queue.", credit="Ana Lima"
    )
    times = factories.timeline(3)
    factories.post(
        "First",
        tags=[election, world],
        authors=[jane, omar],
        when=times[0],
        featured_image=picture,
        excerpt="The first story.",
    )
    factories.post(
        "Second",
        tags=[election],
        byline="Staff Writer",
        when=times[1],
        featured_image=picture,
        excerpt="The second story.",
    )
    factories.post(
        "Third",
        tags=[election],
        authors=[jane],
        when=times[2],
        featured_image=picture,
        excerpt="The third story.",
    )

    page = reader.soup("/tag/election/")

    assert page.h1.get_text() == "Posts Tagged ‘Election’"
    cards = page.select("main article.card")
    assert [c.select_one(".card-title").get_text(strip=True) for c in cards] == [
        "Third",
        "Second",
        "First",
    ]
    for card in cards:
        assert parts_of(card) == CARD_PARTS
        assert card.select_one(".card-more a").get_text().startswith("Continue Reading")
        assert card.select_one(".card-more a")["href"] == card.select_one(".card-title a")["href"]
        image = card.select_one("img.card-image")
        assert image["alt"] == "Polling station (picture)"
        assert (image["width"], image["height"]) == ("64", "48")
        caption = card.select_one(".card-caption").get_text(" ", strip=True)
        assert caption == "Voters queue. Photo: Ana Lima"

    first = cards[-1]
    tag_links = first.select(".card-tags a")
    assert [(a.get_text(), a["href"]) for a in tag_links] == [
        ("Election", "/tag/election/"),
        ("World", "/tag/world/"),
    ]
    assert "Election, World" in first.select_one(".card-tags").get_text()
    assert first.select_one(".card-byline").get_text(" ", strip=True) == "By Jane Roe and Omar Khan"
    assert first.select_one(".card-excerpt").get_text(strip=True) == "The first story."
    assert cards[1].select_one(".card-byline").get_text(" ", strip=True) == "By Staff Writer"
    # Only the first picture loads at once; the rest wait until scrolled to.
    assert [c.select_one("img").get("loading") for c in cards] == [None, "lazy", "lazy"]
    assert cards[0].select_one("img")["fetchpriority"] == "high"


def test_archive_pages_link_to_each_other_and_end(reader):
    factories.site_settings(posts_per_page=2)
    news = factories.tag("News")
    for n, when in enumerate(factories.timeline(5)):
        factories.post(f"Story {n}", tags=[news], when=when)

    first = reader.soup("/tag/news/")
    assert first.select_one("a[rel=next]")["href"] == "/tag/news/page/2/"
    assert first.select_one("link[rel=next]")["href"] == "/tag/news/page/2/"
    assert first.select_one("a[rel=prev]") is None

    middle = reader.soup("/tag/news/page/2/")
    assert middle.select_one("a[rel=prev]")["href"] == "/tag/news/"
    assert middle.select_one("a[rel=next]")["href"] == "/tag/news/page/3/"
    assert middle.select_one("link[rel=canonical]")["href"].endswith("/tag/news/page/2/")

    last = reader.soup("/tag/news/page/3/")
    assert [t.get_text() for t in last.select(".card-title")] == ["Story 0"]
    assert last.select_one("a[rel=next]") is None

    reader.get("/tag/news/page/4/", status=404)
    moved = reader.get("/tag/news/page/1/", status=301)
    assert moved["Location"] == "/tag/news/"


def test_home_shows_sticky_posts_first_then_newest(reader):
    factories.site_settings(posts_per_page=2)
    times = factories.timeline(4)
    factories.post("Old but pinned", when=times[0], sticky=True)
    for n, when in enumerate(times[1:], 1):
        factories.post(f"News {n}", when=when)

    home = reader.soup("/")
    titles = [t.get_text(strip=True) for t in home.select("main .card-title")]
    assert titles == ["Old but pinned", "News 3", "News 2"]
    assert home.select_one("a[rel=next]")["href"] == "/page/2/"
    second = reader.soup("/page/2/")
    assert [t.get_text(strip=True) for t in second.select("main .card-title")] == ["News 1"]


def test_other_archives_have_their_headings(reader):
    world = factories.category("World")
    europe = factories.category("Europe", parent=world)
    jane = factories.author("Jane Roe")
    saga = factories.series("Water Wars")
    when = factories.timeline(2)
    factories.post("Part one", categories=[europe], authors=[jane], series=saga, when=when[0])
    factories.post("Part two", categories=[europe], authors=[jane], series=saga, when=when[1])

    assert reader.soup("/category/world/europe/").h1.get_text() == (
        "Archive for the ‘Europe’ Category"
    )
    assert reader.soup("/author/jane-roe/").h1.get_text() == "Posts by Jane Roe"
    assert reader.soup("/2024/").h1.get_text() == "Archive for 2024"
    assert reader.soup("/2024/05/").h1.get_text() == "Archive for May 2024"
    series = reader.soup("/series/water-wars/")
    assert series.h1.get_text() == "Water Wars"
    assert [t.get_text(strip=True) for t in series.select(".card-title")] == [
        "Part one",
        "Part two",
    ]
    reader.get("/2023/", status=404)
    reader.get("/2024/13/", status=404)


def test_drafts_and_scheduled_posts_appear_on_no_page(reader):
    news = factories.tag("News")
    jane = factories.author("Jane Roe")
    factories.post("Public story", tags=[news], authors=[jane])
    draft = factories.post("Secret draft", tags=[news], authors=[jane], status=Status.DRAFT)
    later = factories.post(
        "Embargoed story", tags=[news], authors=[jane], when=timezone.now() + timedelta(days=1)
    )
    assert later.status == Status.SCHEDULED
    year = timezone.localtime(later.published_at).year

    for url in ("/", "/tag/news/", "/author/jane-roe/", f"/{year}/"):
        text = reader.get(url).content.decode()
        assert "Public story" in text, url
        assert "Secret draft" not in text and "Embargoed story" not in text, url
    reader.get(f"/{draft.slug}/", status=404)
    reader.get(f"/{later.slug}/", status=404)
    missing = reader.soup("/no-such-thing/", status=404)
    assert "Secret draft" not in missing.get_text()
    assert "Embargoed story" not in missing.get_text()


def test_protected_posts_keep_their_excerpt_to_themselves_in_listings(reader):
    factories.post("Members only", password="open sesame", excerpt="The hidden summary.")
    card = reader.soup("/").select_one("main article.card")
    assert card.select_one(".card-title").get_text(strip=True) == "Protected: Members only"
    assert card.select_one(".card-excerpt").get_text(strip=True) == (
        "There is no excerpt because this is a protected post."
    )
    assert "hidden summary" not in reader.get("/").content.decode()


def _queries_for(client, url: str) -> int:
    """Queries for a page whose cards are not remembered yet (the costlier case)."""
    client.get(url)
    memos.reset("post cards")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_tag_archive_queries_do_not_grow_with_posts_or_tags(client):
    factories.site_settings(posts_per_page=50)
    picture = factories.image_for_feeds()
    jane, omar = factories.author("Jane Roe"), factories.author("Omar Khan")
    few, many = factories.tag("Few"), factories.tag("Many")
    one_tag, twenty_tags = factories.tag("One tag"), factories.tag("Twenty tags")
    extra = [factories.tag(f"Extra {n}") for n in range(19)]
    times = iter(factories.timeline(200))

    def story(tags):
        factories.post(
            "Story", tags=tags, authors=[jane, omar], featured_image=picture, when=next(times)
        )

    for _ in range(10):
        story([few])
    for _ in range(50):
        story([many])
    for _ in range(10):
        story([one_tag])
    for _ in range(10):
        story([twenty_tags, *extra])

    ten = _queries_for(client, "/tag/few/")
    fifty = _queries_for(client, "/tag/many/")
    assert ten == fifty
    assert _queries_for(client, "/tag/one-tag/") == _queries_for(client, "/tag/twenty-tags/")
    assert fifty <= 12


def test_cards_warmed_ahead_are_the_cards_a_page_renders(client):
    """A static export renders every card once before its workers fork (fragments.warm):
    a page must then find each of them, byte for byte what it would render itself."""
    news = factories.tag("News")
    english = factories.post("Harbour opens", tags=[news], excerpt="Ships are back.")
    persian = factories.post("بندر باز شد", tags=[news], language="fa", excerpt="کشتی‌ها")
    pages = ["/tag/news/", "/fa/tag/news/"]
    rendered_by_the_pages = [client.get(url).content for url in pages]

    memos.reset("post cards")
    fragments.remember(fragments.warm([english.pk, persian.pk]))
    fragments.remember(fragments.warm([persian.pk], edition="fa"))
    kept = len(fragments.cards_memo)
    with CaptureQueriesContext(connection) as captured:
        assert [client.get(url).content for url in pages] == rendered_by_the_pages
    assert len(fragments.cards_memo) == kept == 3  # nothing rendered again
    assert not [q for q in captured.captured_queries if "listed_on" in q["sql"]]  # no card loads

"""The Atom feed and the news sitemap are contracts with readers and crawlers: their
whole output is compared with committed files. Values that differ from run to run
(database ids, the upload month in media paths, PNG byte counts, news dates relative
to now) are replaced by placeholders first.

After an intended change, rewrite the files with ``NEWSDESK_UPDATE_GOLDEN=1`` and
review the diff.
"""

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from newsdesk.content import actions
from newsdesk.content.models import Post, Status
from tests import factories

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
WRITTEN = datetime(2024, 5, 3, 8, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.BASE_URL = "https://news.example"
    factories.site_settings(name="The Daily Example", tagline="News from the coast")


def _post(title: str, when: datetime, **fields) -> Post:
    """A post whose updated_at is fixed too (the actions take the clock as ``now``)."""
    terms = {name: fields.pop(name, []) for name in ("tags", "categories", "authors")}
    post = Post(title=title, status=Status.PUBLISHED, published_at=when, **fields)
    actions.save_post(post, now=WRITTEN, **terms)
    return post


def _normalised(content: bytes, posts: list[Post]) -> str:
    text = etree.tostring(etree.fromstring(content), pretty_print=True, encoding="unicode")
    for number, post in enumerate(posts, 1):
        text = text.replace(f"?p={post.pk}<", f"?p=POST-{number}<")
    text = re.sub(r"/media/images/\d{4}/\d{2}/", "/media/images/YYYY/MM/", text)
    text = re.sub(r'length="\d+"', 'length="BYTES"', text)
    return re.sub(r"<news:publication_date>[^<]+<", "<news:publication_date>DATE<", text)


def _compare(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("NEWSDESK_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_tag_atom_feed_matches_the_golden_file(client):
    news = factories.tag("News")
    rana = factories.author("Rana Reporter")
    picture = factories.image_for_feeds()
    first = _post(
        "Harbour reopens",
        datetime(2024, 5, 1, 9, 0, tzinfo=UTC),
        body="<h2>What happened</h2><p>Ships sail again &amp; trade resumes.</p>",
        excerpt="Ships sail again & trade resumes.",
        tags=[news],
        authors=[rana],
        featured_image=picture,
    )
    second = _post(
        "خبر تازه از بندر",
        datetime(2024, 5, 2, 9, 0, tzinfo=UTC),
        body="<p>کشتی‌ها دوباره حرکت کردند.</p>",
        language="fa",
        byline="Staff Writer",
        tags=[news],
    )
    response = client.get("/tag/news/feed/atom/")
    _compare("tag-news.atom.xml", _normalised(response.content, [first, second]))


def test_news_sitemap_matches_the_golden_file(client):
    now = timezone.now()
    factories.post("Harbour reopens", when=now - timedelta(hours=2))
    factories.post("خبر تازه از بندر", when=now - timedelta(hours=5), language="fa")
    factories.post("Last week", when=now - timedelta(days=7))
    response = client.get("/news-sitemap.xml")
    _compare("news-sitemap.xml", _normalised(response.content, []))

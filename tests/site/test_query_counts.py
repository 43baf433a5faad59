"""Every page type costs the same number of queries whatever the size of the site."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk import memos
from newsdesk.content.models import Post
from tests import factories

pytestmark = pytest.mark.django_db

PAGES = [
    "/", "/page/2/", "/tag/topic/", "/tag/topic/page/2/", "/category/desk/",
    "/author/writer/", "/2024/", "/2024/05/", "/series/saga/", "/feed/", "/tag/topic/feed/",
    "/sitemap.xml", "/sitemap-posts-2024-05.xml", "/sitemap-tags.xml", "/news-sitemap.xml",
]  # fmt: skip


def _add_posts(terms, count: int, tags_per_post: int, start: int):
    topic, desk, writer, saga = terms
    extra = [factories.tag(f"Extra {start}-{n}") for n in range(tags_per_post - 1)]
    image = factories.image_for_feeds()
    for n, when in enumerate(factories.timeline(count + start)[start:]):
        factories.post(
            f"Story {start + n}",
            tags=[topic, *extra],
            categories=[desk],
            authors=[writer],
            when=when,
            featured_image=image,
            series=saga if n < 3 else None,
        )


def _costs(client) -> dict[str, int]:
    """Queries per page: with no card remembered, then with every card remembered."""
    cold = _measure(client, forget_cards=True)
    return {"cold": cold, "warm": _measure(client)}


def _measure(client, forget_cards: bool = False) -> dict[str, int]:
    newest = Post.objects.public().order_by("-published_at").first()
    costs = {}
    for path in [*PAGES, newest.get_absolute_url()]:
        client.get(path)  # the site's menus and every card of this page remembered
        if forget_cards:
            memos.reset("post cards")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, path
        costs[path if path in PAGES else "post page"] = len(captured.captured_queries)
    return costs


def test_query_counts_do_not_grow_with_posts_or_tags_per_post(client):
    terms = (
        factories.tag("Topic"),
        factories.category("Desk"),
        factories.author("Writer"),
        factories.series("Saga"),
    )
    _add_posts(terms, 12, tags_per_post=1, start=0)
    small = _costs(client)
    _add_posts(terms, 40, tags_per_post=15, start=12)  # newest posts now carry 15 tags each
    large = _costs(client)
    for phase in small:
        for page in small[phase]:
            assert (phase, page, large[phase][page]) == (phase, page, small[phase][page])

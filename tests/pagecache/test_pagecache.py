"""The page cache: served to anonymous readers, never to editors, and purged exactly."""

import gzip

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import resolve

from newsdesk.content import actions
from newsdesk.content.html import PAGE_BREAK
from newsdesk.content.models import Post, Status
from newsdesk.pagecache.middleware import PageCacheMiddleware
from newsdesk.pagecache.stores import active_store
from newsdesk.site import views
from tests import factories

# Purges run when the action's transaction commits, as in production: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cache_on(settings, tmp_path):
    settings.PAGE_CACHE = "disk"
    settings.PAGE_CACHE_DIR = tmp_path / "pages"
    return settings.PAGE_CACHE_DIR


@pytest.fixture
def newsroom():
    """Two tags: "news" on 25 posts (three pages), "sport" on 3 unrelated ones."""
    news, sport = factories.tag("News"), factories.tag("Sport")
    writer = factories.author("Writer One")
    times = factories.timeline(28)
    news_posts = [
        factories.post(f"News story {n}", tags=[news], authors=[writer], when=times[n])
        for n in range(25)
    ]
    sport_posts = [factories.post(f"Match {n}", tags=[sport], when=times[25 + n]) for n in range(3)]
    return news_posts, sport_posts


def state(client, path):
    response = client.get(path)
    return response.status_code, response.get("X-Page-Cache"), response.content


def test_second_request_is_a_hit_with_validators_and_compression(client, cache_on, newsroom):
    assert state(client, "/tag/news/")[1] == "miss"
    response = client.get("/tag/news/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Encoding"] == "gzip"
    assert b"Posts Tagged" in gzip.decompress(response.content)
    assert response["ETag"] and response["Last-Modified"]
    assert "Content-Security-Policy" in response  # cached pages keep the security headers

    not_modified = client.get("/tag/news/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304 and not_modified.content == b""
    head = client.head("/tag/news/")
    assert head.status_code == 200 and head.content == b""
    assert (cache_on / "tag" / "news" / "index.html").exists()
    assert (cache_on / "tag" / "news" / "index.html.gz").exists()


def test_feeds_and_sitemaps_are_cached_under_names_that_carry_their_type(
    client, cache_on, newsroom
):
    stored_as = {
        "/feed/": "feed/index.rss",
        "/feed/atom/": "feed/atom/index.atom",
        "/sitemap.xml": "sitemap.xml",
    }
    for path, file in stored_as.items():
        first = client.get(path)
        second = client.get(path)
        assert second["X-Page-Cache"] == "hit", path
        assert second["Content-Type"].split(";")[0] == first["Content-Type"].split(";")[0], path
        assert second.content == first.content
        assert (cache_on / file).exists(), file


def test_editors_neither_read_nor_fill_the_cache(client, cache_on, newsroom):
    state(client, "/tag/news/")
    editor = User.objects.create_superuser("chief", "chief@example.org", "pw-for-tests-only")
    client.force_login(editor)
    response = client.get("/tag/sport/")
    assert "X-Page-Cache" not in response
    assert not (cache_on / "tag" / "sport").exists()
    assert "X-Page-Cache" not in client.get("/tag/news/")


def test_queries_errors_and_private_pages_are_not_cached(client, cache_on, newsroom):
    assert "X-Page-Cache" not in client.get("/tag/news/?utm_source=x")
    assert client.get("/no-such-thing/").status_code == 404
    assert not (cache_on / "no-such-thing").exists()
    protected = factories.post("Locked", password="sesame")
    response = client.get(protected.get_absolute_url())
    assert response.status_code == 200 and "X-Page-Cache" not in response


def test_a_page_rendered_across_a_purge_is_not_kept(cache_on, newsroom):
    """A reader's render that began before an editor's change must not be stored after it."""
    news_posts, _ = newsroom
    story = news_posts[0]

    def render(request):
        request.resolver_match = resolve(request.path)
        return views.tag_archive(request, slug="sport")

    def render_while_an_editor_saves(request):
        response = render(request)
        story.title = "Changed mid-render"
        actions.save_post(story)
        return response

    PageCacheMiddleware(render_while_an_editor_saves)(RequestFactory().get("/tag/sport/"))
    assert active_store().get("/tag/sport/") is None
    PageCacheMiddleware(render)(RequestFactory().get("/tag/sport/"))
    assert active_store().get("/tag/sport/") is not None


WATCHED = [
    "/",
    "/page/2/",
    "/page/3/",
    "/tag/news/",
    "/tag/news/page/2/",
    "/tag/news/page/3/",
    "/author/writer-one/",
    "/author/writer-one/page/2/",
    "/author/writer-one/page/3/",
    "/2024/",
    "/2024/page/2/",
    "/2024/page/3/",
    "/2024/05/",
    "/2024/05/page/2/",
    "/feed/",
    "/feed/atom/",
    "/tag/news/feed/",
    "/author/writer-one/feed/atom/",
    "/sitemap.xml",
    "/sitemap-posts-2024-05.xml",
    "/sitemap-tags.xml",
    "/news-sitemap.xml",
]
UNRELATED = "/tag/sport/"


def _warm(client, paths):
    for path in paths:
        client.get(path)


def _assert_fresh_and_unrelated_kept(client, settings, paths):
    cached = {path: client.get(path) for path in paths}
    hits = {path for path, response in cached.items() if response.get("X-Page-Cache") == "hit"}
    settings.PAGE_CACHE = "off"
    for path in paths:
        fresh = client.get(path)
        assert cached[path].status_code == fresh.status_code, path
        assert cached[path].content == fresh.content, f"{path} served stale"
    settings.PAGE_CACHE = "disk"
    return hits


@pytest.mark.parametrize("change", ["publish", "edit", "unpublish", "delete"])
def test_after_each_action_every_page_is_fresh_and_unrelated_pages_stay_cached(
    client, settings, cache_on, newsroom, change
):
    news_posts, _ = newsroom
    target = news_posts[3]  # on page 3 of "news", "home"...: page positions shift on changes
    pages = [*WATCHED, target.get_absolute_url(), UNRELATED]
    _warm(client, pages)

    if change == "publish":
        fresh = Post(title="Breaking story", status=Status.PUBLISHED)
        actions.save_post(fresh, tags=list(target.tags.all()), authors=list(target.authors.all()))
        pages.append(fresh.get_absolute_url())
    elif change == "edit":
        target.title = "An edited headline"
        actions.save_post(target)
    elif change == "unpublish":
        actions.unpublish_post(target)
    else:
        actions.delete_post(target)

    hits = _assert_fresh_and_unrelated_kept(client, settings, pages)
    assert UNRELATED in hits


def test_editing_a_post_in_parts_refreshes_every_part(client, cache_on):
    post = factories.post("In parts", body=f"<p>First part.</p>{PAGE_BREAK}<p>Second part.</p>")
    assert state(client, "/in-parts/2/")[1] == "miss"
    assert state(client, "/in-parts/2/")[1] == "hit"
    post.body = f"<p>First part.</p>{PAGE_BREAK}<p>Second part, corrected.</p>"
    actions.save_post(post)
    assert b"Second part, corrected." in state(client, "/in-parts/2/")[2]

"""A tag, category, author or series with no public post is not public: its archives
and feeds are not found, in every edition, and no public page names it. A tag a
Contributor types into her draft shows once an editor publishes the post."""

import pytest
from django.test import Client

from newsdesk.content import actions, roles
from newsdesk.content.models import Post, Status, Tag
from tests import factories
from tests.editorial.conftest import member, post_form

pytestmark = pytest.mark.django_db

SECRET = "Raid on the printing house"


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def desk():
    """A published story, and a Contributor's draft carrying a tag she typed."""
    editor = member("eve", roles.EDITOR, "Eve Editor")
    cora = member("cora", roles.CONTRIBUTOR, "Cora Contributor")
    factories.post("Council approves budget", tags=[factories.tag("Council")])
    response = cora.client.post(
        "/admin/content/post/add/",
        post_form(title="Draft about the raid", tag_list=[SECRET], status="pending"),
    )
    assert response.status_code == 302, response.content[:3000]
    return editor, cora, Post.objects.get(title="Draft about the raid")


def public_pages(client: Client) -> dict[str, bytes]:
    """Every public page that names terms, as a reader (or crawler) fetches them."""
    addresses = [
        "/",
        "/feed/",
        "/feed/atom/",
        "/sitemap.xml",
        "/sitemap-tags.xml",
        "/sitemap-authors.xml",
        "/sitemap-categories.xml",
        "/no-such-page/",  # the 404 page suggests tags
        "/fa/no-such-page/",
    ]
    return {address: client.get(address).content for address in addresses}


def test_a_contributors_new_tag_stays_off_the_site_until_its_post_is_published(desk):
    editor, cora, draft = desk
    tag = Tag.objects.get(name=SECRET)
    reader = Client()
    archives = [
        tag.get_absolute_url(),
        f"{tag.get_absolute_url()}feed/",
        f"{tag.get_absolute_url()}feed/atom/",
        f"/fa{tag.get_absolute_url()}",
        cora.byline.get_absolute_url(),  # her byline: no public post yet either
        f"{cora.byline.get_absolute_url()}feed/",
    ]
    for address in archives:
        assert reader.get(address).status_code == 404, address
    for address, page in public_pages(reader).items():
        assert SECRET.encode() not in page and b"Cora Contributor" not in page, address

    actions.publish_post(draft, user=editor.user)
    for address in archives[:3] + archives[4:]:
        assert reader.get(address).status_code == 200, address
    assert tag.get_absolute_url().encode() in reader.get("/sitemap-tags.xml").content

    actions.unpublish_post(draft, user=editor.user)
    for address in archives:
        assert reader.get(address).status_code == 404, address
    for address, page in public_pages(reader).items():
        assert SECRET.encode() not in page and b"Cora Contributor" not in page, address


def test_empty_categories_and_series_are_not_found_and_not_linked(reader):
    world = factories.category("World")
    region = factories.category("Middle East", parent=world)
    empty = factories.category("Science")
    series = factories.series("Harbour week")
    factories.post("Talks resume", categories=[region])
    factories.post("Part one", series=series, status=Status.DRAFT)
    for address in (
        world.get_absolute_url(),
        empty.get_absolute_url(),
        f"{empty.get_absolute_url()}feed/",
        f"/fa{empty.get_absolute_url()}",
        series.get_absolute_url(),
    ):
        reader.get(address, status=404)
    page = reader.soup(region.get_absolute_url())
    assert "Talks resume" in page.get_text()
    # The parent lists nothing of its own: the child's page does not send readers there.
    assert not page.select(f'a[href="{world.get_absolute_url()}"]')


def test_a_parent_category_that_starts_or_stops_listing_posts_refreshes_its_children(reader):
    world = factories.category("World")
    region = factories.category("Middle East", parent=world)
    factories.post("Talks resume", categories=[region])
    child_page = region.get_absolute_url()
    overview = factories.post("World overview", categories=[world], status=Status.DRAFT)
    published = actions.publish_post(overview)
    assert child_page in published.paths
    assert reader.soup(child_page).select(f'a[href="{world.get_absolute_url()}"]')
    taken_down = actions.unpublish_post(overview)
    assert child_page in taken_down.paths
    assert not reader.soup(child_page).select(f'a[href="{world.get_absolute_url()}"]')

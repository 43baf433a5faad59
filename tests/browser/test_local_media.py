"""A post whose pictures, video and featured image are on another host (an import that
kept their old addresses), read in a real browser: the post page and its tag archive
ask no other host for anything, and the body shows each picture's description in a
box, with a link to the original."""

import pytest
from django.utils import timezone

from newsdesk.content.models import Image
from tests import factories
from tests.browser.test_editorial import WAIT_MS, Watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ELSEWHERE = "https://pictures.example.net"


def test_pictures_from_elsewhere_are_described_and_nothing_is_fetched(
    browser, live_server, settings, screenshots
):
    settings.BASE_URL = live_server.url
    picture = Image.objects.create(
        title="Quay", alt_text="The rebuilt quay", original_url=f"{ELSEWHERE}/quay.jpg"
    )
    harbour = factories.tag("Harbour")
    post = factories.post(
        "The quay reopens",
        tags=[harbour],
        when=timezone.now(),
        featured_image=picture,
        body=(
            "<p>The first ferry left at dawn.</p>"
            f'<p><img src="{ELSEWHERE}/ferry.jpg" alt="The ferry leaving the quay" '
            f'srcset="{ELSEWHERE}/ferry-2x.jpg 2x"></p>'
            f'<video controls src="{ELSEWHERE}/dawn.mp4" poster="{ELSEWHERE}/dawn.jpg"></video>'
            f'<audio controls><source src="{ELSEWHERE}/horn.mp3"></audio>'
        ),
    )
    context = browser.new_context(viewport={"width": 1000, "height": 1100})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    watch = Watch(page)
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    box = page.locator(".post-body .remote-image")
    assert box.locator(".remote-media-alt").inner_text() == "The ferry leaving the quay"
    assert box.locator("a").get_attribute("href") == f"{ELSEWHERE}/ferry.jpg"
    assert (
        page.locator(".post-body .remote-video a").get_attribute("href") == f"{ELSEWHERE}/dawn.mp4"
    )
    assert page.locator(".post-body .remote-audio a").count() == 1
    # A box, not a blank: it takes room and its description is readable.
    assert box.bounding_box()["height"] > 40
    page.screenshot(path=str(screenshots / "remote-media-placeholders.png"), full_page=True)
    page.goto(f"{live_server.url}{harbour.get_absolute_url()}")
    page.wait_for_selector("article")
    assert watch.hosts <= {"127.0.0.1", "localhost"}, watch.hosts
    context.close()

"""Headless Chromium picks a rendition for its screen: a phone 390 pixels wide (at one
device pixel per CSS pixel) downloads at most a third of the original's bytes."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.utils import timezone

from newsdesk.demo.art import artwork
from tests import factories
from tests.media import pictures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(live_server):
    """A post whose picture is one of the demo outlet's 1200 × 675 JPEGs."""
    picture = artwork("Boats return to the harbour", "sea")
    image = pictures.saved_image(picture.jpeg, "harbour.jpg", title=picture.description)
    when = timezone.now() - timedelta(hours=1)
    post = factories.post("Boats return", featured_image=image, when=when)
    return post.get_absolute_url(), Path(settings.MEDIA_ROOT) / image.file.name


def _shown(page) -> dict:
    """The post's picture as the browser shows it: which file, how wide, how many bytes."""
    return page.evaluate(
        """async () => {
            const img = document.querySelector("img.post-image");
            await img.decode();
            const box = img.getBoundingClientRect();
            const [entry] = performance.getEntriesByName(img.currentSrc);
            return {src: img.currentSrc, shown: box.width, bytes: entry.encodedBodySize};
        }"""
    )


@pytest.mark.parametrize("viewport, expected", [(390, 480), (1280, 768)])
def test_the_browser_downloads_the_rendition_its_screen_needs(
    browser, live_server, story, viewport, expected
):
    path, original = story
    context = browser.new_context(
        viewport={"width": viewport, "height": 900}, device_scale_factor=1
    )
    page = context.new_page()
    page.goto(live_server.url + path)
    page.wait_for_load_state("load")
    shown = _shown(page)
    context.close()

    assert shown["src"].endswith(f"-{expected}.webp"), shown
    assert shown["shown"] <= expected  # never stretched: the file is at least as wide
    on_disk = Path(settings.MEDIA_ROOT) / unquote(urlsplit(shown["src"]).path).removeprefix(
        settings.MEDIA_URL
    )
    assert shown["bytes"] == on_disk.stat().st_size
    if viewport == 390:
        assert shown["bytes"] * 3 <= original.stat().st_size, (shown, original.stat().st_size)

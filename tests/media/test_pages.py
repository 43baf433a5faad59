"""Public pages serve renditions: a <picture> with WebP and the original's format,
srcset, sizes and the picture's shape, in a number of queries that does not grow with
the number of pictures; a phone downloads a fraction of the original."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk import memos
from newsdesk.content import actions
from newsdesk.content.models import Image
from tests import factories
from tests.media import pictures

pytestmark = pytest.mark.django_db

ROOT_FONT_PX = 16  # the browsers' default; site.css sets no root font size


def _story(title: str, image: Image, when, tag):
    return factories.post(title, tags=[tag], featured_image=image, when=when)


@pytest.fixture
def harbour_story():
    tag = factories.tag("Harbour")
    image = pictures.saved_image(pictures.jpeg((1200, 675)))
    post = _story("Boats return", image, factories.timeline(1)[0], tag)
    return post, image


def _picture(page, css_class: str):
    picture = page.select_one(f"picture.{css_class}")
    assert picture is not None, f"no <picture> for {css_class}"
    source = picture.select_one("source")
    img = picture.select_one(f"img.{css_class}")
    return source, img


def _candidates(srcset: str) -> list[tuple[str, int]]:
    found = []
    for candidate in srcset.split(","):
        url, descriptor = candidate.split()
        assert descriptor.endswith("w")
        found.append((url, int(descriptor[:-1])))
    return found


def test_cards_and_post_page_carry_srcset_sizes_shape_and_a_webp_source(reader, harbour_story):
    post, image = harbour_story
    webp = dict((r.width, r.file.url) for r in image.renditions.filter(format="webp"))
    jpeg = dict((r.width, r.file.url) for r in image.renditions.filter(format="jpeg"))

    for url, css_class in (
        ("/tag/harbour/", "card-image"),
        (post.get_absolute_url(), "post-image"),
    ):
        page = reader.soup(url)
        source, img = _picture(page, css_class)
        assert source["type"] == "image/webp"
        assert _candidates(source["srcset"]) == [(webp[w], w) for w in sorted(webp)]
        assert _candidates(img["srcset"]) == [(jpeg[w], w) for w in sorted(jpeg)]
        assert [w for _url, w in _candidates(img["srcset"])] == [320, 480, 768, 1024, 1200]
        assert img["src"] == jpeg[1200]
        assert source["sizes"] == img["sizes"] and img["sizes"].endswith("100vw")
        assert (img["width"], img["height"]) == ("1200", "675")
        assert img["alt"] == "Boats in a harbour"
        assert img.get("loading") is None  # the first picture loads at once
        assert image.url not in str(page.select_one("main"))  # the original is not served
    assert img["fetchpriority"] == "high"  # the post's own picture comes first


def test_later_cards_load_lazily(reader):
    tag = factories.tag("Harbour")
    times = factories.timeline(2)
    for n, when in enumerate(times):
        _story(f"Story {n}", pictures.saved_image(pictures.jpeg((400, 300))), when, tag)
    images = reader.soup("/tag/harbour/").select("picture.card-image img")
    assert [img.get("loading") for img in images] == [None, "lazy"]


def _sizes_at(sizes: str, viewport: int) -> float:
    """The width in CSS pixels a ``sizes`` attribute gives at a viewport width, as the
    HTML standard reads it: the first entry whose media condition matches."""
    for entry in (part.strip() for part in sizes.split(",")):
        condition = re.fullmatch(r"\(min-width:\s*([\d.]+)rem\)\s+(.+)", entry)
        if condition:
            if viewport < float(condition[1]) * ROOT_FONT_PX:
                continue
            entry = condition[2]
        number, unit = re.fullmatch(r"([\d.]+)(rem|vw|px)", entry).groups()
        return float(number) * {"rem": ROOT_FONT_PX, "vw": viewport / 100, "px": 1}[unit]
    raise AssertionError(f"no entry of {sizes!r} applies")


def _chosen(srcset: str, sizes: str, viewport: int, density: float = 1.0) -> tuple[str, int]:
    """The candidate a browser picks: the narrowest whose density is at least the screen's
    (Chromium and Firefox at a density of 1), else the widest."""
    width = _sizes_at(sizes, viewport)
    candidates = sorted(_candidates(srcset), key=lambda c: c[1])
    return next((c for c in candidates if c[1] / width >= density), candidates[-1])


def _downloaded(reader, url: str) -> int:
    """How many bytes the site sends for a media address."""
    response = reader.get(url)
    # Reading it to the end closes it, as a server would; closing it again would end the
    # request a second time and close the test's database connection (PostgreSQL).
    return len(b"".join(response.streaming_content))


def test_a_phone_390_pixels_wide_downloads_at_most_a_third_of_the_original(reader, harbour_story):
    post, image = harbour_story
    original = _downloaded(reader, image.url)
    source, img = _picture(reader.soup(post.get_absolute_url()), "post-image")

    for srcset in (source["srcset"], img["srcset"]):  # with WebP, and without
        url, width = _chosen(srcset, img["sizes"], viewport=390)
        assert width == 480
        chosen = _downloaded(reader, url)
        assert chosen * 3 <= original, (url, chosen, original)

    # A wide screen gets the widest the layout can use: 42rem = 672 px → 768 wide.
    assert _chosen(source["srcset"], img["sizes"], viewport=1280)[1] == 768


def test_an_image_without_renditions_shows_its_original(reader):
    storage = Image._meta.get_field("file").storage
    name = storage.save("images/2019/03/imported.jpg", ContentFile(pictures.jpeg((500, 300))))
    image = Image(file=name, title="Imported", alt_text="An imported picture")
    actions.import_images([image])
    post = factories.post("Imported story", featured_image=image, when=factories.timeline(1)[0])
    page = reader.soup(post.get_absolute_url())
    assert page.select_one("picture") is None
    img = page.select_one("img.post-image")
    assert img["src"] == image.url and (img["width"], img["height"]) == ("500", "300")


def test_a_new_picture_reaches_the_remembered_cards(reader, harbour_story):
    post, image = harbour_story
    before = _picture(reader.soup("/tag/harbour/"), "card-image")[1]["srcset"]
    image.file.save("sunrise.jpg", ContentFile(pictures.jpeg((800, 450))), save=False)
    actions.save_image(image)
    after = _picture(reader.soup("/tag/harbour/"), "card-image")[1]
    assert after["srcset"] != before
    assert [w for _url, w in _candidates(after["srcset"])] == [320, 480, 768, 800]
    assert (after["width"], after["height"]) == ("800", "450")


def _cold_queries(client, url: str) -> int:
    client.get(url)
    memos.reset("post cards")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_renditions_cost_one_query_per_page_whatever_the_number_of_pictures(client):
    factories.site_settings(posts_per_page=20)
    few, many = factories.tag("Few"), factories.tag("Many")
    times = iter(factories.timeline(12))
    for n in range(2):
        _story(f"Few {n}", pictures.saved_image(pictures.jpeg((330, 200))), next(times), few)
    for n in range(10):
        _story(f"Many {n}", pictures.saved_image(pictures.jpeg((330, 200))), next(times), many)
    assert _cold_queries(client, "/tag/few/") == _cold_queries(client, "/tag/many/")

    # Warm: every card remembered, no rendition is looked up at all.
    client.get("/tag/many/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/tag/many/")
    assert not [q for q in captured.captured_queries if "rendition" in q["sql"]]

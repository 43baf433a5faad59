"""A Persian reader's view: a Persian post and a Persian tag archive of the demo site,
right to left, at desktop and phone widths, with nothing from other hosts."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from newsdesk.content.models import Post, Tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 390}
#: The page's side margin at phone width is at most this (the --gap of the stylesheet).
PHONE_MARGIN = 40


@pytest.fixture
def persian_pages(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", verbosity=0)
    post = Post.objects.public().filter(language="fa").exclude(featured_image=None).first()
    tag = (
        Tag.objects.annotate(persian=Count("posts", filter=Q(posts__language="fa")))
        .order_by("-persian", "pk")
        .first()
    )
    return {
        "persian-post": (post.get_absolute_url(), "h1.post-title"),
        "persian-tag": ("/fa" + tag.get_absolute_url(), "h1.archive-title"),
    }


def _overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _title_geometry(page, selector: str) -> dict:
    """The title's box, and where its text's lines start and end."""
    return page.evaluate(
        """(selector) => {
            const title = document.querySelector(selector);
            const box = title.getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(title);
            const lines = [...range.getClientRects()];
            return {
                left: box.left, right: box.right,
                textLeft: Math.min(...lines.map(r => r.left)),
                textRight: Math.max(...lines.map(r => r.right)),
                viewport: document.documentElement.clientWidth,
                direction: getComputedStyle(title).direction,
            };
        }""",
        selector,
    )


def test_persian_pages_read_right_to_left_and_fit_the_screen(
    browser, live_server, persian_pages, screenshots
):
    requested: list[str] = []
    failures: list[str] = []
    for width_name, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.on("console", lambda msg: failures.append(msg.text) if msg.type == "error" else None)
        page.on("requestfailed", lambda request: failures.append(f"failed: {request.url}"))
        for name, (path, title) in persian_pages.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            page.wait_for_load_state("load")
            page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
            assert page.evaluate("() => document.documentElement.dir") == "rtl", path
            assert page.evaluate("() => document.documentElement.lang") == "fa", path
            assert _overflow(page) <= 0, f"{path} overflows at {width}px"
            box = _title_geometry(page, title)
            assert box["direction"] == "rtl"
            # Right to left: the title's text starts at its box's right edge...
            assert abs(box["textRight"] - box["right"]) <= 2, (path, width, box)
            # ...and the box sits to the right: at the screen's edge on a phone, in the
            # right half of a wide screen (the reading column is centred).
            if width_name == "phone":
                assert box["right"] >= box["viewport"] - PHONE_MARGIN, (path, box)
            else:
                assert box["right"] > box["viewport"] / 2, (path, box)
            page.mouse.wheel(0, 20000)  # bring lazy images in
            page.wait_for_load_state("networkidle")
        context.close()
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"} or hosts == {"localhost"}, hosts
    assert not failures, failures

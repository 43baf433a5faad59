"""A reader's view of the demo site at desktop and phone widths."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from newsdesk.content.models import Post, Tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture
def demo_site(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", verbosity=0)
    post = Post.objects.public().exclude(featured_image=None).filter(language="en").first()
    persian = Post.objects.public().filter(language="fa").first()
    tag = Tag.objects.order_by("-post_count").first()
    return {
        "home": "/",
        "post": post.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "persian-post": persian.get_absolute_url(),
    }


def _overflow(page) -> int:
    """How far the page is wider than the viewport (0 when nothing sticks out)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_pages_fit_the_screen_and_load_nothing_from_other_hosts(
    browser, live_server, demo_site, screenshots, width_name
):
    width = WIDTHS[width_name]
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    failures: list[str] = []
    page.on("console", lambda msg: failures.append(msg.text) if msg.type == "error" else None)
    page.on("requestfailed", lambda request: failures.append(f"failed: {request.url}"))
    page.on(
        "response", lambda r: failures.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )

    for name, path in demo_site.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("load")
        assert _overflow(page) <= 0, f"{path} overflows at {width}px"
        page.screenshot(path=str(screenshots / f"{name}-{width}.png"))
        page.mouse.wheel(0, 20000)  # bring lazy images in
        page.wait_for_load_state("networkidle")
        images = page.eval_on_selector_all(
            "main img", "imgs => imgs.map(i => [i.currentSrc, i.complete, i.naturalWidth, i.alt])"
        )
        assert images or name == "persian-post", f"no images on {path}"
        broken = [src for src, complete, natural, _alt in images if complete and not natural]
        assert not broken, f"broken images on {path}: {broken}"
        assert all(alt for *_rest, alt in images), f"image without alt on {path}"

    hosts = {urlsplit(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"} or hosts == {"localhost"}, hosts
    assert not failures, failures  # e.g. a Content-Security-Policy violation
    context.close()


def test_keyboard_focus_is_visible(browser, live_server, demo_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + demo_site["tag"])
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => { const el = document.activeElement; const style = getComputedStyle(el);
        return {text: el.textContent.trim(), outline: style.outlineStyle,
                width: parseFloat(style.outlineWidth), shadow: style.boxShadow}; }"""
    )
    assert focused["text"]  # the skip link comes first
    assert (focused["outline"] != "none" and focused["width"] > 0) or focused["shadow"] != "none"
    page.close()

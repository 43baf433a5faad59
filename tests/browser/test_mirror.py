"""A static mirror in a real browser: its pages enforce the site's policies from their
own ``<meta>``, whatever headers the host sends (here none: Python's plain server, and
the folder opened from disk)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from newsdesk.export.exporter import Options, export
from tests import factories
from tests.export.mirror import static_server

# Transactional, like the other browser tests (on PostgreSQL a plain one left a
# connection open past the test run).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# What slipped into a page on its way to a mirror: the policy must keep it inert.
PLANTED = "<script>document.title = 'ran'; fetch('/leak')</script>"


@pytest.fixture
def mirror(settings, tmp_path):
    settings.BASE_URL = "https://news.example"
    news = factories.tag("News")
    for number, when in enumerate(factories.timeline(3)):
        factories.post(f"Story {number}", tags=[news], when=when)
    folder = tmp_path / "mirror"
    export(Options(folder))
    page = folder / "tag" / "news" / "index.html"
    page.write_text(page.read_text().replace("</main>", PLANTED + "</main>"))
    return folder


def visit(browser, url: str) -> dict:
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.goto(url)
    page.wait_for_load_state("load")
    seen = {
        "title": page.title(),
        "violations": page.evaluate("window.__violations"),
        # site.css takes the browser's 8px margin off the body.
        "styled": page.evaluate("() => getComputedStyle(document.body).marginTop") == "0px",
        "hosts": {urlsplit(u).hostname for u in requested if u.startswith("http")},
    }
    page.close()
    return seen


def test_a_mirror_page_runs_no_planted_script_served_without_headers(browser, mirror):
    with static_server(mirror) as address:
        seen = visit(browser, f"{address}/tag/news/")
    assert seen["title"] != "ran"
    assert seen["styled"]  # the policy lets the mirror's own files load
    assert seen["violations"] == ["script-src-elem inline"]
    assert seen["hosts"] == {"127.0.0.1"}


def test_a_mirror_page_opened_from_disk_runs_no_planted_script(browser, mirror):
    seen = visit(browser, (mirror / "tag" / "news" / "index.html").as_uri())
    assert seen["title"] != "ran"
    assert seen["styled"]
    assert seen["violations"] == ["script-src-elem inline"]

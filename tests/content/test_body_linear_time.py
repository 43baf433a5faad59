"""Every step a body goes through (rendering, sanitising, summarising, the WordPress
conversion, search text, feed text) takes time in proportion to the body, on the inputs
that used to take the square of it: each step is timed on each family at n and at 4n
characters in this one run, and 4n may cost at most twice the 4 times that linear time
allows (the square costs 16 times). CPU time of this thread, the least of several runs:
what other processes on the machine do does not count."""

from __future__ import annotations

import time

import pytest

from newsdesk.content.html import plain_text, render_body, sanitize, summarise
from newsdesk.search.normalise import indexed, indexed_mapped
from newsdesk.syndication.links import absolute_links
from newsdesk.syndication.text import xml_safe
from newsdesk.wordpress.convert import convert

SIZE = 4_000
#: The sanitiser's own square-time shows from longer texts: its cost per step is small.
LONG = 32_000
RUNS = 3
LIMIT = 8.0


def repeated(unit: str):
    return lambda size: unit * (size // len(unit))


def numbered(template: str):
    """Each repeat a little different (``{}`` is its number): the sanitiser's own
    short-cuts for identical repeats do not apply."""

    def make(size: int) -> str:
        pieces, length, number = [], 0, 0
        while length < size:
            piece = template.format(number)
            pieces.append(piece)
            length += len(piece)
            number += 1
        return "".join(pieces)

    return make


FAMILIES = {
    "newlines": repeated("\n"),
    "spaces before a word": lambda size: " " * size + "x",
    "spaces and newlines": repeated(" \n"),
    "unclosed comments": repeated("<!--"),
    "unclosed comments, one a line": repeated("<!--\n"),
    "more markers with text": repeated("<!-- more "),
    "repeated <p, never closed": repeated("<p "),
    "<p><li> never closed": repeated("<p><li"),
    "half caption shortcodes": repeated("[caption"),
    "captions never closed": repeated("[caption]"),
    "half galleries": repeated("[gallery"),
    "runs of http:// in embeds never closed": repeated("[embed]http://"),
    "nested brackets": repeated("[[caption"),
    "Persian words with ZWNJ and no-break spaces": (repeated("می\u200c\u00a0"), LONG),
    "half tags": repeated("<a "),
    "half tags, no space": repeated("<"),
    "block comments never closed": repeated("<!-- wp:x {"),
    "embed blocks never closed": repeated("<!-- wp:embed -->"),
    "code never closed": repeated("<code>"),
    "script never closed": repeated("<script"),
    "objects never closed": lambda size: "</object>" + "<object" * (size // 7),
    "nested divs": repeated("<div>"),
    "nested lists": repeated("<ul><li>"),
    "formatting left open in blocks": numbered("<div><b id={}>x</div>"),
    "formatting left open in paragraphs": numbered("<em class=c{}><p>x</p>"),
    "one tag, many attributes": lambda size: "<p " + numbered("a{} ")(size) + ">x",
    "ampersands": (repeated("&"), LONG),
    "no-break spaces": (repeated("\u00a0"), LONG),
    "ampersands in a caption": (lambda size: '<img alt="' + "&" * size + '">', LONG),
    "no-break spaces in a title element": (lambda size: "<title>" + "\u00a0" * size, LONG),
}


def steps(body: str) -> dict:
    """What saving, importing, indexing and syndicating do with a body, step by step
    (what a step starts from worked out beforehand)."""
    stored = render_body(body)
    converted = convert(body).html
    return {
        "render html": lambda: render_body(body, "html"),
        "render markdown": lambda: render_body(body, "markdown"),
        "summarise html": lambda: summarise("", body, "html"),
        "summarise markdown": lambda: summarise("", body, "markdown"),
        "summarise an excerpt": lambda: summarise(body, ""),
        "convert classic": lambda: convert(body),
        "convert blocks": lambda: convert("<!-- wp:paragraph -->" + body),
        "render converted": lambda: render_body(converted),
        "plain text": lambda: plain_text(body),
        "search text": lambda: indexed_mapped(indexed(plain_text(stored))),
        "feed text": lambda: absolute_links(xml_safe(sanitize(body))),
    }


def cost(step) -> float:
    best = float("inf")
    for _ in range(RUNS):
        started = time.thread_time()
        step()
        best = min(best, time.thread_time() - started)
    return best


@pytest.mark.parametrize("family", FAMILIES, ids=list(FAMILIES))
def test_the_body_pipeline_takes_linear_time(family):
    make, size = (
        FAMILIES[family] if isinstance(FAMILIES[family], tuple) else (FAMILIES[family], SIZE)
    )
    small, large = make(size), make(4 * size)
    assert len(small) >= size * 0.9 and len(large) >= 4 * size * 0.9
    at_small, at_large = steps(small), steps(large)
    ratios = {name: cost(at_large[name]) / max(cost(step), 2e-4) for name, step in at_small.items()}
    assert ratios
    worst = max(ratios, key=ratios.get)
    assert ratios[worst] < LIMIT, (
        f"{family}: 4× the input took {worst} {ratios[worst]:.1f}× the time"
    )

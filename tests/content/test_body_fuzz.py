"""Whatever a body holds, what readers get runs no script: bodies made of the pieces
attacks are made of (event handlers, script and frame tags, javascript:, vbscript: and
data: addresses written every way browsers accept them, broken and nested markup,
shortcodes, block comments, Markdown) go through the sanitiser, both body formats and
the WordPress conversion; the output holds no script, style or frame element, no event
handler and no such address. Rendering reader HTML again changes nothing, once the
parser's own repairs have been made to it: the sanitiser's output can hold a block
inside a paragraph (through an element it removed, as in ``<p><button><blockquote>``),
which HTML read again puts apart; from then on it stays as it is."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsdesk.content.html import render_body, sanitize
from newsdesk.wordpress.convert import convert

PIECES = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//x.test/a.js>", "<scr<script>ipt>", "</script>",
    "<style>p{}</style>", "<iframe src=//x.test>", "<IFRAME>", "<frame>", "<object data=x>",
    "<svg onload=alert(1)>", "<math><mi xlink:href=javascript:alert(1)>", "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">', "<a href=JaVaScRiPt:alert(1)>", '<a href="java\tscript:x">',
    '<a href="&#106;avascript:alert(1)">', '<a href="&#x6A;avascript:x">', "<a href=vbscript:msgbox(1)>",
    '<img src="data:image/png;base64,AAAA">', "<a href=' data:text/html,<script>'>",
    '<video poster="javascript:x" src=x>', '<audio src="data:audio/mp3,x">', '<source src="vbscript:x">',
    "<img srcset='javascript:x 1x, data:x 2x'>", '<blockquote cite="javascript:x">', "<p ONCLICK=x>",
    '<div style="background:url(javascript:x)">', "<body onload=x>", "<form action=javascript:x>",
    "<button formaction=javascript:x>", "<a href=https://example.test/ok>", "<p>", "</p>", "<b>", "</b>",
    "<div>", "</div>", "<table><tr><td>", "<!--", "-->", "<!-- x -->", "<![CDATA[", "]]>", "<!DOCTYPE html>",
    "<textarea>", "</textarea>", "<title>", "<noscript>", "<xmp>", "<plaintext>", "<select><option>",
    "[caption]", "[caption caption='<script>x</script>']", "[/caption]", "[embed]javascript:alert(1)[/embed]",
    "[audio src=javascript:x]", "[video mp4='data:x']", "[gallery]", "<!-- wp:embed {\"url\":\"javascript:x\"} -->",
    "<!-- /wp:embed -->", "<!-- wp:paragraph -->", "<!--more-->", "<!--nextpage-->", "\n", "\n\n", " ", "&",
    "&amp;", "&lt;script&gt;", "&#0;", "\x00", "\u00a0", "\u200c", "سلام", "**bold**", "[link](javascript:alert(1))",
    "![img](data:image/png,x)", "<http://example.test/>", "<javascript:alert(1)>", "`code`", "> quote", "# Heading",
    "https://www.youtube.com/watch?v=x", "http://[", "<", ">", '"', "'", "=", "/",
]  # fmt: skip
bodies = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=24).map("".join)

FORBIDDEN_ELEMENTS = {"script", "style", "iframe", "frame", "frameset", "object", "embed"}
URL_ATTRIBUTES = {
    "href", "src", "srcset", "poster", "cite", "action", "formaction", "background", "data",
    "xlink:href", "ping", "longdesc", "usemap", "manifest", "codebase",
}  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# What browsers ignore inside a scheme ("java\tscript:") or before it.
IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20]")


class Elements(HTMLParser):
    """The elements and attributes of some HTML, entities decoded, as a browser reads
    the tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, [(name, value or "") for name, value in attrs]))

    handle_startendtag = handle_starttag


def assert_safe(html: str) -> None:
    lowered = html.lower()
    for tag in ("<script", "<style", "<iframe"):
        assert tag not in lowered, (tag, html)
    parser = Elements()
    parser.feed(html)
    parser.close()
    for tag, attributes in parser.found:
        assert tag not in FORBIDDEN_ELEMENTS, (tag, html)
        for name, value in attributes:
            assert not name.startswith("on"), (name, html)
            if name in URL_ATTRIBUTES:
                candidates = value.split() if name == "srcset" else [value]
                for candidate in candidates:
                    address = IGNORED_IN_SCHEMES.sub("", candidate.strip(",")).lower()
                    assert not address.startswith(DANGEROUS_SCHEMES), (name, value, html)


def assert_stable(again, html: str) -> None:
    repaired = again(html)
    assert_safe(repaired)
    assert again(repaired) == repaired


#: Met before: the sanitiser lets these addresses through by itself.
SRCSET = "<img srcset='javascript:x 1x, data:x 2x' src=/a.jpg>"
CITE = '<blockquote cite="javascript:x">'


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@example(SRCSET)
@example(CITE)
@given(bodies)
def test_sanitised_html_is_safe_and_stays_as_it_is(body):
    clean = sanitize(body)
    assert_safe(clean)
    assert_stable(sanitize, clean)


@FUZZ
@example(SRCSET)
@example(CITE)
@given(bodies)
def test_html_bodies_render_safe_and_render_again_the_same(body):
    html = render_body(body, "html")
    assert_safe(html)
    assert_stable(render_body, html)


@FUZZ
@example(SRCSET)
@example(CITE)
@given(bodies)
def test_markdown_bodies_render_safe(body):
    html = render_body(body, "markdown")
    assert_safe(html)
    assert_stable(render_body, html)


@FUZZ
@example(SRCSET, False)
@example(CITE, True)
@given(bodies, st.booleans())
def test_wordpress_content_converts_to_safe_bodies(body, blocks):
    source = ("<!-- wp:paragraph -->" + body) if blocks else body
    html = render_body(convert(source).html)
    assert_safe(html)
    assert_stable(render_body, html)

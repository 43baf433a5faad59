"""WordPress content → body HTML: shortcodes, blocks, paragraphs, markers."""

from __future__ import annotations

from newsdesk.content.html import PAGE_BREAK, render_body
from newsdesk.wordpress.convert import GalleryImage, autop, convert, parse_attributes


def test_classic_content_gets_wordpress_paragraphs():
    html = convert("First line\nsecond line\n\nNext paragraph\n<ul>\n<li>item</li>\n</ul>").html
    assert html.startswith("<p>First line<br />\nsecond line</p>\n<p>Next paragraph</p>")
    assert "<ul>\n<li>item</li>\n</ul>" in html
    assert "<p><ul>" not in html


def test_autop_leaves_preformatted_text_alone():
    html = autop("Intro\n\n<pre>a\n\nb</pre>\n\nOutro")
    assert "<pre>a\n\nb</pre>" in html and "<p>Intro</p>" in html and "<p>Outro</p>" in html


def test_more_and_nextpage_markers_are_kept_outside_paragraphs():
    html = convert("Teaser\n\n<!--more-->\n\nPage one\n\n<!--nextpage-->\n\nPage two").html
    assert "<p><!--more-->" not in html and "<!--more-->" in html
    assert "\n<!--nextpage-->\n" in html
    assert PAGE_BREAK in render_body(html)


def test_caption_shortcode_becomes_a_figure_with_its_caption():
    source = (
        '[caption id="attachment_754" align="alignnone" width="604"]<a href="https://x.test/a.jpg">'
        '<img src="https://x.test/a.jpg" alt="Bell" width="604" height="453" /></a>'
        " Bell on wharf[/caption]"
    )
    html = convert(source).html
    assert html.startswith('<figure id="attachment_754" class="wp-caption alignnone"><a href=')
    assert html.endswith('<figcaption class="wp-caption-text">Bell on wharf</figcaption></figure>')
    assert "[caption" not in html


def test_old_style_caption_attribute():
    html = convert(
        '[caption caption="Husk" align="aligncenter"]<img src="https://x.test/h.jpg" />[/caption]'
    ).html
    assert "<figcaption" in html and ">Husk</figcaption>" in html


def test_embeds_from_shortcode_block_and_bare_line():
    shortcode = convert("[embed]https://www.youtube.com/watch?v=abc[/embed]").html
    assert 'class="embed embed-youtube"' in shortcode
    block = convert(
        '<!-- wp:embed {"url":"https://twitter.com/a/status/1","type":"rich"} -->\n'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://twitter.com/a/status/1\n</div></figure>\n<!-- /wp:embed -->"
    ).html
    assert block.startswith('<figure class="embed embed-x">') and "wp-block-embed" not in block
    bare = render_body(convert("Watch:\n\nhttps://vimeo.com/123\n\nThen read.").html)
    assert 'class="embed embed-vimeo"' in bare


def test_gallery_asks_for_its_images_and_lays_them_out():
    asked = []

    def images(attributes):
        asked.append(attributes)
        return [
            GalleryImage("https://x.test/1.jpg", "One", "First", 300, 200),
            GalleryImage("https://x.test/2.jpg", "Two"),
        ]

    html = convert('[gallery columns="2" ids="5,6" link="none"]', gallery=images).html
    assert asked == [{"columns": "2", "ids": "5,6", "link": "none"}]
    assert html.startswith('<div class="gallery gallery-columns-2">')
    assert html.count('<figure class="gallery-item">') == 2
    assert (
        '<img src="https://x.test/1.jpg" alt="One" width="300" height="200" loading="lazy">' in html
    )
    assert '<figcaption class="gallery-caption">First</figcaption>' in html
    assert "<a href" not in html  # link="none"


def test_a_gallery_whose_images_are_not_known_yet_waits():
    result = convert("Before\n\n[gallery]\n\nAfter", gallery=lambda attributes: None)
    assert result.waiting_for_images
    assert "[gallery]" not in result.html


def test_unknown_shortcodes_stay_as_text_and_are_counted():
    result = convert(
        '[contact-form-7 id="3"]\n\n[simple]x[/simple] [toc /] [poll id=4]\n\n'
        "Prose [plain boat] [top] [GSoC 2008] [[gallery]] <code>[demo x=1]</code>"
    )
    assert '[contact-form-7 id="3"]' in result.html and "[simple]x[/simple]" in result.html
    assert dict(result.unknown_shortcodes) == {
        "contact-form-7": 1,
        "simple": 1,
        "toc": 1,
        "poll": 1,
    }
    assert "[gallery]" in result.html  # [[gallery]] is how WordPress writes the text itself


def test_block_comments_go_and_their_markup_stays():
    source = (
        "<!-- wp:paragraph -->\n<p>Hello</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:heading {"level":3} -->\n<h3>Sub</h3>\n<!-- /wp:heading -->\n\n'
        "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n\n"
        "<!-- wp:latest-posts /-->\n<!-- wp:nextpage -->\n<!--nextpage-->\n<!-- /wp:nextpage -->"
    )
    result = convert(source)
    assert "wp:" not in result.html
    assert "<p>Hello</p>" in result.html and "<h3>Sub</h3>" in result.html
    assert "<!--more-->" in result.html and "<!--nextpage-->" in result.html
    assert "<p><p>" not in result.html  # block content is not run through wpautop
    assert dict(result.dropped_blocks) == {"latest-posts": 1}


def test_audio_and_video_shortcodes_load_nothing_until_played():
    html = convert(
        '[audio https://x.test/a.mp3]\n\n[video mp4="https://x.test/v.mp4" width="640"]'
    ).html
    assert '<audio controls preload="none"><source src="https://x.test/a.mp3">' in html
    assert '<video controls preload="none" width="640"><source src="https://x.test/v.mp4">' in html


def test_urls_of_copied_media_are_rewritten_in_src_href_and_srcset():
    html = convert(
        '<img src="https://old.test/u/a.jpg" srcset="https://old.test/u/a.jpg 300w, '
        'https://old.test/u/b.jpg 600w"> <a href="https://else.test/">x</a>',
        rewrite_url=lambda url: url.replace("https://old.test/u/", "/media/wp/"),
    ).html
    assert 'src="/media/wp/a.jpg"' in html
    assert 'srcset="/media/wp/a.jpg 300w, /media/wp/b.jpg 600w"' in html
    assert 'href="https://else.test/"' in html


def test_shortcode_attributes_parse_like_wordpress():
    assert parse_attributes(" ids=\"1,2\" columns=3 link='file' https://x.test/a.mp3") == {
        "ids": "1,2",
        "columns": "3",
        "link": "file",
        "0": "https://x.test/a.mp3",
    }

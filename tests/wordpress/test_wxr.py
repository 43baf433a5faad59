"""The streaming reader: typed records, and refusal of hostile or broken files."""

from __future__ import annotations

import pytest

from newsdesk.wordpress import wxr
from tests.wordpress.conftest import THEME_UNIT_TEST

MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Old Site</title><link>http://old.example/blog</link>
  <wp:wxr_version>1.1</wp:wxr_version>
  <wp:base_blog_url>http://old.example/blog</wp:base_blog_url>
  <wp:author><wp:author_id>7</wp:author_id><wp:author_login>ana</wp:author_login>
    <wp:author_display_name><![CDATA[Ana Reporter]]></wp:author_display_name></wp:author>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>world</wp:category_nicename>
    <wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[World]]></wp:cat_name></wp:category>
  <item>
    <title>Hello</title><link>http://old.example/blog/2020/01/02/hello/</link>
    <dc:creator>ana</dc:creator><guid isPermaLink="false">http://old.example/blog/?p=5</guid>
    <content:encoded><![CDATA[Line one
Line two]]></content:encoded>
    <excerpt:encoded><![CDATA[Short]]></excerpt:encoded>
    <wp:post_id>5</wp:post_id><wp:post_date>2020-01-02 10:00:00</wp:post_date>
    <wp:post_date_gmt>2020-01-02 09:00:00</wp:post_date_gmt>
    <wp:post_name>hello</wp:post_name><wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type><wp:is_sticky>1</wp:is_sticky>
    <category domain="category" nicename="world"><![CDATA[World]]></category>
    <category domain="post_format" nicename="post-format-aside"><![CDATA[Aside]]></category>
    <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta>
    <wp:comment><wp:comment_id>11</wp:comment_id><wp:comment_author>Reader</wp:comment_author>
      <wp:comment_content><![CDATA[Nice]]></wp:comment_content><wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
  </item>
</channel>
</rss>
"""


def write(tmp_path, text: str | bytes, name: str = "export.xml"):
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def test_records_come_typed_and_in_file_order(tmp_path):
    records = list(wxr.read(write(tmp_path, MINIMAL)))
    site, author, category, item = records
    assert site.base_blog_url == "http://old.example/blog" and site.wxr_version == "1.1"
    assert (author.login, author.display_name, author.wp_id) == ("ana", "Ana Reporter", 7)
    assert (category.taxonomy, category.slug, category.name) == ("category", "world", "World")
    assert (item.post_type, item.wp_id, item.slug, item.status) == ("post", 5, "hello", "publish")
    assert item.content == "Line one\nLine two" and item.excerpt == "Short"
    assert item.sticky and item.meta["_thumbnail_id"] == "9"
    assert [(t.taxonomy, t.slug) for t in item.terms] == [
        ("category", "world"),
        ("post_format", "post-format-aside"),
    ]
    assert [(c.wp_id, c.author, c.content) for c in item.comments] == [(11, "Reader", "Nice")]


def test_the_theme_unit_test_streams_completely():
    kinds: dict[str, int] = {}
    for record in wxr.read(THEME_UNIT_TEST):
        if isinstance(record, wxr.Item):
            kinds[record.post_type] = kinds.get(record.post_type, 0) + 1
    assert kinds == {"post": 58, "page": 21, "attachment": 37, "nav_menu_item": 70}


def test_progress_reports_every_byte_read():
    read = []
    for _record in wxr.read(THEME_UNIT_TEST, on_read=read.append):
        pass
    assert sum(read) == THEME_UNIT_TEST.stat().st_size


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss><channel><title>&lol4;</title><item><title>&lol4;</title></item></channel></rss>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<rss><channel><item><title>&secret;</title></item></channel></rss>
"""


@pytest.mark.parametrize("text", [BOMB, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entity_declarations_are_refused_before_reading(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(wxr.WxrError, match=r"declares XML entities") as caught:
        list(wxr.read(path))
    assert str(caught.value).startswith(f"{path}:")
    assert "root:" not in str(caught.value)  # nothing of /etc/passwd leaked into the message


def test_a_truncated_file_names_file_line_and_column(tmp_path):
    data = THEME_UNIT_TEST.read_bytes()
    path = write(tmp_path, data[: len(data) // 2], "cut.xml")
    with pytest.raises(wxr.WxrError) as caught:
        list(wxr.read(path))
    message = str(caught.value)
    file_name, line, column, reason = message.split(":", 3)
    assert file_name == str(path) and int(line) > 1000 and int(column) >= 0
    assert "ends early or is malformed" in reason


def test_malformed_xml_names_the_place(tmp_path):
    path = write(tmp_path, MINIMAL.replace("</item>", "</itm>"), "bad.xml")
    with pytest.raises(wxr.WxrError, match=r"bad.xml:\d+:\d+: malformed XML: Opening and ending"):
        list(wxr.read(path))


def test_wrong_encoding_gets_a_clear_message(tmp_path):
    latin1 = MINIMAL.replace("Line one", "Café olé").encode("latin-1")
    path = write(tmp_path, latin1, "latin1.xml")
    with pytest.raises(wxr.WxrError, match=r"wrong text encoding.*iconv") as caught:
        list(wxr.read(path))
    assert str(caught.value).startswith(f"{path}:17:")


def test_a_file_that_is_not_an_export_is_named_so(tmp_path):
    path = write(tmp_path, '<?xml version="1.0"?><urlset><url/></urlset>', "sitemap.xml")
    with pytest.raises(wxr.WxrError, match="not a WordPress export"):
        list(wxr.read(path))
    with pytest.raises(wxr.WxrError, match="cannot open"):
        list(wxr.read(tmp_path / "missing.xml"))

"""Small hand-made WXR files, for what the real exports in tests/data do not hold."""

from __future__ import annotations

from xml.sax.saxutils import escape

HEAD_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Old Paper</title><link>http://old.example</link><language>{language}</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>http://old.example</wp:base_site_url>
<wp:base_blog_url>http://old.example</wp:base_blog_url>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login>sara</wp:author_login>
<wp:author_email>sara@old.example</wp:author_email>
<wp:author_display_name><![CDATA[Sara Writer]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>news</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
<wp:tag><wp:term_id>5</wp:term_id><wp:tag_slug>tehran</wp:tag_slug>
<wp:tag_name><![CDATA[Tehran]]></wp:tag_name></wp:tag>
"""
HEAD = HEAD_TEMPLATE.format(language="en-US")
TAIL = "</channel>\n</rss>\n"


def item(
    wp_id: int,
    title: str = "A story",
    *,
    slug: str | None = None,
    post_type: str = "post",
    status: str = "publish",
    creator: str = "sara",
    body: str = "Body text.",
    date: str = "2021-03-04 10:00:00",
    guid: str | None = None,
    extra: str = "",
) -> str:
    slug = f"story-{wp_id}" if slug is None else slug
    guid = guid or f"http://old.example/?p={wp_id}"
    return f"""<item>
<title><![CDATA[{title}]]></title>
<link>http://old.example/{date[:10].replace("-", "/")}/{slug}/</link>
<dc:creator><![CDATA[{creator}]]></dc:creator>
<guid isPermaLink="false">{guid}</guid>
<content:encoded><![CDATA[{body}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id>
<wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date}</wp:post_date_gmt>
<wp:post_modified_gmt>{date}</wp:post_modified_gmt>
<wp:comment_status>open</wp:comment_status>
<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>
<wp:post_parent>0</wp:post_parent><wp:post_type>{post_type}</wp:post_type>
<category domain="category" nicename="news"><![CDATA[News]]></category>
<category domain="post_tag" nicename="tehran"><![CDATA[Tehran]]></category>
{extra}
</item>
"""


def attachment(wp_id: int, parent: int, file: str, alt: str = "Alt text") -> str:
    return f"""<item>
<title>Photo {wp_id}</title>
<link>http://old.example/photo-{wp_id}/</link>
<guid isPermaLink="false">http://old.example/wp-content/uploads/{file}</guid>
<content:encoded><![CDATA[]]></content:encoded>
<excerpt:encoded><![CDATA[Caption {wp_id}]]></excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id><wp:post_date>2021-03-01 10:00:00</wp:post_date>
<wp:post_name>photo-{wp_id}</wp:post_name><wp:status>inherit</wp:status>
<wp:post_parent>{parent}</wp:post_parent><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>http://old.example/wp-content/uploads/{file}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>{file}</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>{alt}</wp:meta_value></wp:postmeta>
</item>
"""


def export(tmp_path, *items: str, name: str = "export.xml", language: str = "en-US"):
    path = tmp_path / name
    head = HEAD_TEMPLATE.format(language=language)
    path.write_text(head + "".join(items) + TAIL, encoding="utf-8")
    return path


def thumbnail(wp_id: int) -> str:
    return (
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        f"<wp:meta_value>{wp_id}</wp:meta_value></wp:postmeta>"
    )


def menu_item(wp_id: int, title: str, url: str, menu: str = "Main") -> str:
    """A custom link in the menu ``menu``."""
    meta = {"_menu_item_type": "custom", "_menu_item_object": "custom", "_menu_item_url": url}
    return item(
        wp_id,
        title,
        post_type="nav_menu_item",
        extra=f'<category domain="nav_menu" nicename="{menu.lower()}">{menu}</category>'
        + "".join(
            f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
            f"<wp:meta_value>{escape(value)}</wp:meta_value></wp:postmeta>"
            for key, value in meta.items()
        ),
    )

"""Small WXR files written by a test, for what the real exports do not hold."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

SITE = "https://old.example"
_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="https://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="https://wordpress.org/export/1.2/">
<channel>
<title>Old site</title>
<link>{site}</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{site}</wp:base_site_url>
<wp:base_blog_url>{site}</wp:base_blog_url>
<wp:author><wp:author_login>desk</wp:author_login><wp:author_display_name>Desk</wp:author_display_name></wp:author>
"""


def _meta(values: dict[str, str]) -> str:
    return "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value>{escape(value)}</wp:meta_value></wp:postmeta>"
        for key, value in values.items()
    )


def _item(wp_id: int, title: str, post_type: str, extra: str = "", **meta: str) -> str:
    return (
        f"<item><title>{escape(title)}</title><link>{SITE}/?p={wp_id}</link>"
        f'<guid isPermaLink="false">{SITE}/?p={wp_id}</guid>'
        f"<dc:creator>desk</dc:creator><content:encoded></content:encoded>"
        f"<excerpt:encoded></excerpt:encoded><wp:post_id>{wp_id}</wp:post_id>"
        f"<wp:post_date_gmt>2020-01-02 10:00:00</wp:post_date_gmt>"
        f"<wp:post_name>item-{wp_id}</wp:post_name><wp:status>publish</wp:status>"
        f"<wp:post_parent>0</wp:post_parent><wp:menu_order>{wp_id}</wp:menu_order>"
        f"<wp:post_type>{post_type}</wp:post_type>{extra}{_meta(meta)}</item>\n"
    )


def menu_item(wp_id: int, title: str, url: str, menu: str = "Main") -> str:
    """A custom link in the menu ``menu``."""
    return _item(
        wp_id,
        title,
        "nav_menu_item",
        f'<category domain="nav_menu" nicename="{menu.lower()}">{escape(menu)}</category>',
        _menu_item_type="custom",
        _menu_item_object="custom",
        _menu_item_url=url,
    )


def attachment(wp_id: int, title: str, relative: str) -> str:
    """An attachment whose file is ``wp-content/uploads/<relative>``."""
    url = f"{SITE}/wp-content/uploads/{relative}"
    return _item(
        wp_id,
        title,
        "attachment",
        f"<wp:attachment_url>{escape(url)}</wp:attachment_url>",
        _wp_attached_file=relative,
    )


def write(path: Path, items: list[str]) -> Path:
    path.write_text(_HEAD.format(site=SITE) + "".join(items) + "</channel></rss>\n")
    return path

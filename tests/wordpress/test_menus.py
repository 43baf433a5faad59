"""WordPress menus whose custom links are not links (``javascript:``) come over without
them, and the report says which and why."""

from __future__ import annotations

import pytest

from newsdesk.content.models import Menu
from newsdesk.wordpress.importer import import_wxr
from tests.wordpress.wxr_file import export, menu_item

pytestmark = pytest.mark.django_db


def test_a_menu_item_that_is_not_a_link_is_left_out_and_reported(tmp_path):
    path = export(
        tmp_path,
        menu_item(11, "Home", "http://old.example/about/"),
        menu_item(12, "Free prize", "javascript:alert(document.cookie)"),
        menu_item(13, "Archive", "ftp://files.old.example/"),
        menu_item(14, "Telegram", "https://t.me/newsroom"),
    )

    report = import_wxr(path)

    menu = Menu.objects.get(name="Main")
    assert [(i.label, i.url) for i in menu.items.all()] == [
        ("Home", "/about/"),
        ("Telegram", "https://t.me/newsroom"),
    ]
    assert report.counts["menu items"] == {"created": 2, "skipped": 2}
    assert report.warnings["menu item refused (not a link)"] == [
        "item 12 “Free prize” in menu “Main”: its address “javascript:alert(document.cookie)” "
        "is a javascript: link; a link must be a full http:// or https:// address or a path "
        "on this site (/about/)",
        "item 13 “Archive” in menu “Main”: its address “ftp://files.old.example/” is a ftp: "
        "link; a link must be a full http:// or https:// address or a path on this site "
        "(/about/)",
    ]

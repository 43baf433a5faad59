"""Fixtures for the WordPress import tests: the real exports in tests/data/wordpress."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - reading the project's own fixtures
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction

from newsdesk.wordpress.importer import import_wxr

DATA = Path(__file__).resolve().parents[1] / "data" / "wordpress"
THEME_UNIT_TEST = DATA / "themeunittestdata.wordpress.xml"
BLOCK_TEST = DATA / "64-block-test-data.xml"
CC_LABS = DATA / "cc-labs-blog.wordpress.xml"


@dataclass
class FileItem:
    """An item as the file states it, read independently of the importer."""

    post_type: str
    wp_id: int
    status: str
    title: str
    link: str


def file_items(path: Path) -> list[FileItem]:
    tree = ET.parse(path)  # noqa: S314 - a trusted fixture
    items = []
    for item in tree.getroot().iter("item"):
        values = {child.tag.rsplit("}", 1)[-1]: (child.text or "").strip() for child in item}
        items.append(
            FileItem(
                values.get("post_type", ""),
                int(values.get("post_id", "0")),
                values.get("status", ""),
                values.get("title", ""),
                values.get("link", ""),
            )
        )
    return items


def row_counts() -> dict[str, int]:
    """Rows in every table the importer may touch (content, the ID map, accounts)."""
    models = [
        *apps.get_app_config("content").get_models(),
        *apps.get_app_config("newsdesk_wordpress").get_models(),
        apps.get_model("auth", "User"),
    ]
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture(scope="module")
def theme_import(django_db_setup, django_db_blocker):
    """The Theme Unit Test imported once per module, rolled back afterwards."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            report = import_wxr(THEME_UNIT_TEST)
            yield report
            transaction.set_rollback(True)

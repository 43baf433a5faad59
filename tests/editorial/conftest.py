"""A newsroom of one person per role, plus a second Author, each with a logged-in client."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from newsdesk.content import roles
from newsdesk.content.models import Author

PASSWORD = "pw-for-tests-only"  # noqa: S105 - test accounts


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """Real hashing makes each account cost a tenth of a second; these are test accounts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Member:
    user: User
    client: Client

    @property
    def byline(self) -> Author:
        return Author.objects.get(user=self.user)


def member(username: str, role: str | None, full_name: str = "") -> Member:
    first, _, last = full_name.partition(" ")
    user = User.objects.create_user(username, password=PASSWORD, first_name=first, last_name=last)
    if role:
        roles.assign_role(user, role)
    user.refresh_from_db()
    client = Client()
    client.force_login(user)
    return Member(user, client)


@dataclass
class Newsroom:
    administrator: Member
    editor: Member
    author: Member
    other_author: Member
    contributor: Member


@pytest.fixture
def newsroom(db) -> Newsroom:
    return Newsroom(
        administrator=member("ada", roles.ADMINISTRATOR, "Ada Admin"),
        editor=member("eve", roles.EDITOR, "Eve Editor"),
        author=member("amir", roles.AUTHOR, "Amir Author"),
        other_author=member("olga", roles.AUTHOR, "Olga Other"),
        contributor=member("cora", roles.CONTRIBUTOR, "Cora Contributor"),
    )


def post_form(**overrides) -> dict:
    """The post admin form's fields, filled for a simple post."""
    data = {
        "title": "Council approves budget",
        "slug": "",
        "body_format": "html",
        "body": "<p>The council met.</p>",
        "excerpt": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "language": "en",
        "byline": "",
        "password": "",
        "series_part": "",
        "format": "standard",
        "comment_status": "closed",
    }
    data.update(overrides)
    return data

"""Addresses editors type into every page's chrome (menu items, follow links, mirrors)
are http(s) or paths on this site: refused where they are typed, saved or imported,
and never rendered when stored before the rule."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from newsdesk.content import actions
from newsdesk.content.links import link_problem
from newsdesk.content.models import FollowLink, Menu, MenuItem, SiteSettings
from tests import factories

pytestmark = pytest.mark.django_db

LINKS = ["/about/", "/tag/فارسی/", "https://t.me/newsroom", "HTTP://mirror.example/", "#top"]
NOT_LINKS = [
    "javascript:alert(document.cookie)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "ftp://files.example/leak",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "about/",
    "mailto:desk@news.example",
]


@pytest.fixture
def editor_client(client):
    client.force_login(User.objects.create_superuser("chief", "c@example.org", "pw-tests-only"))
    return client


@pytest.mark.parametrize("value", LINKS)
def test_links_pass(value):
    assert link_problem(value) == ""


@pytest.mark.parametrize("value", NOT_LINKS)
def test_everything_else_is_refused_by_the_actions_naming_field_and_value(value):
    menu = Menu.objects.create(name="Main", location=Menu.Location.PRIMARY)
    with pytest.raises(ValidationError) as refused:
        actions.save_site_item(MenuItem(menu=menu, label="Home", url=value))
    message = refused.value.message_dict["url"][0]
    assert message.startswith(f"Menu item address: “{value.strip()}” ")
    assert "http:// or https:// address or a path on this site" in message
    with pytest.raises(ValidationError) as refused:
        actions.save_site_item(FollowLink(network="telegram", url=value))
    assert refused.value.message_dict["url"][-1].startswith("Follow link address: ")
    site = SiteSettings.current()
    site.mirrors = f"https://mirror.example/\n{value}\n"
    with pytest.raises(ValidationError) as refused:
        actions.save_site_item(site)
    [message] = refused.value.message_dict["mirrors"]
    assert message.startswith("Mirror address: “") and "a path on this site" in message
    assert not MenuItem.objects.exists() and not FollowLink.objects.exists()
    assert SiteSettings.objects.filter(mirrors__contains="mirror.example").count() == 0


def test_an_imported_menu_with_a_script_link_is_refused_whole():
    items = [MenuItem(label="Home", url="/"), MenuItem(label="Win", url="javascript:alert(1)")]
    with pytest.raises(ValidationError, match="Menu item address"):
        actions.import_menu(Menu(name="Imported"), items)
    assert not Menu.objects.exists() and not MenuItem.objects.exists()


def test_the_admin_refuses_a_script_link_and_an_ftp_follow_link(editor_client):
    response = editor_client.post(
        reverse("admin:content_followlink_add"),
        {"network": "telegram", "url": "ftp://files.example/", "position": 0},
    )
    assert response.status_code == 200
    assert "Follow link address: “ftp://files.example/” is a ftp: link" in response.content.decode()
    response = editor_client.post(
        reverse("admin:content_menu_add"),
        {
            "name": "Main",
            "location": "primary",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-label": "Win",
            "items-0-url": "javascript:alert(1)",
            "items-0-position": "0",
        },
    )
    assert response.status_code == 200
    assert "Menu item address: “javascript:alert(1)” is a javascript: link" in (
        response.content.decode()
    )
    assert not FollowLink.objects.exists() and not Menu.objects.exists()


def test_the_admin_refuses_a_mirror_that_is_not_a_link(editor_client):
    site = SiteSettings.current()
    site.save()
    response = editor_client.post(
        reverse("admin:content_sitesettings_change", args=[1]),
        {
            "name": "Ledger",
            "language": "en",
            "posts_per_page": 10,
            "permalink_style": "slug",
            "byline_prefix": "By",
            "mirrors": "https://mirror.example/\r\ndata:text/html,hi",
            "second_factor_required_for": "nobody",
        },
    )
    assert response.status_code == 200
    assert (
        "Mirror address: “data:text/html,hi” is a data: link; a link must be a full http:// "
        "or https:// address or a path on this site (/about/)."
    ) in response.content.decode()
    assert SiteSettings.objects.get().mirrors == ""


def test_addresses_stored_before_the_rule_are_never_rendered(client):
    factories.post("A story", tags=[factories.tag("News")])
    menu = Menu.objects.create(name="Main", location=Menu.Location.PRIMARY)
    # Written around the actions, as rows saved before the rule would be.
    MenuItem.objects.create(menu=menu, label="About", url="/about/", position=0)
    MenuItem.objects.create(menu=menu, label="Prize", url="javascript:alert(1)", position=1)
    MenuItem.objects.create(menu=menu, label="Tab", url="java\tscript:alert(2)", position=2)
    FollowLink.objects.create(network="telegram", url="https://t.me/newsroom", position=0)
    FollowLink.objects.create(network="x", url="ftp://files.example/", position=1)
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"mirrors": "https://mirror.example/\njavascript:alert(3)\n"}
    )
    SiteSettings.bump_generation()

    page = client.get("/").content.decode()
    assert 'href="/about/"' in page and 'href="https://t.me/newsroom"' in page
    assert 'href="https://mirror.example/"' in page
    assert "javascript" not in page and "script:alert" not in page and "ftp:" not in page
    assert "Prize" not in page
    mirrors = json.loads(client.get("/mirrors.json").content)
    assert mirrors["mirrors"] == ["https://mirror.example/"]

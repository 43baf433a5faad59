"""The admin speaks Persian to editors who ask for it; public pages never follow the
reader's browser (the page cache keeps one copy of each)."""

import pytest
from bs4 import BeautifulSoup

from tests import factories

pytestmark = pytest.mark.django_db

MIDDLEWARE = "newsdesk.site.middleware.AdminLanguageMiddleware"


@pytest.fixture(autouse=True)
def _admin_language(settings):
    if MIDDLEWARE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        at = middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
        settings.MIDDLEWARE = [*middleware[:at], MIDDLEWARE, *middleware[at:]]


def test_the_admin_follows_the_browsers_language(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="fa-IR,fa;q=0.9,en;q=0.5")
    page = BeautifulSoup(response.content, "html.parser")
    assert (page.html["lang"], page.html["dir"]) == ("fa", "rtl")
    assert page.select_one("input[type=submit]")["value"] == "ورود"
    assert "Accept-Language" in response["Vary"]
    english = BeautifulSoup(client.get("/admin/login/").content, "html.parser")
    assert english.html["dir"] == "ltr"


def test_the_language_cookie_overrides_the_browser(client):
    client.cookies["django_language"] = "fa"
    page = BeautifulSoup(client.get("/admin/login/").content, "html.parser")
    assert page.html["lang"] == "fa"


def test_public_pages_ignore_the_browsers_language(client):
    factories.post("Story")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fa")
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "en"
    assert "Accept-Language" not in response.get("Vary", "")

"""Settings as an operator's environment makes them: each case a process of its own,
since the settings read the environment once, on import."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

import newsdesk as package
from tests.test_cli import environment, newsdesk

HTTPS = {
    "NEWSDESK_HTTPS": "true",
    "NEWSDESK_SECRET_KEY": secrets.token_urlsafe(50),
    "NEWSDESK_ALLOWED_HOSTS": "news.example.org",
    "NEWSDESK_BASE_URL": "https://news.example.org",
}

# Asks the app as the proxy would pass requests on: plain, then marked as HTTPS.
ASK = """
import json, django
django.setup()
from django.test import Client
reader = Client(HTTP_HOST="news.example.org")
plain = reader.get("/robots.txt?x=1")
secure = reader.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
login = reader.get("/admin/login/", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "secure": [secure.status_code, secure.get("Strict-Transport-Security", "")],
    "cookies": {name: bool(morsel["secure"]) for name, morsel in login.cookies.items()},
}))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("https") / "data"
    done = newsdesk("init", "-v", "0", data_dir=data_dir, **HTTPS)
    assert done.returncode == 0, done.stderr
    return data_dir


@pytest.mark.parametrize("preload", [False, True], ids=["hsts", "hsts preload"])
def test_the_deploy_check_is_clean_with_https_on(site, preload):
    extra = {"NEWSDESK_HSTS_PRELOAD": "true"} if preload else {}
    done = newsdesk(
        "manage", "check", "--deploy", "--fail-level", "WARNING", data_dir=site, **HTTPS, **extra
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNINGS" not in done.stdout + done.stderr


def ask(site: Path, **extra: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", ASK],
        env={**environment(site, **HTTPS, **extra), "DJANGO_SETTINGS_MODULE": "newsdesk.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_https_on_redirects_plain_http_and_keeps_cookies_and_browsers_on_https(site):
    answers = ask(site)
    assert answers["plain"] == [301, "https://news.example.org/robots.txt?x=1"]
    assert answers["secure"] == [200, "max-age=31536000; includeSubDomains"]
    assert answers["cookies"] and all(answers["cookies"].values()), answers["cookies"]
    preloaded = ask(site, NEWSDESK_HSTS_PRELOAD="true")
    assert preloaded["secure"] == [200, "max-age=31536000; includeSubDomains; preload"]


def test_https_settings_that_cannot_work_are_refused_with_a_reason(site):
    plain_address = newsdesk(
        "manage", "check", data_dir=site, **{**HTTPS, "NEWSDESK_BASE_URL": "http://x.org"}
    )
    assert plain_address.returncode != 0
    assert "NEWSDESK_BASE_URL='http://x.org'" in plain_address.stderr
    assert "starts with https://" in plain_address.stderr
    preload_alone = newsdesk("manage", "check", data_dir=site, NEWSDESK_HSTS_PRELOAD="true")
    assert preload_alone.returncode != 0
    assert "NEWSDESK_HSTS_PRELOAD=true needs NEWSDESK_HTTPS=true" in preload_alone.stderr


def test_every_installed_app_is_one_the_site_uses():
    """An app without models is installed for what the code takes from it (its
    middleware, templates, finders): the code names it again besides INSTALLED_APPS."""
    code = "\n".join(path.read_text() for path in Path(package.__file__).parent.rglob("*.py"))
    without_models = [
        app.name
        for app in apps.get_app_configs()
        if not app.name.startswith("newsdesk.") and not list(app.get_models())
    ]
    assert without_models
    assert [name for name in without_models if code.count(name) < 2] == []

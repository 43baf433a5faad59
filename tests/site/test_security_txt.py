"""``/.well-known/security.txt`` (RFC 9116), from the site settings editors fill in."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from newsdesk.content import actions
from newsdesk.content.models import SiteSettings
from tests import factories

pytestmark = pytest.mark.django_db

ADDRESS = "/.well-known/security.txt"
CONTACTS = "mailto:security@example.org\n  https://example.org/report  \n\ntel:+1-201-555-0123\n"


def fields(text: str) -> list[tuple[str, str]]:
    return [tuple(line.split(": ", 1)) for line in text.splitlines()]


def test_without_a_contact_there_is_no_file(client):
    assert client.get(ADDRESS).status_code == 404
    factories.site_settings(security_policy="https://example.org/policy")
    assert client.get(ADDRESS).status_code == 404


def test_the_old_address_moves_to_the_well_known_one(client):
    moved = client.get("/security.txt")
    assert moved.status_code == 301 and moved["Location"] == ADDRESS


def test_every_field_from_the_settings_in_the_rfc_format(client, settings):
    settings.BASE_URL = "https://news.example.org"
    factories.site_settings(
        security_contact=CONTACTS,
        security_policy="https://example.org/policy",
        security_encryption="https://example.org/pgp-key.txt",
        security_expires=date(2031, 3, 1),
    )
    response = client.get(ADDRESS)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert fields(response.content.decode()) == [
        ("Contact", "mailto:security@example.org"),
        ("Contact", "https://example.org/report"),
        ("Contact", "tel:+1-201-555-0123"),
        ("Expires", "2031-03-01T23:59:59Z"),
        ("Encryption", "https://example.org/pgp-key.txt"),
        ("Policy", "https://example.org/policy"),
        ("Preferred-Languages", "en, fa"),
        ("Canonical", "https://news.example.org/.well-known/security.txt"),
    ]


def test_without_an_expiry_the_file_is_good_for_a_year_from_today(client):
    factories.site_settings(security_contact="mailto:security@example.org", language="fa")
    found = dict(fields(client.get(ADDRESS).content.decode()))
    in_a_year = timezone.localdate() + timedelta(days=365)
    assert found["Expires"] == f"{in_a_year.isoformat()}T23:59:59Z"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", found["Expires"])
    assert found["Preferred-Languages"] == "fa, en"  # the site's own language first
    assert "Policy" not in found and "Encryption" not in found


@pytest.mark.parametrize(
    "contact",
    [
        "security@example.org",  # no scheme
        "http://example.org/report",  # not over HTTPS
        "javascript:alert(1)",
        "mailto:not an address",
        "tel:call us",
        "https://",
        "ftp://example.org/",
    ],
)
def test_contacts_other_than_mailto_https_or_tel_are_refused_by_the_actions(contact):
    site = SiteSettings.current()
    site.security_contact = f"mailto:security@example.org\n{contact}"
    with pytest.raises(ValidationError) as refused:
        actions.save_site_item(site)
    message = " ".join(refused.value.message_dict["security_contact"])
    assert f"line 2: “{contact}”" in message and "mailto:" in message
    assert not SiteSettings.objects.filter(security_contact__contains=contact).exists()


def test_policy_encryption_and_expiry_are_checked_too():
    site = SiteSettings.current()
    site.security_contact = "mailto:security@example.org"
    site.security_policy = "http://example.org/policy"
    site.security_expires = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        actions.save_site_item(site)
    assert set(refused.value.message_dict) == {"security_policy", "security_expires"}


def test_the_admin_shows_the_problem_and_keeps_the_settings(client):
    factories.site_settings(name="The Ledger")
    chief = User.objects.create_superuser("chief", password="pw-for-tests-only")  # noqa: S106
    client.force_login(chief)
    url = "/admin/content/sitesettings/1/change/"
    form = BeautifulSoup(client.get(url).content, "html.parser").find(
        "form", id="sitesettings_form"
    )
    data = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input")
        if field.get("name") and field.get("type") not in ("checkbox", "submit")
    }
    for select in form.find_all("select"):
        chosen = select.find("option", selected=True) or select.find("option")
        data[select["name"]] = chosen.get("value", "")
    data.update(security_contact="security@example.org", mirrors="", tagline="")
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the message
    assert "Write each contact as mailto:address" in response.content.decode()
    assert SiteSettings.objects.get().security_contact == ""
    data["security_contact"] = "mailto:security@example.org"
    assert client.post(url, data).status_code == 302
    assert SiteSettings.objects.get().security_contact == "mailto:security@example.org"


def test_the_page_cache_keeps_it_until_the_settings_change(
    settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = "disk"
    reader = Client()
    factories.site_settings(security_contact="mailto:security@example.org")
    first = reader.get(ADDRESS)
    assert first["X-Page-Cache"] == "miss"
    kept = settings.PAGE_CACHE_DIR / ".well-known" / "security.txt"
    assert kept.read_bytes() == first.content
    assert reader.get(ADDRESS)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):  # purges follow the commit
        factories.site_settings(security_contact="mailto:reports@example.org")
    assert not kept.exists()
    fresh = reader.get(ADDRESS)
    assert fresh["X-Page-Cache"] == "miss"
    assert b"Contact: mailto:reports@example.org" in fresh.content

"""Protected posts and pages: their password stored hashed, their form pausing after
repeated wrong passwords from one address, and unlock cookies tied to the stored hash."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.hashers import check_password
from django.db.models import F
from django.test import Client

from newsdesk.accounts import audit, throttling
from newsdesk.accounts.models import ItemPasswordFailure
from newsdesk.content import actions
from newsdesk.content.models import AuditEntry, Page, Post
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "open sesame"  # noqa: S105 - the test post's password
GUESSER, READER = "203.0.113.7", "198.51.100.20"
BODY = "The secret body."


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """Each hash with the real hasher costs a quarter of a second; these are tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def story() -> Post:
    return factories.post("Members only", password=SECRET, body=f"<p>{BODY}</p>")


def give(url: str, password: str, address: str, client: Client | None = None):
    return (client or Client(REMOTE_ADDR=address)).post(url, {"password": password})


def time_passes(seconds: float) -> None:
    ItemPasswordFailure.objects.update(last_failure=F("last_failure") - timedelta(seconds=seconds))


def notice(response) -> str:
    page = BeautifulSoup(response.content, "html.parser")
    found = page.select_one("form.password-form .form-error")
    return found.get_text(" ", strip=True) if found else ""


def test_the_password_is_stored_hashed_and_still_opens_the_post(story):
    stored = Post.objects.values_list("password", flat=True).get(pk=story.pk)
    assert SECRET not in stored and check_password(SECRET, stored)
    reader = Client(REMOTE_ADDR=READER)
    opened = give(story.get_absolute_url(), SECRET, READER, reader)
    assert opened.status_code == 303
    assert BODY in reader.get(story.get_absolute_url()).content.decode()


def test_a_page_password_is_stored_hashed_too():
    page = factories.page("Staff room", password="tea", body="<p>Rota.</p>")
    stored = Page.objects.values_list("password", flat=True).get(pk=page.pk)
    assert stored != "tea" and check_password("tea", stored)
    page.password = "coffee"  # plain text set by any code: the action hashes it
    actions.save_page(page)
    stored = Page.objects.values_list("password", flat=True).get(pk=page.pk)
    assert stored != "coffee" and check_password("coffee", stored)


def test_wrong_passwords_pause_the_form_for_that_address_with_a_message(story):
    url, limit = story.get_absolute_url(), throttling.ITEM_PASSWORD.limit
    wrong = [give(url, f"guess {n}", GUESSER) for n in range(limit)]
    assert [r.status_code for r in wrong[:-1]] == [200] * (limit - 1)
    assert notice(wrong[0]) == "That password is not correct. Please try again."
    assert wrong[-1].status_code == 429
    assert notice(wrong[-1]) == (
        "Too many wrong passwords from your address: the form is paused. Try again in 1 minute."
    )
    assert 0 < int(wrong[-1]["Retry-After"]) <= 60

    right = give(url, SECRET, GUESSER)  # refused unchecked while paused
    assert right.status_code == 429 and BODY not in right.content.decode()
    assert "newsdesk-unlock" not in "".join(right.cookies)
    assert give(url, SECRET, READER).status_code == 303  # another reader is not paused

    pause = AuditEntry.objects.get(action=audit.LOCKED_OUT)
    assert pause.object_type == "post" and pause.object_id == str(story.pk)
    assert "Members only" in pause.summary and pause.summary.endswith(f"from {GUESSER}")
    assert "the password form from this address paused for 1 min" in pause.summary


def test_a_pause_ends_by_itself_and_the_next_one_lasts_longer(story):
    url = story.get_absolute_url()
    first = [give(url, f"guess {n}", GUESSER) for n in range(throttling.ITEM_PASSWORD.limit)][-1]
    time_passes(int(first["Retry-After"]) + 1)
    second = give(url, "one more guess", GUESSER)
    assert second.status_code == 429 and "Try again in 2 minutes." in notice(second)
    assert int(second["Retry-After"]) > int(first["Retry-After"])
    time_passes(int(second["Retry-After"]) + 1)
    assert give(url, SECRET, GUESSER).status_code == 303
    assert AuditEntry.objects.filter(action=audit.LOCKED_OUT).count() == 2


def test_each_item_pauses_on_its_own(story):
    other = factories.post("Also members only", password=SECRET)
    for n in range(throttling.ITEM_PASSWORD.limit):
        give(story.get_absolute_url(), f"guess {n}", GUESSER)
    assert give(story.get_absolute_url(), SECRET, GUESSER).status_code == 429
    assert give(other.get_absolute_url(), SECRET, GUESSER).status_code == 303


def test_a_new_password_locks_out_the_old_cookies(story):
    url = story.get_absolute_url()
    reader = Client(REMOTE_ADDR=READER)
    give(url, SECRET, READER, reader)
    assert BODY in reader.get(url).content.decode()

    cookies = "; ".join(f"{cookie.key}={cookie.coded_value}" for cookie in reader.cookies.values())
    keeper = Client(REMOTE_ADDR=READER, HTTP_COOKIE=cookies)
    assert BODY in keeper.get(url).content.decode()  # the old cookie, kept aside

    story.refresh_from_db()
    story.password = "new words"
    actions.save_post(story)
    assert BODY not in reader.get(url).content.decode()
    assert give(url, SECRET, READER, reader).status_code == 200  # the old one is wrong now
    assert give(url, "new words", READER, reader).status_code == 303
    assert BODY in reader.get(url).content.decode()

    # Back to the old words: a new hash, so the old cookie stays locked out.
    story.password = SECRET
    actions.save_post(story)
    assert BODY not in keeper.get(url).content.decode()
    assert give(url, SECRET, READER).status_code == 303

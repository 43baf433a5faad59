"""The newsroom at work, in a real browser: an Author uploads a picture, writes a post
with two new tags typed on the fly, schedules it; once its time has come it is on both
tag archives with the picture's caption; an Editor then restores an earlier revision
and readers see the restored title."""

import queue
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from PIL import Image as PillowImage

from newsdesk.content import actions, roles, scheduler
from newsdesk.content.models import Post, Status, Tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-only"  # noqa: S105 - test accounts
WAIT_MS = 15_000
FIRST_TITLE = "Harbour reopens after storm"
SECOND_TITLE = "Harbour reopens"
CAPTION = "The first ferry leaves the repaired quay."
CREDIT = "Photo: Amir Author"
NEW_TAGS = ("Night ferries", "Port reopening")
#: Seconds between saving the schedule and the post's time: ample for one form submit.
SCHEDULE_AHEAD = 8


@pytest.fixture
def newsroom(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A site east of Greenwich: the schedule typed in the admin is the site's local time.
    settings.TIME_ZONE = "Asia/Tehran"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    people = {}
    for username, role, first, last in (
        ("amir", roles.AUTHOR, "Amir", "Author"),
        ("eve", roles.EDITOR, "Eve", "Editor"),
    ):
        user = User.objects.create_user(
            username, password=PASSWORD, first_name=first, last_name=last
        )
        roles.assign_role(user, role)
        people[username] = user
    return people


@pytest.fixture
def picture_file(tmp_path):
    """A photo-sized PNG, drawn with Pillow."""
    path = tmp_path / "cranes.png"
    image = PillowImage.new("RGB", (1600, 1000), (24, 70, 120))
    for x in range(0, 1600, 40):
        image.paste((200, 160, 40), (x, 600, x + 20, 1000))
    image.save(path, "PNG")
    return path


class Watch:
    """Records what a page asks for and any policy violation the post pages report (the
    media library's pages are the media app's tests' to watch)."""

    def __init__(self, page):
        self.hosts: set[str] = set()
        self.violations: list[str] = []
        page.on("request", lambda request: self.hosts.add(urlsplit(request.url).hostname))
        page.on("console", lambda message: self._console(page, message))

    def _console(self, page, message) -> None:
        if "Content Security Policy" in message.text and "/admin/content/image/" not in page.url:
            self.violations.append(f"{page.url}: {message.text[:120]}")


def log_in(browser, live_server, username: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    watch = Watch(page)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
    return context, page, watch


def saved(page) -> None:
    page.wait_for_selector(".messagelist .success")


def type_new_tag(page, name: str) -> None:
    """Type a tag that does not exist yet and take the entry select2 offers for it."""
    page.click(".field-tag_list .select2-selection")
    search = page.locator(".field-tag_list .select2-search__field")
    search.press_sequentially(name)
    page.wait_for_selector(
        f".select2-results__option--highlighted:text-is('{name}')", state="visible"
    )
    search.press("Enter")
    page.wait_for_selector(f".field-tag_list .select2-selection__choice[title='{name}']")


def pick_image(page, typed: str, title: str) -> None:
    page.click(".field-featured_image .select2-selection")
    page.locator(".select2-container--open .select2-search__field").press_sequentially(typed)
    page.click(f".select2-results__option:text-is('{title}')")
    page.wait_for_selector(
        f".field-featured_image .select2-selection__rendered:has-text('{title}')"
    )


def test_author_schedules_tagged_illustrated_post_and_editor_restores_a_revision(
    browser, live_server, newsroom, picture_file, screenshots
):
    context, page, watch = log_in(browser, live_server, "amir")

    # --- the Author uploads a picture with its alt text, caption and credit -------------
    page.goto(f"{live_server.url}/admin/content/image/add/")
    page.set_input_files("#id_file", str(picture_file))
    page.fill("#id_title", "Cranes at dawn")
    page.fill("#id_alt_text", "Two cranes over the harbour at dawn")
    page.fill("#id_caption", CAPTION)
    page.fill("#id_credit", CREDIT)
    page.click("input[name=_save]")
    saved(page)

    # --- writes the post, watching the live preview; saves a first draft ---------------
    page.goto(f"{live_server.url}/admin/content/post/add/")
    page.fill("#id_title", FIRST_TITLE)
    page.select_option("#id_body_format", "markdown")
    page.fill("#id_body", "The harbour reopened on **Monday** after the storm.")
    page.wait_for_selector("#live-preview .live-preview-output strong:text-is('Monday')")
    for name in NEW_TAGS:
        type_new_tag(page, name)
    pick_image(page, "Cranes", "Cranes at dawn")
    page.screenshot(path=str(screenshots / "editorial-post-form.png"), full_page=True)
    page.click("input[name=_continue]")
    saved(page)

    # --- a better title, and scheduled a few seconds ahead in the site's time zone ------
    page.fill("#id_title", SECOND_TITLE)
    page.select_option("#id_status", "scheduled")
    when = timezone.localtime(timezone.now() + timedelta(seconds=SCHEDULE_AHEAD))
    when = when.replace(microsecond=0)
    page.fill("#id_published_at_0", when.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", when.strftime("%H:%M:%S"))
    page.click("input[name=_continue]")
    saved(page)
    context.close()

    post = Post.objects.get()
    assert post.status == Status.SCHEDULED and post.published_at == when
    assert post.title == SECOND_TITLE and post.featured_image.caption == CAPTION
    tags = list(Tag.objects.filter(posts=post).order_by("name"))
    assert [tag.name for tag in tags] == list(NEW_TAGS)
    assert post.created_by == newsroom["amir"]

    reader = browser.new_context()
    reading = reader.new_page()
    reading.set_default_timeout(WAIT_MS)

    def cards_on(tag: Tag):
        response = reading.goto(f"{live_server.url}{tag.get_absolute_url()}")
        assert response.status == 200
        return reading.locator("article.card")

    # --- not before its time: a tag no public post uses is not public either -------------
    assert not actions.publish_due(now=when - timedelta(seconds=1))
    for tag in tags:
        assert reading.goto(f"{live_server.url}{tag.get_absolute_url()}").status == 404

    # --- its time comes: the scheduler ``newsdesk serve`` runs publishes it ---------------
    rounds: queue.Queue = queue.Queue()
    running = scheduler.Scheduler(interval=0.5, after_round=rounds.put).start()
    try:
        while post.get_absolute_url() not in rounds.get(timeout=SCHEDULE_AHEAD + 60).paths:
            pass
    finally:
        running.stop(timeout=30)
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED and post.published_at == when
    for tag in tags:
        card = cards_on(tag).filter(has_text=SECOND_TITLE)
        card.wait_for()
        assert card.locator(".card-title").inner_text() == SECOND_TITLE
        caption = card.locator(".card-caption").inner_text()
        assert CAPTION in caption and "Amir Author" in caption

    # --- the Editor restores the first revision -----------------------------------------
    context, page, editor_watch = log_in(browser, live_server, "eve")
    page.goto(f"{live_server.url}/admin/content/post/{post.pk}/revisions/")
    first_row = page.locator("tr", has=page.locator("td.revision-title", has_text=FIRST_TITLE))
    first_row.locator("a.restore-link").click()
    page.wait_for_selector(".revision-diff")
    page.screenshot(path=str(screenshots / "editorial-restore.png"), full_page=True)
    page.click("input[value='Restore this revision']")
    saved(page)
    context.close()

    response = reading.goto(f"{live_server.url}{post.get_absolute_url()}")
    assert response.status == 200
    assert reading.locator("h1.post-title").inner_text() == FIRST_TITLE
    reader.close()

    post.refresh_from_db()
    assert post.status == Status.PUBLISHED and post.title == FIRST_TITLE
    assert post.revisions.first().user == newsroom["eve"]

    for seen in (watch, editor_watch):
        assert seen.hosts <= {"127.0.0.1", "localhost"}, seen.hosts
        assert not seen.violations, seen.violations

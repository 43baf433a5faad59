"""The live preview's refusals, in a real browser: a body past the preview's limit, and
more previews a second than one person gets, are answered with a reason the panel
shows; after "too many" the panel catches up by itself."""

import pytest
from django.contrib.auth.models import User

from newsdesk.content import roles
from newsdesk.content.admin_views import LIVE_PREVIEW_LIMIT, LIVE_PREVIEW_RATE
from tests.browser.test_editorial import PASSWORD, WAIT_MS, Watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTPUT = ".live-preview-output"
PANEL = f"#live-preview {OUTPUT}"


@pytest.fixture
def author(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_user("amir", password=PASSWORD)
    roles.assign_role(user, roles.AUTHOR)
    return user


def test_the_panel_shows_why_the_preview_was_refused_and_catches_up(
    browser, live_server, author, screenshots
):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    watch = Watch(page)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/content/post/add/")
    page.fill("#id_username", "amir")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#live-preview:not([hidden])")

    page.select_option("#id_body_format", "markdown")
    page.fill("#id_body", "The harbour reopened on **Monday**.")
    page.wait_for_selector(f"{PANEL} strong:text-is('Monday')")

    # Longer than the preview renders: refused, and the panel says so.
    page.evaluate(
        """length => {
            const body = document.getElementById('id_body');
            body.value = 'x'.repeat(length);
            body.dispatchEvent(new Event('input'));
        }""",
        LIVE_PREVIEW_LIMIT + 1,
    )
    page.wait_for_selector(f"#live-preview.has-error {OUTPUT}:has-text('{LIVE_PREVIEW_LIMIT:,}')")
    assert f"{LIVE_PREVIEW_LIMIT + 1:,} characters long" in page.inner_text(PANEL)
    page.screenshot(path=str(screenshots / "live-preview-too-long.png"))

    # Many previews in the same second (each change of format asks at once): the last
    # is refused and the panel says why; a second later it asks again and shows it.
    page.fill("#id_body", "The quay is **open**.")
    page.wait_for_selector(f"{PANEL} strong:text-is('open')")
    message = f"at most {LIVE_PREVIEW_RATE} times a second"
    for _attempt in range(3):
        page.evaluate(
            """times => {
                const format = document.getElementById('id_body_format');
                for (let n = 0; n < times; n++) {
                    format.dispatchEvent(new Event('change'));
                }
            }""",
            8 * LIVE_PREVIEW_RATE,
        )
        try:
            page.wait_for_selector(
                f"#live-preview.has-error {OUTPUT}:has-text('{message}')", timeout=3000
            )
            break
        except Exception:  # the burst fell across two seconds: another
            continue
    else:
        pytest.fail("the panel never showed the refusal")
    page.screenshot(path=str(screenshots / "live-preview-too-many.png"))
    page.wait_for_selector(f"#live-preview:not(.has-error) {OUTPUT} strong:text-is('open')")

    assert watch.hosts <= {"127.0.0.1", "localhost"}, watch.hosts
    context.close()

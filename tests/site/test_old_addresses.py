"""Old links keep working: the Redirect table answers where the site would say "not found"."""

import pytest

from newsdesk.content import actions
from newsdesk.content.models import Redirect
from tests import factories

pytestmark = pytest.mark.django_db


def _redirect(old_path: str, new_path: str) -> None:
    actions.save_site_item(Redirect(old_path=old_path, new_path=new_path))


def test_a_renamed_post_answers_at_its_old_address(reader):
    post = factories.post("First title")
    post.slug = "second-title"
    actions.save_post(post)
    assert reader.get("/first-title/", status=301)["Location"] == "/second-title/"
    assert reader.soup("/second-title/").h1.get_text() == "First title"


def test_wordpress_plain_addresses_on_the_home_page(reader):
    factories.post("Moved in")
    _redirect("/?p=123", "/moved-in/")
    _redirect("/?page_id=7", "/about/")
    _redirect("/?cat=4", "/category/world/")
    assert reader.get("/?p=123", status=301)["Location"] == "/moved-in/"
    assert reader.get("/?p=123&utm_source=feed", status=301)["Location"] == "/moved-in/"
    assert reader.get("/?page_id=7", status=301)["Location"] == "/about/"
    assert reader.get("/?cat=4", status=301)["Location"] == "/category/world/"
    missing = reader.soup("/?p=999", status=404)
    assert missing.h1.get_text() == "Page not found"
    # Any other query leaves the home page alone.
    assert reader.soup("/?utm_source=feed").select_one(".card-title").get_text() == "Moved in"


def test_old_paths_with_and_without_slash_and_query(reader):
    factories.post("New home")
    _redirect("/2019/05/old-story.html", "/new-home/")
    _redirect("/archives/12", "/new-home/")
    _redirect("/old/?id=5", "/new-home/")
    assert reader.get("/2019/05/old-story.html", status=301)["Location"] == "/new-home/"
    assert reader.get("/archives/12", status=301)["Location"] == "/new-home/"
    assert reader.get("/old/?id=5", status=301)["Location"] == "/new-home/"
    reader.get("/old/?id=6", status=404)
    reader.get("/never-existed/", status=404)


def test_persian_addresses_match_however_they_were_stored(reader):
    post = factories.post("خبر قدیمی")
    post.slug = "خبر-تازه"
    actions.save_post(post)
    stored = Redirect.objects.get()
    assert stored.old_path.startswith("/%D8")  # reverse() escapes, as the browser sends it
    response = reader.get("/خبر-قدیمی/", status=301)
    assert response["Location"] == post.get_absolute_url()


def test_a_live_page_wins_over_a_stale_redirect(reader):
    factories.post("Still here")
    _redirect("/still-here/", "/elsewhere/")
    reader.get("/still-here/", status=200)

"""Persian pages are cached by their /fa/ addresses and purged when their posts change
(purges run when a change commits: real transactions here)."""

import pytest

from newsdesk.content import actions
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cache_on(settings, tmp_path):
    settings.PAGE_CACHE = "disk"
    settings.PAGE_CACHE_DIR = tmp_path / "pages"


def _cached(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response["X-Page-Cache"]


def test_editing_a_persian_post_purges_its_persian_pages_and_its_translation(client, cache_on):
    harbour = factories.tag("Harbour")
    english = factories.post("Harbour reopens", tags=[harbour])
    persian = factories.post("بندر باز شد", tags=[harbour], language="fa", translation_of=english)
    factories.post("Unrelated", tags=[factories.tag("Sport")])
    pages = [persian.get_absolute_url(), "/fa/", "/fa/tag/harbour/", english.get_absolute_url()]
    for path in [*pages, "/tag/sport/"]:
        _cached(client, path)
        assert _cached(client, path) == "hit", path

    persian.title = "بندر دوباره باز شد"
    actions.save_post(persian)
    assert [_cached(client, path) for path in pages] == ["miss"] * len(pages)
    assert _cached(client, "/tag/sport/") == "hit"
    page = client.get(english.get_absolute_url()).content.decode()
    assert persian.get_absolute_url() in page  # the switcher still links it

"""The search index follows the content signals, which are sent when a change
commits. Tests run inside a transaction that never commits, so :func:`committed`
runs the after-commit work of the writes made in its block, as a real commit would."""

from contextlib import contextmanager

import pytest

from newsdesk.search.backends import backend


@pytest.fixture(autouse=True)
def _empty_index(db):
    """The index table is not one of the models' tables that test databases flush."""
    backend().clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return block


@pytest.fixture
def search_page(client):
    """The search page's result titles for a query (as plain text), checking it answers 200."""

    def titles(query: str, **params) -> list[str]:
        from bs4 import BeautifulSoup

        response = client.get("/search/", {"q": query, **params})
        assert response.status_code == 200, (query, response.status_code)
        page = BeautifulSoup(response.content, "html.parser")
        return [h2.get_text().strip() for h2 in page.select(".search-result-title")]

    return titles

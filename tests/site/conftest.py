"""Helpers for the public site's tests: fetch a page and parse it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


class Reader:
    """A reader with a browser: fetches pages and reads them as HTML."""

    def __init__(self, client):
        self.client = client

    def get(self, url: str, status: int = 200, **kwargs):
        response = self.client.get(url, **kwargs)
        assert response.status_code == status, (url, response.status_code)
        return response

    def soup(self, url: str, status: int = 200, **kwargs) -> BeautifulSoup:
        response = self.get(url, status, **kwargs)
        return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def reader(client) -> Reader:
    return Reader(client)

"""What each process remembers beyond one request registers in one place, saying what
makes it forget; a unit of work (a request, a scheduler round) reads the settings row
once, whatever other threads of the process start meanwhile."""

from __future__ import annotations

import ast
import importlib
import threading
import types
from pathlib import Path

import pytest
from django.core.signals import request_started
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

import newsdesk
from newsdesk import memos
from newsdesk.content import queries
from newsdesk.content.models import SiteSettings
from newsdesk.content.models.addresses import address
from newsdesk.export.layout import FEED, PAGE, kind_of
from newsdesk.site import fragments
from tests import factories

SOURCE = Path(newsdesk.__file__).parent
MEMO_DECORATORS = {"lru_cache", "cache"}


def _memo_functions() -> list[tuple[str, str]]:
    """(module, function) for every function of the code kept by functools' memos."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text())
        module = ".".join(("newsdesk", *path.relative_to(SOURCE).with_suffix("").parts))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = getattr(target, "id", None) or getattr(target, "attr", None)
                if name in MEMO_DECORATORS:
                    found.append((module, node.name))
    return found


def test_every_memo_of_the_code_says_how_it_is_forgotten():
    functions = {
        f"{module}.{name}": getattr(importlib.import_module(module), name)
        for module, name in _memo_functions()
    }
    assert functions
    kept = {id(entry.memo) for entry in memos.registered()}
    unregistered = [name for name, function in functions.items() if id(function) not in kept]
    assert unregistered == []
    names = {entry.name for entry in memos.registered()}
    assert {"site settings row", "page chrome", "post cards", "public addresses"} <= names
    assert {"recent renditions", "static files found", "kinds of address"} <= names


@pytest.mark.django_db
def test_reset_forgets_what_a_page_view_left_behind(client):
    factories.post("Harbour reopens", tags=[factories.tag("Harbour")])
    assert client.get("/tag/harbour/").status_code == 200
    assert len(fragments.cards_memo) == 1
    with CaptureQueriesContext(connection) as remembered:
        queries.chrome()
    assert len(remembered) == 0

    memos.reset()
    assert len(fragments.cards_memo) == 0
    with CaptureQueriesContext(connection) as read_again:
        queries.chrome()
    assert len(read_again) >= 2  # the settings row, then the menus and follow links


def test_reset_names_only_memos_that_exist():
    with pytest.raises(KeyError, match="no memo named"):
        memos.reset("post-cards")


@pytest.mark.django_db
def test_a_request_starting_on_another_thread_leaves_this_unit_of_work_its_row():
    """A gthread worker serves several requests at once: each reads the row once."""
    factories.site_settings(name="Harbour Daily")
    memos.new_unit_of_work()
    assert SiteSettings.current().name == "Harbour Daily"
    other = threading.Thread(target=request_started.send, kwargs={"sender": None})
    other.start()
    other.join()
    with CaptureQueriesContext(connection) as captured:
        assert SiteSettings.current().name == "Harbour Daily"
    assert len(captured) == 0
    memos.new_unit_of_work()  # this thread's next request reads it again
    with CaptureQueriesContext(connection) as captured:
        SiteSettings.current()
    assert len(captured) == 1


@pytest.mark.django_db(transaction=True)
def test_a_row_saved_in_this_process_is_read_again_by_every_thread():
    factories.site_settings(name="Harbour Daily")
    ready, saved, names = threading.Event(), threading.Event(), []

    def unit_of_work() -> None:
        names.append(SiteSettings.current().name)
        ready.set()
        saved.wait(timeout=30)
        names.append(SiteSettings.current().name)
        connection.close()

    reader = threading.Thread(target=unit_of_work)
    reader.start()
    assert ready.wait(timeout=30)
    factories.site_settings(name="Harbour Evening")
    saved.set()
    reader.join(timeout=30)
    assert names == ["Harbour Daily", "Harbour Evening"]


def test_a_new_url_configuration_forgets_what_was_worked_out_from_the_old():
    assert kind_of("/feed/") == FEED
    assert address("feed_rss") == "/feed/"
    without_feeds = types.ModuleType("without_feeds")
    without_feeds.urlpatterns = []
    with override_settings(ROOT_URLCONF=without_feeds):
        assert kind_of("/feed/") == PAGE
    assert kind_of("/feed/") == FEED

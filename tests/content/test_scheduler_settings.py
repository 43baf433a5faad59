"""The scheduler is a process of its own that runs for days (``newsdesk publish-due
--every``, started by ``newsdesk serve``): what an editor changes in the site settings
meanwhile, in another process, must decide the addresses of the posts it publishes next.

Everything here is a real process on a database of its own: a file SQLite database in a
fresh data folder, or, when the suite runs on PostgreSQL, a fresh database in the same
cluster. The editor works through the actions as the admin does, in processes of its own.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import psycopg
import pytest

NEWSDESK = Path(sys.executable).with_name("newsdesk")  # the installed console script

SCHEDULE = """
from datetime import timedelta
from django.utils import timezone
from newsdesk.content import actions
from newsdesk.content.models import Post, Status

def scheduled(title, when):
    # Written an hour before its time: a scheduled post, due at ``when``.
    post = Post(title=title, body="<p>Text.</p>", status=Status.PUBLISHED, published_at=when)
    actions.save_post(post, now=when - timedelta(hours=1))
    assert post.status == Status.SCHEDULED, post.status

scheduled("First", timezone.now() - timedelta(minutes=1))
scheduled("Second", timezone.now() + timedelta(days=1))
"""

CHANGE_SETTING_AND_BRING_SECOND_FORWARD = """
from datetime import timedelta
from django.utils import timezone
from newsdesk.content import actions
from newsdesk.content.models import Post, SiteSettings, Status
from newsdesk.export.journal import latest_mark

site = SiteSettings.current()
setattr(site, {field!r}, {value!r})
actions.save_site_item(site)
second = Post.objects.get(slug="second")
second.published_at = timezone.now() - timedelta(seconds=1)
actions.save_post(second, now=second.published_at - timedelta(hours=1))
assert second.status == Status.SCHEDULED, second.status
print(latest_mark())
"""

STATUS = """
from newsdesk.content.models import Post
print(Post.objects.get(slug={slug!r}).status)
"""

PUBLISHED = """
import json
from newsdesk.content.models import Post
from newsdesk.export.models import StaleRecord

records = StaleRecord.objects.filter(pk__gt={mark}).order_by("pk")
print(json.dumps({{
    "address": Post.objects.get(slug="second").get_absolute_url(),
    "stale": [record.paths.splitlines() for record in records],
}}))
"""


class SharedSite:
    """A data folder and a database that every process started here uses."""

    def __init__(self, data_dir: Path, database_url: str | None):
        self.data_dir = data_dir
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("NEWSDESK_", "DJANGO_")) and key != "DATABASE_URL"
        }
        self.env["NEWSDESK_DATA_DIR"] = str(data_dir)
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [str(NEWSDESK), *args],
            env=self.env,
            cwd=self.data_dir.parent,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def python(self, code: str) -> str:
        """``code`` run by another newsdesk process (as the admin's would run it)."""
        return self.run("manage", "shell", "--no-imports", "-c", code).strip()

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [str(NEWSDESK), *args],
            env=self.env,
            cwd=self.data_dir.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def wait_until_published(self, slug: str, scheduler: subprocess.Popen) -> None:
        for _ in range(120):
            if self.python(STATUS.format(slug=slug)) == "published":
                return
            assert scheduler.poll() is None, scheduler.communicate()[0]
            time.sleep(0.1)
        raise AssertionError(f"the scheduler did not publish {slug!r}")


@pytest.fixture
def shared_site(tmp_path) -> Iterator[SharedSite]:
    """On the suite's PostgreSQL server when it runs on one (a database made for this
    test), else SQLite in the data folder."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        site = SharedSite(tmp_path / "newsdesk-data", None)
        site.run("init", "-v", "0")
        yield site
        return
    server = dj_database_url.parse(url)
    name = f"newsdesk_scheduler_{secrets.token_hex(4)}"
    admin = {
        "host": server["HOST"] or None,
        "port": server["PORT"] or None,
        "user": server["USER"] or None,
        "password": server["PASSWORD"] or None,
        "dbname": server["NAME"],
        "autocommit": True,
    }
    with psycopg.connect(**admin) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        site = SharedSite(tmp_path / "newsdesk-data", url.rsplit("/", 1)[0] + "/" + name)
        site.run("init", "-v", "0")
        yield site
    finally:
        with psycopg.connect(**admin) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.mark.parametrize(
    ("field", "value"),
    [("permalink_style", "dated"), ("language", "fa")],
    ids=["permalink style", "site language"],
)
def test_a_running_scheduler_publishes_under_the_settings_an_editor_just_changed(
    shared_site, field, value
):
    shared_site.python(SCHEDULE)
    scheduler = shared_site.start("publish-due", "--every", "0.2")
    try:
        # The scheduler has read the settings as they were: it published under them.
        shared_site.wait_until_published("first", scheduler)
        mark = shared_site.python(
            CHANGE_SETTING_AND_BRING_SECOND_FORWARD.format(field=field, value=value)
        )
        shared_site.wait_until_published("second", scheduler)
    finally:
        scheduler.terminate()
        output, _ = scheduler.communicate(timeout=30)
    assert scheduler.returncode == 0, output

    published = json.loads(shared_site.python(PUBLISHED.format(mark=int(mark))))
    address = published["address"]
    assert address != "/second/"  # the setting moved it
    (scheduler_record,) = published["stale"]  # the one change since: the scheduler's
    assert address in scheduler_record
    assert "/second/" not in scheduler_record

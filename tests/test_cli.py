"""The ``newsdesk`` command as an operator runs it: real processes, a real data folder.

Each process gets its own environment, without DATABASE_URL unless a test sets one,
so these tests use SQLite in a temporary folder on either pass of ``make test``.
"""

from __future__ import annotations

import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import get_commands

NEWSDESK = Path(sys.executable).with_name("newsdesk")  # the installed console script


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # The test run's own switches (DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests)
        # are no operator's.
        if not key.startswith(("NEWSDESK_", "DJANGO_")) and key != "DATABASE_URL"
    }
    return {**env, "NEWSDESK_DATA_DIR": str(data_dir), **extra}


def newsdesk(*args: str, data_dir: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(NEWSDESK), *args],
        env=environment(data_dir, **extra),
        cwd=data_dir.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A data folder after ``newsdesk init``."""
    data_dir = tmp_path_factory.mktemp("cli") / "newsdesk-data"
    done = newsdesk("init", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    return data_dir


def test_init_creates_the_data_folder_and_a_migrated_database(site):
    database = site / "newsdesk.sqlite3"
    assert database.exists() and (site / "media").is_dir()
    with sqlite3.connect(database) as connection:
        applied = {app for (app,) in connection.execute("select app from django_migrations")}
    assert {"content", "auth", "sessions"} <= applied
    again = newsdesk("init", data_dir=site)
    assert again.returncode == 0
    assert "No migrations to apply" in again.stdout
    assert f"Data folder: {site}" in again.stdout


def test_database_url_wins_over_the_data_folder(tmp_path):
    elsewhere = tmp_path / "elsewhere.sqlite3"
    done = newsdesk(
        "init", "-v", "0", data_dir=tmp_path / "data", DATABASE_URL=f"sqlite:///{elsewhere}"
    )
    assert done.returncode == 0, done.stderr
    assert elsewhere.exists()
    assert not (tmp_path / "data" / "newsdesk.sqlite3").exists()


def test_dashed_names_run_management_commands(site):
    made = newsdesk("first-admin", data_dir=site)
    assert made.returncode == 0, made.stderr
    password = (site / "admin-password.txt").read_text().strip()
    assert f"user: admin  password: {password}" in made.stdout

    listed = newsdesk("manage", "showmigrations", "content", data_dir=site)
    assert listed.returncode == 0, listed.stderr
    assert "[X] 0001_initial" in listed.stdout

    unknown = newsdesk("no-such-command", data_dir=site)
    assert unknown.returncode == 2
    assert "unknown command 'no-such-command'" in unknown.stderr

    refused = newsdesk("demo", "--anchor", "yesterday", data_dir=site)
    assert refused.returncode != 0
    assert "usage: newsdesk demo" in refused.stderr


def test_help_lists_the_commands(site):
    shown = newsdesk("--help", data_dir=site)
    assert shown.returncode == 0
    for command in ("init", "demo", "serve", "createsuperuser", "manage", "first-admin"):
        assert command in shown.stdout


@pytest.mark.parametrize("asked", [["--help"], ["-h"], ["help"], []], ids=repr)
def test_help_makes_no_data_folder_and_names_every_newsdesk_command(tmp_path, asked):
    """Help before ``newsdesk init`` (or in the wrong folder) leaves nothing behind: no
    data folder, no secret key in it."""
    data_dir = tmp_path / "newsdesk-data"
    shown = newsdesk(*asked, data_dir=data_dir)
    assert shown.returncode == 0, shown.stderr
    assert not data_dir.exists()
    assert list(tmp_path.iterdir()) == []
    listed = shown.stdout.partition("newsdesk commands: ")[2].splitlines()[0].split(", ")
    assert listed == sorted(
        name.replace("_", "-")
        for name, app in get_commands().items()
        if isinstance(app, str) and app.startswith("newsdesk.")
    )
    assert "publish-due" in listed and "import-wxr" in listed


def test_serve_answers_without_announcing_itself_and_with_debug_off(site):
    port = free_port()
    server = subprocess.Popen(
        [str(NEWSDESK), "serve", "--port", str(port), "--workers", "1", "--no-access-log"],
        env=environment(site, NEWSDESK_DEBUG="true"),  # serve must turn it off regardless
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # First request, before any page is cached: a host name the site does not serve.
        status, headers, body = wait_for(port, "/", host="unknown.example")
        assert status == 400
        assert b"DisallowedHost" not in body, "a debug page would name the exception"

        status, headers, body = fetch(port, "/")
        assert status == 200
        assert "server" not in headers
        assert headers["content-type"].startswith("text/html")

        status, headers, _ = fetch(port, "/static/admin/css/base.css")
        assert status == 200, "WhiteNoise serves static files with DEBUG off"
        assert "server" not in headers
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0, output
    assert f"serving http://127.0.0.1:{port}/" in output


def test_serve_refuses_a_database_that_was_never_set_up(tmp_path):
    done = newsdesk("serve", "--port", str(free_port()), data_dir=tmp_path / "empty")
    assert done.returncode != 0
    assert "newsdesk init" in done.stderr


@pytest.mark.parametrize("reuse_port", [False, True], ids=["plain", "another newsdesk serve"])
def test_serve_refuses_a_port_another_server_listens_on(site, reuse_port):
    """Workers listen with SO_REUSEPORT; without the check, a second server on the same
    port would share its connections instead of failing."""
    with socket.socket() as taken:
        if reuse_port:
            taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = newsdesk("serve", "--port", str(port), "--no-scheduler", data_dir=site)
    assert done.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


# --- helpers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port: int, path: str, host: str = "127.0.0.1") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        connection.close()


def wait_for(port: int, path: str, host: str, attempts: int = 300):
    """The first answer from a server that is still starting (polls every 0.1 s)."""
    for _ in range(attempts):
        try:
            return fetch(port, path, host)
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answered on port {port}")

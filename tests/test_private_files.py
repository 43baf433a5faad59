"""Who may read what newsdesk writes into its data folder, with real files.

Every command runs with umask 0, the most open there is: the modes below are what
newsdesk asks for at creation, not what a careful umask would have made of them.
"""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as Pillow

from tests.test_cli import NEWSDESK, environment, fetch, free_port, wait_for

PRIVATE = 0o600


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def newsdesk(*args: str, data_dir: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(NEWSDESK), *args],
        env=environment(data_dir, **extra),
        capture_output=True,
        text=True,
        timeout=300,
        umask=0,
    )


def assert_public_tree(root: Path) -> None:
    """Folders 0755 and files 0644 all the way down; something there to check."""
    inside = list(root.rglob("*"))
    assert any(path.is_file() for path in inside), root
    assert mode(root) == 0o755, root
    for path in inside:
        assert mode(path) == (0o755 if path.is_dir() else 0o644), (path, oct(mode(path)))


def test_every_file_newsdesk_writes_into_the_data_folder_has_its_mode(tmp_path):
    data = tmp_path / "data"
    for command in (["init"], ["demo"], ["first-admin"]):
        done = newsdesk(*command, data_dir=data)
        assert done.returncode == 0, (command, done.stderr)

    port = free_port()
    server = subprocess.Popen(
        [str(NEWSDESK), "serve", "--port", str(port), "--workers", "1", "--no-scheduler"],
        env=environment(data),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        umask=0,
    )
    try:
        assert wait_for(port, "/", "127.0.0.1")[0] == 200  # fills the page cache
        assert fetch(port, "/feed/")[0] == 200
        database = data / "newsdesk.sqlite3"
        # While the server holds its connection, SQLite keeps its WAL files beside.
        companions = [database.with_name(database.name + end) for end in ("-wal", "-shm")]
        for path in [database, *companions]:
            assert mode(path) == PRIVATE, (path, oct(mode(path)))
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert mode(data) == 0o711  # nginx passes through to pages and media; nobody lists it
    for name in ("newsdesk.sqlite3", "secret-key", "admin-password.txt"):
        assert mode(data / name) == PRIVATE, name
    assert (data / "pages" / "index.html").exists()
    assert_public_tree(data / "pages")
    assert_public_tree(data / "media")  # the demo's pictures and their renditions
    private = {"newsdesk.sqlite3", "secret-key", "admin-password.txt", "pages", "media"}
    assert {path.name for path in data.iterdir()} - private <= {
        "newsdesk.sqlite3-wal",
        "newsdesk.sqlite3-shm",
    }, "a file this test does not know of: give it its mode here"


@pytest.mark.django_db
def test_an_upload_is_for_the_web_server_to_read_whatever_the_umask(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    chief = User.objects.create_superuser("chief", password="pw-for-tests-only")  # noqa: S106
    client.force_login(chief)
    picture = io.BytesIO()
    Pillow.new("RGB", (40, 30), (200, 40, 40)).save(picture, "PNG")
    before = os.umask(0)
    try:
        response = client.post(
            reverse("admin:content_image_add"),
            {
                "title": "Harbour",
                "alt_text": "Boats in a harbour",
                "caption": "",
                "credit": "",
                "original_url": "",
                "file": SimpleUploadedFile("harbour.png", picture.getvalue(), "image/png"),
            },
        )
    finally:
        os.umask(before)
    assert response.status_code == 302, response.content[:2000]
    assert_public_tree(settings.MEDIA_ROOT)


def test_init_takes_back_what_an_older_installation_left_open(tmp_path):
    data = tmp_path / "data"
    signing_key = tmp_path / "keys" / "export.pem"
    signing_key.parent.mkdir()
    signing_key.write_text("-----BEGIN PRIVATE KEY-----\n")
    extra = {"NEWSDESK_EXPORT_SIGNING_KEY": str(signing_key)}
    assert newsdesk("init", "-v", "0", data_dir=data, **extra).returncode == 0
    assert newsdesk("first-admin", data_dir=data, **extra).returncode == 0
    database = data / "newsdesk.sqlite3"
    # An older installation: made world-readable, and a reader holding the database
    # open (so its -wal and -shm files are there).
    holder = sqlite3.connect(database)
    holder.execute("PRAGMA journal_mode=WAL").fetchall()
    holder.execute("SELECT count(*) FROM django_migrations").fetchall()
    loose = [
        database,
        database.with_name("newsdesk.sqlite3-wal"),
        database.with_name("newsdesk.sqlite3-shm"),
        data / "secret-key",
        data / "admin-password.txt",
        signing_key,
    ]
    try:
        for path in loose:
            os.chmod(path, 0o644)
        os.chmod(data, 0o755)

        repaired = newsdesk("init", "-v", "0", data_dir=data, **extra)
        assert repaired.returncode == 0, repaired.stderr
        for path in loose:
            assert mode(path) == PRIVATE, path
            assert f"{path} was 0644, now 0600" in repaired.stderr
        assert mode(data) == 0o711
        assert f"{data} was 0755, now 0711" in repaired.stderr
    finally:
        holder.close()
    again = newsdesk("init", "-v", "0", data_dir=data, **extra)
    assert again.returncode == 0 and again.stderr == ""

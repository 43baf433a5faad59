"""Attachment files: found in ``--media-dir`` (a copy of ``wp-content/uploads``) and
stored with the site's media. Nothing is ever downloaded.

A file keeps its uploads path under ``wordpress/`` in the media storage
(``2008/06/canola2.jpg`` → ``wordpress/2008/06/canola2.jpg``), so a re-import finds it
already there. Paths come from an untrusted file: one that would leave the media
directory (``../../etc/passwd``) is refused.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.files import File
from django.core.files.storage import default_storage

STORAGE_PREFIX = "wordpress"
_UPLOADS = "/wp-content/uploads/"


class MediaLibrary:
    def __init__(self, media_dir: Path | None, *, dry_run: bool = False):
        self.root = Path(media_dir).expanduser().resolve() if media_dir else None
        self.dry_run = dry_run
        self.site_hosts: set[str] = set()
        # Names written by this run, on disk rather than in memory, so a failed run can
        # remove them whatever the number of attachments.
        self._written = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.copied = self.reused = 0

    def learn_host(self, address: str) -> None:
        host = (urlsplit(address).hostname or "").lower()
        if host:
            self.site_hosts.add(host)

    def relative_path(self, attached_file: str, url: str) -> str:
        """The file's path inside ``wp-content/uploads`` ('' when it cannot tell)."""
        if attached_file.strip():
            return _safe_relative(attached_file.strip())
        return self._relative_from_url(url)

    def _relative_from_url(self, url: str) -> str:
        parts = urlsplit(url)
        path = unquote(parts.path)
        host = (parts.hostname or "").lower()
        if _UPLOADS in path:
            return _safe_relative(path.split(_UPLOADS, 1)[1])
        if host.endswith(".files.wordpress.com"):
            return _safe_relative(path)
        return ""

    def find(self, relative: str) -> Path | None:
        """The file in the media directory, if it is there and inside it."""
        if self.root is None or not relative:
            return None
        candidate = (self.root / relative).resolve()
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            return None
        return candidate

    def store(self, relative: str) -> str | None:
        """Copy the file into the media storage (once); its storage name, or None when
        it is not in the media directory. A dry run copies nothing."""
        found = self.find(relative)
        if found is None:
            return None
        name = f"{STORAGE_PREFIX}/{relative}"
        if default_storage.exists(name) and default_storage.size(name) == found.stat().st_size:
            self.reused += 1
            return name
        if self.dry_run:
            self.copied += 1
            return name
        with found.open("rb") as handle:
            stored = default_storage.save(name, File(handle, name=found.name))
        self._written.write(stored + "\n")
        self.copied += 1
        return stored

    def rewrite(self, url: str) -> str:
        """A body's link to an old upload → the copied file's address, when it was copied."""
        if self.root is None or self.dry_run:
            return url
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        on_site = not host or host in self.site_hosts or host.endswith(".files.wordpress.com")
        if not on_site:
            return url
        relative = self._relative_from_url(url)
        name = self.store(relative) if relative else None
        return default_storage.url(name) if name else url

    def discard(self) -> None:
        """Remove what this run copied (its database changes were rolled back)."""
        self._written.seek(0)
        for line in self._written:
            name = line.strip()
            if name and default_storage.exists(name):
                default_storage.delete(name)

    def close(self) -> None:
        self._written.close()


def _safe_relative(value: str) -> str:
    path = PurePosixPath(value.replace("\\", "/").lstrip("/"))
    if not path.parts or any(part in ("..", ".", "") for part in path.parts):
        return ""
    return path.as_posix()

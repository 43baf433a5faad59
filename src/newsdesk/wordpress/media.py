"""Attachment files: found in ``--media-dir`` (a copy of ``wp-content/uploads``) and
stored with the site's media. Nothing is ever downloaded.

A file keeps its uploads path under ``wordpress/`` in the media storage
(``2008/06/canola2.jpg`` → ``wordpress/2008/06/canola2.jpg``), so a re-import finds it
already there. Paths come from an untrusted file: one that would leave the media
directory (``../../etc/passwd``) is refused.

A copied file is an upload like any other (:mod:`newsdesk.media.incoming`): a
picture is stored checked and without its camera and location data, named with its
content's extension; another file only when it is a PDF, a sound or a video. A file
refused is not stored, and raises :class:`RefusedFile` with the reason for the
report.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from newsdesk.media.incoming import check_file

STORAGE_PREFIX = "wordpress"
_UPLOADS = "/wp-content/uploads/"


class RefusedFile(Exception):
    """A file in the media directory that the site will not store; says why."""


@dataclass(frozen=True)
class StoredFile:
    name: str  # in the media storage
    mime_type: str  # from the file's content


class MediaLibrary:
    def __init__(self, media_dir: Path | None, *, dry_run: bool = False):
        self.root = Path(media_dir).expanduser().resolve() if media_dir else None
        self.dry_run = dry_run
        self.site_hosts: set[str] = set()
        # Names written by this run, on disk rather than in memory, so a failed run can
        # remove them whatever the number of attachments.
        self._written = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.copied = self.reused = 0
        # Each file is checked once a run, however many items name it.
        self._checked: dict[str, StoredFile | RefusedFile] = {}

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

    def store(self, relative: str) -> StoredFile | None:
        """Check the file and copy what it becomes into the media storage (once); None
        when it is not in the media directory. Raises :class:`RefusedFile`. A dry run
        checks, and copies nothing."""
        done = self._checked.get(relative)
        if isinstance(done, StoredFile):
            self.reused += 1  # stored earlier in this run
            return done
        if done is None:
            found = self.find(relative)
            if found is None:
                return None
            try:
                done = self._store(relative, found)
            except ValidationError as refusal:
                done = RefusedFile(" ".join(refusal.messages))
            self._checked[relative] = done
        if isinstance(done, RefusedFile):
            raise done
        return done

    def _store(self, relative: str, found: Path) -> StoredFile:
        with found.open("rb") as handle:
            checked = check_file(handle, found.name, found.stat().st_size)
            folder = PurePosixPath(relative).parent
            name = (folder / checked.file.name).as_posix() if folder.parts else checked.file.name
            name = f"{STORAGE_PREFIX}/{name}"
            if _already_stored(name, checked.file):
                self.reused += 1
                return StoredFile(name, checked.mime_type)
            self.copied += 1
            if self.dry_run:
                return StoredFile(name, checked.mime_type)
            checked.file.seek(0)
            stored = default_storage.save(name, checked.file)
        self._written.write(stored + "\n")
        return StoredFile(stored, checked.mime_type)

    def rewrite(self, url: str, refused: Callable[[str, str], None] = lambda *_: None) -> str:
        """A body's link to an old upload → the copied file's address, when it was
        copied; a file refused keeps the old address and is told to ``refused``
        (its path, why)."""
        if self.root is None or self.dry_run:
            return url
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        on_site = not host or host in self.site_hosts or host.endswith(".files.wordpress.com")
        if not on_site:
            return url
        relative = self._relative_from_url(url)
        try:
            stored = self.store(relative) if relative else None
        except RefusedFile as why:
            refused(relative, str(why))
            return url
        return default_storage.url(stored.name) if stored else url

    def discard(self) -> None:
        """Remove what this run copied (its database changes were rolled back)."""
        self._written.seek(0)
        for line in self._written:
            name = line.strip()
            if name and default_storage.exists(name):
                default_storage.delete(name)

    def close(self) -> None:
        self._written.close()


def _already_stored(name: str, file) -> bool:
    """The storage holds ``name`` with exactly these bytes (a re-import)."""
    if not default_storage.exists(name) or default_storage.size(name) != file.size:
        return False
    file.seek(0)
    with default_storage.open(name, "rb") as stored:
        while block := stored.read(1 << 20):
            if block != file.read(len(block)):
                return False
    return True


def _safe_relative(value: str) -> str:
    path = PurePosixPath(value.replace("\\", "/").lstrip("/"))
    if not path.parts or any(part in ("..", ".", "") for part in path.parts):
        return ""
    return path.as_posix()

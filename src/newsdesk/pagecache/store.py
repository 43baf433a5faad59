"""Where cached pages are kept: files on disk, or a shared Django cache."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from django.core.cache import caches

from newsdesk.private_files import PUBLIC_FILE, public_folders

# File extension by content type, so a web server serving the files sends the same type.
EXTENSIONS = {
    "text/html": "html",
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "txt",
    "application/json": "json",
}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "json": "application/json",
}
INDEX = "index"


@dataclass(frozen=True)
class CachedPage:
    body: bytes  # gzip-compressed
    content_type: str
    etag: str
    last_modified: float  # POSIX time

    def plain(self) -> bytes:
        return gzip.decompress(self.body)


def compress(body: bytes) -> bytes:
    # mtime=0: the same page gives the same bytes, so ETags and mirrors stay stable.
    return gzip.compress(body, compresslevel=6, mtime=0)


def normalise(path: str) -> str | None:
    """A request path as the cache keys it (decoded), or None if it must not be cached."""
    path = unquote(path)
    if not path.startswith("/") or "\x00" in path or "\\" in path:
        return None
    segments = path.strip("/").split("/") if path != "/" else []
    if any(s in ("", ".", "..") or len(s.encode()) > 200 for s in segments):
        return None
    return path


class DiskStore:
    """``/tag/news/`` → ``<root>/tag/news/index.html`` (+ ``.gz``); ``/sitemap.xml`` →
    ``<root>/sitemap.xml``. Written atomically; ETag and Last-Modified come from the
    file, as nginx computes them."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _candidates(self, path: str) -> list[Path]:
        relative = path.strip("/")
        if path.endswith("/"):
            folder = self.root / relative
            return [folder / f"{INDEX}.{ext}" for ext in CONTENT_TYPES]
        return [self.root / relative]

    def _file_for(self, path: str, content_type: str) -> Path:
        relative = path.strip("/")
        if path.endswith("/"):
            ext = EXTENSIONS.get(content_type.split(";")[0].strip(), "html")
            return self.root / relative / f"{INDEX}.{ext}"
        return self.root / relative

    def get(self, path: str) -> CachedPage | None:
        for candidate in self._candidates(path):
            compressed = candidate.with_name(candidate.name + ".gz")
            try:
                stat = compressed.stat()
                body = compressed.read_bytes()
            except (FileNotFoundError, NotADirectoryError):
                continue
            ext = candidate.suffix.lstrip(".")
            return CachedPage(
                body=body,
                content_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
                etag=f'"{int(stat.st_mtime):x}-{stat.st_size:x}"',
                last_modified=stat.st_mtime,
            )
        return None

    def put(self, path: str, body: bytes, content_type: str) -> None:
        target = self._file_for(path, content_type)
        if target.suffix.lstrip(".") not in CONTENT_TYPES:
            return  # a web server could not tell its type from the name; keep it uncached
        # The web server reads these: folders and files open to it whatever the umask.
        public_folders(target.parent, self.root)
        for name, data in ((target.name, body), (target.name + ".gz", compress(body))):
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, PUBLIC_FILE)
            os.replace(temporary, target.parent / name)

    @property
    def _purges(self) -> Path:
        return self.root / ".purges"

    def version(self) -> int:
        """Changes whenever anything is purged: a page rendered across a purge is not kept."""
        try:
            return self._purges.stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def _mark_purge(self) -> None:
        public_folders(self.root, self.root)
        self._purges.touch(mode=PUBLIC_FILE)
        os.utime(self._purges, ns=(time.time_ns(), time.time_ns()))

    def purge(self, paths: set[str], everything: bool = False) -> None:
        self._mark_purge()
        if everything:
            self.clear()
            self._mark_purge()
            return
        for path in paths:
            clean = normalise(path)
            if clean is not None:
                self.delete(clean)

    def delete(self, path: str) -> None:
        for candidate in self._candidates(path):
            for victim in (candidate.with_name(candidate.name + ".gz"), candidate):
                try:
                    victim.unlink()
                except (FileNotFoundError, NotADirectoryError):
                    pass

    def clear(self) -> None:
        if not self.root.exists():
            return
        # Move aside first so readers never see a half-deleted tree.
        graveyard = self.root.with_name(f".{self.root.name}-old-{os.getpid()}")
        os.replace(self.root, graveyard)
        shutil.rmtree(graveyard, ignore_errors=True)


class SharedCacheStore:
    """Pages in the configured Django cache (Redis, memcached), for several app servers.

    A generation number in the key makes "purge everything" one write."""

    def __init__(self, alias: str = "default"):
        self.cache = caches[alias]

    def _key(self, path: str) -> str:
        generation = self.cache.get_or_set("page:generation", 1, timeout=None)
        digest = hashlib.sha256(path.encode()).hexdigest()
        return f"page:{generation}:{digest}"

    def get(self, path: str) -> CachedPage | None:
        return self.cache.get(self._key(path))

    def put(self, path: str, body: bytes, content_type: str) -> None:
        compressed = compress(body)
        etag = '"' + hashlib.sha256(compressed).hexdigest()[:20] + '"'
        self.cache.set(
            self._key(path), CachedPage(compressed, content_type, etag, time.time()), None
        )

    def version(self) -> int:
        return self.cache.get_or_set("page:purges", 0, timeout=None)

    def purge(self, paths: set[str], everything: bool = False) -> None:
        self._bump("page:purges")
        if everything:
            self._bump("page:generation")
            return
        self.cache.delete_many([self._key(clean) for p in paths if (clean := normalise(p))])

    def _bump(self, key: str) -> None:
        try:
            self.cache.incr(key)
        except ValueError:
            self.cache.set(key, 2, None)

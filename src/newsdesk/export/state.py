"""What an export folder holds, kept in it for the next export (``.newsdesk-export.json``).

For every address: its file, the SHA-256 of the bytes written, and the assets the
file uses; for every asset: its digest and its source's size and modification time
(a changed source is copied again). Also the journal *mark* the export took in and a
*fingerprint* of everything besides the content that shapes the output (addresses,
templates and static files, the year in the footer): a folder made under another
fingerprint is exported again in full.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from newsdesk.export.folder import OutsideFolder, first_unsafe, path_in

STATE_FILE = ".newsdesk-export.json"
FORMAT = 1


# Tuples, not dataclasses: a large site's state holds tens of thousands, read and
# written on every run, incremental ones included.
class PageEntry(NamedTuple):
    file: str
    sha256: str
    assets: tuple[str, ...] = ()


class AssetEntry(NamedTuple):
    sha256: str
    size: int
    mtime_ns: int


@dataclass
class ExportState:
    fingerprint: str
    mark: int = 0
    pages: dict[str, PageEntry] = field(default_factory=dict)
    assets: dict[str, AssetEntry] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> ExportState | None:
        """The state an earlier export left in ``out`` (resolved); None when there is
        none or it was made by another format. A state that cannot be read or names
        anything but files inside the folder raises :class:`UnusableState` (the
        export then warns and runs in full): the folder may have been written by
        anyone, and the export deletes, hashes and bundles the files a state names."""
        try:
            text = path_in(out, STATE_FILE).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, OutsideFolder) as error:
            raise UnusableState(f"{STATE_FILE} cannot be read: {error}") from None
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                return None
            names = data["asset_names"]
            name_of = names.__getitem__
            assets = {name: AssetEntry(*data["assets"][name]) for name in names}
            entry = tuple.__new__  # NamedTuple's own __new__ is Python: 5x slower
            pages = {
                address: entry(PageEntry, (file, sha, tuple(map(name_of, refs))))
                for address, (file, sha, refs) in data["pages"].items()
            }
            state = cls(data["fingerprint"], int(data["mark"]), pages, assets)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
            raise UnusableState(f"{STATE_FILE} is not an export's state ({error!r})") from None
        state._check()
        return state

    def _check(self) -> None:
        """Every name a file inside the folder, every digest a SHA-256 (a digest is
        copied into the manifest as it is), every address a path."""
        pages, assets = self.pages.values(), self.assets.values()
        for what, names in (("a page's file", [e.file for e in pages]), ("an asset", self.assets)):
            if found := first_unsafe(list(names)):
                raise UnusableState(f"{STATE_FILE} names {what} {found[0]!r}, which {found[1]}")
        try:
            digests = "\n".join([e.sha256 for e in pages] + [e.sha256 for e in assets])
        except TypeError:
            digests = ""
        if (pages or assets) and not _DIGESTS.fullmatch(digests):
            raise UnusableState(f"{STATE_FILE} holds a digest that is not a SHA-256")
        if any(type(e.size) is not int or type(e.mtime_ns) is not int for e in assets):
            raise UnusableState(f"{STATE_FILE} gives an asset no size or time")
        if not all(isinstance(a, str) and a.startswith("/") for a in self.pages):
            raise UnusableState(f"{STATE_FILE} lists an address that is not a path")

    def save(self, out: Path) -> bytes:
        """Write the state (atomically); returns the bytes written."""
        names = sorted(self.assets)
        index = {name: i for i, name in enumerate(names)}
        data = {
            "format": FORMAT,
            "fingerprint": self.fingerprint,
            "mark": self.mark,
            "asset_names": names,
            "assets": {name: list(self.assets[name]) for name in names},
            "pages": {
                address: [file, sha, sorted(map(index.__getitem__, assets))]
                for address, (file, sha, assets) in sorted(self.pages.items())
            },
        }
        body = json.dumps(data, separators=(",", ":")).encode()
        write_atomically(out / STATE_FILE, body, unless_same=True)
        return body

    def files(self) -> dict[str, str]:
        """Every file the export holds (pages and assets) → its SHA-256."""
        found = {entry.file: entry.sha256 for entry in self.pages.values()}
        found.update((name, entry.sha256) for name, entry in self.assets.items())
        return found


class UnusableState(ValueError):
    """A state file the export cannot trust: it is ignored, and the export runs in full."""


_DIGESTS = re.compile(r"(?:[0-9a-f]{64}\n)*[0-9a-f]{64}")


def fingerprint(base_url: str | None) -> str:
    """Everything besides the content that shapes the files (see the module docstring)."""
    digest = hashlib.sha256()
    database = settings.DATABASES["default"]
    for part in (
        f"format {FORMAT}",
        f"newsdesk {_version()}",
        f"main {settings.BASE_URL}",
        f"base {base_url or '(relative)'}",
        f"database {database.get('ENGINE')} {database.get('HOST', '')} {database.get('NAME')}",
        f"language {settings.LANGUAGE_CODE} time zone {settings.TIME_ZONE}",
        f"static {settings.STATIC_URL} media {settings.MEDIA_URL}",
        f"year {timezone.localdate().year}",
    ):
        digest.update(part.encode() + b"\n")
    for path in _design_files():
        digest.update(str(path).encode() + b"\n")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _design_files() -> list[Path]:
    """Templates, static files and translations of the project's own apps."""
    found: list[Path] = []
    for app in apps.get_app_configs():
        if not app.name.startswith("newsdesk."):
            continue
        for folder in ("jinja2", "templates", "static", "locale"):
            root = Path(app.path) / folder
            if root.is_dir():
                found += sorted(p for p in root.rglob("*") if p.is_file())
    return found


def _version() -> str:
    try:
        return metadata.version("newsdesk")
    except metadata.PackageNotFoundError:
        return "unknown"


def write_atomically(
    target: Path, body: bytes, unless_same: bool = False, make_folder: bool = True
) -> bool:
    """Readers of a mirror being updated see the old file or the new one, never half.
    With ``unless_same``, a file that already holds ``body`` is left untouched. Returns
    whether the file was written."""
    if unless_same:
        try:
            if target.read_bytes() == body:
                return False
        except OSError:
            pass
    if make_folder:
        target.parent.mkdir(parents=True, exist_ok=True)
    with _temporary(target) as handle:
        _write_all(handle, body)
    return True


def copy_atomically(source: Path, target: Path) -> None:
    """:func:`write_atomically` for a file copied as it is (a picture, a font)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as original, _temporary(target) as handle:
        while block := original.read(1 << 20):
            _write_all(handle, block)


def _write_all(handle: int, data: bytes) -> None:
    rest = memoryview(data)
    while rest:
        rest = rest[os.write(handle, rest) :]


@contextmanager
def _temporary(target: Path) -> Iterator[int]:
    """A new file beside ``target`` to write into, put in its place when done.

    Named after the process: two exports never share a folder (it is locked) and the
    workers of one never write the same file. Made afresh and never followed: a link
    planted under its name is removed, not written through. The rename replaces a
    link at ``target`` itself, never what it points at."""
    temporary = target.with_name(f".tmp-{os.getpid()}-{target.name}")
    temporary.unlink(missing_ok=True)
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        try:
            yield handle
            os.fchmod(handle, 0o644)  # whatever the umask
        finally:
            os.close(handle)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise

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
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.utils import timezone

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
        """The state an earlier export left in ``out``; None when there is none (or it
        cannot be read: the next export is then a full one)."""
        try:
            data = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            names = data["asset_names"]
            name_of = names.__getitem__
            assets = {name: AssetEntry(*data["assets"][name]) for name in names}
            entry = tuple.__new__  # NamedTuple's own __new__ is Python: 5x slower
            pages = {
                address: entry(PageEntry, (file, sha, tuple(map(name_of, refs))))
                for address, (file, sha, refs) in data["pages"].items()
            }
            return cls(data["fingerprint"], int(data["mark"]), pages, assets)
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

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
    # Named after the process: two exports never share a folder (it is locked) and the
    # workers of one never write the same file.
    temporary = target.with_name(f".tmp-{os.getpid()}-{target.name}")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            rest = memoryview(body)
            while rest:
                rest = rest[os.write(handle, rest) :]
            os.fchmod(handle, 0o644)  # whatever the umask
        finally:
            os.close(handle)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True

"""Who may read the files newsdesk keeps in its data folder.

The database (and SQLite's -wal, -shm and -journal files beside it), the secret key,
the export signing key and the admin password are readable by newsdesk's own user
only (0600). The page cache and the media folder are for the web server to read as
well (files 0644, folders 0755), so the data folder itself lets others pass through
to them without listing it (0711).

Files are created with their mode: a file written 0644 and tightened after could be
read in between. Whatever the umask, nothing here ends more open than stated.
``newsdesk init`` repairs an installation made before (:func:`tighten`).

Imported by the settings: no Django here.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

PRIVATE_FILE = 0o600
#: The data folder: others may pass through to the page cache and media, not list it.
DATA_FOLDER = 0o711
PUBLIC_FOLDER = 0o755
PUBLIC_FILE = 0o644
#: What SQLite keeps beside a database file, with the database file's own mode.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
#: The private files of the data folder, by name.
SECRET_KEY_FILE = "secret-key"  # noqa: S105 - a file name
ADMIN_PASSWORD_FILE = "admin-password.txt"  # noqa: S105 - a file name


def folder(path: Path, mode: int) -> Path:
    """The folder at ``path``, made with ``mode`` (exactly, whatever the umask) when it
    is missing; an existing one is left as it is."""
    path = Path(path)
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            return path  # made meanwhile by another process, with the same rules
        os.chmod(path, mode)
    return path


def public_folders(path: Path, root: Path) -> None:
    """``path`` and the missing folders above it up to ``root``, each made readable by
    the web server (as the page cache's folders are)."""
    path, root = Path(path), Path(root)
    missing = []
    while not path.is_dir():
        missing.append(path)
        if path == root or root not in path.parents:
            break
        path = path.parent
    for made in reversed(missing):
        folder(made, PUBLIC_FOLDER)


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``, readable by its owner only from the first byte."""
    temporary = _private_temporary(Path(path), text)
    os.replace(temporary, path)


def create_private(path: Path, text: str = "") -> bool:
    """Make ``path`` hold ``text``, readable by its owner only, unless it exists: then
    leave it and return False. Two processes racing get one file, whole: the text is
    written before the file appears under its name."""
    temporary = _private_temporary(Path(path), text)
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: exclusive creation, then the text
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        except FileExistsError:
            return False
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
    finally:
        os.unlink(temporary)
    return True


def _private_temporary(path: Path, text: str) -> str:
    # mkstemp creates the file 0600 (less the umask), in the target's folder so that
    # linking or renaming it into place is atomic.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    return temporary


def tighten(private_files: list[Path], data_folder: Path) -> list[str]:
    """Take back what is too open: a private file others may read (→ 0600), a data
    folder others may list (→ 0711). Returns a sentence for each change."""
    changes = []
    for path in private_files:
        changes += _at_most(Path(path), PRIVATE_FILE, "readable by its owner only")
    changes += _at_most(Path(data_folder), DATA_FOLDER, "others may pass through, not list it")
    return changes


def _at_most(path: Path, mode: int, meaning: str) -> list[str]:
    try:
        now = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return []
    if now & ~mode == 0:
        return []
    try:
        os.chmod(path, now & mode)
    except PermissionError:
        return [f"{path} is {now:04o} and could not be changed: make it {mode:04o} ({meaning})"]
    return [f"{path} was {now:04o}, now {now & mode:04o} ({meaning})"]


def sqlite_files(database: Path) -> list[Path]:
    """A SQLite database file and the files SQLite keeps beside it."""
    database = Path(database)
    return [database, *(database.with_name(database.name + end) for end in SQLITE_COMPANIONS)]

"""Names of files inside an export folder, checked before anything is read or removed.

An export folder is served by strangers and handed from person to person; its state
file (``.newsdesk-export.json``) and its manifest are read back from it, so whoever
could write there could plant names in them. A name the export acts on is a plain
relative POSIX path: no ``..`` or ``.`` part, no absolute or Windows path (drive,
backslash), no NUL or other control character. And the path it makes, symbolic links
followed, must stay inside the folder: a link planted in the folder (``media`` →
``/home``) leads nowhere the export reads, writes or deletes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

# One pass for the common case (a state holds tens of thousands of names); why a
# name fails is worked out only for the ones that do.
_SAFE_NAME = re.compile(
    r"(?![A-Za-z]:)"  # a Windows drive ("C:…")
    r"(?:(?!\.\.?/)[^/\\\x00-\x1f\x7f]+/)*"  # folders, none "." or ".."
    r"(?!\.\.?\Z)[^/\\\x00-\x1f\x7f]+"  # the file
)


# The same rule over many names, each between newlines (which no safe name holds):
# what any unsafe one would show. Separate searches: one expression with all of them
# as alternatives takes several times longer.
_ANY_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\\]")
_ANY_DRIVE = re.compile(r"\n[A-Za-z]:")
_ANY_BAD_PART = ("\n\n", "\n/", "/\n", "//", "/../", "/./", "\n../", "\n./", "/..\n", "/.\n")
_ANY_DOTS = ("\n..\n", "\n.\n")


class OutsideFolder(ValueError):
    """A name that cannot be, or does not lead to, a file inside the export folder."""


def problem_with(name: object) -> str:
    """Why ``name`` cannot name a file of an export; "" when it can."""
    if isinstance(name, str) and _SAFE_NAME.fullmatch(name):
        return ""
    if not isinstance(name, str) or not name:
        return "is not a file name"
    if "\x00" in name:
        return "holds a NUL byte"
    if "\\" in name:
        return "holds a backslash (a Windows path)"
    if re.match(r"[A-Za-z]:", name):
        return "names a Windows drive"
    if any(ord(c) < 32 or c == "\x7f" for c in name):
        return "holds a control character"
    if name.startswith("/"):
        return "is an absolute path"
    return "has an empty, '.' or '..' part"


def first_unsafe(names: Sequence[object]) -> tuple[object, str] | None:
    """The first of ``names`` that cannot name a file of an export, and why; None when
    all can. Checks tens of thousands of names in one pass of the expression."""
    try:
        joined = "\n" + "\n".join(names) + "\n"  # type: ignore[arg-type]
    except TypeError:  # a name that is not text
        joined = ""
    fine = (
        joined.count("\n") == len(names) + 1
        and not _ANY_CONTROL.search(joined)
        and not _ANY_DRIVE.search(joined)
        and not any(part in joined for part in _ANY_BAD_PART + _ANY_DOTS)
    )
    if fine or not names:
        return None
    return next(((name, why) for name in names if (why := problem_with(name))), ("?", "?"))


def path_in(folder: Path, name: str, *, itself: bool = False) -> Path:
    """``folder / name`` once checked: the name is safe (:func:`problem_with`) and the
    path, symbolic links followed, stays inside ``folder`` (given resolved). With
    ``itself`` the last part may be a link: a link is removed or replaced as itself,
    so only the folders on the way are followed. Raises :class:`OutsideFolder`."""
    problem = problem_with(name)
    if problem:
        raise OutsideFolder(f"{name!r} {problem}")
    path = folder / name
    real = path.parent.resolve() if itself else path.resolve()
    if not real.is_relative_to(folder):
        raise OutsideFolder(
            f"{name} leads out of the export folder {folder} (through a symbolic link)"
        )
    return path

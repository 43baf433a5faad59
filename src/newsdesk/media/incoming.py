"""Files that reach the library other than through the upload form (an import's media
folder), held to the same rules as an upload.

A picture is checked by :mod:`.validation` (real JPEG, PNG, WebP or GIF, size and
pixel limits) and stored as :mod:`.metadata` makes it: upright, without camera and
location data. Any other file is kept only when its content, read from its first
bytes and never from its name, is one of :data:`DOCUMENTS`: a PDF, a sound or a video.
Never SVG, HTML, a script, an archive or an office file (macros): anything a browser
would run, or a reader's computer open without asking. A file is named with its
content's extension, so a host serves it with the type it has ("notes.html" holding a
PDF is kept as "notes.pdf").
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django.core.exceptions import ValidationError
from django.core.files import File

from newsdesk.media import metadata, validation

#: The content types kept besides pictures: sniffed type → extension stored.
DOCUMENTS = {
    "application/pdf": "pdf",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/ogg": "ogg",
    "audio/x-flac": "flac",
    "audio/x-wav": "wav",
    "video/mp4": "mp4",
    "video/x-m4v": "m4v",
    "video/webm": "webm",
    "video/quicktime": "mov",
}
#: How much of a file its type is read from (filetype's own reach).
HEAD = 8192


@dataclass(frozen=True)
class Checked:
    """What to store for an accepted file, and its type."""

    file: File
    mime_type: str


def check_file(handle: IO[bytes], name: str, size: int) -> Checked:
    """Accept the open file ``handle`` (called ``name``, of ``size`` bytes) for the
    library, or raise :class:`ValidationError` saying why not."""
    handle.seek(0)
    head = handle.read(HEAD)
    handle.seek(0)
    kind = filetype.guess(head)
    found = kind.mime if kind else ""
    if found in DOCUMENTS:
        stem = PurePath(name).stem or "file"
        return Checked(File(handle, name=f"{stem}.{DOCUMENTS[found]}"), found)
    named = mimetypes.guess_type(name)[0] or ""
    if found.startswith("image/") or named.startswith("image/") or b"<svg" in head.lower():
        accepted = validation.check_upload(handle, name=name, size=size)
        return Checked(metadata.stripped(handle, accepted), accepted.mime_type)
    raise ValidationError(
        "“%(name)s” is neither a %(kinds)s picture nor a PDF, sound or video file the "
        "library keeps: its contents are %(found)s.",
        code="not_kept",
        params={
            "name": PurePath(name).name,
            "kinds": validation.KINDS,
            "found": found or "of no type the library knows (text, a page or a script)",
        },
    )

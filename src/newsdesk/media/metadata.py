"""The original as stored: upright, and without what the camera wrote about it.

A phone's photo carries EXIF (where it was taken to a few metres, when, on which
device), often XMP and comments too: enough to locate a source. The stored original is
re-encoded from its pixels with only the colour profile (ICC) kept, after the EXIF
orientation has been applied (once the tag is gone, nothing else would turn the picture
upright). A JPEG already upright keeps its own quantisation tables, so re-encoding it
loses next to nothing.
"""

from __future__ import annotations

import io
from pathlib import PurePath
from typing import IO

from django.core.files.base import ContentFile
from PIL import ExifTags, ImageOps
from PIL import Image as Pillow

from newsdesk.media.validation import PARSERS, Accepted

EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
JPEG_QUALITY = 90  # a rotated original is encoded afresh: close to what cameras write
WEBP_QUALITY = 90


def stripped(upload: IO[bytes], accepted: Accepted) -> ContentFile:
    """The file to store for an accepted upload, named with its content's extension
    ("photo.JPG" holding a PNG is stored as "photo.png")."""
    upload.seek(0)
    with Pillow.open(upload, formats=PARSERS) as picture:
        data = _animation(picture, accepted) if accepted.animated else _still(picture, accepted)
    upload.seek(0)
    return ContentFile(data, name=stored_name(accepted.name, accepted.format))


#: Set on a file that has been checked and stripped, so it is not done twice.
CHECKED = "newsdesk_checked"


def mark_checked(stored: ContentFile) -> ContentFile:
    setattr(stored, CHECKED, True)
    return stored


def stored_name(name: str, format: str) -> str:
    stem = PurePath(name).stem or "picture"
    return f"{stem}.{EXTENSIONS[format]}"


def _still(picture: Pillow.Image, accepted: Accepted) -> bytes:
    profile = picture.info.get("icc_profile")
    kept = {"icc_profile": profile} if profile else {}
    upright_already = picture.getexif().get(ExifTags.Base.Orientation, 1) in (0, 1)
    out = io.BytesIO()
    if accepted.format == "JPEG" and upright_already:
        # The same quantisation and subsampling: no second round of compression loss.
        # The comment is the only metadata Pillow copies from the source by itself.
        picture.info.pop("comment", None)
        picture.save(out, "JPEG", quality="keep", **kept)
        return out.getvalue()
    upright = ImageOps.exif_transpose(picture)
    upright.info = {}  # EXIF, XMP, comments and text chunks: only ``kept`` is written
    if accepted.format in ("JPEG", "MPO"):
        upright.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, **kept)
    elif accepted.format == "PNG":
        transparency = picture.info.get("transparency")
        extra = {"transparency": transparency} if transparency is not None else {}
        upright.save(out, "PNG", optimize=True, **kept, **extra)
    elif accepted.format == "WEBP":
        upright.save(out, "WEBP", quality=WEBP_QUALITY, **kept)
    else:  # a GIF of one frame
        transparency = picture.info.get("transparency")
        extra = {"transparency": transparency} if transparency is not None else {}
        upright.save(out, "GIF", **extra)
    return out.getvalue()


def _animation(picture: Pillow.Image, accepted: Accepted) -> bytes:
    """Every frame kept; no format Pillow writes animations in stores EXIF unless told
    to, and comments and XMP are dropped with ``info``. (Animations are not turned by
    their EXIF orientation: no camera writes one.)"""
    profile = picture.info.get("icc_profile")
    options = {
        key: picture.info[key]
        for key in ("duration", "loop", "transparency", "background", "disposal")
        if key in picture.info
    }
    if profile and accepted.format != "GIF":
        options["icc_profile"] = profile
    if accepted.format == "GIF":
        options["comment"] = b""  # else the writer copies the first frame's comment
    picture.info = {}
    out = io.BytesIO()
    if accepted.format == "WEBP":
        options["quality"] = WEBP_QUALITY
    picture.save(out, accepted.format, save_all=True, **options)
    return out.getvalue()

"""Whether an uploaded file may become a picture on the site.

Judged by what the file holds, never by its name or the type the browser claims:
Pillow must recognise it as JPEG, PNG, WebP or GIF and decode it whole. Refused as
well: a file over the size limit (``NEWSDESK_MAX_UPLOAD_MB``) and a picture of more
than :data:`MAX_PIXELS` pixels (a decompression bomb: a few kilobytes that would
unpack into gigabytes of memory), checked from its header before anything is decoded.
Each refusal names the file and says why, for the editor who chose it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as Pillow
from PIL import UnidentifiedImageError

#: The most pixels a picture may have (a 40-megapixel camera's frame); also Pillow's
#: limit for the whole process (see :class:`newsdesk.media.apps.MediaConfig`).
MAX_PIXELS = 40_000_000
#: An animation may hold this many pixels in all its frames together.
MAX_ANIMATION_PIXELS = 4 * MAX_PIXELS

#: Pillow's format name → the MIME type stored with the image. MPO is how Pillow names
#: the JPEG many cameras and phones write (with a second, hidden picture).
ACCEPTED = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}
#: Only these parsers are tried: no other format's code ever reads an upload.
PARSERS = ["JPEG", "PNG", "WEBP", "GIF"]
KINDS = "JPEG, PNG, WebP or GIF"


@dataclass(frozen=True)
class Accepted:
    """What the checks found out about an accepted upload."""

    name: str
    format: str  # Pillow's name: JPEG, MPO, PNG, WEBP, GIF
    width: int
    height: int
    frames: int

    @property
    def mime_type(self) -> str:
        return ACCEPTED[self.format]

    @property
    def animated(self) -> bool:
        return self.frames > 1


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def check_upload(upload: IO[bytes], name: str = "", size: int | None = None) -> Accepted:
    """Accept ``upload`` as a picture or raise :class:`ValidationError` saying why.

    ``name`` and ``size`` default to the upload's own (a Django ``UploadedFile``)."""
    name = _display_name(name or getattr(upload, "name", "") or "The file")
    size = getattr(upload, "size", None) if size is None else size
    if size is not None and size > max_upload_bytes():
        raise ValidationError(
            "“%(name)s” is %(size)s; a picture may be at most %(limit)s MB.",
            code="too_large",
            params={"name": name, "size": _megabytes(size), "limit": settings.MAX_UPLOAD_MB},
        )
    try:
        with warnings.catch_warnings():
            # Above MAX_PIXELS Pillow only warns; here that is a refusal like its error.
            # (The filter is process-wide while this runs: another thread opening a
            # picture that large at the same moment is refused too, which is harmless.)
            warnings.simplefilter("error", Pillow.DecompressionBombWarning)
            return _inspect(upload, name)
    except (Pillow.DecompressionBombError, Pillow.DecompressionBombWarning):
        raise _too_many_pixels(name) from None
    except UnidentifiedImageError:
        raise _not_a_picture(upload, name) from None
    except ValidationError:
        raise
    except Exception:  # Pillow's parsers raise many kinds of error on a damaged file
        raise ValidationError(
            "“%(name)s” looks like a picture but cannot be read whole (it may be damaged "
            "or cut short). Export it again and upload the new file.",
            code="damaged",
            params={"name": name},
        ) from None
    finally:
        upload.seek(0)


def _inspect(upload: IO[bytes], name: str) -> Accepted:
    upload.seek(0)
    with Pillow.open(upload, formats=PARSERS) as picture:  # reads the header only
        found = picture.format or ""
        width, height = picture.size
        if found not in ACCEPTED:
            raise _not_a_picture(upload, name)
        if width * height > MAX_PIXELS:
            raise _too_many_pixels(name, width, height)
        frames = getattr(picture, "n_frames", 1)
        if frames > 1 and width * height * frames > MAX_ANIMATION_PIXELS:
            raise ValidationError(
                "“%(name)s” is an animation of %(frames)s frames of %(width)s × %(height)s "
                "pixels: more than %(limit)s megapixels in all.",
                code="too_many_pixels",
                params={
                    "name": name,
                    "frames": frames,
                    "width": width,
                    "height": height,
                    "limit": MAX_ANIMATION_PIXELS // 1_000_000,
                },
            )
        picture.verify()  # checksums and structure, without decoding
    upload.seek(0)
    with Pillow.open(upload, formats=PARSERS) as picture:
        picture.load()  # every pixel of the first frame: a truncated file fails here
    return Accepted(name, found, width, height, frames)


def _not_a_picture(upload: IO[bytes], name: str) -> ValidationError:
    upload.seek(0)
    if b"<svg" in upload.read(1024).lower():
        return ValidationError(
            "“%(name)s” is an SVG drawing. SVG files can carry scripts, so the library "
            "takes only %(kinds)s pictures: export the drawing as PNG.",
            code="svg",
            params={"name": name, "kinds": KINDS},
        )
    return ValidationError(
        "“%(name)s” is not a %(kinds)s picture, whatever its name says: its contents are "
        "something else.",
        code="not_a_picture",
        params={"name": name, "kinds": KINDS},
    )


def _too_many_pixels(name: str, width: int = 0, height: int = 0) -> ValidationError:
    limit = MAX_PIXELS // 1_000_000
    if width:
        size = f"is {width} × {height} pixels ({width * height / 1_000_000:.0f} megapixels)"
    else:
        size = f"declares more than {limit} megapixels"
    return ValidationError(
        "“%(name)s” %(size)s; a picture may have at most %(limit)s megapixels (a larger "
        "one takes more memory to open than any page needs: a decompression bomb).",
        code="too_many_pixels",
        params={"name": name, "size": size, "limit": limit},
    )


def _display_name(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"

"""Smaller copies of each image, so a page can serve the size a reader's screen needs.

Widths: each of :data:`WIDTHS` narrower than the original, and the original's own width
(or the widest of them, for a larger original): never wider than the original. Each in
the original's format (JPEG; PNG for PNG and GIF pictures and for WebP ones with
transparency) and in WebP. They are encoded afresh from the pixels, upright, keeping
only the colour profile, so no EXIF reaches them even from an imported original that
still has it.

Files: ``MEDIA_ROOT/renditions/<image id>/<token>-<width>.<ext>``, where ``token`` is the
start of the SHA-256 of the original's bytes: a new file gives new names, as readers'
caches keep media for a year (see ``newsdesk.site.views.media``).

Animated pictures get none: the page shows the original, which keeps moving.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import ExifTags, ImageOps
from PIL import Image as Pillow

from newsdesk import memos
from newsdesk.content.models import Image
from newsdesk.media.models import Rendition
from newsdesk.media.validation import MAX_PIXELS, PARSERS

log = logging.getLogger(__name__)

WIDTHS = (320, 480, 768, 1024, 1600)
FOLDER = "renditions"
JPEG_QUALITY = 82
WEBP_QUALITY = 80
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp"}
_TURNED = (5, 6, 7, 8)  # EXIF orientations that swap width and height
RECENT_BYTES = 64 * 1024 * 1024


class NotAPicture(Exception):
    """The image's file cannot be made into renditions (not a picture Pillow reads, or
    more pixels than an upload may have); the page shows the original as it is."""


@dataclass(frozen=True)
class Encoded:
    format: str
    width: int
    height: int
    data: bytes


class _Recent:
    """The renditions of the pictures encoded last, by the hash of their bytes, within a
    memory budget: the same picture saved again (an import run twice, the same file
    uploaded twice, the demo outlet built anew) is not encoded again."""

    def __init__(self, budget: int):
        self.budget = budget
        self._items: OrderedDict[str, list[Encoded]] = OrderedDict()
        self._size = 0
        self._lock = Lock()

    def get(self, token: str) -> list[Encoded] | None:
        with self._lock:
            found = self._items.get(token)
            if found is not None:
                self._items.move_to_end(token)
            return found

    def put(self, token: str, encoded: list[Encoded]) -> None:
        with self._lock:
            if token in self._items:
                return
            self._items[token] = encoded
            self._size += sum(len(item.data) for item in encoded)
            while self._size > self.budget and self._items:
                _token, dropped = self._items.popitem(last=False)
                self._size -= sum(len(item.data) for item in dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0


_recent = memos.register("recent renditions", _Recent(RECENT_BYTES), when=memos.NEVER)


def widths_for(original_width: int) -> list[int]:
    """The widths of an original's renditions, narrowest first."""
    narrower = {width for width in WIDTHS if width < original_width}
    return sorted({*narrower, min(original_width, WIDTHS[-1])})


def is_current(image: Image) -> bool:
    """Whether the image's renditions were made from its present file."""
    if not image.file:
        return False
    sources = set(Rendition.objects.filter(image=image).values_list("source", flat=True))
    return sources == {image.file.name}


def ensure(image: Image, *, force: bool = False) -> list[Rendition]:
    """The image's renditions, made now when missing, made from another file, or when
    ``force``d. Replaced ones are removed (their files once the change commits).

    Raises :class:`NotAPicture` when the file is not one."""
    if image.pk is None:
        raise ValueError("Save the image before making its renditions.")
    if not image.file:
        return []
    if not force and is_current(image):
        return list(Rendition.objects.filter(image=image))
    with image.file.open("rb") as handle:
        original = handle.read()
    digest = hashlib.sha256(original).hexdigest()
    token = digest[:12]
    encoded = None if force else _recent.get(digest)
    if encoded is None:
        encoded = encode(original)
        _recent.put(digest, encoded)
    storage = Rendition._meta.get_field("file").storage
    made = []
    for item in encoded:
        path = f"{FOLDER}/{image.pk}/{token}-{item.width}.{EXTENSIONS[item.format]}"
        made.append(
            Rendition(
                image=image,
                source=image.file.name,
                format=item.format,
                width=item.width,
                height=item.height,
                file=storage.save(path, ContentFile(item.data)),
                bytes=len(item.data),
            )
        )
    with transaction.atomic():
        Rendition.objects.filter(image=image).delete()
        Rendition.objects.bulk_create(made)
    return made


def encode(original: bytes) -> list[Encoded]:
    """Every rendition of a picture's bytes, widest first; none for an animation."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Pillow.DecompressionBombWarning)
            with Pillow.open(io.BytesIO(original), formats=PARSERS) as picture:
                if getattr(picture, "is_animated", False):
                    return []
                return _encode(picture)
    except (Pillow.DecompressionBombError, Pillow.DecompressionBombWarning):
        raise NotAPicture(f"more than {MAX_PIXELS // 1_000_000} megapixels") from None
    except NotAPicture:
        raise
    except Exception as error:  # Pillow's parsers raise many kinds of error on bad input
        raise NotAPicture(str(error) or type(error).__name__) from None


def _encode(picture: Pillow.Image) -> list[Encoded]:
    source_format = picture.format
    orientation = picture.getexif().get(ExifTags.Base.Orientation, 1)
    turned = orientation in _TURNED
    width, height = (picture.height, picture.width) if turned else picture.size
    if width * height > MAX_PIXELS:
        raise NotAPicture(f"more than {MAX_PIXELS // 1_000_000} megapixels")
    widths = widths_for(width)
    if source_format in ("JPEG", "MPO"):
        # Decode at the smallest scale (1/2, 1/4, 1/8) still covering the widest
        # rendition: far less memory and time for a camera's 24-megapixel frame.
        wanted = (widths[-1], max(1, -(-height * widths[-1] // width)))
        picture.draft(picture.mode, wanted[::-1] if turned else wanted)
    profile = picture.info.get("icc_profile")
    alpha = _has_alpha(picture)
    upright = ImageOps.exif_transpose(picture)
    upright.info = {}  # EXIF, XMP and comments stay behind; only what is passed is written
    photo = source_format in ("JPEG", "MPO") or (source_format == "WEBP" and not alpha)
    fallback = "jpeg" if photo else "png"
    kept = ("RGB", "L") if photo else ("RGB", "RGBA", "L", "LA")
    base = upright if upright.mode in kept else upright.convert("RGBA" if alpha else "RGB")
    if photo and base.mode == "RGBA":
        base = base.convert("RGB")
    encoded = []
    current = base
    for target in reversed(widths):
        size = (target, max(1, round(height * target / width)))
        if current.size != size:
            current = current.resize(size, Pillow.Resampling.LANCZOS, reducing_gap=3.0)
        encoded.append(_save(current, fallback, _profile(profile, upright.mode, current.mode)))
        webp = current
        if webp.mode not in ("RGB", "RGBA"):
            webp = webp.convert("RGBA" if "A" in webp.mode else "RGB")
        encoded.append(_save(webp, "webp", _profile(profile, upright.mode, webp.mode)))
    return encoded


def _profile(profile: bytes | None, before: str, after: str) -> bytes | None:
    """The colour profile, where it still describes the pixels: an RGB profile for RGB
    pixels, a grey one for grey; none once CMYK became RGB or grey became RGB."""
    families = ({"RGB", "RGBA", "P", "PA"}, {"L", "LA"})
    same = any(before in family and after in family for family in families)
    return profile if same else None


def _save(picture: Pillow.Image, format: str, profile: bytes | None) -> Encoded:
    options: dict = {"icc_profile": profile} if profile else {}
    if format == "jpeg":
        options.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif format == "webp":
        options.update(quality=WEBP_QUALITY)
    else:
        options.update(optimize=True)
    out = io.BytesIO()
    picture.save(out, format.upper(), **options)
    return Encoded(format, picture.width, picture.height, out.getvalue())


def _has_alpha(picture: Pillow.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info

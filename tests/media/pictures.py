"""Pictures for the media tests, drawn with Pillow (and PNG bombs written by hand)."""

from __future__ import annotations

import io
import random
import struct
import zlib
from functools import cache

from django.core.files.base import ContentFile
from PIL import ExifTags, ImageCms, ImageDraw
from PIL import Image as Pillow

from newsdesk.content import actions
from newsdesk.content.models import Image

CAMERA = "NewsdeskTestCam"  # written into EXIF: found nowhere after stripping
LATITUDE = (35.0, 41.0, 22.0)  # Tehran, to the second


@cache
def srgb_profile() -> bytes:
    """One profile for the whole run (a new one would carry another creation time)."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def scene(size: tuple[int, int], seed: int = 7) -> Pillow.Image:
    """Something like a photograph: a gradient with shapes and a little grain, so
    encoders have detail to spend bytes on."""
    width, height = size
    rng = random.Random(seed)
    picture = Pillow.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(picture)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(5, max(6, width // 6))
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    grain = Pillow.effect_noise(size, 24).convert("RGB")
    return Pillow.blend(picture, grain, 0.15)


def gps_exif(orientation: int = 1) -> Pillow.Exif:
    exif = Pillow.Exif()
    exif[ExifTags.Base.Make] = CAMERA
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: LATITUDE,
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (51.0, 25.0, 0.0),
    }
    return exif


def jpeg(
    size=(1200, 675), *, exif: Pillow.Exif | None = None, quality: int = 90, **options
) -> bytes:
    out = io.BytesIO()
    extra = {"exif": exif} if exif is not None else {}
    scene(size).save(out, "JPEG", quality=quality, **extra, **options)
    return out.getvalue()


def png(size=(640, 480), mode: str = "RGB") -> bytes:
    picture = scene(size).convert(mode)
    if mode == "RGBA":  # see-through towards the right
        picture.putalpha(Pillow.linear_gradient("L").rotate(90).resize(size))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def noise_png(size: tuple[int, int]) -> bytes:
    """A PNG that does not compress: about 3 bytes a pixel."""
    data = random.Random(size[0]).randbytes(size[0] * size[1] * 3)
    out = io.BytesIO()
    Pillow.frombytes("RGB", size, data).save(out, "PNG")
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A valid-looking PNG of a few hundred bytes whose header claims ``width`` ×
    ``height`` pixels: what a decompression bomb looks like before it is unpacked."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    rows = zlib.compress(b"\x00" * (1 + 3 * min(width, 4096)) * 4, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
  <script>alert(document.cookie)</script><rect width="10" height="10"/>
</svg>
"""


def saved_image(data: bytes, name: str = "photo.jpg", **fields) -> Image:
    """An image saved through the action, its file stored as given (as the demo and
    importer store theirs: no upload form in between)."""
    image = Image(title=fields.pop("title", "Harbour"), alt_text="Boats in a harbour", **fields)
    image.file.save(name, ContentFile(data), save=False)
    actions.save_image(image)
    return image

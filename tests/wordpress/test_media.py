"""Files copied from ``--media-dir`` are uploads like any other: pictures checked by
their content and stored without camera and location data; other files kept only
when they are a PDF, a sound or a video; whatever is refused is not stored and the
report says which file, from which field, and why."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from PIL import ExifTags, PngImagePlugin
from PIL import Image as Picture

from newsdesk.content.models import Image, Post
from newsdesk.wordpress.importer import import_wxr
from tests.wordpress.wxr_file import attachment, export, item

pytestmark = pytest.mark.django_db
UPLOADS = "2021/03"


def jpeg_with_gps() -> bytes:
    exif = Picture.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Pocket 12"
    exif[ExifTags.Base.DateTime] = "2021:03:04 10:00:00"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (35.0, 41.0, 46.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (51.0, 25.0, 23.0),
    }
    out = io.BytesIO()
    Picture.new("RGB", (80, 60), "teal").save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "taken at the safe house, 35.69N 51.42E")
    out = io.BytesIO()
    Picture.new("RGB", (40, 30), "orange").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def png_bomb_header(width: int = 30_000, height: int = 30_000) -> bytes:
    """A PNG whose header claims 900 megapixels; its few bytes of data decode to little."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


FILES = {
    "gps.jpg": jpeg_with_gps(),
    "notes.png": png_with_text(),
    "page.jpg": b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
    "logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
    "cut.jpg": jpeg_with_gps()[:400],
    "bomb.png": png_bomb_header(),
    "report.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    "letter.pdf": b"<html><script>alert(1)</script></html>",
    "interview.mp3": b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64,
    "minutes.html": b"%PDF-1.4\n%%EOF\n",  # a PDF, whatever its name says
}


@pytest.fixture
def imported(tmp_path):
    media = tmp_path / "uploads"
    (media / UPLOADS).mkdir(parents=True)
    for name, data in FILES.items():
        (media / UPLOADS / name).write_bytes(data)
    attachments = [attachment(10 + n, 1, f"{UPLOADS}/{name}") for n, name in enumerate(FILES)]
    body = (
        f'<img src="http://old.example/wp-content/uploads/{UPLOADS}/gps.jpg" alt="a">'
        f'<img src="http://old.example/wp-content/uploads/{UPLOADS}/page.jpg" alt="b">'
    )
    report = import_wxr(export(tmp_path, item(1, body=body), *attachments), media_dir=media)
    return report, {image.original_url.rsplit("/", 1)[-1]: image for image in Image.objects.all()}


def stored(name: str) -> bytes:
    with default_storage.open(f"wordpress/{UPLOADS}/{name}", "rb") as handle:
        return handle.read()


def refusals(report) -> str:
    return "\n".join(report.warnings["file refused (not stored)"])


def test_a_photo_is_stored_without_its_camera_and_location(imported):
    report, images = imported
    image = images["gps.jpg"]
    assert image.file.name == f"wordpress/{UPLOADS}/gps.jpg" and image.mime_type == "image/jpeg"
    with Picture.open(io.BytesIO(stored("gps.jpg"))) as picture:
        exif = picture.getexif()
        assert picture.size == (80, 60)
        assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert ExifTags.Base.Make not in exif and ExifTags.Base.Model not in exif
    assert b"PhoneMaker" not in stored("gps.jpg")
    assert f'src="/media/wordpress/{UPLOADS}/gps.jpg"' in Post.objects.get().body_html


def test_a_png_loses_its_text_chunks(imported):
    _report, images = imported
    assert images["notes.png"].file.name == f"wordpress/{UPLOADS}/notes.png"
    with Picture.open(io.BytesIO(stored("notes.png"))) as picture:
        assert picture.size == (40, 30) and "Comment" not in picture.info
    assert b"safe house" not in stored("notes.png")


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("page.jpg", "“page.jpg” is not a JPEG, PNG, WebP or GIF picture, whatever its name says"),
        ("logo.svg", "“logo.svg” is an SVG drawing. SVG files can carry scripts"),
        ("cut.jpg", "“cut.jpg” looks like a picture but cannot be read whole"),
        ("bomb.png", "“bomb.png” declares more than 40 megapixels; a picture may have at most"),
        ("letter.pdf", "“letter.pdf” is neither a JPEG, PNG, WebP or GIF picture nor a PDF"),
    ],
)
def test_a_file_that_fails_the_checks_is_not_stored_and_the_report_says_why(imported, name, why):
    report, images = imported
    assert not default_storage.exists(f"wordpress/{UPLOADS}/{name}")
    assert not images[name].file  # the image keeps its old address
    assert images[name].url == f"http://old.example/wp-content/uploads/{UPLOADS}/{name}"
    number = 10 + list(FILES).index(name)
    assert (
        f"{UPLOADS}/{name}, named in the _wp_attached_file of attachment “Photo {number}” "
        f"(#{number}, line "
    ) in refusals(report)
    line = next(line for line in refusals(report).splitlines() if f"/{name}, " in line)
    assert why in line


def test_a_refused_file_in_a_body_keeps_its_old_address_and_is_reported(imported):
    """The body keeps the old address, as a link from the placeholder readers see
    (a picture from another host never loads: newsdesk.content.local_media)."""
    report, _images = imported
    body = Post.objects.get().body_html
    old = f"http://old.example/wp-content/uploads/{UPLOADS}/page.jpg"
    assert f'href="{old}"' in body
    assert f'src="{old}"' not in body
    assert f"{UPLOADS}/page.jpg, named in the body of post “A story” (#1" in refusals(report)
    assert report.counts["files"]["skipped"] == 6  # five attachments, one body link


def test_documents_are_kept_only_when_their_content_is_one(imported):
    _report, images = imported
    assert images["report.pdf"].mime_type == "application/pdf"
    assert stored("report.pdf") == FILES["report.pdf"]
    assert images["interview.mp3"].mime_type == "audio/mpeg"
    assert stored("interview.mp3") == FILES["interview.mp3"]
    assert images["interview.mp3"].file.name == f"wordpress/{UPLOADS}/interview.mp3"
    # Named by its content, so that a host serves it as a PDF, never as a page.
    assert images["minutes.html"].file.name == f"wordpress/{UPLOADS}/minutes.pdf"
    assert images["minutes.html"].mime_type == "application/pdf"
    assert not default_storage.exists(f"wordpress/{UPLOADS}/minutes.html")

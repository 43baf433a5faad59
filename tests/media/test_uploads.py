"""Uploads through the admin's Image form: refused by content, size and pixels with a
message naming the file and the reason, and nothing stored; accepted ones stored
upright and without EXIF."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags
from PIL import Image as Pillow

from newsdesk.content import actions
from newsdesk.content.models import AuditEntry, Image
from newsdesk.media.models import Rendition
from tests.media import pictures

pytestmark = pytest.mark.django_db

ADD = reverse("admin:content_image_add")


def _upload(client, name: str, data: bytes, content_type: str = "image/jpeg", **fields):
    form = {
        "title": "Harbour",
        "alt_text": "Boats in a harbour",
        "caption": "",
        "credit": "",
        "original_url": "",
        "file": SimpleUploadedFile(name, data, content_type=content_type),
        **fields,
    }
    return client.post(ADD, form)


def _refusal(response) -> str:
    assert response.status_code == 200, "the form should have been shown again"
    errors = BeautifulSoup(response.content, "html.parser").select(".errorlist")
    return " ".join(e.get_text(" ", strip=True) for e in errors)


def _nothing_stored(settings) -> None:
    assert not Image.objects.exists()
    assert not Rendition.objects.exists()
    assert not AuditEntry.objects.filter(object_type="image").exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_a_text_file_named_like_a_jpeg_is_refused(editor_client, settings):
    response = _upload(editor_client, "notes.jpg", b"Meeting notes, not a picture.\n" * 40)
    message = _refusal(response)
    assert "“notes.jpg”" in message
    assert "is not a JPEG, PNG, WebP or GIF picture" in message
    _nothing_stored(settings)


def test_an_svg_is_refused_even_named_png(editor_client, settings):
    for name in ("logo.svg", "logo.png"):
        response = _upload(editor_client, name, pictures.SVG, "image/svg+xml")
        message = _refusal(response)
        assert f"“{name}” is an SVG drawing" in message
        assert "can carry scripts" in message
    _nothing_stored(settings)


def test_a_file_over_the_size_limit_is_refused(editor_client, settings):
    settings.MAX_UPLOAD_MB = 1
    data = pictures.noise_png((640, 640))  # a real picture, 1.2 MB
    assert len(data) > 1024 * 1024
    message = _refusal(_upload(editor_client, "big.png", data, "image/png"))
    assert "“big.png” is 1.2 MB; a picture may be at most 1 MB." in message
    _nothing_stored(settings)


def test_the_size_limit_is_ten_megabytes_unless_configured(settings):
    from newsdesk import settings as configured

    assert configured.MAX_UPLOAD_MB == 10


@pytest.mark.parametrize(
    "width, height",
    [
        (30000, 30000),  # 900 megapixels: Pillow itself refuses to open it
        (9000, 5000),  # 45 megapixels: Pillow would only warn
    ],
)
def test_an_image_bomb_is_refused(editor_client, settings, width, height):
    bomb = pictures.png_declaring(width, height)
    assert len(bomb) < 1000
    message = _refusal(_upload(editor_client, "bomb.png", bomb, "image/png"))
    assert "“bomb.png”" in message
    assert "a picture may have at most 40 megapixels" in message
    assert "decompression bomb" in message
    _nothing_stored(settings)


def test_a_truncated_picture_is_refused(editor_client, settings):
    whole = pictures.png((320, 240))
    message = _refusal(_upload(editor_client, "cut.png", whole[: len(whole) // 2], "image/png"))
    assert "“cut.png” looks like a picture but cannot be read whole" in message
    _nothing_stored(settings)


def test_a_new_library_item_needs_a_picture(editor_client, settings):
    form = {"title": "Nothing", "alt_text": "", "caption": "", "credit": "", "original_url": ""}
    response = editor_client.post(ADD, form)
    assert "This field is required." in _refusal(response)
    _nothing_stored(settings)


def test_an_upload_is_stored_upright_without_exif_keeping_its_colour_profile(editor_client):
    # Written as a camera held upright writes it: the pixels lie on their side (300 wide,
    # 200 high) and the EXIF orientation says "turn 90° clockwise to show".
    data = pictures.jpeg(
        (300, 200), exif=pictures.gps_exif(orientation=6), icc_profile=pictures.srgb_profile()
    )
    response = _upload(editor_client, "IMG_0001.JPG", data)
    assert response.status_code == 302, _refusal(response)

    image = Image.objects.get()
    assert image.file.name.startswith("images/") and image.file.name.endswith("/IMG_0001.jpg")
    assert (image.width, image.height) == (200, 300)
    assert image.mime_type == "image/jpeg"
    stored = image.file.open("rb").read()
    image.file.close()
    assert pictures.CAMERA.encode() not in stored
    with Pillow.open(io.BytesIO(stored)) as picture:
        assert picture.size == (200, 300)
        assert "exif" not in picture.info
        assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert picture.info["icc_profile"] == pictures.srgb_profile()
    assert AuditEntry.objects.filter(object_type="image", action="create").exists()


def test_an_upright_jpeg_keeps_its_compression(editor_client):
    data = pictures.jpeg((400, 300), exif=pictures.gps_exif(), quality=75)
    assert _upload(editor_client, "street.jpg", data).status_code == 302
    image = Image.objects.get()
    with image.file.open("rb") as handle, Pillow.open(handle) as stored:
        with Pillow.open(io.BytesIO(data)) as sent:
            assert stored.quantization == sent.quantization
        assert not stored.getexif()
    assert len(image.file.open("rb").read()) < len(data)  # the EXIF block is gone
    image.file.close()


def test_a_picture_is_stored_under_the_extension_of_its_content(editor_client):
    response = _upload(editor_client, "chart.jpg", pictures.png((120, 80)), "image/jpeg")
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.endswith("/chart.png")
    assert image.mime_type == "image/png"


def test_an_upload_gets_its_renditions(editor_client):
    assert _upload(editor_client, "harbour.jpg", pictures.jpeg((1200, 675))).status_code == 302
    image = Image.objects.get()
    widths = sorted(
        Rendition.objects.filter(image=image, format="webp").values_list("width", flat=True)
    )
    assert widths == [320, 480, 768, 1024, 1200]
    change = editor_client.get(reverse("admin:content_image_change", args=[image.pk]))
    page = change.content.decode()
    assert "320, 480, 768, 1024, 1200 pixels wide, as JPEG and WebP" in page


def test_editing_words_keeps_the_stored_picture(editor_client):
    assert _upload(editor_client, "harbour.jpg", pictures.jpeg((640, 360))).status_code == 302
    image = Image.objects.get()
    before = (image.file.name, list(Rendition.objects.values_list("file", flat=True)))
    response = editor_client.post(
        reverse("admin:content_image_change", args=[image.pk]),
        {
            "title": "Harbour at dusk",
            "alt_text": "Boats",
            "caption": "",
            "credit": "",
            "original_url": "",
        },
    )
    assert response.status_code == 302, _refusal(response)
    image.refresh_from_db()
    assert image.title == "Harbour at dusk"
    assert (image.file.name, list(Rendition.objects.values_list("file", flat=True))) == before


def test_the_library_lists_thumbnails_from_renditions(editor_client):
    for n in range(3):
        assert _upload(editor_client, f"p{n}.jpg", pictures.jpeg((800, 450))).status_code == 302
    page = editor_client.get(reverse("admin:content_image_changelist")).content.decode()
    soup = BeautifulSoup(page, "html.parser")
    thumbnails = [
        img["src"] for img in soup.select("td.field-thumbnail img, th.field-thumbnail img")
    ]
    assert len(thumbnails) == 3
    assert all("/media/renditions/" in src and src.endswith("-320.webp") for src in thumbnails)


def test_an_animation_keeps_its_frames_and_loses_its_comment(editor_client):
    frames = [Pillow.new("RGB", (60, 40), colour) for colour in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(
        out, "GIF", save_all=True, append_images=frames[1:], duration=120, loop=0,
        comment=f"shot by {pictures.CAMERA}",
    )  # fmt: skip
    response = _upload(editor_client, "spinner.gif", out.getvalue(), "image/gif")
    assert response.status_code == 302, _refusal(response)
    image = Image.objects.get()
    assert image.mime_type == "image/gif" and not image.renditions.exists()
    with image.file.open("rb") as handle, Pillow.open(handle) as stored:
        assert stored.n_frames == 3
        assert "comment" not in stored.info
        assert pictures.CAMERA.encode() not in image.file.open("rb").read()
    image.file.close()


def test_a_webp_upload_loses_its_exif(editor_client):
    out = io.BytesIO()
    pictures.scene((400, 300)).save(out, "WEBP", exif=pictures.gps_exif(), quality=80)
    assert pictures.CAMERA.encode() in out.getvalue()
    response = _upload(editor_client, "scene.webp", out.getvalue(), "image/webp")
    assert response.status_code == 302, _refusal(response)
    image = Image.objects.get()
    with image.file.open("rb") as handle:
        stored = handle.read()
    assert image.mime_type == "image/webp"
    assert pictures.CAMERA.encode() not in stored
    assert "exif" not in Pillow.open(io.BytesIO(stored)).info
    assert {r.format for r in image.renditions.all()} == {"jpeg", "webp"}


def test_the_action_checks_and_strips_a_file_that_did_not_come_through_the_form():
    """The command line, an import or a future API save through the action, not the form."""
    refused = Image(title="Notes", alt_text="Notes")
    refused.file = ContentFile(b"just some text, honestly", name="notes.jpg")
    with pytest.raises(ValidationError, match="notes.jpg"):
        actions.save_image(refused)
    assert not Image.objects.exists()

    accepted = Image(title="Harbour", alt_text="Boats")
    accepted.file = ContentFile(pictures.jpeg((800, 600), exif=pictures.gps_exif()), name="a.jpg")
    actions.save_image(accepted)
    with accepted.file.open("rb") as stored:
        data = stored.read()
    assert pictures.CAMERA.encode() not in data
    assert not Pillow.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

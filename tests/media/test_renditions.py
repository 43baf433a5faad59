"""Renditions: the widths (never wider than the original), WebP beside the original's
format, no EXIF in any, files under MEDIA_ROOT, remade when the picture changes, and
the command that makes them for imported images."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import ExifTags
from PIL import Image as Pillow

from newsdesk.content import actions
from newsdesk.content.models import AuditEntry, Image, SiteSettings
from newsdesk.media import renditions
from newsdesk.media.models import Rendition
from tests.media import pictures

pytestmark = pytest.mark.django_db


def _widths(image: Image, format: str) -> list[int]:
    rows = Rendition.objects.filter(image=image, format=format).order_by("width")
    return list(rows.values_list("width", flat=True))


def _opened(rendition: Rendition):
    with rendition.file.open("rb") as handle:
        data = handle.read()
    return data, Pillow.open(io.BytesIO(data))


@pytest.mark.parametrize(
    "width, expected",
    [
        (2400, [320, 480, 768, 1024, 1600]),
        (1200, [320, 480, 768, 1024, 1200]),
        (500, [320, 480, 500]),
        (64, [64]),
    ],
)
def test_widths_never_exceed_the_original(width, expected):
    image = pictures.saved_image(pictures.jpeg((width, width // 2)))
    assert _widths(image, "jpeg") == expected
    assert _widths(image, "webp") == expected
    for rendition in image.renditions.all():
        assert rendition.height == round(width // 2 * rendition.width / width)
        data, picture = _opened(rendition)
        assert picture.size == (rendition.width, rendition.height)
        assert picture.format == rendition.format.upper()
        assert rendition.bytes == len(data)


def test_each_format_takes_its_fallback():
    cases = {
        "photo.jpg": (pictures.jpeg((800, 400)), "jpeg"),
        "chart.png": (pictures.png((800, 400)), "png"),
        "logo.png": (pictures.png((800, 400), mode="RGBA"), "png"),
    }
    for name, (data, fallback) in cases.items():
        image = pictures.saved_image(data, name)
        formats = set(image.renditions.values_list("format", flat=True))
        assert formats == {fallback, "webp"}, name
    transparent = Rendition.objects.filter(image__file__endswith="logo.png", format="webp").first()
    assert _opened(transparent)[1].mode == "RGBA"


def test_no_rendition_keeps_exif_gps_even_from_an_original_that_has_it():
    # Stored as the importer and the demo store files: as given, EXIF and all.
    sent = pictures.jpeg(
        (1600, 900), exif=pictures.gps_exif(orientation=6), icc_profile=pictures.srgb_profile()
    )
    image = pictures.saved_image(sent)
    assert pictures.CAMERA.encode() in image.file.open("rb").read()
    image.file.close()

    made = list(image.renditions.all())
    assert len(made) == 8  # 320, 480, 768 and 900 wide, JPEG and WebP
    for rendition in made:
        data, picture = _opened(rendition)
        assert pictures.CAMERA.encode() not in data
        assert b"Exif" not in data
        assert "exif" not in picture.info and "xmp" not in picture.info
        assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        # Turned upright as the orientation said: the 1600 × 900 pixels show 900 wide.
        assert picture.width < picture.height
        assert picture.info.get("icc_profile") == pictures.srgb_profile()
    assert _widths(image, "webp") == [320, 480, 768, 900]


def test_files_live_under_media_root_named_by_image_and_content(settings):
    image = pictures.saved_image(pictures.jpeg((700, 350)))
    for rendition in image.renditions.all():
        name = rendition.file.name
        assert name.startswith(f"renditions/{image.pk}/")
        token, width = Path(name).stem.split("-")
        assert len(token) == 12 and width == str(rendition.width)
        assert (Path(settings.MEDIA_ROOT) / name).is_file()
        assert rendition.file.url == f"/media/{name}"


def test_served_by_the_media_view_with_a_long_cache(client):
    image = pictures.saved_image(pictures.jpeg((700, 350)))
    rendition = image.renditions.get(format="webp", width=480)
    response = client.get(rendition.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert "immutable" in response["Cache-Control"]


def test_a_new_picture_replaces_the_renditions_under_new_names(
    django_capture_on_commit_callbacks, settings
):
    image = pictures.saved_image(pictures.jpeg((900, 600)))
    old = {r.file.name for r in image.renditions.all()}
    generation = SiteSettings.current().generation

    image.file.save("other.jpg", ContentFile(pictures.jpeg((640, 480))), save=False)
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_image(image)

    new = {r.file.name for r in image.renditions.all()}
    assert not old & new
    assert _widths(image, "jpeg") == [320, 480, 640]
    assert all(r.source == image.file.name for r in image.renditions.all())
    assert not [name for name in old if (Path(settings.MEDIA_ROOT) / name).exists()]
    assert SiteSettings.objects.get().generation > generation  # cards show the new sizes


def test_a_saved_image_whose_renditions_are_current_is_not_redone():
    image = pictures.saved_image(pictures.jpeg((900, 600)))
    before = list(image.renditions.values_list("pk", "file"))
    image.caption = "Boats at dawn."
    actions.save_image(image)
    assert list(image.renditions.values_list("pk", "file")) == before


def test_deleting_an_image_removes_its_renditions(django_capture_on_commit_callbacks, settings):
    image = pictures.saved_image(pictures.jpeg((900, 600)))
    files = [Path(settings.MEDIA_ROOT) / r.file.name for r in image.renditions.all()]
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_term(image)
    assert not Rendition.objects.exists()
    assert not [path for path in files if path.exists()]


def test_an_animation_gets_none_and_a_non_picture_does_no_harm():
    frames = [Pillow.new("RGB", (40, 40), colour) for colour in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)
    animation = pictures.saved_image(out.getvalue(), "spinner.gif")
    assert not animation.renditions.exists()

    broken = pictures.saved_image(b"not a picture at all", "broken.jpg")
    assert not broken.renditions.exists()
    with pytest.raises(renditions.NotAPicture):
        renditions.ensure(broken)


def test_a_cmyk_jpeg_gets_rgb_renditions():
    out = io.BytesIO()
    pictures.scene((600, 300)).convert("CMYK").save(out, "JPEG")
    image = pictures.saved_image(out.getvalue())
    for rendition in image.renditions.all():
        assert _opened(rendition)[1].mode == "RGB"


def test_the_command_makes_renditions_for_imported_images(capsys):
    storage = Image._meta.get_field("file").storage
    imported = []
    for n, size in enumerate([(1000, 500), (400, 300)]):
        name = storage.save(f"images/2019/03/imported-{n}.jpg", ContentFile(pictures.jpeg(size)))
        imported.append(Image(file=name, title=f"Imported {n}", mime_type="image/jpeg"))
    document = storage.save("images/2019/03/report.pdf", ContentFile(b"%PDF-1.4"))
    imported.append(Image(file=document, mime_type="application/pdf"))
    actions.import_images(imported)  # in bulk: no signal, no renditions yet
    assert not Rendition.objects.exists()
    generation = SiteSettings.current().generation

    call_command("renditions")
    assert "Renditions made for 2 images; 0 already had them." in capsys.readouterr().out
    first, second, _document = Image.objects.order_by("pk")
    assert _widths(first, "webp") == [320, 480, 768, 1000]
    assert _widths(second, "jpeg") == [320, 400]
    assert SiteSettings.objects.get().generation > generation
    assert AuditEntry.objects.filter(summary="Renditions made for 2 images").exists()

    kept = set(Rendition.objects.values_list("file", flat=True))
    call_command("renditions")
    assert "Renditions made for 0 images; 2 already had them." in capsys.readouterr().out
    assert set(Rendition.objects.values_list("file", flat=True)) == kept

    call_command("renditions", "--all")
    assert "Renditions made for 2 images" in capsys.readouterr().out
    assert not kept & set(Rendition.objects.values_list("file", flat=True))

"""Who changes and deletes which picture: Editors any; Authors those they uploaded or
that only their own posts use; Contributors none."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from newsdesk.content import actions
from newsdesk.content.models import Image, Post
from tests.media import pictures

pytestmark = pytest.mark.django_db


def upload(member, title: str) -> Image:
    response = member.client.post(
        "/admin/content/image/add/",
        {
            "title": title,
            "alt_text": f"{title} (picture)",
            "caption": "",
            "credit": "",
            "original_url": "",
            "file": SimpleUploadedFile("photo.png", pictures.png((64, 48)), "image/png"),
        },
    )
    assert response.status_code == 302, response.content[:3000]
    return Image.objects.get(title=title)


def library_picture(title: str) -> Image:
    """A picture the system put in the library (an import, say): nobody's upload."""
    return pictures.saved_image(pictures.png((64, 48)), "library.png", title=title)


def featuring(image: Image, *writers) -> None:
    for writer in writers:
        post = Post(title=f"{writer.user} with {image}", featured_image=image)
        actions.save_post(post, authors=[writer.byline])  # the system, on their behalf


def edit(member, image: Image, title: str):
    return member.client.post(
        f"/admin/content/image/{image.pk}/change/",
        {
            "title": title,
            "alt_text": image.alt_text,
            "caption": "",
            "credit": "",
            "original_url": "",
        },
    )


def test_authors_change_their_uploads_and_pictures_only_their_posts_use(newsroom):
    amir = newsroom.author
    own = upload(amir, "Amir's upload")
    assert own.uploaded_by == amir.user
    page = amir.client.get(f"/admin/content/image/{own.pk}/change/")
    uploader = BeautifulSoup(page.content, "html.parser").select_one(".field-uploader")
    assert "Amir Author" in uploader.get_text() and "amir" not in uploader.get_text().split()
    for_amir = library_picture("Used by Amir only")
    featuring(for_amir, amir)
    assert edit(amir, own, "Amir's upload, renamed").status_code == 302
    assert edit(amir, for_amir, "Renamed by Amir").status_code == 302
    assert {i.title for i in Image.objects.all()} == {"Amir's upload, renamed", "Renamed by Amir"}


def test_authors_do_not_change_or_delete_anothers_pictures(newsroom):
    amir, olga = newsroom.author, newsroom.other_author
    hers = upload(olga, "Olga's upload")
    featuring(hers, amir)  # featured on his post, still hers
    shared = library_picture("Used by both")
    featuring(shared, amir, olga)
    unused = library_picture("Used by nobody")
    portrait = library_picture("A byline's portrait")
    featuring(portrait, amir)
    olga_byline = olga.byline
    olga_byline.avatar = portrait
    actions.save_term(olga_byline)
    for image in (hers, shared, unused, portrait):
        address = f"/admin/content/image/{image.pk}"
        assert edit(amir, image, "Taken over").status_code == 403, image
        assert amir.client.post(f"{address}/delete/", {"post": "yes"}).status_code == 403
        page = amir.client.get(f"{address}/change/")  # read only: theirs to look at
        assert page.status_code == 200
        assert not BeautifulSoup(page.content, "html.parser").select("input[name=_save]")
        with pytest.raises(PermissionDenied, match="may not change the image"):
            image.title = "Taken over"
            actions.save_image(image, user=amir.user)
        with pytest.raises(PermissionDenied, match="may not change the image"):
            actions.delete_image(image, user=amir.user)
    bulk = amir.client.post(
        "/admin/content/image/",
        {"action": "delete_selected", "_selected_action": [hers.pk], "post": "yes"},
    )
    assert bulk.status_code == 403
    assert Image.objects.filter(title="Taken over").count() == 0
    assert Image.objects.count() == 4


def test_authors_delete_their_own_uploads_editors_any(newsroom):
    amir = newsroom.author
    own = upload(amir, "Amir's upload")
    hers = upload(newsroom.other_author, "Olga's upload")
    response = amir.client.post(f"/admin/content/image/{own.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert edit(newsroom.editor, hers, "Edited by the desk").status_code == 302
    response = newsroom.editor.client.post(
        f"/admin/content/image/{hers.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Image.objects.exists()
    contributor_upload = newsroom.contributor.client.get("/admin/content/image/add/")
    assert contributor_upload.status_code == 403

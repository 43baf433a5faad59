"""The admin's upload form for the media library."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from newsdesk.content.models import Image
from newsdesk.media import metadata, validation


class ImageForm(forms.ModelForm):
    """An upload is checked by its content (:mod:`newsdesk.media.validation`) and stored
    upright and without its metadata (:mod:`newsdesk.media.metadata`).

    The file is a plain file field: Django's image field would open the upload with
    every Pillow parser before these checks, and refuse with a vaguer message."""

    file = forms.FileField(
        label="Picture",
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )

    class Meta:
        model = Image
        fields = ["file"]  # the admin adds the others (with its own field options)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.required = not self.instance.pk  # a new library item is its picture
        field.help_text = (
            f"{validation.KINDS}, at most {settings.MAX_UPLOAD_MB} MB and "
            f"{validation.MAX_PIXELS // 1_000_000} megapixels. Location and camera data "
            "are removed before the picture is stored."
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # the stored picture kept (or cleared)
        accepted = validation.check_upload(upload)
        self.instance.mime_type = accepted.mime_type
        return metadata.mark_checked(metadata.stripped(upload, accepted))

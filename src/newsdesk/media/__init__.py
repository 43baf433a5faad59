"""The media library: what an uploaded picture must be, and the sizes it is served in.

``validation``  whether an upload may become a picture (by content, size and pixels)
``metadata``    the stored original: upright, without EXIF, XMP or comments
``renditions``  smaller copies (each width, the original's format and WebP), made with Pillow
``pictures``    the ``<picture>`` a public page shows, from renditions already loaded
``forms``       the admin's upload form, which uses the three above
``incoming``    files from elsewhere (an import's media folder): pictures as uploads, and
                PDFs, sounds and videos by their content
``receivers``   renditions follow every saved image; their files follow their rows

Depends on :mod:`newsdesk.content` (an image is ``content.Image``); content reaches the
renditions only by the relation's name, ``image.renditions``.
"""

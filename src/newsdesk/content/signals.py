"""Every extension point of the content domain, in one place.

Receivers live in the apps that care (the page cache, search, the static exporter);
the content package never imports them.
"""

from django.dispatch import Signal

#: A public change was committed. ``stale`` is the :class:`~newsdesk.content.stale.Stale`
#: set of addresses it affected; ``action`` names the action; ``user`` did it (or None).
content_changed = Signal()

#: A post was saved through an action (after commit). ``post``, ``created``.
post_saved = Signal()

#: A post was deleted through an action (after commit). ``post_id``.
post_deleted = Signal()

#: An image with a new, not yet stored file is about to be saved through an action.
#: Receivers check the file (and may raise ``ValidationError`` to refuse it) or put a
#: cleaned copy in ``image.file``. ``image``.
image_uploading = Signal()

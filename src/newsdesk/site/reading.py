"""Reader HTML as the post page shows it: split at page breaks, tables made scrollable.

The HTML here has been through the sanitiser (``newsdesk.content.html``), whose output
is normalised (lower-case tags, quoted attributes), so plain string work is exact.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from markupsafe import Markup, escape

_TABLE_OPEN = re.compile(r"<table(?=[\s>])")


def reader_html(part_html: str) -> Markup:
    """Sanitised HTML ready for the page: wide tables scroll inside their own box,
    keyboard-reachable, instead of widening the page on a phone."""
    label = escape(_("Table"))
    opening = f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}"><table'
    wrapped = _TABLE_OPEN.sub(lambda match: opening, part_html).replace(
        "</table>", "</table></div>"
    )
    return Markup(wrapped)  # noqa: S704 - sanitised by content.html before it was stored

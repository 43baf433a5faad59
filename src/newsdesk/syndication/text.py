"""Text that XML 1.0 can carry.

Imported titles and bodies sometimes hold control characters (form feeds, vertical
tabs from word processors). XML 1.0 forbids them, and both Django's feed writer and
lxml refuse to write them, so they are dropped before any text reaches a feed or a
sitemap.
"""

from __future__ import annotations

import re

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str | None) -> str:
    return _FORBIDDEN.sub("", text or "")

"""Public addresses, worked out once per process.

Every card and post page links to its post, tags, authors and categories, and each
``reverse()`` walks the URL patterns again. An address depends only on the URL
configuration, the script prefix and the arguments, so those key a bounded memo.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from newsdesk import memos

#: Enough for the hot pages of a worker; bounded low because an import or an export
#: asks once for every post's address and the memo would otherwise grow with the site.
ADDRESSES_KEPT = 20_000


def address(viewname: str, **kwargs) -> str:
    """``reverse(viewname, kwargs=kwargs)``, remembered."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _address(urlconf, get_script_prefix(), viewname, tuple(kwargs.items()))


@lru_cache(maxsize=ADDRESSES_KEPT)
def _address(urlconf: str, prefix: str, viewname: str, kwargs: tuple) -> str:
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


memos.register("public addresses", _address, settings=["ROOT_URLCONF"])

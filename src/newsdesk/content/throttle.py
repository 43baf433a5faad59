"""How often one person may ask for something costly, counted in Django's cache.

A fixed window of one second per person and purpose: the first request of a second
adds its counter, later ones increment it. With a shared cache (``NEWSDESK_CACHE_URL``:
Redis or memcached, whose increments are atomic) every worker process and app server
counts into the same counter, so the limit holds per person across them all. With the
default local-memory cache each worker process counts on its own: a person can get the
limit from each process their requests reach.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def allow(purpose: str, who: object, per_second: int) -> bool:
    """Count one request of ``who`` for ``purpose``; False past ``per_second`` in this
    second."""
    key = f"throttle:{purpose}:{who}:{int(time.time())}"
    if cache.add(key, 1, timeout=2):
        return True
    try:
        return cache.incr(key) <= per_second
    except ValueError:  # the counter expired between the two calls: a new second
        cache.add(key, 1, timeout=2)
        return True

"""Purge exactly what each content action made stale."""

from newsdesk.content.signals import content_changed
from newsdesk.pagecache.stores import active_store


def purge(sender, stale, **kwargs) -> None:
    store = active_store()
    if store is not None and stale:
        store.purge(stale.paths, everything=stale.everything)


content_changed.connect(purge, dispatch_uid="newsdesk-pagecache-purge")

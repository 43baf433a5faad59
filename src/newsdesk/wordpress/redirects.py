"""Old WordPress addresses → new ones, as :class:`~newsdesk.content.models.Redirect` rows.

An old address is stored exactly as ``request.get_full_path()`` shows it when a reader
follows it: the path percent-decoded then re-escaped (so ``%ce%b5`` and ``ε`` both end
as ``%CE%B5``), plus the query (``/?p=123``). The site answers 301 from the table when
nothing else lives at the address.

Two strengths: *certain* addresses come from the file (an item's ``<link>``,
``/?p=ID``) and overwrite whatever the table held; *guessed* ones (the other common
permalink shape, a category's short path) never overwrite, so a guess cannot steal an
address another item really had.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from django.utils.encoding import escape_uri_path, iri_to_uri

from newsdesk.content.models import Redirect

MAX_PATH = 1000


def canonical(address: str) -> str:
    """The path (and query) of ``address`` as Django's ``get_full_path()`` gives it;
    '' when it has no usable path."""
    parts = urlsplit(address.strip())
    path = unquote(parts.path)
    if not path.startswith("/"):
        return ""
    full = escape_uri_path(path)
    if parts.query:
        full += "?" + iri_to_uri(parts.query)
    return full if len(full) <= MAX_PATH else ""


def variants(path: str) -> list[str]:
    """A path and, when it has doubled slashes (WordPress writes some), the tidy form."""
    tidy = re.sub(r"/{2,}", "/", path)
    return [path, tidy] if tidy != path else [path]


class RedirectWriter:
    """Collects redirects and writes them in batches; counts what changed."""

    BATCH = 1000

    def __init__(self, dry_run: bool = False):
        self.dry_run = dry_run
        self._pending: dict[str, tuple[str, bool]] = {}
        self.created = self.updated = self.unchanged = 0

    def add(self, old_path: str, new_path: str, *, certain: bool = True) -> None:
        if not old_path or not new_path or old_path == new_path:
            return
        known = self._pending.get(old_path)
        if known is not None and (known[1] or not certain):
            return  # the first certain address wins within a batch as in the table
        self._pending[old_path] = (new_path, certain)
        if len(self._pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        existing = dict(
            Redirect.objects.filter(old_path__in=list(pending)).values_list("old_path", "new_path")
        )
        overwrite, insert = [], []
        for old_path, (new_path, certain) in pending.items():
            if old_path not in existing:
                insert.append(Redirect(old_path=old_path, new_path=new_path))
                self.created += 1
            elif existing[old_path] == new_path or not certain:
                self.unchanged += 1
            else:
                overwrite.append(Redirect(old_path=old_path, new_path=new_path))
                self.updated += 1
        Redirect.objects.bulk_create(insert, batch_size=500)
        if overwrite:
            Redirect.objects.bulk_create(
                overwrite,
                update_conflicts=True,
                unique_fields=["old_path"],
                update_fields=["new_path"],
                batch_size=500,
            )

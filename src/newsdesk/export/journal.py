"""What changed since an export: the stale sets of committed changes, in order.

Every content action announces its :class:`~newsdesk.content.stale.Stale` set through
``content_changed`` after commit; this receiver keeps each one as a
:class:`~newsdesk.export.models.StaleRecord`. An export remembers the last record it
took in (its *mark*); the next export re-renders the union of the records after it,
or everything when one of them says so or when records it needs were pruned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from newsdesk.content.signals import content_changed
from newsdesk.export.models import StaleRecord

#: Records older than this are pruned; an export older than that starts over in full.
RETENTION = timedelta(days=30)
#: Pruning runs on every n-th record, so sites that never export stay small too.
PRUNE_EVERY = 500


@dataclass
class Changes:
    """The union of the records after a mark."""

    paths: set[str] = field(default_factory=set)
    everything: bool = False


def remember(sender, stale, **kwargs) -> None:
    if not stale:
        return
    record = StaleRecord.objects.create(
        everything=stale.everything,
        paths="" if stale.everything else "\n".join(sorted(stale.paths)),
    )
    if record.pk % PRUNE_EVERY == 0:
        prune()


content_changed.connect(remember, dispatch_uid="newsdesk-export-journal")


def latest_mark() -> int:
    """The newest record now: an export that starts now has taken in everything up to it.
    An empty journal gets an empty record, so a mark always names a real record."""
    newest = StaleRecord.objects.aggregate(newest=Max("pk"))["newest"]
    if newest is None:
        newest = StaleRecord.objects.create(everything=False, paths="").pk
    return newest


def changes_since(mark: int) -> Changes:
    """Everything recorded after ``mark``. Pruning goes oldest first, so while the mark's
    own record is there, every later one is too; once it is gone, records after it may
    be gone as well and nobody knows what changed: everything is stale. (Record ids are
    not contiguous: a database sequence skips the ids of rolled-back inserts.)"""
    if not StaleRecord.objects.filter(pk=mark).exists():
        return Changes(everything=True)
    changes = Changes()
    records = StaleRecord.objects.filter(pk__gt=mark).values_list("everything", "paths")
    for everything, paths in records.iterator():
        if everything:
            return Changes(everything=True)
        changes.paths.update(line for line in paths.splitlines() if line)
    return changes


def prune(now=None) -> int:
    """Forget records older than :data:`RETENTION`, always keeping the newest (it tells
    later exports where the journal stands). Returns how many were removed."""
    cutoff = (now or timezone.now()) - RETENTION
    newest = latest_mark()
    removed, _ = StaleRecord.objects.filter(recorded_at__lt=cutoff).exclude(pk=newest).delete()
    return removed

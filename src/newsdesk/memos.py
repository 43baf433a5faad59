"""What a process remembers beyond one request, and what makes it forget.

A page costs a handful of queries because each process keeps a few memos: the site
settings row, the page chrome (menus, follow links), rendered post cards, reversed
addresses, the renditions of pictures encoded last, the files an export found. Each
registers here with what makes it stale, so this is the one place that says what a
process may be holding, and :func:`reset` forgets all of it (tests call it, never
clearing a memo's private state).

When a memo is forgotten (``when=``):

``UNIT_OF_WORK``   when a unit of work starts on this thread: a request
                   (``request_started``), a scheduler round, an export run. What was
                   changed in another process (an editor's new permalink style) is
                   seen from the next unit of work on, in a process that runs for days
                   as in one that serves a request.
``SITE_SETTINGS``  when this process saves the site settings row (every thread).
``GENERATION``     never: the memo is keyed on the site's ``generation``, which goes up
                   with every change shown on every page, so a stale entry is never
                   read again (bounded memos age it out).
``NEVER``          never: keyed on what the value is made from (a picture's bytes).

and ``settings=``: the Django settings whose change forgets it (``ROOT_URLCONF`` for
reversed addresses), as ``override_settings`` changes them in tests.

This module imports nothing of newsdesk, so every layer may register, the domain too.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.signals import request_started, setting_changed

UNIT_OF_WORK = "unit of work"
SITE_SETTINGS = "site settings saved"
GENERATION = "keyed on the site's generation"
NEVER = "never"
EVENTS = (UNIT_OF_WORK, SITE_SETTINGS, GENERATION, NEVER)

T = TypeVar("T")
M = TypeVar("M")


@dataclass(frozen=True)
class Registered:
    """A memo (anything with ``clear()``, or an ``lru_cache`` function) and its rules."""

    name: str
    memo: object
    when: tuple[str, ...]
    settings: tuple[str, ...]

    def forget(self) -> None:
        clear = getattr(self.memo, "cache_clear", None) or self.memo.clear
        clear()

    def begin(self) -> None:
        """A unit of work starts on this thread."""
        begin = getattr(self.memo, "begin", None)
        if begin is not None:
            begin()  # this thread's copy only: other threads' units go on
        else:
            self.forget()


_registered: dict[str, Registered] = {}


def register(
    name: str, memo: M, *, when: str | Iterable[str] = (), settings: Iterable[str] = ()
) -> M:
    """Register ``memo`` under ``name`` (returned, so a module can register as it makes
    it)."""
    events = (when,) if isinstance(when, str) else tuple(when)
    unknown = [event for event in events if event not in EVENTS]
    if unknown or not (events or settings):
        raise ValueError(f"memo {name!r}: say when it is forgotten, one of {EVENTS}")
    if name in _registered and _registered[name].memo is not memo:
        raise ValueError(f"two memos are named {name!r}")
    _registered[name] = Registered(name, memo, events, tuple(settings))
    return memo


def registered() -> list[Registered]:
    return list(_registered.values())


def new_unit_of_work() -> None:
    """A request, a scheduler round or an export run starts on this thread: what it
    reads once (the settings row) is read afresh."""
    for entry in _registered.values():
        if UNIT_OF_WORK in entry.when:
            entry.begin()


def site_settings_saved() -> None:
    """This process saved the site settings row: every thread reads it again."""
    _forget(entry for entry in _registered.values() if SITE_SETTINGS in entry.when)


def reset(*names: str) -> None:
    """Forget every memo, or the ones named (a test measuring a cold page)."""
    unknown = [name for name in names if name not in _registered]
    if unknown:
        raise KeyError(f"no memo named {unknown}; registered: {sorted(_registered)}")
    _forget([_registered[name] for name in names] if names else _registered.values())


def _forget(entries: Iterable[Registered]) -> None:
    for entry in list(entries):
        entry.forget()


class OncePerUnitOfWork(Generic[T]):
    """A value each unit of work reads at most once, each thread for itself: a request
    starting on one of a worker's threads does not make the others read it again
    mid-page. Register it with ``when=UNIT_OF_WORK``; ``clear()`` forgets it on every
    thread."""

    def __init__(self, load: Callable[[], T]):
        self._load = load
        self._local = threading.local()
        self._version = next(_versions)

    def get(self) -> T:
        kept = getattr(self._local, "kept", None)
        if kept is not None and kept[0] == self._version:
            return kept[1]
        version = self._version  # before loading: a clear() meanwhile wins
        value = self._load()
        self._local.kept = (version, value)
        return value

    def begin(self) -> None:
        self._local.kept = None

    def clear(self) -> None:
        self._version = next(_versions)


_versions = itertools.count()


def _request_started(**kwargs) -> None:
    new_unit_of_work()


def _setting_changed(setting: str, **kwargs) -> None:
    _forget(entry for entry in _registered.values() if setting in entry.settings)


request_started.connect(_request_started, dispatch_uid="newsdesk-memos-request")
setting_changed.connect(_setting_changed, dispatch_uid="newsdesk-memos-settings")

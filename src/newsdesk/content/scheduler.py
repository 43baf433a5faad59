"""Scheduled posts go live at their time: the in-server scheduler.

``newsdesk serve`` starts a scheduler process beside the gunicorn master once the
server is ready (gunicorn's ``when_ready`` hook; ``on_exit`` stops it):
``newsdesk publish-due --every 30`` runs :func:`newsdesk.content.actions.publish_due`
every :data:`INTERVAL` seconds, so a scheduled post is out within that time without a
cron job anyone must remember. It is a process of its own, not a thread of the
master: workers are forked from the master, and a fork taken while another thread
holds a lock (SQLite's, the logging module's) leaves the worker stuck on it.
A site served another way runs ``newsdesk publish-due`` from cron instead; both may
run at once (a post is published once: see ``publish_due``).

Each round is a unit of work of its own (:mod:`newsdesk.memos`): it reads the site
settings afresh, so a post goes live under the permalink style and site language an
editor chose since the scheduler started. It closes its database connections (the
thread's own) when done, and an error is logged, never fatal: the next round tries again.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Callable

from django.db import connections

from newsdesk import memos
from newsdesk.content import actions
from newsdesk.content.stale import Stale

logger = logging.getLogger(__name__)

#: Seconds between two rounds.
INTERVAL = 30.0


def publish_due_once() -> Stale:
    """One round: publish what is due; log, do not raise."""
    memos.new_unit_of_work()
    try:
        return actions.publish_due()
    except Exception:
        logger.exception("The scheduler could not publish due posts; it tries again next round")
        return Stale()
    finally:
        connections.close_all()


def run(stop: threading.Event, interval: float = INTERVAL, after_round: Callable | None = None):
    """Rounds until ``stop`` is set: one at once, then one every ``interval`` seconds.
    ``after_round`` is called with each round's stale set (tests wait on it)."""
    while not stop.is_set():
        stale = publish_due_once()
        if after_round is not None:
            after_round(stale)
        stop.wait(interval)


class Scheduler:
    """The background thread and the event that stops it."""

    def __init__(self, interval: float = INTERVAL, after_round: Callable | None = None) -> None:
        self.stop_event = threading.Event()
        self.thread = threading.Thread(
            target=run,
            args=(self.stop_event, interval, after_round),
            name="newsdesk-scheduler",
            daemon=True,
        )

    def start(self) -> Scheduler:
        self.thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        self.stop_event.set()
        self.thread.join(timeout)


_running: list[subprocess.Popen] = []


def when_ready(server=None) -> None:
    """gunicorn's ``when_ready`` hook: start the scheduler process."""
    command = [sys.executable, "-m", "newsdesk.cli", "publish-due", "--every", str(INTERVAL)]
    _running.append(subprocess.Popen(command))  # same environment: settings, data folder
    logger.info("Scheduler started: due posts are published every %s seconds", INTERVAL)


def on_exit(server=None) -> None:
    """gunicorn's ``on_exit`` hook: stop the scheduler process."""
    while _running:
        process = _running.pop()
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

"""Rendering on every core: worker processes forked from the exporting one.

Rendering is Python work, so threads would take turns on one core; processes do not.
Workers are forked, so they start with the site loaded and with what the export
knows (:class:`Job`: the folder, the mirror's addresses, the previous digests) and
are reused for the whole run: what a process remembers (compiled templates, the
settings row) is paid once per worker, not once per page. The run is a worker's unit
of work (:mod:`newsdesk.memos`): its renderer starts one as a request would, so it
reads the site settings as they are when the run starts and keeps them to the end. A
full export renders every post card once, spread over the workers, before the page
workers fork: they start with all of them.

A forked worker must not share the exporting process's database connections, so the
exporter closes them before forking and each worker opens its own. The exception is
an in-memory SQLite database (the test suite's), which exists only inside the process
that made it: a worker keeps its forked copy of the connection, the one way to it.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections

from newsdesk.content import editions, queries
from newsdesk.export.folder import path_in
from newsdesk.export.layout import (
    FEED,
    NOT_FOUND,
    PAGE,
    SITEMAP,
    UnsafeAddress,
    file_for,
    kind_of,
)
from newsdesk.export.render import Renderer
from newsdesk.export.rewrite import Mirror
from newsdesk.export.state import write_atomically
from newsdesk.site import fragments

#: Addresses per task: large enough to keep the pipes quiet, small enough to balance.
CHUNK = 96
#: Below this many addresses, forking costs more than it saves.
SERIAL_BELOW = 300
#: Rendered cards a worker keeps (each ~2 kB): every card of a large site, rendered once.
CARDS_KEPT = 60_000
#: Posts per card-rendering task.
CARD_CHUNK = 500


@dataclass(frozen=True)
class Job:
    out: Path
    mirror: Mirror
    previous: dict[str, str]  # file → SHA-256 of what the folder holds now
    watch: frozenset[str] = frozenset()  # addresses that may turn out gone: report links


@dataclass(frozen=True)
class Result:
    address: str
    status: int
    file: str = ""
    sha256: str = ""
    assets: tuple[str, ...] = ()
    watched_links: tuple[str, ...] = ()
    written: bool = False
    view_cpu: float = 0.0  # CPU seconds in the site's views and middleware
    cpu: float = 0.0  # CPU seconds for the whole address (render, rewrite, write)


@dataclass
class _Worker:
    job: Job | None = None
    renderer: Renderer | None = None
    folders: set[Path] = field(default_factory=set)  # folders known to exist


_worker = _Worker()


def render_all(
    job: Job,
    addresses: Sequence[str],
    jobs: int,
    advance: Callable[[int], None] = lambda n: None,
    warm_cards: bool = False,
) -> Iterator[Result]:
    """Render and write ``addresses``; results arrive as chunks finish. ``warm_cards``:
    the addresses are most of the site (see :func:`_warm_cards`)."""
    _worker.job = job
    _worker.folders = set()  # folders may have gone since an earlier run in this process
    if jobs <= 1 or len(addresses) < SERIAL_BELOW or not can_fork():
        _start(close_connections=False)
        for address in addresses:
            yield render_one(address)
            advance(1)
        return
    if warm_cards:
        _warm_cards(jobs)
    chunks = [addresses[i : i + CHUNK] for i in range(0, len(addresses), CHUNK)]
    with _pool(jobs) as pool:
        for results in pool.map(_render_chunk, chunks):
            yield from results
            advance(len(results))


def _pool(jobs: int) -> ProcessPoolExecutor:
    """Workers forked from this process as it is now (its connections closed first)."""
    if not _in_memory_database():
        connections.close_all()
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start)


def _warm_cards(jobs: int) -> None:
    """Every public post's card, rendered once across the workers and remembered here,
    before the page workers fork from this process: otherwise each of them renders
    every card of the site itself. A full export's archive pages show them all."""
    fragments.cards_memo.capacity = max(fragments.cards_memo.capacity, CARDS_KEPT)
    tasks = []
    for edition in ["", *editions.editions()]:
        ids = queries.public_post_ids(edition)
        tasks += [(ids[i : i + CARD_CHUNK], edition) for i in range(0, len(ids), CARD_CHUNK)]
    with _pool(jobs) as pool:
        for cards in pool.map(_warm_chunk, tasks):
            fragments.remember(cards)


def _warm_chunk(task: tuple[list[int], str]) -> list:
    return fragments.warm(*task)


def can_fork() -> bool:
    """Workers read the database through their own connections: they see only what is
    committed, so a run inside a transaction renders in this process (unless the
    database is in memory, where workers share the forked state)."""
    if _in_memory_database():
        return True
    return not any(c.in_atomic_block for c in connections.all(initialized_only=True))


def _in_memory_database() -> bool:
    return any(
        c.vendor == "sqlite" and c.is_in_memory_db() for c in connections.all(initialized_only=True)
    )


def _start(close_connections: bool = True) -> None:
    if close_connections and not _in_memory_database():
        for connection in connections.all(initialized_only=True):
            connection.close()
    fragments.cards_memo.capacity = max(fragments.cards_memo.capacity, CARDS_KEPT)
    _worker.renderer = Renderer(_worker.job.mirror.base_url)


def _render_chunk(addresses: Sequence[str]) -> list[Result]:
    return [render_one(address) for address in addresses]


def render_one(address: str) -> Result:
    """Render one address, rewrite its links for the mirror, write it if its bytes
    changed. A status other than 200 is reported, not written."""
    job, renderer = _worker.job, _worker.renderer
    started = time.process_time()
    try:
        file = file_for(address)
    except UnsafeAddress:
        return Result(address, 0)  # no file could hold it: never written
    response = renderer.render(address)
    view_cpu = time.process_time() - started
    if response.status != (404 if address == NOT_FOUND else 200):
        return Result(address, response.status, view_cpu=view_cpu, cpu=view_cpu)
    kind = kind_of(address)
    body, assets, links = response.body, (), ()
    if kind == PAGE and response.content_type.startswith("text/html"):
        rewritten = job.mirror.html(body, address, file)
        body, assets = rewritten.body, tuple(sorted(rewritten.assets))
        links = tuple(sorted(rewritten.pages & job.watch))
    elif kind in (FEED, SITEMAP) and job.mirror.base_url is not None:
        rewritten = job.mirror.xml(body)
        body, assets = rewritten.body, tuple(sorted(rewritten.assets))
    sha = hashlib.sha256(body).hexdigest()
    written = write_if_changed(job.out, file, body, sha, job.previous.get(file))
    cpu = time.process_time() - started
    return Result(address, 200, file, sha, assets, links, written, view_cpu, cpu)


def write_if_changed(out: Path, file: str, body: bytes, sha: str, previous: str | None) -> bool:
    """Write ``body`` unless the folder already holds exactly these bytes (the file keeps
    its modification time, so a sync to a mirror host moves only what changed)."""
    target = out / file  # file_for() refused any name that could leave the folder
    if previous == sha:
        try:
            if target.stat().st_size == len(body):
                return False
        except FileNotFoundError:
            pass
    if target.parent not in _worker.folders:
        path_in(out, file, itself=True)  # nor may a folder on the way link out of it
        target.parent.mkdir(parents=True, exist_ok=True)
        _worker.folders.add(target.parent)
    write_atomically(target, body, make_folder=False)
    return True

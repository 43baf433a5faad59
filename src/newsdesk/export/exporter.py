"""One export run: plan, render, copy, remove, record, sign, bundle.

A run is *full* when the folder holds no earlier export made the same way (same
addresses, templates, static files and year: :func:`~newsdesk.export.state.fingerprint`),
when the journal says everything changed or lost track, or when asked (``--full``,
e.g. after upgrading newsdesk). Otherwise it is *incremental*: only the addresses
the journal recorded since the last run are rendered (with the parts of posts among
them, and :data:`~newsdesk.export.inventory.ALWAYS`). Either way a file is written
only when its bytes change, an address that is no longer public loses its file,
and an asset no page uses any more is removed.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings

from newsdesk import memos
from newsdesk.export import assets as asset_files
from newsdesk.export import integrity, inventory, journal
from newsdesk.export.bundle import write_bundle
from newsdesk.export.folder import OutsideFolder, path_in
from newsdesk.export.layout import Asset, UnsafeAddress, file_for
from newsdesk.export.pool import Job, Result, render_all
from newsdesk.export.rewrite import Mirror
from newsdesk.export.state import (
    STATE_FILE,
    AssetEntry,
    ExportState,
    PageEntry,
    UnusableState,
    copy_atomically,
    fingerprint,
    write_atomically,
)


class ExportError(RuntimeError):
    """The export cannot be made as asked."""


@dataclass(frozen=True)
class Options:
    out: Path
    base_url: str | None = None  # None: links relative to each page
    bundle: Path | None = None
    jobs: int = 1
    full: bool = False
    signing_key: Path | None = None


@dataclass
class Report:
    full: bool
    rendered: int = 0  # addresses rendered this run
    pages: int = 0  # addresses the export holds
    files: int = 0  # files it holds (pages and assets)
    written: list[str] = field(default_factory=list)  # files written (new or changed)
    removed: list[str] = field(default_factory=list)
    # Addresses rendered that answered other than a page (no longer public, moved).
    skipped: list[str] = field(default_factory=list)
    # What the export found wrong with the folder and worked around (an unusable state).
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    key_fingerprint: str = ""
    # CPU seconds spent on the addresses rendered, and the part of it in the site's views.
    render_cpu: float = 0.0
    view_cpu: float = 0.0

    @property
    def views_share(self) -> float:
        return self.view_cpu / self.render_cpu if self.render_cpu else 0.0


def export(options: Options, progress: Callable[[int, int], None] | None = None) -> Report:
    """Bring the folder ``options.out`` up to date with the site."""
    started = time.perf_counter()
    out = Path(options.out).resolve()
    base_url = options.base_url.rstrip("/") if options.base_url else None
    if options.bundle is not None and _is_inside(Path(options.bundle).resolve(), out):
        raise ExportError("the bundle must be written outside the export folder")
    out.mkdir(parents=True, exist_ok=True)
    with _locked(out):
        # A run of its own: the settings row and the files as they are now, whatever an
        # earlier run in this process read.
        memos.new_unit_of_work()
        design = fingerprint(base_url)
        # What the folder holds, whatever made it: its files are compared and removed by it.
        warnings: list[str] = []
        try:
            previous = ExportState.load(out)
        except UnusableState as problem:
            warnings.append(f"{problem}; exporting everything again")
            previous = None
        # Only an export made the same way can be brought up to date incrementally.
        same_design = previous is not None and previous.fingerprint == design
        mark = journal.latest_mark()
        addresses, full = _plan(previous if same_design else None, options.full)
        report = Report(full=full, rendered=len(addresses), warnings=warnings)
        known = {} if full else {a: e.file for a, e in previous.pages.items()}
        pages_map = {**{unquote(a): f for a, f in known.items()}, **_files_of(addresses)}
        mirror = Mirror(settings.BASE_URL, base_url, pages_map)
        job = Job(
            out=out,
            mirror=mirror,
            previous=previous.files() if previous else {},
            watch=frozenset() if full else frozenset(unquote(a) for a in addresses),
        )
        advance = _progress(progress, len(addresses))
        results = list(render_all(job, addresses, options.jobs, advance, warm_cards=full))
        state = _new_state(previous, full, results, design, mark)
        report.written += [r.file for r in results if r.written]
        report.skipped = sorted(r.address for r in results if r.status != 200)
        report.render_cpu = sum(r.cpu for r in results)
        report.view_cpu = sum(r.view_cpu for r in results)
        report.written += _repair_links_to_gone(job, results, state)
        rendered_assets = None if full else {a for r in results for a in r.assets}
        report.written += _copy_assets(out, mirror, previous, state, rendered_assets)
        report.removed = _remove_gone(out, previous, state, report.warnings)
        state_bytes = state.save(out)
        files = state.files()
        files[STATE_FILE] = _sha256(state_bytes)
        key = options.signing_key
        report.key_fingerprint = integrity.write(out, files, Path(key) if key else None)
        if options.bundle is not None:
            write_bundle(out, [*files, *_present(out, integrity.INTEGRITY_FILES)], options.bundle)
        journal.prune()
    report.pages = len(state.pages)
    report.files = len(files) - 1
    report.written = sorted(set(report.written))
    report.seconds = time.perf_counter() - started
    return report


# --- planning ------------------------------------------------------------------------------


def _plan(previous: ExportState | None, full: bool) -> tuple[list[str], bool]:
    if full or previous is None:
        return inventory.every_address(), True
    changes = journal.changes_since(previous.mark)
    if changes.everything:
        return inventory.every_address(), True
    wanted = dict.fromkeys([*sorted(changes.paths), *inventory.ALWAYS])
    # A post's parts are stale with it: its current parts, and any an earlier export kept.
    for parts in inventory.parts_of(changes.paths).values():
        wanted.update(dict.fromkeys(parts))
    for path in changes.paths:
        wanted.update(dict.fromkeys(_kept_parts(previous, path)))
    return list(wanted), False


def _kept_parts(previous: ExportState, path: str) -> list[str]:
    if not path.endswith("/"):
        return []
    found = []
    number = 2
    while f"{path}{number}/" in previous.pages:
        found.append(f"{path}{number}/")
        number += 1
    return found


def _files_of(addresses: Iterable[str]) -> dict[str, str]:
    found = {}
    for address in addresses:
        try:
            found[unquote(address)] = file_for(address)
        except UnsafeAddress:
            pass  # rendered, reported as skipped, never written
    return found


# --- after rendering -----------------------------------------------------------------------


def _new_state(
    previous: ExportState | None, full: bool, results: list[Result], design: str, mark: int
) -> ExportState:
    pages = {} if full or previous is None else dict(previous.pages)
    for result in results:
        if result.status == 200:
            pages[result.address] = PageEntry(result.file, result.sha256, result.assets)
        else:
            pages.pop(result.address, None)  # gone (404), moved (301) or hidden
    return ExportState(design, mark, pages, dict(previous.assets) if previous else {})


def _repair_links_to_gone(job: Job, results: list[Result], state: ExportState) -> list[str]:
    """A page rendered this run may link to an address that turned out gone in the same
    run (written by hand in a post's body): render it again, now that the mirror
    knows, so its link goes to the main address instead of a missing file."""
    gone = {unquote(r.address) for r in results if r.status != 200}
    repaired = [r.address for r in results if r.status == 200 and gone & set(r.watched_links)]
    if not repaired:
        return []
    pages = {k: v for k, v in job.mirror.pages.items() if k not in gone}
    mirror = Mirror(job.mirror.main_url, job.mirror.base_url, pages)
    fixed = Job(job.out, mirror, {**job.previous, **_digests(state)}, frozenset())
    written = []
    for result in render_all(fixed, repaired, jobs=1):
        state.pages[result.address] = PageEntry(result.file, result.sha256, result.assets)
        written += [result.file] if result.written else []
    return written


def _digests(state: ExportState) -> dict[str, str]:
    return {entry.file: entry.sha256 for entry in state.pages.values()}


def _copy_assets(
    out: Path,
    mirror: Mirror,
    previous: ExportState | None,
    state: ExportState,
    recheck: set[str] | None = None,
) -> list[str]:
    """Copy every asset a page uses whose source changed; CSS files are rewritten like
    pages (their ``url()``s name more assets, copied in turn). With ``recheck`` (an
    incremental run: the assets of the pages rendered), other assets an earlier export
    copied are kept as they are: a changed picture comes with a change that makes every
    page stale."""
    written: list[str] = []
    waiting = sorted({name for entry in state.pages.values() for name in entry.assets})
    seen = set(waiting)
    kept = dict(previous.assets) if previous else {}
    state.assets = {}
    while waiting:
        name = waiting.pop()
        before = kept.get(name)
        if recheck is not None and before is not None and name not in recheck:
            if not name.endswith(".css"):  # a stylesheet names more assets: read it again
                state.assets[name] = before
                continue
        asset = asset_files.asset_for("/" + name)
        if asset is None:
            continue  # the source went away since the page was rendered
        entry, changed, more = _copy_asset(out, mirror, asset, before)
        state.assets[name] = entry
        waiting += sorted(more - seen)
        seen |= more
        if changed:
            written.append(name)
    return written


def _copy_asset(
    out: Path, mirror: Mirror, asset: Asset, before: AssetEntry | None
) -> tuple[AssetEntry, bool, set[str]]:
    stat = asset.source.stat()
    target = path_in(out, asset.file, itself=True)
    is_css = asset.file.endswith(".css")
    unchanged = (
        before is not None
        and (before.size, before.mtime_ns) == (stat.st_size, stat.st_mtime_ns)
        and target.exists()
        and not is_css
    )
    if unchanged:
        return before, False, set()
    more: set[str] = set()
    if is_css:
        rewritten = mirror.css(
            asset.source.read_text(encoding="utf-8"), "/" + asset.file, asset.file
        )
        body, more = rewritten.body, rewritten.assets
        digest = _sha256(body)
        changed = before is None or before.sha256 != digest or not target.exists()
        if changed:
            write_atomically(target, body)
        return AssetEntry(digest, stat.st_size, stat.st_mtime_ns), changed, more
    digest = _file_sha256(asset.source)
    changed = before is None or before.sha256 != digest or not target.exists()
    if changed:
        copy_atomically(asset.source, target)
    return AssetEntry(digest, stat.st_size, stat.st_mtime_ns), changed, more


def _remove_gone(
    out: Path, previous: ExportState | None, state: ExportState, warnings: list[str]
) -> list[str]:
    """Delete the files of the previous export that this one no longer holds, and the
    folders that leaves empty; nothing outside the folder (:func:`path_in`)."""
    if previous is None:
        return []
    keep = set(state.files())
    removed = []
    folders: set[Path] = set()
    for name in sorted(set(previous.files()) - keep):
        try:
            target = path_in(out, name, itself=True)
        except OutsideFolder as problem:
            warnings.append(f"not removed: {problem}")
            continue
        target.unlink(missing_ok=True)
        removed.append(name)
        folders.update(p for p in target.parents if _is_inside(p, out))
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        try:
            folder.rmdir()  # only when empty
        except OSError:
            pass
    return removed


# --- small things --------------------------------------------------------------------------


def _progress(progress, total: int) -> Callable[[int], None]:
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    return advance


def _present(out: Path, names: Iterable[str]) -> list[str]:
    return [name for name in names if (out / name).exists()]


def _is_inside(path: Path, folder: Path) -> bool:
    return path != folder and folder in path.parents


def _sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


class _locked:
    """One export at a time per folder (an advisory lock on the folder itself)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __enter__(self):
        self.handle = os.open(self.folder, os.O_RDONLY)
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.handle)
            raise ExportError(f"another export is writing to {self.folder}") from None
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        os.close(self.handle)

"""The processes a benchmark starts — app servers, nginx, corpus loads — and their end.

Each runs in a session of its own (a reader's Ctrl-C reaches the benchmark, which then
stops them in order) with its output in a log file; :class:`Fleet` stops every one it
started, whatever happens, when its ``with`` block ends.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid


@dataclass
class Fleet:
    logs: Path
    running: list[Process] = field(default_factory=list)

    def __enter__(self) -> Fleet:
        self.logs.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop_all()

    def start(self, name: str, command: list[str], env: dict[str, str]) -> Process:
        """``env`` is the whole environment of the process (see :func:`environment`)."""
        log = self.logs / f"{name}.log"
        with log.open("ab") as out:
            popen = subprocess.Popen(
                command,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        process = Process(name, popen, log)
        self.running.append(process)
        return process

    def stop(self, process: Process, grace: float = 15) -> None:
        """SIGTERM to the whole process group (gunicorn's and nginx's workers too), then
        SIGKILL what is left after ``grace`` seconds."""
        if process in self.running:
            self.running.remove(process)
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and _alive(process):
                time.sleep(0.05)
            if not _alive(process):
                break

    def stop_all(self) -> None:
        for process in reversed(list(self.running)):
            self.stop(process)

    def run(self, name: str, command: list[str], env: dict[str, str], timeout: float) -> None:
        """A command to completion (a corpus load), stopped if it outlives ``timeout``."""
        process = self.start(name, command, env)
        try:
            status = process.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"{name} took longer than {timeout:.0f} s") from None
        finally:
            self.stop(process)
        if status != 0:
            raise RuntimeError(
                f"{name} failed (exit {status}); see {process.log}:\n{tail(process.log)}"
            )


def _alive(process: Process) -> bool:
    """The leader (reaped once it exits) or any process of its group still running."""
    if process.popen.poll() is None:
        return True
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def environment(**settings: str) -> dict[str, str]:
    """This environment without any newsdesk configuration, plus ``settings``: a server
    sees only what the benchmark gives it (no stray DATABASE_URL)."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("NEWSDESK_")
        and name not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    return {**kept, **settings}


def tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return ""


def wait_until_serving(process: Process, url: str, timeout: float = 90) -> None:
    """Poll ``url`` until it answers (any HTTP status); fail early if the server died."""
    deadline = time.monotonic() + timeout
    while True:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited; see {process.log}:\n{tail(process.log)}")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (127.0.0.1 only)
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{process.name} did not answer {url} in {timeout:.0f} s"
                ) from None
            time.sleep(0.2)


def tree_rss(pid: int) -> int:
    """Resident memory, in bytes, of a process and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss(current)
        todo += children.get(current, [])
    return total


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0

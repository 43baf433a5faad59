"""Drive a URL with wrk (Debian's) for a bounded time and read what it reports."""

from __future__ import annotations

import re
import subprocess
from dataclasses import asdict, dataclass, field

# Readers' browsers ask for compressed pages; the cache keeps them compressed.
BROWSER_HEADERS = ("Accept-Encoding: gzip, deflate, br",)
TIME_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
SIZE_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


@dataclass
class Load:
    """One wrk run: throughput, latency percentiles and every kind of error it counts."""

    url: str
    seconds: float
    connections: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    bytes_per_request: float
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + sum(self.socket_errors.values())

    def as_dict(self) -> dict:
        return {**asdict(self), "errors": self.errors}


def run(
    url: str,
    seconds: int,
    connections: int = 16,
    threads: int = 2,
    headers: tuple[str, ...] = BROWSER_HEADERS,
    timeout: str = "10s",
) -> Load:
    seconds = max(1, round(seconds))  # wrk takes whole seconds
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", timeout]
    for header in headers:
        command += ["-H", header]
    finished = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if finished.returncode != 0:
        raise RuntimeError(f"wrk failed on {url}: {finished.stderr or finished.stdout}")
    return parse(finished.stdout, url, seconds, connections)


def parse(report: str, url: str = "", seconds: float = 0, connections: int = 0) -> Load:
    """wrk's text report → :class:`Load` (wrk has no machine-readable output)."""

    def find(pattern: str) -> re.Match | None:
        return re.search(pattern, report, re.MULTILINE)

    def latency(percent: str) -> float:
        found = find(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$")
        return float(found[1]) * TIME_UNITS[found[2]] if found else float("nan")

    totals = find(r"^\s+(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB|TB) read")
    rate = find(r"^Requests/sec:\s+([\d.]+)")
    if totals is None or rate is None:
        raise RuntimeError(f"unreadable wrk report:\n{report}")
    requests = int(totals[1])
    read = float(totals[2]) * SIZE_UNITS[totals[3]]
    socket = find(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
    non_2xx = find(r"Non-2xx or 3xx responses: (\d+)")
    return Load(
        url=url,
        seconds=seconds,
        connections=connections,
        requests_per_second=float(rate[1]),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        requests=requests,
        bytes_per_request=read / requests if requests else 0.0,
        non_2xx_3xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=(
            dict(
                zip(("connect", "read", "write", "timeout"), map(int, socket.groups()), strict=True)
            )
            if socket
            else {}
        ),
    )

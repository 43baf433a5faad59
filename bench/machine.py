"""What the numbers were measured on: the machine and the version of every moving part."""

from __future__ import annotations

import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
from importlib import metadata
from pathlib import Path


def machine() -> dict[str, str | int]:
    cpuinfo = _read("/proc/cpuinfo")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    memory = re.search(r"^MemTotal:\s+(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    return {
        "cores": os.cpu_count() or 0,
        "cpu": model[1].strip() if model else platform.processor() or "unknown",
        "memory_gib": round(int(memory[1]) / 1024 / 1024, 1) if memory else 0,
        "system": f"{platform.system()} {platform.release()}",
    }


def versions(postgres_url: str = "") -> dict[str, str]:
    found = {
        "Python": platform.python_version(),
        "Django": _package("django"),
        "gunicorn": _package("gunicorn"),
        "SQLite": sqlite3.sqlite_version,
        "nginx": _output(["nginx", "-v"], r"nginx/(\S+)"),
        "wrk": _output(["wrk", "-v"], r"wrk (?:debian/)?(\S+)"),
    }
    granian = _package("granian")
    if granian != "not installed":
        found["granian"] = granian
    if postgres_url:
        found["PostgreSQL"] = _postgres(postgres_url)
    return found


def _package(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _output(command: list[str], pattern: str) -> str:
    binary = shutil.which(command[0]) or next(
        (
            f"{folder}/{command[0]}"
            for folder in ("/usr/sbin", "/usr/bin")
            if Path(folder, command[0]).exists()
        ),
        None,
    )
    if binary is None:
        return "not installed"
    done = subprocess.run([binary, *command[1:]], capture_output=True, text=True, check=False)
    found = re.search(pattern, done.stdout + done.stderr)
    return found[1] if found else "unknown"


def _postgres(url: str) -> str:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5) as connection:
            return connection.execute("SHOW server_version").fetchone()[0].split()[0]
    except Exception as error:  # a version is a label: never fail the run for it
        return f"unknown ({error.__class__.__name__})"


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


if __name__ == "__main__":
    print(machine(), versions(sys.argv[1] if len(sys.argv) > 1 else ""))

"""``make bench``: how fast newsdesk serves readers, measured the way readers load it.

For SQLite and PostgreSQL, a fresh data folder gets the 10,000-post corpus and the real
server (``newsdesk serve``, DEBUG off, the one ``make run`` uses) on 127.0.0.1 is driven
by wrk: each page uncached, cached (the app answering from the disk page cache) and
cached behind nginx (``newsdesk nginx-config``); plain nginx serves the tag page's bytes
for comparison. Then the 100,000-post corpus on SQLite (page 200 against page 1), app
servers compared, and a 60-second soak. Raw results go to ``bench/out/``, the tables to
BENCHMARKS.md ("## Serving"). Every process started here is stopped on the way out.

    python -m bench.serving [--postgres URL] [--seconds 5] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import machine, report, wrk
from bench.servers import Fleet, Process, environment, free_port, tree_rss, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PAGES = {
    "home": "/",
    "post": "/story-5000/",
    "tag page 1": "/tag/topic-0/",
    "tag page 200": "/tag/topic-0/page/200/",
    "feed": "/feed/",
    "sitemap": "/sitemap.xml",
}
# Nothing in the corpus is scheduled; and the scheduler's thread in the gunicorn master
# can leave a worker forked while it holds SQLite's lock hung on its first connection.
SERVE_OPTIONS = ("--no-access-log",)
TAG_PAGE = "tag page 1"
DEEP_PAGE = "tag page 200"
# App servers compared on the uncached tag page: (label, command-line options).
# `newsdesk serve` with no options (its defaults) is measured with them, in the same minute.
GUNICORN_SETUPS = [
    ("gunicorn sync, 3 workers", ["--worker-class", "sync", "--workers", "3"]),
    (
        "gunicorn gthread, 2 workers × 4 threads",
        ["--worker-class", "gthread", "--workers", "2", "--threads", "4"],
    ),
    (
        "gunicorn gthread, 5 workers × 4 threads (2 × cores + 1)",
        ["--worker-class", "gthread", "--workers", "5", "--threads", "4"],
    ),
]
GRANIAN_WORKERS = (2, 4)


@dataclass
class Options:
    seconds: int
    warmup: int
    soak_seconds: int
    soak_connections: int
    posts: int
    large_posts: int
    postgres: str
    work: Path


class Bench:
    def __init__(self, fleet: Fleet, options: Options):
        self.fleet = fleet
        self.options = options
        self.results: dict = {
            "runs": [],
            "corpora": {},
            "depth": [],
            "app_servers": [],
            "same_bytes": [],
            "notes": [],
        }

    # --- building blocks ------------------------------------------------------------

    def say(self, message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    def data_folder(self, name: str) -> Path:
        folder = self.options.work / name
        folder.mkdir(parents=True)
        return folder

    def settings(self, data: Path, database: str, page_cache: str) -> dict[str, str]:
        settings = {
            "NEWSDESK_DATA_DIR": str(data),
            "NEWSDESK_PAGE_CACHE": page_cache,
            "NEWSDESK_PAGE_CACHE_DIR": str(data / "pages"),
        }
        if database:
            settings["DATABASE_URL"] = database
        return environment(**settings)

    def load_corpus(self, name: str, data: Path, database: str, posts: int) -> None:
        self.say(f"loading {posts:,} posts into {name}")
        started = time.monotonic()
        env = self.settings(data, database, "off")
        self.fleet.run(
            f"corpus-{name}",
            [sys.executable, "-m", "bench.corpus", "--posts", str(posts)],
            {**env, "PYTHONPATH": str(ROOT)},
            timeout=420,
        )
        self.results["corpora"][name] = {
            "posts": posts,
            "seconds": round(time.monotonic() - started, 1),
        }

    def serve(self, name: str, env: dict[str, str], options: list[str] = ()) -> tuple[Process, str]:
        port = free_port()
        command = ["newsdesk", "serve", "--host", "127.0.0.1", "--port", str(port), *SERVE_OPTIONS]
        process = self.fleet.start(name, [*command, *options], env)
        base = f"http://127.0.0.1:{port}"
        self.wait(process, base + "/robots.txt")
        return process, base

    def granian(self, name: str, env: dict[str, str], workers: int) -> tuple[Process, str]:
        port = free_port()
        command = [
            "granian",
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "newsdesk.wsgi:application",
        ]
        process = self.fleet.start(name, command, {**env, "NEWSDESK_DEBUG": "false"})
        base = f"http://127.0.0.1:{port}"
        self.wait(process, base + "/robots.txt")
        return process, base

    def wait(self, process: Process, url: str) -> None:
        try:
            wait_until_serving(process, url)
        except RuntimeError:
            self.fleet.stop(process)
            raise

    def measure(self, url: str, seconds: int | None = None, warmup: int | None = None) -> wrk.Load:
        warmup = self.options.warmup if warmup is None else warmup
        if warmup:
            wrk.run(url, warmup)
        return wrk.run(url, seconds or self.options.seconds)

    # --- the scenario ---------------------------------------------------------------

    def database_round(self, label: str, name: str, database: str, references: bool) -> Path:
        """One database at 10,000 posts: uncached, cached by the app, cached behind nginx;
        with ``references``, also the figures measured once (nginx sending the page
        uncompressed, the soak)."""
        data = self.data_folder(name)
        self.load_corpus(name, data, database, self.options.posts)

        self.say(f"{label}: uncached")
        server, base = self.serve(f"{name}-uncached", self.settings(data, database, "off"))
        for page, path in PAGES.items():
            check = fetch(base + path)
            self.record(label, "uncached", page, path, check, self.measure(base + path))
        self.depth(label, self.options.posts)
        self.fleet.stop(server)

        self.say(f"{label}: cached, served by the app")
        server, base = self.serve(f"{name}-cached", self.settings(data, database, "disk"))
        for path in PAGES.values():
            fetch(base + path)  # the first request renders and fills the cache
        # Cache hits need no per-page warm-up, only every worker woken once.
        wrk.run(base + PAGES[TAG_PAGE], self.options.warmup)
        for page, path in PAGES.items():
            check = fetch(base + path)
            load = self.measure(base + path, warmup=0)
            self.record(label, "cached (app)", page, path, check, load)

        self.say(f"{label}: cached, nginx in front")
        front, front_process = self.nginx_front(name, data, database, base)
        wrk.run(front + PAGES[TAG_PAGE], self.options.warmup)  # once per server, as above
        for page, path in PAGES.items():
            check = fetch(front + path)
            self.record(
                label,
                "cached (nginx front)",
                page,
                path,
                check,
                self.measure(front + path, warmup=0),
            )
        self.same_bytes(
            label, name, data / "pages" / PAGES[TAG_PAGE].strip("/"), base, front, references
        )
        self.fleet.stop(front_process)
        if references:
            self.soak(server, base)
        self.fleet.stop(server)
        return data

    def record(
        self, label: str, mode: str, page: str, path: str, check: dict, load: wrk.Load
    ) -> None:
        served_by = "app" if "x-page-cache" in check["headers"] else "nginx"
        if mode == "cached (app)" and check["headers"].get("x-page-cache") != "hit":
            self.results["notes"].append(
                f"{label}: {page} was not a cache hit when measured ({check['headers'].get('x-page-cache')})"
            )
        if mode == "cached (nginx front)" and served_by != "nginx":
            self.results["notes"].append(f"{label}: nginx sent {page} to the app")
        self.results["runs"].append(
            {
                "database": label,
                "posts": self.options.posts,
                "mode": mode,
                "page": page,
                "path": path,
                "status": check["status"],
                "bytes": check["bytes"],
                "encoding": check["headers"].get("content-encoding", ""),
                "served_by": served_by,
                "load": load.as_dict(),
            }
        )
        self.say(
            f"  {mode:22} {page:13} {load.requests_per_second:9.1f} req/s  "
            f"p50 {load.p50_ms:7.1f} ms  p99 {load.p99_ms:7.1f} ms  errors {load.errors}"
        )

    def run_of(self, label: str, mode: str, page: str) -> dict:
        return next(
            run["load"]
            for run in self.results["runs"]
            if (run["database"], run["mode"], run["page"]) == (label, mode, page)
        )

    def depth(
        self, label: str, posts: int, first: dict | None = None, deep: dict | None = None
    ) -> None:
        first = first or self.run_of(label, "uncached", TAG_PAGE)
        deep = deep or self.run_of(label, "uncached", DEEP_PAGE)
        self.results["depth"].append(
            {
                "database": label,
                "posts": posts,
                "page_1": first,
                "page_200": deep,
                "cost_ratio": round(first["requests_per_second"] / deep["requests_per_second"], 2),
            }
        )

    def nginx_front(self, name: str, data: Path, database: str, app: str) -> tuple[str, Process]:
        folder = self.options.work / f"{name}-nginx"
        port = free_port()
        env = self.settings(data, database, "disk")
        config = subprocess.run(
            [
                "newsdesk",
                "nginx-config",
                "--full",
                str(folder),
                "--listen",
                f"127.0.0.1:{port}",
                "--upstream",
                app.removeprefix("http://"),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (folder / "nginx.conf").write_text(config)
        return self.start_nginx(f"{name}-nginx", folder / "nginx.conf", port)

    def start_nginx(self, name: str, config: Path, port: int) -> tuple[str, Process]:
        nginx = nginx_binary()
        subprocess.run([nginx, "-t", "-q", "-c", str(config)], check=True)
        process = self.fleet.start(
            name, [nginx, "-c", str(config), "-g", "daemon off;"], environment()
        )
        base = f"http://127.0.0.1:{port}"
        self.wait(process, base + "/")
        return base, process

    def same_bytes(
        self, label: str, name: str, cached_page: Path, app: str, front: str, identity: bool
    ) -> None:
        """The cached tag page against nginx and nothing else serving a copy of its files
        (a minimal configuration, keep-alive as wrk does), measured back to back: nginx,
        the app, the nginx front, nginx again (the machine's load drifts)."""
        self.say(f"{label}: the tag page against plain nginx on the same bytes")
        folder = self.options.work / f"{name}-plain-nginx"
        site = folder / "www" / "tag-page"
        site.mkdir(parents=True)
        for file in ("index.html", "index.html.gz"):
            shutil.copyfile(cached_page / file, site / file)
        port = free_port()
        (folder / "nginx.conf").write_text(minimal_nginx_config(folder, port))
        nginx, process = self.start_nginx(f"{name}-plain-nginx", folder / "nginx.conf", port)
        nginx_url, path = nginx + "/tag-page/", PAGES[TAG_PAGE]
        try:
            before = self.measure(nginx_url, warmup=1)
            by_app = self.measure(app + path, warmup=0)
            by_front = self.measure(front + path, warmup=0)
            after = self.measure(nginx_url, warmup=0)
            uncompressed = (
                wrk.run(nginx_url, self.options.seconds, headers=()) if identity else None
            )
        finally:
            self.fleet.stop(process)
        entry = {
            "database": label,
            "nginx": [before.as_dict(), after.as_dict()],
            "app": by_app.as_dict(),
            "front": by_front.as_dict(),
            "bytes": {
                "gzip": (site / "index.html.gz").stat().st_size,
                "identity": (site / "index.html").stat().st_size,
            },
        }
        if uncompressed is not None:
            entry["nginx_uncompressed"] = uncompressed.as_dict()
        self.results["same_bytes"].append(entry)
        reference = (before.requests_per_second + after.requests_per_second) / 2
        self.say(
            f"  nginx {before.requests_per_second:.0f} / {after.requests_per_second:.0f} req/s; "
            f"app {by_app.requests_per_second:.0f} ({by_app.requests_per_second / reference:.1%}); "
            f"nginx front {by_front.requests_per_second:.0f} ({by_front.requests_per_second / reference:.1%})"
        )

    def soak(self, server: Process, base: str) -> None:
        seconds, connections = self.options.soak_seconds, self.options.soak_connections
        self.say(f"soak: {seconds:g} s at {connections} connections on the cached tag page")
        samples: list[tuple[float, int]] = []
        outcome: dict = {}

        def drive() -> None:
            try:
                outcome["load"] = wrk.run(base + PAGES[TAG_PAGE], seconds, connections=connections)
            except Exception as error:  # reported below, with the memory samples
                outcome["error"] = error

        driver = threading.Thread(target=drive)
        started = time.monotonic()
        driver.start()
        while driver.is_alive():
            driver.join(timeout=1)
            elapsed = time.monotonic() - started
            if not samples or elapsed - samples[-1][0] >= 5:
                samples.append((round(elapsed, 1), tree_rss(server.pid)))
        samples.append((round(time.monotonic() - started, 1), tree_rss(server.pid)))
        if "error" in outcome:
            raise outcome["error"]
        at_10 = next((rss for elapsed, rss in samples if elapsed >= 10), samples[0][1])
        at_end = samples[-1][1]
        self.results["soak"] = {
            "seconds": seconds,
            "connections": connections,
            "load": outcome["load"].as_dict(),
            "memory": samples,
            "rss_at_10s": at_10,
            "rss_at_end": at_end,
            "change": round((at_end - at_10) / at_10, 4) if at_10 else None,
        }
        load = outcome["load"]
        self.say(
            f"  {load.requests_per_second:.0f} req/s, errors {load.errors}, "
            f"memory {at_10 / 2**20:.0f} → {at_end / 2**20:.0f} MiB"
        )

    def large_corpus(self) -> None:
        label, name = "SQLite", f"sqlite-{self.options.large_posts}"
        data = self.data_folder(name)
        self.load_corpus(name, data, "", self.options.large_posts)
        self.say(
            f"{label} at {self.options.large_posts:,} posts: tag page 1 against page 200, uncached"
        )
        server, base = self.serve(f"{name}-uncached", self.settings(data, "", "off"))
        loads = {}
        for page in (TAG_PAGE, DEEP_PAGE):
            fetch(base + PAGES[page])
            loads[page] = self.measure(base + PAGES[page]).as_dict()
        self.fleet.stop(server)
        self.depth(label, self.options.large_posts, loads[TAG_PAGE], loads[DEEP_PAGE])
        shutil.rmtree(data, ignore_errors=True)

    def app_servers(self, data: Path) -> None:
        """The uncached tag page (SQLite, 10,000 posts) under several app servers, one
        after the other: `newsdesk serve` as it starts by default, other gunicorn setups,
        granian."""
        env = self.settings(data, "", "off")
        url_path = PAGES[TAG_PAGE]
        setups = [(default_server_label(), lambda: self.serve("app-server", env))]
        setups += [
            (label, lambda o=options: self.serve("app-server", env, o))
            for label, options in GUNICORN_SETUPS
        ]
        if shutil.which("granian"):
            setups += [
                (f"granian (WSGI), {n} workers", lambda n=n: self.granian("app-server", env, n))
                for n in GRANIAN_WORKERS
            ]
        else:
            self.results["notes"].append(
                "granian is not installed: left out of the app-server comparison"
            )
        for label, start in setups:
            self.say(f"app server: {label}")
            server = None
            try:
                server, base = start()
                fetch(base + url_path)
                load = self.measure(base + url_path)
            except RuntimeError as error:
                # One setup failing leaves the others' figures standing.
                first_line = str(error).splitlines()[0]
                self.results["notes"].append(f"{label}: not measured ({first_line})")
                self.say(f"  not measured: {first_line}")
                continue
            finally:
                if server is not None:
                    self.fleet.stop(server)
            self.results["app_servers"].append({"server": label, "load": load.as_dict()})
            self.say(f"  {load.requests_per_second:.1f} req/s, p99 {load.p99_ms:.1f} ms")


def fetch(url: str) -> dict:
    """One request as a browser makes it: the status, size and headers (to check what is
    measured is what it says: 200, a cache hit or not, compressed or not)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (127.0.0.1)
            body = response.read()
            status, headers = response.status, response.headers
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{url} answered {error.code}") from None
    except OSError as error:  # refused, reset, or no answer in time (a hung worker)
        raise RuntimeError(f"{url}: {error}") from None
    if status != 200:
        raise RuntimeError(f"{url} answered {status}")
    return {
        "status": status,
        "bytes": len(body),
        "headers": {k.lower(): v for k, v in headers.items()},
    }


def default_server_label() -> str:
    from newsdesk import serve

    defaults = serve.parser()
    return (
        f"gunicorn {defaults.get_default('worker_class')}, {defaults.get_default('workers')} workers "
        f"× {defaults.get_default('threads')} threads ({report.DEFAULT_SERVER})"
    )


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def minimal_nginx_config(folder: Path, port: int) -> str:
    """nginx at its plainest: one root, pre-compressed twins, nothing else."""
    built = subprocess.run(
        [nginx_binary(), "-V"], capture_output=True, text=True, check=False
    ).stderr
    temp_paths = "".join(
        f'    {module}_temp_path "{folder}/{module}";\n'
        for module in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        if f"--without-http_{module}_module" not in built
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f'{user}worker_processes auto;\npid "{folder}/nginx.pid";\nerror_log "{folder}/error.log";\n'
        "events { worker_connections 1024; }\n"
        "http {\n"
        "    access_log off;\n    sendfile on;\n    tcp_nopush on;\n"
        f"{temp_paths}"
        "    types { text/html html; }\n"
        f"    server {{\n        listen 127.0.0.1:{port};\n"
        f'        root "{folder}/www";\n'
        "        gzip_static on;\n"
        "    }\n}\n"
    )


def parse_arguments(argv: list[str]) -> Options:
    cli = argparse.ArgumentParser(description="Measure how fast newsdesk serves readers.")
    cli.add_argument("--postgres", default="", help="DATABASE_URL of an empty PostgreSQL database")
    cli.add_argument("--seconds", type=int, default=5, help="length of each measurement (5)")
    cli.add_argument("--warmup", type=int, default=1, help="warm-up before each measurement (1)")
    cli.add_argument("--soak-seconds", type=int, default=60)
    cli.add_argument("--soak-connections", type=int, default=64)
    cli.add_argument("--posts", type=int, default=10_000)
    cli.add_argument("--large-posts", type=int, default=100_000)
    cli.add_argument(
        "--quick", action="store_true", help="a smoke run: tiny corpora, 1-second loads"
    )
    cli.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()),
        help="where the throwaway data folders go (a temporary folder in it)",
    )
    args = cli.parse_args(argv)
    if args.quick:
        args.seconds, args.warmup, args.soak_seconds = 1, 1, 12
        args.posts, args.large_posts = 10_000, 12_000
    work = Path(tempfile.mkdtemp(prefix="newsdesk-bench.", dir=args.work))
    return Options(
        args.seconds,
        args.warmup,
        args.soak_seconds,
        args.soak_connections,
        args.posts,
        args.large_posts,
        args.postgres,
        work,
    )


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP end the run like Ctrl-C: through the ``finally`` that stops
    every process started. SIGINT is set too: started in the background, a process
    inherits it ignored."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)


def main(argv: list[str] | None = None) -> int:
    options = parse_arguments(sys.argv[1:] if argv is None else argv)
    stop_on_signals()
    OUT.mkdir(parents=True, exist_ok=True)
    started_at, started = datetime.now(UTC), time.monotonic()
    logs = OUT / "serving-logs"
    shutil.rmtree(logs, ignore_errors=True)
    try:
        with Fleet(logs) as fleet:
            bench = Bench(fleet, options)
            results = bench.results
            results["options"] = {
                k: str(v) if isinstance(v, Path) else v
                for k, v in vars(options).items()
                if k != "postgres"
            }
            results["machine"] = machine.machine()
            results["versions"] = machine.versions(options.postgres)
            results["started"] = started_at.isoformat(timespec="seconds")
            # Other work on the machine lowers every figure: say how busy it was.
            results["load_average"] = {"start": os.getloadavg()[0]}
            sqlite_data = bench.database_round(
                "SQLite", f"sqlite-{options.posts}", "", references=True
            )
            bench.app_servers(sqlite_data)
            shutil.rmtree(sqlite_data, ignore_errors=True)
            if options.postgres:
                bench.database_round(
                    "PostgreSQL", f"postgresql-{options.posts}", options.postgres, references=False
                )
            else:
                results["notes"].append("PostgreSQL was not measured: no server (see bench/run)")
            bench.large_corpus()
    finally:
        shutil.rmtree(options.work, ignore_errors=True)
    results["elapsed_s"] = round(time.monotonic() - started, 1)
    results["load_average"]["end"] = os.getloadavg()[0]
    raw = OUT / "serving.json"
    raw.write_text(json.dumps(results, indent=2))
    report.write(results, ROOT / "BENCHMARKS.md")
    bench.say(
        f"done in {results['elapsed_s']:.0f} s: BENCHMARKS.md (## Serving), raw results in {raw.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt as signal_name:
        print(
            f"bench: interrupted ({signal_name or 'SIGINT'}); every server stopped", file=sys.stderr
        )
        sys.exit(130)

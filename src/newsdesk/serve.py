"""``newsdesk serve``: the production server, gunicorn run in-process.

DEBUG is always off here (``newsdesk manage runserver`` is the development server),
WhiteNoise serves static files from the installed package, and the response carries
no ``Server`` header: the site does not announce its software.
"""

from __future__ import annotations

import argparse
import os
import socket
from collections.abc import Sequence

from gunicorn.app.base import BaseApplication
from gunicorn.http import wsgi


class QuietResponse(wsgi.Response):
    """gunicorn's response without the ``Server: gunicorn`` line it always sends."""

    def default_headers(self) -> list[str]:
        return [
            line for line in super().default_headers() if not line.lower().startswith("server:")
        ]


def install_quiet_response() -> None:
    # Workers build every HTTP/1 response through ``wsgi.create``, which looks the class
    # up in its module on each request: replacing it there reaches all of them.
    wsgi.Response = QuietResponse


def default_workers() -> int:
    """One threaded worker per core (at least two, so one can restart while the other
    serves). Rendering is Python work: more processes than cores only take turns, and
    measured slower (BENCHMARKS.md, "App servers"); the threads cover database waits."""
    return max(2, os.cpu_count() or 1)


class NewsdeskServer(BaseApplication):
    """gunicorn configured from a dict rather than its own command line."""

    def __init__(self, application, options: dict) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            if name in self.cfg.settings:
                self.cfg.set(name, value)

    def load(self):
        return self.application


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="newsdesk serve", description="Serve the site with gunicorn (DEBUG off)."
    )
    cli.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    cli.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    cli.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help=f"worker processes (default {default_workers()})",
    )
    cli.add_argument(
        "--worker-class",
        choices=("sync", "gthread"),
        default="gthread",
        help="gunicorn worker type (gthread)",
    )
    cli.add_argument("--threads", type=int, default=8, help="threads per gthread worker (8)")
    cli.add_argument(
        "--scheduler",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="publish scheduled posts when due, every 30 s, from this server",
    )
    cli.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="log each request to standard output",
    )
    return cli


def main(argv: Sequence[str] = ()) -> int:
    args = parser().parse_args(list(argv))
    # Settings read the environment once, on first import: force production mode first.
    os.environ["NEWSDESK_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

    import django
    from django.conf import settings
    from django.db import connections

    django.setup()
    if settings.DEBUG:
        raise SystemExit("newsdesk serve runs with DEBUG off; the settings turned it on.")
    _refuse_unmigrated_database()
    _refuse_busy_address(args.host, args.port)
    connections.close_all()  # workers are forked from this process: share no connection

    from newsdesk.wsgi import application

    install_quiet_response()
    options = {
        "bind": f"{args.host}:{args.port}",
        "workers": args.workers,
        "worker_class": args.worker_class,
        "threads": args.threads,
        "preload_app": True,
        "accesslog": "-" if args.access_log else None,
        "errorlog": "-",
        "graceful_timeout": 10,
        "proc_name": "newsdesk",
        # gunicorn ≥ 25 opens a control socket at one shared path per user; several
        # servers (tests, benchmarks) would collide on it, and nothing here uses it.
        "control_socket_disable": True,
        # Each worker listens on a socket of its own (SO_REUSEPORT) and the kernel spreads
        # new connections over them. On one shared socket, the worker that wakes first
        # takes a whole burst of keep-alive connections, and the others sit idle.
        "reuse_port": True,
    }
    if args.scheduler:
        from newsdesk.content import scheduler

        # In the master, once: workers come and go, the scheduler stays.
        options.update(when_ready=scheduler.when_ready, on_exit=scheduler.on_exit)
    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"newsdesk: serving http://{shown_host}:{args.port}/ (Ctrl-C stops)", flush=True)
    NewsdeskServer(application, options).run()
    return 0


def _refuse_busy_address(host: str, port: int) -> None:
    """With SO_REUSEPORT, a second server on a taken port would not fail: it would
    silently share the port's connections with the first. A plain bind finds out."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past TIME_WAIT only
        try:
            probe.bind(address)
        except OSError as error:
            raise SystemExit(
                f"newsdesk: cannot listen on {host}:{port}: {error.strerror}."
            ) from None


def _refuse_unmigrated_database() -> None:
    """Serving a database without its tables would answer every request with an error."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise SystemExit(
            "newsdesk: the database is not set up or not up to date; run 'newsdesk init'."
        )

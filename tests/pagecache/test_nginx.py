"""The nginx front (``newsdesk nginx-config``) run for real in front of a live app.

Two nginx servers share the page-cache folder: one in front of the live app, and one
whose app is gone (nothing listens at its upstream). What the second still answers,
nginx answered from disk; what it answers 502, nginx sent on to the app.
"""

from __future__ import annotations

import gzip
import http.client
import ipaddress
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command

from newsdesk.content import actions
from tests import factories

NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
SECURITY_HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
    "x-frame-options",
    "cross-origin-opener-policy",
    "cross-origin-resource-policy",
    "cross-origin-embedder-policy",
    "strict-transport-security",
)

# Purges run when the action's transaction commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _nginx_installed():
    if NGINX is None:
        pytest.fail("nginx is missing: `make test` installs Debian's nginx-light")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(base: str, path: str, method: str = "GET", **headers: str) -> Answer:
    where = urlsplit(base)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=20)
    try:
        connection.request(
            method, path, headers={k.replace("_", "-"): v for k, v in headers.items()}
        )
        response = connection.getresponse()
        body = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


class RunningNginx:
    """nginx started with a ``--full`` configuration; stopped by :meth:`stop`."""

    def __init__(self, folder: Path, upstream: str, **options):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config, self.stderr = folder / "nginx.conf", folder / "stderr.log"
        folder.mkdir(parents=True)
        with config.open("w") as out:
            call_command(
                "nginx_config",
                listen=f"127.0.0.1:{self.port}",
                upstream=upstream,
                full=folder,
                stdout=out,
                **options,
            )
        check = subprocess.run(
            [NGINX, "-t", "-q", "-c", str(config)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
        with self.stderr.open("w") as errors:
            self.process = subprocess.Popen(
                [NGINX, "-c", str(config), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=errors,
            )
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise AssertionError(
                        f"nginx did not start: {self.stderr.read_text()}"
                    ) from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def page_cache(settings, tmp_path) -> Path:
    settings.PAGE_CACHE = "disk"
    settings.PAGE_CACHE_DIR = tmp_path / "pages"
    return settings.PAGE_CACHE_DIR


@pytest.fixture
def newsroom():
    news, sport = factories.tag("News"), factories.tag("Sport")
    times = factories.timeline(5)
    stories = [factories.post(f"News story {n}", tags=[news], when=times[n]) for n in range(3)]
    factories.post("Match report", tags=[sport], when=times[3])
    return stories


@pytest.fixture
def fronts(page_cache, live_server, tmp_path):
    """(nginx in front of the live app, nginx in front of no app), one page cache."""
    app = urlsplit(live_server.url)
    started = []
    try:
        started.append(RunningNginx(tmp_path / "front", f"127.0.0.1:{app.port}"))
        started.append(RunningNginx(tmp_path / "cut-off", f"127.0.0.1:{free_port()}"))
        yield started[0].url, started[1].url
    finally:
        for server in started:
            server.stop()


def test_the_printed_configurations_pass_nginx_t(settings, page_cache, tmp_path, capsys):
    call_command("nginx_config", full=tmp_path / "run")
    whole = tmp_path / "whole.conf"
    whole.write_text(capsys.readouterr().out)
    call_command("nginx_config", listen="127.0.0.1:8081", upstream="unix:/run/newsdesk.sock")
    block = capsys.readouterr().out
    assert "upstream newsdesk_app" in block and "unix:/run/newsdesk.sock" in block
    assert f'root "{page_cache}"' in block
    assert "server_tokens off;" in block and "gzip_static on;" in block
    # The block as the system's nginx would include it, inside its own http block.
    site = tmp_path / "site.conf"
    site.write_text(
        f'pid "{tmp_path}/site.pid";\nevents {{}}\nhttp {{\n'
        f'client_body_temp_path "{tmp_path}/b"; proxy_temp_path "{tmp_path}/p";\n'
        f'fastcgi_temp_path "{tmp_path}/f"; uwsgi_temp_path "{tmp_path}/u"; scgi_temp_path "{tmp_path}/s";\n'
        f"{block}}}\n"
    )
    for config in (whole, site):
        check = subprocess.run([NGINX, "-t", "-c", str(config)], capture_output=True, text=True)
        assert check.returncode == 0, (config.name, check.stderr)


def test_first_request_fills_the_cache_and_the_next_is_served_from_disk(
    fronts, page_cache, newsroom
):
    front, cut_off = fronts
    assert fetch(cut_off, "/tag/news/").status == 502  # not cached yet: needs the app

    first = fetch(front, "/tag/news/")
    assert first.status == 200 and first.headers["x-page-cache"] == "miss"
    assert (page_cache / "tag" / "news" / "index.html").exists()

    second = fetch(front, "/tag/news/")
    assert second.status == 200 and "x-page-cache" not in second.headers
    assert second.body == first.body
    without_the_app = fetch(cut_off, "/tag/news/")
    assert without_the_app.status == 200 and without_the_app.body == first.body
    assert b"News story 2" in without_the_app.body
    assert fetch(cut_off, "/tag/sport/").status == 502  # never requested: never cached


def test_feeds_and_sitemaps_keep_their_types_and_compression(fronts, newsroom):
    front, cut_off = fronts
    for path in ("/feed/", "/feed/atom/", "/sitemap.xml"):
        from_app = fetch(front, path)
        assert from_app.headers.get("x-page-cache") == "miss", path
        from_disk = fetch(cut_off, path, Accept_Encoding="gzip")
        assert from_disk.status == 200, path
        assert from_disk.headers["content-type"] == from_app.headers["content-type"], path
        assert from_disk.headers["content-encoding"] == "gzip", path
        assert "Accept-Encoding" in from_disk.headers["vary"], path
        assert gzip.decompress(from_disk.body) == from_app.body, path


def test_sessions_query_strings_and_writes_go_to_the_app(fronts, newsroom, settings):
    front, cut_off = fronts
    assert fetch(front, "/tag/news/").status == 200
    assert fetch(cut_off, "/tag/news/").status == 200
    session = f"{settings.SESSION_COOKIE_NAME}=abc"
    assert fetch(cut_off, "/tag/news/", Cookie=session).status == 502
    assert fetch(cut_off, "/tag/news/", Cookie=f"theme=dark; {session}").status == 502
    assert fetch(cut_off, "/tag/news/?utm_source=mail").status == 502
    assert fetch(cut_off, "/tag/news/", method="POST").status == 502
    # Another cookie is no reason to skip the cache.
    assert fetch(cut_off, "/tag/news/", Cookie="csrftoken=xyz").status == 200
    # And the app answers them itself.
    assert fetch(front, "/tag/news/", Cookie=session).status == 200
    assert fetch(front, "/tag/news/?utm_source=mail").status == 200


def test_pages_from_disk_carry_the_apps_security_headers_and_validators(
    fronts, live_server, newsroom
):
    front, cut_off = fronts
    fetch(front, "/tag/news/")
    from_app = fetch(live_server.url, "/tag/news/", Accept_Encoding="gzip")
    assert from_app.headers["x-page-cache"] == "hit"
    from_disk = fetch(cut_off, "/tag/news/", Accept_Encoding="gzip")
    assert security(from_app)  # the comparison below compares something
    assert security(from_disk) == security(from_app)
    assert from_disk.headers["cache-control"] == from_app.headers["cache-control"]
    assert from_disk.headers["content-type"] == from_app.headers["content-type"]
    # The same validators: a reader's copy stays valid whichever of the two answered.
    assert from_disk.headers["etag"] == from_app.headers["etag"]
    assert from_disk.headers["last-modified"] == from_app.headers["last-modified"]
    assert from_disk.body == from_app.body
    assert "/" not in from_disk.headers.get("server", "")  # no version: server_tokens off

    not_modified = fetch(
        cut_off, "/tag/news/", Accept_Encoding="gzip", If_None_Match=from_app.headers["etag"]
    )
    assert not_modified.status == 304 and not_modified.body == b""
    head = fetch(cut_off, "/tag/news/", method="HEAD")
    assert head.status == 200 and head.body == b""


def test_a_purge_sends_the_page_back_to_the_app(fronts, page_cache, newsroom):
    front, cut_off = fronts
    fetch(front, "/tag/news/")
    fetch(front, "/tag/sport/")
    assert fetch(cut_off, "/tag/news/").status == 200

    story = newsroom[0]
    story.title = "Corrected headline"
    actions.save_post(story)

    assert not (page_cache / "tag" / "news" / "index.html").exists()
    assert fetch(cut_off, "/tag/news/").status == 502
    assert fetch(cut_off, "/tag/sport/").status == 200  # an unrelated tag stays cached
    fresh = fetch(front, "/tag/news/")
    assert fresh.headers["x-page-cache"] == "miss" and b"Corrected headline" in fresh.body
    assert b"Corrected headline" in fetch(cut_off, "/tag/news/").body


def test_only_pages_are_served_from_the_cache_folder(fronts, page_cache, newsroom):
    front, cut_off = fronts
    fetch(front, "/tag/news/")
    assert (page_cache / "tag" / "news" / "index.html.gz").exists()
    (page_cache / ".purges").touch()
    for path in ("/.purges", "/tag/news/index.html", "/tag/news/index.html.gz", "/tag/news"):
        assert fetch(cut_off, path).status == 502, path
    # Without its slash a page is the app's to redirect, not a copy served from disk.
    assert fetch(front, "/tag/news").status == 301


def security(answer: Answer) -> dict[str, str]:
    return {name: value for name, value in answer.headers.items() if name in SECURITY_HEADERS}


def test_static_and_media_files_come_from_disk_with_the_same_headers(fronts, live_server, settings):
    front, cut_off = fronts
    # The live test server hands static files out past the middleware: compare the
    # file itself with it, and the headers with those of a page.
    from_app = fetch(live_server.url, "/static/newsdesk/site.css")
    from_disk = fetch(cut_off, "/static/newsdesk/site.css")
    assert from_disk.status == 200 and from_disk.body == from_app.body
    assert from_disk.headers["content-type"].startswith("text/css")
    assert security(from_disk) == security(fetch(front, "/robots.txt"))
    assert fetch(cut_off, "/static/admin/css/base.css").status == 200
    # What no static folder has, and folders, are the app's to answer.
    assert fetch(cut_off, "/static/newsdesk/no-such.css").status == 502
    assert fetch(cut_off, "/static/newsdesk/").status == 502
    # Climbing out of the static folders reads nothing (nginx normalises the path first).
    escape = fetch(cut_off, "/static/newsdesk/%2e%2e/%2e%2e/%2e%2e/pagecache/nginx.py")
    assert escape.status != 200 and b"def " not in escape.body

    Path(settings.MEDIA_ROOT, "2024").mkdir(parents=True)
    Path(settings.MEDIA_ROOT, "2024", "chart.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'/>"
    )
    media_from_app = fetch(
        front, "/media/2024/chart.svg", Cookie=f"{settings.SESSION_COOKIE_NAME}=x"
    )
    media_from_disk = fetch(cut_off, "/media/2024/chart.svg")
    assert media_from_disk.status == 200 and media_from_disk.body == media_from_app.body
    for name in ("content-security-policy", "cache-control", "x-content-type-options"):
        assert media_from_disk.headers[name] == media_from_app.headers[name], name
    assert fetch(front, "/media/2024/missing.png").status == 404  # the app's own answer


def test_without_the_disk_cache_nothing_is_served_from_the_folder(
    settings, page_cache, live_server, tmp_path
):
    (page_cache / "tag" / "old").mkdir(parents=True)
    (page_cache / "tag" / "old" / "index.html").write_text("stale")
    settings.PAGE_CACHE = "off"
    cut_off = RunningNginx(tmp_path / "cut-off", f"127.0.0.1:{free_port()}")
    try:
        assert fetch(cut_off.url, "/tag/old/").status == 502
    finally:
        cut_off.stop()


def test_a_cache_folder_holding_private_files_is_refused(settings, tmp_path):
    settings.PAGE_CACHE = "disk"
    settings.PAGE_CACHE_DIR = settings.DATA_DIR
    with pytest.raises(CommandError, match="would serve it"):
        call_command("nginx_config")
    settings.PAGE_CACHE_DIR = Path(settings.MEDIA_ROOT).parent
    with pytest.raises(CommandError, match="would serve it"):
        call_command("nginx_config")


def test_the_command_warns_when_the_app_would_not_believe_its_forwarded_for(
    settings, page_cache, capsys
):
    settings.TRUSTED_PROXIES = ()
    call_command("nginx_config", upstream="127.0.0.1:8000")
    printed = capsys.readouterr()
    assert "NEWSDESK_TRUSTED_PROXIES does not trust 127.0.0.1" in printed.err
    assert "Set NEWSDESK_TRUSTED_PROXIES=127.0.0.1" in printed.err
    assert "# WARNING: NEWSDESK_TRUSTED_PROXIES does not trust 127.0.0.1" in printed.out

    call_command("nginx_config", upstream="unix:/run/newsdesk.sock")
    printed = capsys.readouterr()
    assert "sees no address for nginx" in printed.err and "# WARNING:" in printed.out

    settings.TRUSTED_PROXIES = (ipaddress.ip_network("127.0.0.0/8"),)
    call_command("nginx_config", upstream="127.0.0.1:8000")
    printed = capsys.readouterr()
    assert printed.err == "" and "WARNING" not in printed.out
    assert "NEWSDESK_TRUSTED_PROXIES trusts" in printed.out
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in printed.out
